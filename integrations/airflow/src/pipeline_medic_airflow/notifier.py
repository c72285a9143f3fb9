"""``MedicNotifier``: Pipeline Medic's Airflow notifier (Airflow 2.9+ and 3.x).

On a dbt task's ``on_failure_callback`` it sends the failed try with the task's dbt artifacts
(``run_results.json``, ``manifest.json``, ``sources.json``) in one signed multipart request; on the
DAG's ``on_success_callback`` it says the DAG run succeeded, which resolves the DAG's open
incidents. The address and the secret come from an Airflow connection (``medic_default``: the host
is ingest-service's base URL, the password its Airflow secret). A callback never raises: what went
wrong is one line in the task's log.
"""

from __future__ import annotations

import json
import logging
import time
from typing import Any, Mapping, Optional, Sequence

from pipeline_medic_airflow import artifacts, signed
from pipeline_medic_airflow.alert import alert_of, state_of

try:  # Airflow 3
    from airflow.sdk import BaseHook, BaseNotifier
except ImportError:  # Airflow 2.9 and 2.10
    from airflow.hooks.base import BaseHook  # type: ignore[no-redef]
    from airflow.notifications.basenotifier import BaseNotifier  # type: ignore[no-redef]

log = logging.getLogger(__name__)

#: ingest-service's path for Airflow alerts.
PATH = "/webhooks/airflow"


class MedicNotifier(BaseNotifier):
    """Alerts Pipeline Medic about a failed dbt task (with its artifacts) or a DAG run that passed."""

    template_fields: Sequence[str] = ("target_dir",)

    def __init__(
        self,
        target_dir: Optional[str] = None,
        conn_id: str = "medic_default",
        deadline_seconds: float = 60.0,
        attempts: int = 4,
    ) -> None:
        """
        :param target_dir: the dbt task's ``target/`` folder (templated: ``{{ ... }}`` with the
            task's context); not needed for astronomer-cosmos tasks given ``keep_artifacts``
        :param conn_id: the Airflow connection to Pipeline Medic
        :param deadline_seconds: the most the callback spends on sending, retries included
        :param attempts: how many times a connection error, 429 or 5xx is tried
        """
        super().__init__()
        self.target_dir = target_dir
        self.conn_id = conn_id
        self.deadline_seconds = deadline_seconds
        self.attempts = attempts

    def notify(self, context: Mapping[str, Any]) -> None:
        try:
            self._notify(context)
        except signed.Refused as refused:
            log.error("Pipeline Medic: %s", refused)
        except Exception as error:  # the task's outcome stands; the alert is what failed
            log.error("Pipeline Medic: the alert was not sent: %s", error)

    def _notify(self, context: Mapping[str, Any]) -> None:
        started = time.monotonic()
        state = state_of(context)
        if state is None:
            log.info("Pipeline Medic: neither a failed task nor a DAG run that succeeded; nothing sent")
            return
        url, secret = self._connection()
        alert = alert_of(context, state)
        fields = {"alert": json.dumps(alert)}
        files = {}
        if state == "failed":
            kept = artifacts.kept_folder(alert["dag_id"], alert["run_id"], alert["task_id"])
            files, missing = artifacts.find(self.target_dir, kept)
            if missing:
                fields["artifacts_missing"] = missing
                log.warning("Pipeline Medic: the alert goes without the dbt artifacts: %s", missing)
        body = signed.multipart(fields, files, secret)
        size = body.size()
        try:
            answer = signed.send(
                url + PATH, body, body.signature, self.deadline_seconds, self.attempts,
                refused_hint=f" (is the password of the Airflow connection {self.conn_id}"
                " ingest-service's Airflow secret?)",
            )
        finally:
            body.delete()
        reply = answer.json()
        log.info(
            "Pipeline Medic took the alert (%d bytes) in %.0f ms: %s %s%s", size,
            (time.monotonic() - started) * 1000, answer.status, reply.get("status", ""),
            f" (incident {reply['incidentId']})" if reply.get("incidentId") else "",
        )

    def _connection(self) -> "tuple[str, str]":
        connection = BaseHook.get_connection(self.conn_id)
        host = (connection.host or "").rstrip("/")
        if not host:
            raise ValueError(f"the Airflow connection {self.conn_id} has no host")
        if "://" not in host:
            host = f"{connection.schema or 'https'}://{host}"
        if connection.port and host.count(":") < 2:
            host = f"{host}:{connection.port}"
        if not connection.password:
            raise ValueError(f"the Airflow connection {self.conn_id} has no password (the secret)")
        return host, connection.password
