package io.pipelinemedic.ingest.intake;

import java.util.List;

/** A parsed webhook body that can say which required fields it lacks. */
public interface WebhookPayload {

  /** Dotted names of the required fields that are absent or blank; empty when complete. */
  List<String> missingFields();
}
