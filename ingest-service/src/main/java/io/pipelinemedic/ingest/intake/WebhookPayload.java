package io.pipelinemedic.ingest.intake;

import java.util.List;

/** A parsed webhook body that can say what is wrong with its fields. */
public interface WebhookPayload {

  /** What is wrong (missing required fields, malformed ids), a sentence each; empty when fine. */
  List<String> problems();
}
