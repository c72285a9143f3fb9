package io.pipelinemedic.k8s;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.cfg.CoercionAction;
import com.fasterxml.jackson.databind.cfg.CoercionInputShape;
import com.fasterxml.jackson.databind.introspect.Annotated;
import com.fasterxml.jackson.databind.introspect.JacksonAnnotationIntrospector;
import com.fasterxml.jackson.databind.type.LogicalType;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.strimzi.api.kafka.model.kafka.Kafka;
import io.strimzi.api.kafka.model.nodepool.KafkaNodePool;
import io.strimzi.api.kafka.model.topic.KafkaTopic;
import io.strimzi.api.kafka.model.user.KafkaUser;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * An overlay of {@code k8s/} as the cluster would get it: rendered by {@code kubectl kustomize} and
 * every object parsed strictly into its typed model (Kubernetes and Strimzi by their Java models,
 * KEDA by {@link Keda}): an unknown field, a kind without a model or a value of the wrong type is
 * an error.
 */
final class Manifests {

  static final Path K8S = Path.of("").toAbsolutePath();
  static final Path ROOT = K8S.getParent();

  private static final Map<String, Class<?>> MODELS =
      Map.ofEntries(
          Map.entry("v1/ServiceAccount", ServiceAccount.class),
          Map.entry("v1/ConfigMap", ConfigMap.class),
          Map.entry("v1/Service", Service.class),
          Map.entry("v1/PersistentVolumeClaim", PersistentVolumeClaim.class),
          Map.entry("apps/v1/Deployment", Deployment.class),
          Map.entry("policy/v1/PodDisruptionBudget", PodDisruptionBudget.class),
          Map.entry("networking.k8s.io/v1/NetworkPolicy", NetworkPolicy.class),
          Map.entry("kafka.strimzi.io/v1/Kafka", Kafka.class),
          Map.entry("kafka.strimzi.io/v1/KafkaNodePool", KafkaNodePool.class),
          Map.entry("kafka.strimzi.io/v1/KafkaTopic", KafkaTopic.class),
          Map.entry("kafka.strimzi.io/v1/KafkaUser", KafkaUser.class),
          Map.entry("keda.sh/v1alpha1/ScaledObject", Keda.ScaledObject.class),
          Map.entry("keda.sh/v1alpha1/TriggerAuthentication", Keda.TriggerAuthentication.class));

  /** Jackson as the API server's schema validation would be: no unknown field, no coercion. */
  static final ObjectMapper STRICT = strictMapper();

  private final List<Object> objects;

  private Manifests(List<Object> objects) {
    this.objects = objects;
  }

  /** Renders {@code k8s/<path>} and parses every object it yields. */
  static Manifests render(String path) throws IOException, InterruptedException {
    return parse(kustomize(K8S.resolve(path)));
  }

  /** Parses a stream of YAML documents, each into its typed model. */
  static Manifests parse(String yaml) throws IOException {
    YAMLFactory yamlFactory = new YAMLFactory();
    List<JsonNode> documents =
        new ObjectMapper(yamlFactory)
            .readValues(yamlFactory.createParser(yaml), JsonNode.class)
            .readAll();
    List<Object> objects = new ArrayList<>();
    for (JsonNode document : documents) {
      String type = document.path("apiVersion").asText() + "/" + document.path("kind").asText();
      Class<?> model = MODELS.get(type);
      if (model == null) {
        throw new IOException("no typed model for " + type);
      }
      try {
        objects.add(STRICT.treeToValue(document, model));
      } catch (IOException e) {
        throw new IOException(
            type + " " + document.at("/metadata/name").asText() + ": " + e.getMessage(), e);
      }
    }
    return new Manifests(objects);
  }

  /** Every object of {@code type}. */
  <T> List<T> all(Class<T> type) {
    return objects.stream().filter(type::isInstance).map(type::cast).toList();
  }

  /** The Kubernetes or Strimzi object of {@code type} named {@code name}. */
  <T extends HasMetadata> T named(Class<T> type, String name) {
    return one(type, name, object -> object.getMetadata().getName());
  }

  /** The object of {@code type} whose {@code name} is {@code wanted}. */
  <T> T one(Class<T> type, String wanted, Function<T, String> name) {
    return all(type).stream()
        .filter(object -> wanted.equals(name.apply(object)))
        .findFirst()
        .orElseThrow(() -> new NoSuchElementException(type.getSimpleName() + " " + wanted));
  }

  private static String kustomize(Path directory) throws IOException, InterruptedException {
    Path errors = Files.createTempFile("kustomize", ".err");
    try {
      Process process =
          new ProcessBuilder(kubectl(), "kustomize", directory.toString())
              .redirectError(errors.toFile())
              .start();
      String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
        throw new IOException(
            "kubectl kustomize " + directory + " failed: " + Files.readString(errors));
      }
      return out;
    } finally {
      Files.delete(errors);
    }
  }

  /** {@code MEDIC_KUBECTL}, else the pinned one {@code tools/k8s/ensure-kubectl} installs. */
  private static String kubectl() {
    String configured = System.getenv("MEDIC_KUBECTL");
    if (configured != null) {
      return configured;
    }
    Path pinned = ROOT.resolve(".venv/k8s/bin/kubectl");
    if (!Files.isExecutable(pinned)) {
      throw new IllegalStateException(pinned + " is missing: run tools/k8s/ensure-kubectl");
    }
    return pinned.toString();
  }

  private static ObjectMapper strictMapper() {
    ObjectMapper mapper =
        YAMLMapper.builder()
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .enable(DeserializationFeature.FAIL_ON_READING_DUP_TREE_KEY)
            // the models keep unknown fields in additionalProperties; here they are errors
            .annotationIntrospector(
                new JacksonAnnotationIntrospector() {
                  @Override
                  public Boolean hasAnySetter(Annotated annotated) {
                    return Boolean.FALSE;
                  }
                })
            .build();
    mapper
        .coercionConfigFor(LogicalType.Textual)
        .setCoercion(CoercionInputShape.Integer, CoercionAction.Fail)
        .setCoercion(CoercionInputShape.Float, CoercionAction.Fail)
        .setCoercion(CoercionInputShape.Boolean, CoercionAction.Fail);
    mapper
        .coercionConfigFor(LogicalType.Integer)
        .setCoercion(CoercionInputShape.String, CoercionAction.Fail);
    mapper
        .coercionConfigFor(LogicalType.Boolean)
        .setCoercion(CoercionInputShape.String, CoercionAction.Fail);
    return mapper;
  }
}
