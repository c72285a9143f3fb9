"""Pipeline Medic for Airflow and dbt Core.

``MedicNotifier`` (``pipeline_medic_airflow.notifier``) alerts Pipeline Medic when a dbt task fails,
with the task's dbt artifacts in the same signed request; ``keep_artifacts`` keeps astronomer-cosmos'
artifacts for it; ``pipeline-medic report`` reports a dbt Core run from cron or CI.
"""

from pipeline_medic_airflow.artifacts import keep_artifacts

__all__ = ["keep_artifacts"]
