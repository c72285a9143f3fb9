package io.pipelinemedic.ingest.airflow;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.pipelinemedic.ingest.intake.Fields;
import io.pipelinemedic.ingest.intake.WebhookPayload;
import java.util.List;

/**
 * The JSON alert an Airflow failure callback or notifier posts for a failed dbt task (the fields of
 * the task instance's context, plus where its dbt artifacts were uploaded).
 */
public record AirflowAlert(
    @JsonProperty("dag_id") String dagId,
    @JsonProperty("task_id") String taskId,
    @JsonProperty("run_id") String runId,
    @JsonProperty("run_type") String runType,
    @JsonProperty("try_number") Integer tryNumber,
    @JsonProperty("max_tries") Integer maxTries,
    @JsonProperty("logical_date") String logicalDate,
    @JsonProperty("exception") String exception,
    @JsonProperty("log_url") String logUrl,
    @JsonProperty("artifacts_uri") String artifactsUri)
    implements WebhookPayload {

  @Override
  public List<String> problems() {
    return new Fields()
        .require("dag_id", dagId)
        .require("task_id", taskId)
        .require("run_id", runId)
        .require("try_number", tryNumber)
        .require("artifacts_uri", artifactsUri)
        .problems();
  }
}
