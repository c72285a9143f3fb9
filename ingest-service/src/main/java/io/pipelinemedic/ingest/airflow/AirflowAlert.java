package io.pipelinemedic.ingest.airflow;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.pipelinemedic.ingest.intake.Fields;
import io.pipelinemedic.ingest.intake.WebhookPayload;
import java.util.List;

/**
 * The JSON alert an Airflow callback or notifier posts: for a failed dbt task, the fields of the
 * task instance's context and where its dbt artifacts were uploaded; for a DAG run that succeeded
 * ({@code state: success}, from the DAG's success callback), the DAG and the run.
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
    @JsonProperty("artifacts_uri") String artifactsUri,
    @JsonProperty("state") String state)
    implements WebhookPayload {

  /** The state of an alert about a DAG run that succeeded. */
  public static final String SUCCESS = "success";

  /** The state of an alert that names none: a failed task. */
  public static final String FAILED = "failed";

  /** Whether the alert says the DAG run succeeded. */
  public boolean succeeded() {
    return SUCCESS.equals(state);
  }

  @Override
  public List<String> problems() {
    if (state != null && !state.equals(SUCCESS) && !state.equals(FAILED)) {
      return List.of("state must be " + FAILED + " or " + SUCCESS + ", not " + state);
    }
    if (succeeded()) {
      return new Fields().require("dag_id", dagId).require("run_id", runId).problems();
    }
    return new Fields()
        .require("dag_id", dagId)
        .require("task_id", taskId)
        .require("run_id", runId)
        .require("try_number", tryNumber)
        .problems();
  }
}
