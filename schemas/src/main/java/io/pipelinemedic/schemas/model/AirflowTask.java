package io.pipelinemedic.schemas.model;

import java.time.Instant;

/**
 * The failed Airflow task instance that ran dbt.
 *
 * @param dagId DAG id
 * @param taskId task id
 * @param runId DAG run id
 * @param runType DAG run type when the alert has it: scheduled, manual, backfill, asset_triggered
 * @param tryNumber the failed try
 * @param maxTries tries allowed
 * @param logicalDate logical date (absent for asset-triggered runs)
 * @param exception the exception text, quoted as untrusted data
 * @param logUrl link to the task log
 * @param artifactsMissing why the task's dbt artifacts did not come with its alert, as the notifier
 *     said (absent when they came, or when the alert names where they were uploaded)
 */
public record AirflowTask(
    String dagId,
    String taskId,
    String runId,
    String runType,
    int tryNumber,
    int maxTries,
    Instant logicalDate,
    String exception,
    String logUrl,
    String artifactsMissing) {}
