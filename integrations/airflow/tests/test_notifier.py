"""MedicNotifier on real Airflow: the connection, the artifacts with the alert, one line when refused."""

from __future__ import annotations

import json
import logging
from pathlib import Path
from types import SimpleNamespace

import pytest

from conftest import SECRET
from pipeline_medic_airflow.notifier import MedicNotifier


@pytest.fixture
def connection(medic, monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("AIRFLOW_HOME", str(tmp_path / "airflow"))
    monkeypatch.setenv("MEDIC_KEPT_ARTIFACTS", str(tmp_path / "kept"))
    monkeypatch.setenv(
        "AIRFLOW_CONN_MEDIC_DEFAULT",
        json.dumps({"conn_type": "http", "host": medic.url, "password": SECRET}),
    )


def failed(exception: str = "dbt command failed") -> dict:
    return {
        "dag_run": SimpleNamespace(dag_id="shop", run_id="scheduled__1", run_type="scheduled", state="failed"),
        "ti": SimpleNamespace(task_id="dbt_build", try_number=1, max_tries=0, log_url=None, state="failed"),
        "exception": exception,
    }


def test_a_failed_task_sends_its_artifacts_with_the_alert(connection, medic, tmp_path: Path) -> None:
    target = tmp_path / "project" / "target"
    target.mkdir(parents=True)
    (target / "run_results.json").write_text('{"results": []}')
    (target / "manifest.json").write_text('{"nodes": {}}')

    MedicNotifier(target_dir=str(target)).notify(failed())

    received = medic.requests[0]
    assert received.path == "/webhooks/airflow"
    assert received.alert()["task_id"] == "dbt_build"
    assert received.parts["run_results"] == b'{"results": []}'
    assert received.parts["manifest"] == b'{"nodes": {}}'
    assert "artifacts_missing" not in received.parts


def test_without_artifacts_the_alert_still_goes_saying_so(connection, medic, tmp_path: Path) -> None:
    MedicNotifier(target_dir=str(tmp_path / "nowhere")).notify(failed())

    received = medic.requests[0]
    assert "run_results" not in received.parts
    assert received.parts["artifacts_missing"].decode().startswith("no run_results.json and manifest.json in ")


def test_a_wrong_secret_is_one_line_in_the_log(
    connection, medic, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    monkeypatch.setenv(
        "AIRFLOW_CONN_MEDIC_DEFAULT",
        json.dumps({"conn_type": "http", "host": medic.url, "password": "not-the-secret"}),
    )
    with caplog.at_level(logging.INFO, logger="pipeline_medic_airflow.notifier"):
        MedicNotifier(target_dir=None).notify(failed())

    errors = [r.getMessage() for r in caplog.records if r.levelno >= logging.ERROR]
    assert errors == [
        "Pipeline Medic: Pipeline Medic refused it: 401 signature does not match the body (is the"
        " password of the Airflow connection medic_default ingest-service's Airflow secret?)"
    ]
    assert len(medic.requests) == 1, "a refusal is not retried"


def test_the_dag_run_that_succeeded_is_the_resolved_signal(connection, medic) -> None:
    MedicNotifier().notify(
        {"dag_run": SimpleNamespace(dag_id="shop", run_id="scheduled__2", run_type="scheduled", state="success")}
    )
    assert medic.requests[0].alert() == {
        "dag_id": "shop", "run_id": "scheduled__2", "run_type": "scheduled", "state": "success"}
