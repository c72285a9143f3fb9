"""Finding the task's artifacts: its target folder, or what keep_artifacts kept from Cosmos."""

from __future__ import annotations

from pathlib import Path
from types import SimpleNamespace

import pytest

from pipeline_medic_airflow import artifacts


@pytest.fixture(autouse=True)
def kept_root(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("MEDIC_KEPT_ARTIFACTS", str(tmp_path / "kept"))
    return tmp_path / "kept"


def target(folder: Path, *names: str) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for name in names:
        (folder / name).write_text("{}")
    return folder


def test_the_target_folder_gives_run_results_manifest_and_sources(tmp_path: Path) -> None:
    folder = target(tmp_path / "target", "run_results.json", "manifest.json", "sources.json")
    files, missing = artifacts.find(str(folder), None)
    assert missing is None
    assert files == {
        "run_results": folder / "run_results.json",
        "manifest": folder / "manifest.json",
        "sources": folder / "sources.json",
    }


def test_without_run_results_it_says_where_it_looked(tmp_path: Path) -> None:
    folder = target(tmp_path / "target", "manifest.json")
    files, missing = artifacts.find(str(folder), tmp_path / "kept" / "none")
    assert files == {}
    assert missing == f"no run_results.json and manifest.json in {tmp_path / 'kept' / 'none'} or {folder}"
    assert artifacts.find(None, None) == (
        {}, "no target_dir is configured and no artifacts were kept for this task")


def test_cosmos_artifacts_are_kept_before_its_folder_goes_and_found_first(tmp_path: Path) -> None:
    project = target(tmp_path / "cosmos-tmp" / "target", "run_results.json", "manifest.json").parent
    context = {
        "ti": SimpleNamespace(dag_id="shop", task_id="dbt_build.stg_orders_run"),
        "dag_run": SimpleNamespace(run_id="scheduled__2026-12-05T04:00:00+00:00"),
    }
    artifacts.keep_artifacts(str(project), context=context)
    for child in (project / "target").iterdir():
        child.unlink()  # Cosmos deletes its temporary project

    kept = artifacts.kept_folder("shop", "scheduled__2026-12-05T04:00:00+00:00", "dbt_build.stg_orders_run")
    files, missing = artifacts.find(str(tmp_path / "elsewhere"), kept)
    assert missing is None
    assert set(files) == {"run_results", "manifest"}
    assert all(path.parent == kept for path in files.values())


def test_a_kept_folder_stays_inside_its_root(kept_root: Path) -> None:
    folder = artifacts.kept_folder("../../etc", "run/../..", "..")
    assert folder.resolve().is_relative_to(kept_root.resolve())
