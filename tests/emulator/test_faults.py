"""Fault injection: each kind, switched at start and at runtime, never on admin or media routes."""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from datetime import timedelta

import httpx
import pytest

from s200desk.emulator import EmulatorServer, Faults

from .conftest import client_for, post_body

# Every date here is on the emulator's manual clock (EMULATOR_EPOCH, 2026-05-16 12:00 UTC, set by
# the `api` and `make_server` fixtures of tests/emulator/conftest.py) or data sent to it, never
# the real clock: this file passes at any date (checked with faketime +400d, +3y and +10y).


def set_faults(emulator: EmulatorServer, **faults: float) -> dict[str, float]:
    resp = httpx.post(f"{emulator.site_url}/__admin/faults", json=faults)
    assert resp.status_code == 200
    return dict(resp.json())


def stored(emulator: EmulatorServer) -> int:
    return int(httpx.get(f"{emulator.site_url}/__admin/posts").json()["total"])


def test_error_rate_does_nothing(emulator: EmulatorServer, api: httpx.Client) -> None:
    before = stored(emulator)
    set_faults(emulator, error_rate=1)
    resp = api.post("/api-posts", json=post_body())
    assert resp.status_code == 500 and resp.json()["code"] == "internal_error"
    assert stored(emulator) == before


def test_burst_429_does_nothing(emulator: EmulatorServer, api: httpx.Client) -> None:
    before = stored(emulator)
    set_faults(emulator, burst_429_rate=1)
    resp = api.post("/api-posts", json=post_body())
    assert resp.status_code == 429 and resp.headers["retry-after"] == "1"
    assert resp.json()["code"] == "rate_limited"
    assert stored(emulator) == before


class _Records(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.records: list[logging.LogRecord] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append(record)


def test_drop_commits_then_cuts_the_connection(
    emulator: EmulatorServer, api: httpx.Client
) -> None:
    before = stored(emulator)
    set_faults(emulator, drop_rate=1)
    noise = _Records()
    logging.getLogger("uvicorn.error").addHandler(noise)  # uvicorn's loggers do not propagate
    with pytest.raises(httpx.RemoteProtocolError):
        api.post("/api-posts", json=post_body(text="dropped but stored"))
    assert stored(emulator) == before + 1
    with pytest.raises(httpx.RemoteProtocolError):
        api.get("/api-posts")
    set_faults(emulator, drop_rate=0)
    assert api.get("/api-posts").json()["posts"][0]["caption"] == "dropped but stored"
    logging.getLogger("uvicorn.error").removeHandler(noise)
    assert noise.records == []


def test_malformed_commits_then_answers_garbage(
    emulator: EmulatorServer, api: httpx.Client
) -> None:
    before = stored(emulator)
    set_faults(emulator, malformed_rate=1)
    resp = api.post("/api-posts", json=post_body())
    assert resp.status_code == 200
    with pytest.raises(ValueError):
        resp.json()
    assert stored(emulator) == before + 1


def test_latency(emulator: EmulatorServer, api: httpx.Client) -> None:
    set_faults(emulator, latency_ms=300)
    started = time.perf_counter()
    assert api.get("/api-posts").status_code == 200
    assert time.perf_counter() - started >= 0.3
    # admin routes are not delayed: with 5 s of latency a 2.5 s timeout would trip
    set_faults(emulator, latency_ms=5000)
    assert httpx.get(f"{emulator.site_url}/__admin/faults", timeout=2.5).status_code == 200
    set_faults(emulator, latency_ms=0)


def test_admin_and_media_are_never_faulted(emulator: EmulatorServer) -> None:
    set_faults(emulator, error_rate=1, burst_429_rate=1)
    assert httpx.get(f"{emulator.site_url}/__admin/posts").status_code == 200
    assert httpx.put(f"{emulator.site_url}/__media/a.txt", content=b"hi").status_code == 201
    assert httpx.get(f"{emulator.site_url}/__media/a.txt").content == b"hi"


def test_admin_faults_validation_and_readback(emulator: EmulatorServer) -> None:
    assert httpx.post(f"{emulator.site_url}/__admin/faults", json={"nope": 1}).status_code == 400
    assert httpx.post(f"{emulator.site_url}/__admin/faults",
                      json={"error_rate": 2}).status_code == 400
    got = set_faults(emulator, error_rate=0.25)
    assert got["error_rate"] == 0.25 and got["drop_rate"] == 0
    assert httpx.get(f"{emulator.site_url}/__admin/faults").json() == got


def test_seeded_faults_repeat(make_server: Callable[..., EmulatorServer]) -> None:
    runs = []
    for _ in range(2):
        server = make_server(faults=Faults(error_rate=0.5), seed_random=7)
        with client_for(server) as api:
            runs.append([api.get("/api-posts").status_code for _ in range(30)])
    assert runs[0] == runs[1] and 500 in runs[0] and 200 in runs[0]


def test_publish_failures(emulator: EmulatorServer, api: httpx.Client) -> None:
    set_faults(emulator, publish_fail_rate=1)
    resp = api.post("/api-posts", json=post_body())
    assert resp.status_code == 500 and resp.json()["code"] == "publish_failed"
    failed = api.get(f"/api-posts/{resp.json()['post_id']}").json()
    assert failed["status"] == "failed" and failed["error_code"] == "PUBLISH_FAILED"
    later = api.post("/api-posts", json=post_body(scheduledFor="2026-05-16T12:01:00Z"))
    assert later.status_code == 200
    emulator.advance(timedelta(minutes=1))
    assert api.get(f"/api-posts/{later.json()['post_id']}").json()["status"] == "failed"
