package io.pipelinemedic.k8s;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvFromSource;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.PodSecurityContext;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.SecurityContext;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.strimzi.api.kafka.model.user.KafkaUser;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Every overlay renders and parses strictly; every Deployment is a well-behaved, locked-down pod;
 * secrets are referenced, never committed.
 */
class ManifestsIT {

  /** Every service of the repository: its modules named {@code *-service}. */
  static final List<String> SERVICES = services();

  /** The Secrets the operator creates (docs/kubernetes.md); Strimzi makes the others. */
  static final Set<String> OPERATOR_SECRETS =
      Set.of(
          "medic-postgres",
          "medic-ingest",
          "medic-dbt-cloud",
          "medic-git",
          "medic-model-api",
          "medic-github",
          "medic-slack",
          "medic-jira",
          "medic-notion");

  @ParameterizedTest
  @ValueSource(strings = {"overlays/dev", "overlays/prod"})
  void everyServiceIsADeploymentWithProbesLimitsAndALockedDownPod(String overlay) throws Exception {
    Manifests manifests = Manifests.render(overlay);

    assertThat(manifests.all(Deployment.class))
        .extracting(deployment -> deployment.getMetadata().getName())
        .containsExactlyInAnyOrderElementsOf(SERVICES);
    for (Deployment deployment : manifests.all(Deployment.class)) {
      String name = deployment.getMetadata().getName();
      PodSpec pod = deployment.getSpec().getTemplate().getSpec();
      assertThat(pod.getContainers()).as(name).hasSize(1);
      Container container = pod.getContainers().get(0);
      assertThat(container.getImage()).as(name).contains("pipeline-medic/" + name + ":");
      assertProbe(container.getStartupProbe(), "/q/health/started", name);
      assertProbe(container.getLivenessProbe(), "/q/health/live", name);
      assertProbe(container.getReadinessProbe(), "/q/health/ready", name);
      for (String resource : List.of("cpu", "memory")) {
        assertThat(container.getResources().getRequests()).as(name).containsKey(resource);
        assertThat(container.getResources().getLimits()).as(name).containsKey(resource);
      }
      PodSecurityContext podSecurity = pod.getSecurityContext();
      assertThat(podSecurity.getRunAsNonRoot()).as(name).isTrue();
      assertThat(podSecurity.getRunAsUser()).as(name).isPositive();
      assertThat(podSecurity.getSeccompProfile().getType()).as(name).isEqualTo("RuntimeDefault");
      SecurityContext security = container.getSecurityContext();
      assertThat(security.getReadOnlyRootFilesystem()).as(name).isTrue();
      assertThat(security.getAllowPrivilegeEscalation()).as(name).isFalse();
      assertThat(security.getCapabilities().getDrop()).as(name).containsExactly("ALL");
      assertThat(pod.getAutomountServiceAccountToken()).as(name).isFalse();
      assertThat(pod.getServiceAccountName()).as(name).isEqualTo(name);
      assertThat(container.getVolumeMounts())
          .as(name + ": /tmp is writable although the root filesystem is not")
          .anySatisfy(mount -> assertThat(mount.getMountPath()).isEqualTo("/tmp"));
      assertThat(manifests.all(PodDisruptionBudget.class))
          .as(name + " has a disruption budget selecting its pods")
          .anySatisfy(
              budget ->
                  assertThat(budget.getSpec().getSelector().getMatchLabels())
                      .isEqualTo(deployment.getSpec().getSelector().getMatchLabels()));
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"overlays/dev", "overlays/prod"})
  void secretsAreReferencedNeverCommittedAndEveryReferenceResolves(String overlay)
      throws Exception {
    Manifests manifests = Manifests.render(overlay);
    Set<String> configMaps = new HashSet<>();
    manifests.all(ConfigMap.class).forEach(map -> configMaps.add(map.getMetadata().getName()));
    Set<String> strimziSecrets = new HashSet<>(Set.of("medic-cluster-ca-cert"));
    manifests
        .all(KafkaUser.class)
        .forEach(user -> strimziSecrets.add(user.getMetadata().getName()));

    for (Deployment deployment : manifests.all(Deployment.class)) {
      String name = deployment.getMetadata().getName();
      PodSpec pod = deployment.getSpec().getTemplate().getSpec();
      Container container = pod.getContainers().get(0);
      for (EnvVar env : container.getEnv()) {
        if (env.getValueFrom() != null && env.getValueFrom().getSecretKeyRef() != null) {
          String secret = env.getValueFrom().getSecretKeyRef().getName();
          assertThat(secret)
              .as(name + " " + env.getName())
              .isIn(union(OPERATOR_SECRETS, strimziSecrets));
        } else {
          assertThat(env.getValue())
              .as(name + ": " + env.getName() + " is a literal; secrets come from Secrets")
              .isNotNull();
          assertThat(env.getName())
              .doesNotContainIgnoringCase("token")
              .doesNotContainIgnoringCase("password");
        }
      }
      for (EnvFromSource source : container.getEnvFrom()) {
        assertThat(source.getConfigMapRef().getName()).as(name).isIn(configMaps);
      }
      for (Volume volume : pod.getVolumes()) {
        if (volume.getSecret() != null) {
          assertThat(volume.getSecret().getSecretName())
              .as(name)
              .isIn(union(OPERATOR_SECRETS, strimziSecrets));
        }
      }
    }
    for (Keda.TriggerAuthentication auth : manifests.all(Keda.TriggerAuthentication.class)) {
      auth.spec().configMapTargetRef().forEach(ref -> assertThat(ref.name()).isIn(configMaps));
      auth.spec().secretTargetRef().forEach(ref -> assertThat(ref.name()).isIn(strimziSecrets));
    }
  }

