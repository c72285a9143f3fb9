package io.pipelinemedic.classifier.rules;

import io.pipelinemedic.schemas.model.Failure;
import java.util.List;

/** Hand-built failures with only what the rules read. */
final class Failures {

  private Failures() {}

  static Failure failure(
      String uniqueId,
      String resourceType,
      String testName,
      String status,
      String message,
      String attachedNode,
      List<String> upstreamFailures) {
    String name = uniqueId.substring(uniqueId.lastIndexOf('.') + 1);
    return new Failure(
        uniqueId,
        resourceType,
        name,
        testName,
        null,
        status,
        message,
        null,
        null,
        null,
        null,
        null,
        null,
        null,
        null,
        attachedNode,
        null,
        List.of(),
        upstreamFailures,
        List.of());
  }
}
