package io.pipelinemedic.schemas.model;

import java.time.Instant;

/**
 * The failed run as the reporter described it; dbt Cloud ids are kept as strings.
 *
 * @param accountId dbt Cloud account, or the reporter's configured name for Airflow and dbt Core
 * @param projectId dbt Cloud project id
 * @param projectName dbt project name
 * @param environmentId dbt Cloud environment id
 * @param environmentName environment name, e.g. {@code Production}
 * @param jobId dbt Cloud job id, or the Airflow DAG id
 * @param jobName job name
 * @param runId the run's id: dbt Cloud run id, Airflow run id, or dbt's invocation id
 * @param status status as reported, e.g. {@code Errored}
 * @param statusCode dbt Cloud status code (20 = error)
 * @param statusMessage status message as reported
 * @param reason why the run ran, as reported (free text; never the only test of "scheduled")
 * @param startedAt when the run started
 * @param finishedAt when the run finished or errored
 * @param dbtVersion dbt version of the run
 * @param gitSha commit of the dbt project the run used, when known
 * @param gitBranch branch of the dbt project the run used, when known
 */
public record RunRef(
    String accountId,
    String projectId,
    String projectName,
    String environmentId,
    String environmentName,
    String jobId,
    String jobName,
    String runId,
    String status,
    Integer statusCode,
    String statusMessage,
    String reason,
    Instant startedAt,
    Instant finishedAt,
    String dbtVersion,
    String gitSha,
    String gitBranch) {

  /**
   * The job this run is a run of, as one key: the reporter, the account, the environment (its id,
   * else its name; a dev run never stands for production's) and the job id (dbt Cloud's job, the
   * Airflow DAG, the dbt Core upload's job name).
   */
  public String jobKey(RunSource source) {
    String environment = environmentId != null ? environmentId : environmentName;
    return String.join(
        ":",
        source.name(),
        String.valueOf(accountId),
        String.valueOf(environment),
        String.valueOf(jobId));
  }
}
