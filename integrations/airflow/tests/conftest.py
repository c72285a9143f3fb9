"""A local stand-in for ingest-service's two endpoints, as the tests' Pipeline Medic."""

from __future__ import annotations

import hashlib
import hmac
import json
import threading
from email.parser import BytesParser
from email.policy import HTTP
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Dict, Iterator, List

import pytest

SECRET = "test-airflow-secret"
TOKEN = "test-runs-token"


class Received:
    """A request the stand-in took: its path, headers, raw body and parts (name: bytes)."""

    def __init__(self, path: str, headers: Dict[str, str], body: bytes) -> None:
        self.path = path
        self.headers = headers
        self.body = body
        message = BytesParser(policy=HTTP).parsebytes(
            f"Content-Type: {headers.get('Content-Type', '')}\r\n\r\n".encode() + body
        )
        self.parts = {
            part.get_param("name", header="content-disposition"): part.get_payload(decode=True)
            for part in message.iter_parts()
        } if message.is_multipart() else {}
        self.filenames = {
            part.get_param("name", header="content-disposition"): part.get_filename()
            for part in message.iter_parts()
        } if message.is_multipart() else {}

    def alert(self) -> dict:
        return json.loads(self.parts["alert"])


class StandIn:
    """ingest-service as the tests need it: answers scripted per request, the rest 202."""

    def __init__(self) -> None:
        self.requests: List[Received] = []
        self.answers: List[int] = []
        self.delay = 0.0
        stand_in = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:  # noqa: N802
                body = self.rfile.read(int(self.headers["Content-Length"]))
                received = Received(self.path, dict(self.headers), body)
                stand_in.requests.append(received)
                if stand_in.delay:
                    threading.Event().wait(stand_in.delay)
                status = stand_in.answers.pop(0) if stand_in.answers else None
                if status is None:
                    status = stand_in.verdict(received)
                answer = {"status": "accepted", "incidentId": "inc-1"} if status == 202 else {
                    "status": "rejected", "reason": "signature does not match the body"}
                data = json.dumps(answer).encode()
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            def log_message(self, *args: object) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_port}"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    @staticmethod
    def verdict(received: Received) -> int:
        if received.path == "/runs":
            return 202 if received.headers.get("Authorization") == f"Bearer {TOKEN}" else 401
        expected = hmac.new(SECRET.encode(), received.body, hashlib.sha256).hexdigest()
        return 202 if hmac.compare_digest(expected, received.headers.get("Authorization", "")) else 401


@pytest.fixture
def medic() -> Iterator[StandIn]:
    stand_in = StandIn()
    yield stand_in
    stand_in.server.shutdown()
