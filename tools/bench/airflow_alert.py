"""Times MedicNotifier from a task's failure to the alert's answer, against a running ingest-service.

Usage: airflow_alert.py URL SECRET RUNS EXAMPLE_TARGET
Cases: a small project's artifacts (EXAMPLE_TARGET: ingest-service's test artifacts), a synthetic 10,000-model project's
(generated here), and the floor: the alert alone (artifacts_missing). Prints each median with its
ratio to the floor.
"""

import json
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path
from types import SimpleNamespace

url, secret, runs, example = sys.argv[1], sys.argv[2], int(sys.argv[3]), Path(sys.argv[4])
work = Path(tempfile.mkdtemp(prefix="medic-alert-bench-"))
os.environ["AIRFLOW_HOME"] = str(work / "airflow")
os.environ["MEDIC_KEPT_ARTIFACTS"] = str(work / "kept")
os.environ["AIRFLOW_CONN_MEDIC_DEFAULT"] = json.dumps({"conn_type": "http", "host": url, "password": secret})

import logging  # noqa: E402

from pipeline_medic_airflow.notifier import MedicNotifier  # noqa: E402


class Answers(logging.Handler):
    """The notifier's log lines: each timed alert must have been taken."""

    lines = []

    def emit(self, record: logging.LogRecord) -> None:
        self.lines.append(record.getMessage())


logging.getLogger("pipeline_medic_airflow.notifier").addHandler(Answers())
logging.getLogger("pipeline_medic_airflow.notifier").setLevel(logging.INFO)


def synthetic(folder: Path, models: int = 10_000, tests_per_model: int = 4) -> Path:
    """A manifest and run_results of a project of ``models`` models, each with its tests."""
    folder.mkdir(parents=True)
    nodes, results = {}, []
    for i in range(models):
        model = f"model.big.model_{i}"
        nodes[model] = {"unique_id": model, "resource_type": "model", "name": f"model_{i}",
                        "package_name": "big", "path": f"models/m/model_{i}.sql",
                        "original_file_path": f"models/m/model_{i}.sql", "schema": "analytics",
                        "database": "prod", "alias": f"model_{i}", "relation_name": f'"prod"."analytics"."model_{i}"',
                        "depends_on": {"nodes": [f"model.big.model_{i - 1}"] if i else []},
                        "config": {"materialized": "table", "meta": {}}, "meta": {}, "tags": [],
                        "raw_code": "select 1 as id", "compiled_code": "select 1 as id"}
        for t in range(tests_per_model):
            test = f"test.big.not_null_model_{i}_c{t}.{i:05d}{t:05d}"
            nodes[test] = {"unique_id": test, "resource_type": "test", "name": f"not_null_model_{i}_c{t}",
                           "package_name": "big", "attached_node": model, "column_name": f"c{t}",
                           "test_metadata": {"name": "not_null", "kwargs": {"column_name": f"c{t}"}},
                           "depends_on": {"nodes": [model]}, "original_file_path": "models/m/_m.yml",
                           "config": {"severity": "ERROR"}}
            results.append({"unique_id": test, "status": "fail" if i == models - 1 else "pass",
                            "failures": 3 if i == models - 1 else 0, "message": None,
                            "execution_time": 0.01, "timing": [], "thread_id": "Thread-1", "adapter_response": {}})
    (folder / "manifest.json").write_text(json.dumps(
        {"metadata": {"dbt_version": "1.10.0", "project_name": "big"}, "nodes": nodes, "sources": {},
         "exposures": {}, "metrics": {}, "groups": {}, "parent_map": {}, "child_map": {}}))
    (folder / "run_results.json").write_text(json.dumps(
        {"metadata": {"dbt_version": "1.10.0", "invocation_id": "bench", "generated_at": "2026-12-05T04:00:00Z"},
         "results": results, "elapsed_time": 60.0, "args": {"which": "build"}}))
    return folder


def median_ms(target: Path, name: str) -> float:
    times = []
    for run in range(runs):
        context = {
            "dag_run": SimpleNamespace(dag_id="bench", run_id=f"scheduled__{name}-{run}-{time.time_ns()}",
                                       run_type="scheduled", state="failed"),
            "ti": SimpleNamespace(task_id="dbt_build", try_number=1, max_tries=0, log_url=None, state="failed"),
            "exception": "dbt command failed",
        }
        started = time.monotonic()
        MedicNotifier(target_dir=str(target)).notify(context)
        times.append((time.monotonic() - started) * 1000)
        if ": 202 accepted" not in Answers.lines[-1]:
            sys.exit(f"the alert was not taken: {Answers.lines[-1]}")
    return statistics.median(times)


big = synthetic(work / "big")
size = lambda folder: sum(f.stat().st_size for f in folder.glob("*.json")) / 1e6  # noqa: E731
floor = median_ms(work / "none", "floor")
print(f"task failure → the alert's answer, median of {runs} (MedicNotifier, its body signed on disk):")
print(f"  floor: the alert alone (artifacts_missing)          {floor:8.0f} ms")
for label, folder in (("ingest's test artifacts", example), ("synthetic 10,000-model project", big)):
    ms = median_ms(folder, label.split()[0])
    print(f"  {label:28s} ({size(folder):6.1f} MB)  {ms:8.0f} ms   ratio {ms / floor:6.1f}")