  @Test
  void noSecretIsCommittedAnywhereUnderK8s() throws Exception {
    try (Stream<Path> files = Files.walk(Manifests.K8S)) {
      List<Path> yaml =
          files
              .filter(file -> file.toString().endsWith(".yaml"))
              .filter(file -> !file.startsWith(Manifests.K8S.resolve("target")))
              .toList();
      assertThat(yaml).isNotEmpty();
      for (Path file : yaml) {
        String text = Files.readString(file);
        assertThat(text)
            .as(file.toString())
            .doesNotContain("kind: Secret")
            .doesNotContain("secretGenerator");
      }
    }
  }

  @Test
  void theParserRejectsWhatTheApiServerWould() {
    String deployment =
        """
        apiVersion: apps/v1
        kind: Deployment
        metadata:
          name: x
        spec:
          replicas: 1
          template:
            spec:
              containers:
                - name: x
                  image: x
                  livenessProbe:
                    httpGet:
                      path: /q/health/live
                      port: http
        """;
    assertThatThrownBy(() -> Manifests.parse(deployment.replace("livenessProbe", "livenesProbe")))
        .hasMessageContaining("livenesProbe");
    assertThatThrownBy(
            () -> Manifests.parse(deployment.replace("replicas: 1", "replicas: \"one\"")))
        .hasMessageContaining("replicas");
    assertThatThrownBy(
            () -> Manifests.parse(deployment.replace("kind: Deployment", "kind: Deploymnet")))
        .hasMessageContaining("no typed model for apps/v1/Deploymnet");
    assertThatThrownBy(
            () ->
                Manifests.parse(
                    """
                    apiVersion: keda.sh/v1alpha1
                    kind: ScaledObject
                    metadata:
                      name: x
                    spec:
                      minReplicas: 1
                    """))
        .hasMessageContaining("minReplicas");
  }

  private static void assertProbe(Probe probe, String path, String name) {
    assertThat(probe).as(name + " probe " + path).isNotNull();
    assertThat(probe.getHttpGet().getPath()).as(name).isEqualTo(path);
    assertThat(probe.getHttpGet().getPort().getStrVal()).as(name).isEqualTo("http");
  }

  private static List<String> services() {
    try (Stream<Path> modules = Files.list(Manifests.ROOT)) {
      return modules
          .map(module -> module.getFileName().toString())
          .filter(name -> name.endsWith("-service"))
          .sorted()
          .toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static Set<String> union(Set<String> a, Set<String> b) {
    Set<String> all = new HashSet<>(a);
    all.addAll(b);
    return all;
  }
}
