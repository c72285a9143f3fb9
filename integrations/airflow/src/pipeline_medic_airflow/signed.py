"""A signed multipart request to Pipeline Medic, written to a file and sent with retries.

The body is written once to a temporary file while its HMAC-SHA256 is computed (a 10,000-model
manifest is never held in memory), then sent from the file. Connection errors, 429 and 5xx answers
are retried with exponential backoff within one overall deadline, so that a callback never holds a
worker for long; any other answer is final.
"""

from __future__ import annotations

import hashlib
import http.client
import hmac
import json
import os
import secrets
import tempfile
import time
import urllib.error
import urllib.request
from dataclasses import dataclass
from pathlib import Path
from typing import Mapping, Optional

CHUNK = 1 << 16


@dataclass(frozen=True)
class Answer:
    """What Pipeline Medic answered: the HTTP status and its body (JSON when it is JSON)."""

    status: int
    body: str

    def json(self) -> dict:
        try:
            value = json.loads(self.body)
        except ValueError:
            return {}
        return value if isinstance(value, dict) else {}


class Refused(Exception):
    """Pipeline Medic refused the request for good (a 4xx other than 429): retrying will not help."""

    def __init__(self, answer: Answer, hint: str) -> None:
        reason = answer.json().get("reason") or answer.body.strip()[:200]
        super().__init__(f"Pipeline Medic refused it: {answer.status} {reason}{hint}")
        self.answer = answer


class Unreachable(Exception):
    """Pipeline Medic did not take the request before the deadline."""


@dataclass(frozen=True)
class Body:
    """A multipart/form-data body on disk, with its content type and the HMAC of its bytes."""

    path: Path
    content_type: str
    signature: str

    def size(self) -> int:
        return self.path.stat().st_size

    def delete(self) -> None:
        self.path.unlink(missing_ok=True)


def multipart(
    fields: Mapping[str, str], files: Mapping[str, Path], secret: Optional[str]
) -> Body:
    """Writes ``fields`` and ``files`` as multipart/form-data and signs the bytes with ``secret``."""
    boundary = "medic-" + secrets.token_hex(16)
    mac = hmac.new(secret.encode("utf-8"), digestmod=hashlib.sha256) if secret else None
    handle, name = tempfile.mkstemp(prefix="medic-alert-", suffix=".multipart")
    with os.fdopen(handle, "wb") as out:

        def write(data: bytes) -> None:
            out.write(data)
            if mac is not None:
                mac.update(data)

        for key, value in fields.items():
            write(_part_header(boundary, key, None, "text/plain; charset=utf-8"))
            write(value.encode("utf-8") + b"\r\n")
        for key, path in files.items():
            write(_part_header(boundary, key, path.name, "application/json"))
            with path.open("rb") as source:
                for chunk in iter(lambda: source.read(CHUNK), b""):
                    write(chunk)
            write(b"\r\n")
        write(f"--{boundary}--\r\n".encode("ascii"))
    return Body(
        Path(name),
        f"multipart/form-data; boundary={boundary}",
        mac.hexdigest() if mac is not None else "",
    )


def _part_header(boundary: str, name: str, filename: Optional[str], content_type: str) -> bytes:
    disposition = f'form-data; name="{_quoted(name)}"'
    if filename is not None:
        disposition += f'; filename="{_quoted(filename)}"'
    return (
        f"--{boundary}\r\nContent-Disposition: {disposition}\r\n"
        f"Content-Type: {content_type}\r\n\r\n"
    ).encode("utf-8")


def _quoted(value: str) -> str:
    return value.replace("\\", "\\\\").replace('"', "%22").replace("\r", "").replace("\n", "")


def send(
    url: str,
    body: Body,
    authorization: str,
    deadline_seconds: float,
    attempts: int = 4,
    backoff_seconds: float = 1.0,
    refused_hint: str = "",
) -> Answer:
    """POSTs ``body`` to ``url``; retried as the module says, within ``deadline_seconds`` in all."""
    deadline = time.monotonic() + deadline_seconds
    last = "not tried"
    for attempt in range(attempts):
        remaining = deadline - time.monotonic()
        if remaining <= 0:
            break
        try:
            answer = _post(url, body, authorization, remaining)
        except (urllib.error.URLError, OSError, http.client.HTTPException) as error:
            last = f"{type(error).__name__}: {getattr(error, 'reason', error)}"
        else:
            if answer.status < 400:
                return answer
            if answer.status != 429 and answer.status < 500:
                raise Refused(answer, refused_hint if answer.status == 401 else "")
            last = f"{answer.status} {answer.body.strip()[:200]}"
        pause = min(backoff_seconds * (2**attempt), deadline - time.monotonic())
        if attempt + 1 < attempts and pause > 0:
            time.sleep(pause)
    raise Unreachable(f"Pipeline Medic did not take it at {url}: {last}")


def _post(url: str, body: Body, authorization: str, timeout: float) -> Answer:
    with body.path.open("rb") as data:
        request = urllib.request.Request(
            url,
            data=data,  # http.client sends a file in blocks
            method="POST",
            headers={
                "Content-Type": body.content_type,
                "Content-Length": str(body.size()),
                "Authorization": authorization,
                "User-Agent": "pipeline-medic-airflow/0.1.0",
            },
        )
        try:
            with urllib.request.urlopen(request, timeout=timeout) as response:
                return Answer(response.status, response.read().decode("utf-8", "replace"))
        except urllib.error.HTTPError as error:
            return Answer(error.code, error.read().decode("utf-8", "replace"))
