"""Finding a dbt task's artifacts: its ``target/`` folder, or the copy ``keep_artifacts`` made.

astronomer-cosmos runs dbt in a temporary copy of the project and deletes it when the task ends,
before any failure callback runs. ``keep_artifacts`` is a Cosmos ``callback`` (Cosmos calls it with
the temporary project folder after dbt ran, failed or not): it copies the artifacts to a folder
named after the task, where ``MedicNotifier`` finds them.
"""

from __future__ import annotations

import os
import re
import shutil
import tempfile
from pathlib import Path
from typing import Any, Dict, Mapping, Optional, Tuple, Union

#: The artifacts an alert carries, by part name; run_results and manifest are required.
ARTIFACTS: Mapping[str, str] = {
    "run_results": "run_results.json",
    "manifest": "manifest.json",
    "sources": "sources.json",
}
REQUIRED = ("run_results", "manifest")

_UNSAFE = re.compile(r"[^A-Za-z0-9._-]+")


def kept_root() -> Path:
    """Where kept artifacts live: ``$MEDIC_KEPT_ARTIFACTS``, else a folder in the temp directory."""
    return Path(
        os.environ.get("MEDIC_KEPT_ARTIFACTS")
        or Path(tempfile.gettempdir()) / "pipeline-medic-artifacts"
    )


def kept_folder(dag_id: str, run_id: str, task_id: str) -> Path:
    """The folder of one task's kept artifacts (each name reduced to safe characters)."""
    parts = [_UNSAFE.sub("_", part).strip(".") or "_" for part in (dag_id, run_id, task_id)]
    return kept_root().joinpath(*parts)


def keep_artifacts(project_dir: str, context: Optional[Mapping[str, Any]] = None, **_: Any) -> None:
    """Cosmos ``callback``: keeps ``<project_dir>/target``'s artifacts for the task's notifier."""
    if context is None:
        return
    ti = context.get("ti") or context.get("task_instance")
    run_id = getattr(context.get("dag_run"), "run_id", None) or context.get("run_id")
    if ti is None or run_id is None:
        return
    folder = kept_folder(ti.dag_id, run_id, ti.task_id)
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True, exist_ok=True)
    for name in ARTIFACTS.values():
        source = Path(project_dir) / "target" / name
        if source.is_file():
            shutil.copyfile(source, folder / name)


def find(
    target_dir: Optional[Union[str, Path]], kept: Optional[Path]
) -> Tuple[Dict[str, Path], Optional[str]]:
    """The artifacts in ``kept`` (first) or ``target_dir``, and why none were found, if so."""
    looked = []
    for folder in (kept, Path(target_dir) if target_dir else None):
        if folder is None:
            continue
        looked.append(str(folder))
        files = {part: folder / name for part, name in ARTIFACTS.items() if (folder / name).is_file()}
        if all(part in files for part in REQUIRED):
            return files, None
    if not looked:
        return {}, "no target_dir is configured and no artifacts were kept for this task"
    wanted = " and ".join(ARTIFACTS[part] for part in REQUIRED)
    return {}, f"no {wanted} in " + " or ".join(looked)
