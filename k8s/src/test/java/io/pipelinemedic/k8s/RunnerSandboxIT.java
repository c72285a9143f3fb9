package io.pipelinemedic.k8s;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyEgressRule;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPeer;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPort;
import io.strimzi.api.kafka.model.topic.KafkaTopic;
import java.io.Reader;
import java.math.BigInteger;
import java.net.InetAddress;
import java.nio.file.Files;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The agent runner's sandbox and scaling: what its pods may reach (the network policy evaluated for
 * real destinations), its read-only production data, gVisor in production, and KEDA scaling it on
 * its consumer group's lag.
 */
class RunnerSandboxIT {

  private static final String RUNNER = "agent-runner-service";

  private static Manifests prod;
  private static Manifests dev;

  @BeforeAll
  static void render() throws Exception {
    prod = Manifests.render("overlays/prod");
    dev = Manifests.render("overlays/dev");
  }

  /** A destination a runner pod might try: a pod (by labels) or an address outside the cluster. */
  private record Destination(
      Map<String, String> namespaceLabels,
      Map<String, String> podLabels,
      String ip,
      int port,
      String protocol) {

    static Destination pod(Map<String, String> namespace, Map<String, String> labels, int port) {
      return new Destination(namespace, labels, null, port, "TCP");
    }

    static Destination address(String ip, int port) {
      return new Destination(null, null, ip, port, "TCP");
    }
  }

  @Test
  void runnerPodsReachOnlyKafkaTheWarehouseTheGitHostAndTheModelApi() {
    NetworkPolicy policy = prod.named(NetworkPolicy.class, RUNNER);
    Map<String, String> own = Map.of("kubernetes.io/metadata.name", "pipeline-medic");
    Map<String, String> broker =
        Map.of("strimzi.io/cluster", "medic", "strimzi.io/broker-role", "true");

    assertThat(policy.getSpec().getPodSelector().getMatchLabels())
        .containsEntry("app.kubernetes.io/name", RUNNER);
    assertThat(policy.getSpec().getPolicyTypes()).containsExactlyInAnyOrder("Ingress", "Egress");
    assertThat(policy.getSpec().getIngress()).as("nothing may connect to a runner").isEmpty();
    assertThat(policy.getSpec().getEgress())
        .as("every egress rule names where and which ports")
        .allSatisfy(
            rule -> {
              assertThat(rule.getTo()).isNotEmpty();
              assertThat(rule.getPorts()).isNotEmpty();
            });

    // allowed
    assertThat(allows(policy, Destination.pod(own, broker, 9093))).as("Kafka").isTrue();
    assertThat(allows(policy, Destination.address("10.20.0.7", 443))).as("warehouse").isTrue();
    assertThat(allows(policy, Destination.address("140.82.114.4", 443))).as("git https").isTrue();
    assertThat(allows(policy, Destination.address("140.82.114.4", 22))).as("git ssh").isTrue();
    assertThat(allows(policy, Destination.address("160.79.104.10", 443))).as("model API").isTrue();
    assertThat(
            allows(
                policy,
                new Destination(
                    Map.of("kubernetes.io/metadata.name", "kube-system"),
                    Map.of("k8s-app", "kube-dns"),
                    null,
                    53,
                    "UDP")))
        .as("DNS")
        .isTrue();
    // denied
    assertThat(allows(policy, Destination.address("8.8.8.8", 443))).as("the internet").isFalse();
    assertThat(allows(policy, Destination.address("169.254.169.254", 80)))
        .as("the cloud metadata endpoint")
        .isFalse();
    assertThat(allows(policy, Destination.address("160.79.104.10", 22)))
        .as("model API, ssh")
        .isFalse();
    assertThat(allows(policy, Destination.pod(own, broker, 9092)))
        .as("Kafka's unauthenticated port")
        .isFalse();
    assertThat(
            allows(
                policy,
                Destination.pod(own, Map.of("app.kubernetes.io/name", "publisher-service"), 8080)))
        .as("another service of Pipeline Medic")
        .isFalse();
    assertThat(
            allows(
                policy,
                Destination.pod(
                    Map.of("kubernetes.io/metadata.name", "default"),
                    Map.of("app", "postgres"),
                    5432)))
        .as("the incident database")
        .isFalse();
  }

  @Test
  void runnersSeeProductionDataReadOnlyAndWorkInAnEmptyDir() {
    for (Manifests manifests : new Manifests[] {dev, prod}) {
      PodSpec pod = manifests.named(Deployment.class, RUNNER).getSpec().getTemplate().getSpec();
      Container runner = pod.getContainers().get(0);
      VolumeMount warehouse = mount(runner, "/warehouse");
      assertThat(warehouse.getReadOnly()).isTrue();
      assertThat(volume(pod, warehouse.getName()).getPersistentVolumeClaim().getReadOnly())
          .isTrue();
      VolumeMount workspaces = mount(runner, "/var/medic/workspaces");
      assertThat(volume(pod, workspaces.getName()).getEmptyDir().getSizeLimit()).isNotNull();
      assertThat(runner.getSecurityContext().getReadOnlyRootFilesystem()).isTrue();
      assertThat(runner.getResources().getLimits()).containsKey("ephemeral-storage");
    }
    assertThat(
            prod.named(Deployment.class, RUNNER)
                .getSpec()
                .getTemplate()
                .getSpec()
                .getRuntimeClassName())
        .as("production runners run under gVisor")
        .isEqualTo("gvisor");
    assertThat(
            dev.named(Deployment.class, RUNNER)
                .getSpec()
                .getTemplate()
                .getSpec()
                .getRuntimeClassName())
        .as("the switch is off in dev")
        .isNull();
  }

