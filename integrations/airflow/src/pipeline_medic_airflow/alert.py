"""The alert about one Airflow task or DAG run, from the callback's context, as ingest-service reads it."""

from __future__ import annotations

from datetime import datetime
from typing import Any, Dict, Mapping, Optional

#: The longest exception text an alert carries; the task's log has the rest.
EXCEPTION_CHARS = 4000


def _value(obj: Any) -> Any:
    """An enum's value (Airflow's run types and states), else the object."""
    return getattr(obj, "value", obj)


def _iso(moment: Any) -> Optional[str]:
    return moment.isoformat() if isinstance(moment, datetime) else None


def state_of(context: Mapping[str, Any]) -> Optional[str]:
    """``success`` for a DAG run that succeeded, ``failed`` for a failed task, else ``None``."""
    dag_run = context.get("dag_run")
    # a DAG's success callback first: its context may hold a task that failed (all_done DAGs)
    if str(_value(getattr(dag_run, "state", ""))) == "success" or context.get("reason") == "success":
        return "success"
    ti = context.get("ti") or context.get("task_instance")
    if context.get("exception") is not None or str(_value(getattr(ti, "state", ""))) == "failed":
        return "failed"
    return None


def alert_of(context: Mapping[str, Any], state: str) -> Dict[str, Any]:
    """The alert's fields (``AirflowAlert`` in ingest-service) for ``state``."""
    dag_run = context.get("dag_run")
    ti = context.get("ti") or context.get("task_instance")
    dag = context.get("dag")
    alert: Dict[str, Any] = {
        "dag_id": getattr(dag_run, "dag_id", None) or getattr(dag, "dag_id", None),
        "run_id": getattr(dag_run, "run_id", None) or context.get("run_id"),
        "run_type": _value(getattr(dag_run, "run_type", None)),
        "logical_date": _iso(context.get("logical_date")),
        "state": state,
    }
    if state == "failed" and ti is not None:
        exception = context.get("exception")
        alert.update(
            {
                "task_id": ti.task_id,
                "try_number": getattr(ti, "try_number", None),
                "max_tries": getattr(ti, "max_tries", None),
                "exception": None if exception is None else str(exception)[:EXCEPTION_CHARS],
                "log_url": getattr(ti, "log_url", None),
            }
        )
    return {key: value for key, value in alert.items() if value is not None}
