"""The signed multipart body and its sending: bytes, signature, retries, the deadline."""

from __future__ import annotations

import hashlib
import hmac
import time
from pathlib import Path

import pytest

from conftest import SECRET
from pipeline_medic_airflow import signed


def test_the_body_carries_each_part_and_is_signed_over_every_byte(tmp_path: Path, medic) -> None:
    manifest = tmp_path / "manifest.json"
    manifest.write_bytes(b'{"nodes": {}}' * 10_000)
    body = signed.multipart({"alert": '{"dag_id": "d"}'}, {"manifest": manifest}, SECRET)

    raw = body.path.read_bytes()
    assert body.signature == hmac.new(SECRET.encode(), raw, hashlib.sha256).hexdigest()
    answer = signed.send(medic.url + "/webhooks/airflow", body, body.signature, 10)

    assert answer.status == 202
    received = medic.requests[0]
    assert received.parts["alert"] == b'{"dag_id": "d"}'
    assert received.parts["manifest"] == manifest.read_bytes()
    assert received.filenames["manifest"] == "manifest.json"
    body.delete()
    assert not body.path.exists()


def test_a_name_cannot_break_out_of_its_header(tmp_path: Path) -> None:
    body = signed.multipart({'a"\r\nX-Evil: 1': "v"}, {}, SECRET)
    assert b"\r\nX-Evil" not in body.path.read_bytes()
    body.delete()


def test_a_503_is_retried_and_a_401_is_final(tmp_path: Path, medic) -> None:
    body = signed.multipart({"alert": "{}"}, {}, SECRET)
    medic.answers = [503, 429, 202]
    assert signed.send(medic.url + "/x", body, body.signature, 30, backoff_seconds=0.05).status == 202
    assert len(medic.requests) == 3

    medic.answers = [401]
    with pytest.raises(signed.Refused, match="401 signature does not match the body — check it"):
        signed.send(medic.url + "/x", body, "wrong", 30, refused_hint=" — check it")
    assert len(medic.requests) == 4


def test_nothing_holds_the_worker_past_the_deadline(tmp_path: Path, medic) -> None:
    body = signed.multipart({"alert": "{}"}, {}, SECRET)
    medic.delay = 5
    started = time.monotonic()
    with pytest.raises(signed.Unreachable):
        signed.send(medic.url + "/x", body, body.signature, 1.0, attempts=5, backoff_seconds=0.1)
    assert time.monotonic() - started < 2.5


def test_nobody_listening_is_unreachable_after_the_attempts(tmp_path: Path) -> None:
    body = signed.multipart({"alert": "{}"}, {}, SECRET)
    with pytest.raises(signed.Unreachable, match="did not take it"):
        signed.send("http://127.0.0.1:9/x", body, "", 5, attempts=2, backoff_seconds=0.01)
