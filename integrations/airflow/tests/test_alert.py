"""The alert's fields from a callback's context, as ingest-service's AirflowAlert reads them."""

from __future__ import annotations

from datetime import datetime, timezone
from enum import Enum
from types import SimpleNamespace

from pipeline_medic_airflow.alert import EXCEPTION_CHARS, alert_of, state_of


class RunType(Enum):
    SCHEDULED = "scheduled"


def context(**extra: object) -> dict:
    return {
        "dag_run": SimpleNamespace(dag_id="shop", run_id="scheduled__x", run_type=RunType.SCHEDULED, state="running"),
        "ti": SimpleNamespace(task_id="dbt_build", try_number=2, max_tries=1, log_url="http://af/log", state="failed"),
        "logical_date": datetime(2026, 12, 5, 4, tzinfo=timezone.utc),
        **extra,
    }


def test_a_failed_task_is_the_failed_alert_with_its_try_and_exception() -> None:
    failure = context(exception=RuntimeError("dbt command failed " + "x" * 10_000))
    assert state_of(failure) == "failed"
    alert = alert_of(failure, "failed")
    assert alert["dag_id"] == "shop"
    assert alert["run_type"] == "scheduled"
    assert alert["try_number"] == 2 and alert["max_tries"] == 1
    assert alert["logical_date"] == "2026-12-05T04:00:00+00:00"
    assert len(alert["exception"]) == EXCEPTION_CHARS
    assert alert["state"] == "failed"


def test_a_dag_run_that_succeeded_is_the_success_alert_without_a_task() -> None:
    success = context()
    success["dag_run"].state = "success"
    success["ti"].state = "success"
    assert state_of(success) == "success"
    assert set(alert_of(success, "success")) == {"dag_id", "run_id", "run_type", "logical_date", "state"}


def test_a_task_that_succeeded_in_a_running_dag_says_nothing() -> None:
    running = context()
    running["ti"].state = "success"
    assert state_of(running) is None
