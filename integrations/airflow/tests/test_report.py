"""pipeline-medic report: a dbt Core run from cron or CI, with its artifacts and the upload token."""

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import TOKEN
from pipeline_medic_airflow import report


@pytest.fixture
def project(tmp_path: Path) -> Path:
    target = tmp_path / "target"
    target.mkdir()
    (target / "run_results.json").write_text('{"results": []}')
    (target / "manifest.json").write_text("{}")
    (tmp_path / "logs").mkdir()
    (tmp_path / "logs" / "dbt.log").write_text("Completed with 1 error")
    return target


def test_it_posts_the_run_to_runs_with_the_token(project: Path, medic, monkeypatch, capsys) -> None:
    monkeypatch.setenv("MEDIC_RUNS_TOKEN", TOKEN)
    code = report.main(["report", "--target-dir", str(project), "--project", "shop", "--url", medic.url,
                        "--environment", "prod", "--job", "nightly"])
    assert code == 0
    received = medic.requests[0]
    assert received.path == "/runs"
    assert received.parts["project"] == b"shop" and received.parts["trigger"] == b"schedule"
    assert received.parts["environment"] == b"prod" and received.parts["job"] == b"nightly"
    assert received.parts["dbt_log"] == b"Completed with 1 error"
    assert set(received.parts) >= {"run_results", "manifest"}
    assert "202 accepted incident inc-1" in capsys.readouterr().out


def test_a_wrong_token_exits_1_and_says_why(project: Path, medic, monkeypatch, capsys) -> None:
    monkeypatch.setenv("MEDIC_RUNS_TOKEN", "wrong")
    assert report.main(["report", "--target-dir", str(project), "--project", "shop", "--url", medic.url]) == 1
    assert "refused it: 401" in capsys.readouterr().err


def test_without_the_token_nothing_is_sent(project: Path, medic, monkeypatch, capsys) -> None:
    monkeypatch.delenv("MEDIC_RUNS_TOKEN", raising=False)
    assert report.main(["report", "--project", "shop", "--url", medic.url]) == 2
    assert medic.requests == []
