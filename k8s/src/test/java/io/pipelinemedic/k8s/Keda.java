package io.pipelinemedic.k8s;

import io.fabric8.kubernetes.api.model.ObjectMeta;
import java.util.List;

/**
 * The KEDA resources the manifests use, typed after KEDA's {@code keda.sh/v1alpha1} API (there is
 * no published Java model); only the fields Pipeline Medic sets are modelled, so anything else is
 * rejected by the strict parser.
 */
final class Keda {

  private Keda() {}

  record ScaledObject(String apiVersion, String kind, ObjectMeta metadata, ScaledObjectSpec spec) {}

  record ScaledObjectSpec(
      ScaleTargetRef scaleTargetRef,
      Integer pollingInterval,
      Integer cooldownPeriod,
      Integer minReplicaCount,
      Integer maxReplicaCount,
      Advanced advanced,
      List<Trigger> triggers) {}

  record ScaleTargetRef(String apiVersion, String kind, String name) {}

  record Advanced(HorizontalPodAutoscalerConfig horizontalPodAutoscalerConfig) {}

  record HorizontalPodAutoscalerConfig(
      io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscalerBehavior behavior) {}

  record Trigger(String type, KafkaMetadata metadata, AuthenticationRef authenticationRef) {}

  /** The kafka scaler's settings Pipeline Medic uses (all strings, as KEDA wants them). */
  record KafkaMetadata(
      String bootstrapServers,
      String consumerGroup,
      String topic,
      String lagThreshold,
      String offsetResetPolicy,
      String allowIdleConsumers,
      String sasl,
      String tls) {}

  record AuthenticationRef(String name) {}

  record TriggerAuthentication(
      String apiVersion, String kind, ObjectMeta metadata, TriggerAuthenticationSpec spec) {}

  record TriggerAuthenticationSpec(
      List<TargetRef> secretTargetRef, List<TargetRef> configMapTargetRef) {}

  /** A scaler parameter taken from a key of a Secret or ConfigMap. */
  record TargetRef(String parameter, String name, String key) {}
}