  @Test
  void kedaScalesTheRunnersOnTheirGroupsLagOfClassified() throws Exception {
    Properties runner = new Properties();
    try (Reader in =
        Files.newBufferedReader(
            Manifests.ROOT.resolve(RUNNER).resolve("src/main/resources/application.properties"))) {
      runner.load(in);
    }
    for (Manifests manifests : new Manifests[] {dev, prod}) {
      Keda.ScaledObject scaled =
          manifests.one(Keda.ScaledObject.class, RUNNER, s -> s.metadata().getName());
      assertThat(scaled.spec().scaleTargetRef().name()).isEqualTo(RUNNER);
      assertThat(manifests.named(Deployment.class, RUNNER).getSpec().getReplicas())
          .as("replicas are KEDA's")
          .isNull();
      Keda.Trigger trigger = scaled.spec().triggers().get(0);
      assertThat(trigger.type()).isEqualTo("kafka");
      Keda.KafkaMetadata kafka = trigger.metadata();
      assertThat(kafka.topic())
          .isEqualTo(runner.getProperty("mp.messaging.incoming.classified.topic"));
      assertThat(kafka.consumerGroup())
          .isEqualTo(runner.getProperty("mp.messaging.incoming.classified.group.id"));
      assertThat(kafka.sasl()).isEqualTo("scram_sha512");
      assertThat(kafka.tls()).isEqualTo("enable");
      assertThat(kafka.bootstrapServers())
          .as("KEDA runs in its own namespace: the brokers by their full name")
          .isEqualTo("medic-kafka-bootstrap." + scaled.metadata().getNamespace() + ".svc:9093");
      int partitions =
          manifests.all(KafkaTopic.class).stream()
              .filter(topic -> topic.getSpec().getTopicName().equals(kafka.topic()))
              .findFirst()
              .orElseThrow()
              .getSpec()
              .getPartitions();
      assertThat(scaled.spec().maxReplicaCount())
          .as("no more runners than partitions: another would sit idle")
          .isBetween(scaled.spec().minReplicaCount(), partitions);
      manifests.one(
          Keda.TriggerAuthentication.class,
          trigger.authenticationRef().name(),
          auth -> auth.metadata().getName());
    }
  }

  private static boolean allows(NetworkPolicy policy, Destination to) {
    for (NetworkPolicyEgressRule rule : policy.getSpec().getEgress()) {
      boolean port = rule.getPorts().stream().anyMatch(p -> matches(p, to));
      boolean peer = rule.getTo().stream().anyMatch(p -> matches(p, to));
      if (port && peer) {
        return true;
      }
    }
    return false;
  }

  private static boolean matches(NetworkPolicyPort port, Destination to) {
    String protocol = port.getProtocol() == null ? "TCP" : port.getProtocol();
    return protocol.equals(to.protocol()) && port.getPort().getIntVal() == to.port();
  }

  /** A peer as Kubernetes reads it: an ipBlock, or pod and namespace selectors (own namespace). */
  private static boolean matches(NetworkPolicyPeer peer, Destination to) {
    if (peer.getIpBlock() != null) {
      return to.ip() != null && inCidr(to.ip(), peer.getIpBlock().getCidr());
    }
    if (to.podLabels() == null) {
      return false;
    }
    boolean namespace =
        peer.getNamespaceSelector() == null
            ? "pipeline-medic".equals(to.namespaceLabels().get("kubernetes.io/metadata.name"))
            : to.namespaceLabels()
                .entrySet()
                .containsAll(peer.getNamespaceSelector().getMatchLabels().entrySet());
    boolean pod =
        peer.getPodSelector() == null
            || to.podLabels()
                .entrySet()
                .containsAll(peer.getPodSelector().getMatchLabels().entrySet());
    return namespace && pod;
  }

  private static boolean inCidr(String ip, String cidr) {
    try {
      String[] parts = cidr.split("/");
      int bits = Integer.parseInt(parts[1]);
      BigInteger address = new BigInteger(1, InetAddress.getByName(ip).getAddress());
      BigInteger network = new BigInteger(1, InetAddress.getByName(parts[0]).getAddress());
      return address.shiftRight(32 - bits).equals(network.shiftRight(32 - bits));
    } catch (java.io.IOException e) {
      throw new IllegalArgumentException(cidr, e);
    }
  }

  private static VolumeMount mount(Container container, String path) {
    return container.getVolumeMounts().stream()
        .filter(mount -> mount.getMountPath().equals(path))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no mount at " + path));
  }

  private static Volume volume(PodSpec pod, String name) {
    return pod.getVolumes().stream()
        .filter(volume -> volume.getName().equals(name))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no volume " + name));
  }
}
