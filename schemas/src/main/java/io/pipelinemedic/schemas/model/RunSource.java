package io.pipelinemedic.schemas.model;

/** Where a failed run was reported from. */
public enum RunSource {
  /** A dbt Cloud job, reported by its webhook. */
  DBT_CLOUD,
  /** An Airflow task running dbt, reported by a failure callback or notifier. */
  AIRFLOW,
  /** A dbt Core run (cron or CI), reported with its artifacts to {@code POST /runs}. */
  DBT_CORE
}
