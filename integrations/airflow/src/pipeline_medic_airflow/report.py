"""``pipeline-medic report``: a dbt Core run from cron or CI, reported with its artifacts.

After ``dbt build`` (failed or not: a passing run ends the job's open incidents)::

    MEDIC_URL=https://medic.example MEDIC_RUNS_TOKEN=... \\
        pipeline-medic report --target-dir target --project shop

posts ``run_results.json``, ``manifest.json`` (and ``sources.json``, ``logs/dbt.log`` when there)
to ingest-service's ``POST /runs`` with the upload token. The token is read from the environment
only, never from a flag another user could see in the process list. Exit status: 0 taken, 1
refused, 2 not reached.
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path
from typing import List, Optional

from pipeline_medic_airflow import artifacts, signed


def _arguments(argv: Optional[List[str]]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="pipeline-medic", description=__doc__.split("\n")[0])
    commands = parser.add_subparsers(dest="command", required=True)
    report = commands.add_parser("report", help="report a dbt Core run with its artifacts")
    report.add_argument("--target-dir", default="target", help="dbt's target folder (default: target)")
    report.add_argument("--project", required=True, help="the dbt project's name")
    report.add_argument("--environment", help="e.g. prod")
    report.add_argument("--job", help="the job's name (default: the project's)")
    report.add_argument(
        "--trigger", default="schedule", choices=["schedule", "manual", "ci"],
        help="why it ran (default: schedule; ci runs never open an incident)",
    )
    report.add_argument("--git-sha")
    report.add_argument("--git-branch")
    report.add_argument("--log", help="dbt's log (default: logs/dbt.log beside the target folder)")
    report.add_argument("--url", default=os.environ.get("MEDIC_URL"), help="ingest-service's base URL ($MEDIC_URL)")
    report.add_argument("--deadline", type=float, default=120.0, help="seconds to keep trying (default: 120)")
    return parser.parse_args(argv)


def main(argv: Optional[List[str]] = None) -> int:
    args = _arguments(argv)
    token = os.environ.get("MEDIC_RUNS_TOKEN")
    if not args.url or not token:
        print("pipeline-medic: set MEDIC_URL (or --url) and MEDIC_RUNS_TOKEN", file=sys.stderr)
        return 2
    target = Path(args.target_dir)
    files = {
        part: target / name for part, name in artifacts.ARTIFACTS.items() if (target / name).is_file()
    }
    log = Path(args.log) if args.log else target.parent / "logs" / "dbt.log"
    if log.is_file():
        files["dbt_log"] = log
    if "run_results" not in files and "dbt_log" not in files:
        print(f"pipeline-medic: no run_results.json in {target} and no dbt log", file=sys.stderr)
        return 1
    fields = {"project": args.project, "trigger": args.trigger}
    for name in ("environment", "job", "git_sha", "git_branch"):
        if getattr(args, name):
            fields[name] = getattr(args, name)
    body = signed.multipart(fields, files, None)
    try:
        answer = signed.send(
            args.url.rstrip("/") + "/runs", body, "Bearer " + token, args.deadline,
            refused_hint=" (is MEDIC_RUNS_TOKEN ingest-service's upload token?)",
        )
    except signed.Refused as refused:
        print(f"pipeline-medic: {refused}", file=sys.stderr)
        return 1
    except signed.Unreachable as unreachable:
        print(f"pipeline-medic: {unreachable}", file=sys.stderr)
        return 2
    finally:
        body.delete()
    reply = answer.json()
    print(
        f"pipeline-medic: {answer.status} {reply.get('status', '')}"
        + (f" incident {reply['incidentId']}" if reply.get("incidentId") else "")
        + (f": {reply['reason']}" if reply.get("reason") else "")
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
