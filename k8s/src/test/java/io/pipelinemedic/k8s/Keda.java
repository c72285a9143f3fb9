package io.pipelinemedic.k8s;

import io.fabric8.kubernetes.api.model.ObjectMeta;
import java.util.List;
import java.util.Map;

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

  record Trigger(String type, Map<String, String> metadata, AuthenticationRef authenticationRef) {}

  record AuthenticationRef(String name) {}

  record TriggerAuthentication(
      String apiVersion, String kind, ObjectMeta metadata, TriggerAuthenticationSpec spec) {}

  record TriggerAuthenticationSpec(
      List<TargetRef> secretTargetRef, List<TargetRef> configMapTargetRef) {}

  /** A scaler parameter taken from a key of a Secret or ConfigMap. */
  record TargetRef(String parameter, String name, String key) {}
}
