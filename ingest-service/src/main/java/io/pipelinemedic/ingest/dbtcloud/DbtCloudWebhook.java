package io.pipelinemedic.ingest.dbtcloud;

import io.pipelinemedic.ingest.intake.Fields;
import io.pipelinemedic.ingest.intake.WebhookPayload;
import java.util.List;

/**
 * A dbt Cloud webhook delivery. In {@code data} every value is a string except {@code
 * runStatusCode}.
 */
public record DbtCloudWebhook(
    Long accountId,
    String webhookId,
    String eventId,
    String timestamp,
    String eventType,
    String webhookName,
    Data data)
    implements WebhookPayload {

  /** dbt Cloud's code of a successful run. */
  public static final int STATUS_SUCCESS = 10;

  /** dbt Cloud's code of an errored run. */
  public static final int STATUS_ERROR = 20;

  /** The run the delivery is about. */
  public record Data(
      String jobId,
      String jobName,
      String runId,
      String environmentId,
      String environmentName,
      String dbtVersion,
      String projectName,
      String projectId,
      String runStatus,
      Integer runStatusCode,
      String runStatusMessage,
      String runReason,
      String runStartedAt,
      String runFinishedAt,
      String runErroredAt) {}

  @Override
  public List<String> problems() {
    Fields fields =
        new Fields()
            .require("accountId", accountId)
            .require("eventId", eventId)
            .require("eventType", eventType)
            .require("data", data);
    if (data != null) {
      fields
          .require("data.runId", data.runId)
          .require("data.jobId", data.jobId)
          .require("data.environmentId", data.environmentId)
          .require("data.runStatusCode", data.runStatusCode)
          .digits("data.runId", data.runId)
          .digits("data.jobId", data.jobId)
          .digits("data.environmentId", data.environmentId);
    }
    return fields.problems();
  }
}
