"""Helpers for the emulator's own tests: plain httpx clients, a webhook receiver, a file server."""

from __future__ import annotations

import json
import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import httpx
import pytest

from s200desk.emulator import EmulatorServer, ManualClock

MAIN = "@lumenstudio"
# The same instant as the shared `emulator` fixture's clock (tests/conftest.py).
EMULATOR_EPOCH = datetime(2026, 5, 16, 12, 0, tzinfo=UTC)


@pytest.fixture
def api(emulator: EmulatorServer) -> Iterator[httpx.Client]:
    with httpx.Client(
        base_url=emulator.base_url, headers={"Authorization": f"Bearer {emulator.api_key}"},
        trust_env=False,
    ) as client:
        yield client


@pytest.fixture
def site(emulator: EmulatorServer) -> Iterator[httpx.Client]:
    with httpx.Client(
        base_url=emulator.site_url, headers={"Authorization": f"Bearer {emulator.api_key}"},
        trust_env=False,
    ) as client:
        yield client


@pytest.fixture
def make_server() -> Iterator[Callable[..., EmulatorServer]]:
    """Start extra emulators with other settings; every one is stopped afterwards."""
    started: list[EmulatorServer] = []

    def make(**kwargs: Any) -> EmulatorServer:
        kwargs.setdefault("seed", "basic")
        kwargs.setdefault("plan", "agency")
        kwargs.setdefault("clock", ManualClock(EMULATOR_EPOCH))
        kwargs.setdefault("cooldown_seconds", 0)
        server = EmulatorServer(**kwargs).start()
        started.append(server)
        return server

    yield make
    for server in started:
        server.stop()


def client_for(server: EmulatorServer, key: str | None = None) -> httpx.Client:
    return httpx.Client(
        base_url=server.base_url,
        headers={"Authorization": f"Bearer {key or server.api_key}"}, trust_env=False,
    )


def post_body(
    platform: str = "x", text: str = "Hello from the tests", handle: str = MAIN, **post: Any
) -> dict[str, Any]:
    return {"post": {"accountId": handle, "platform": platform, "content": {"text": text}, **post}}


@dataclass
class Receiver:
    """A webhook endpoint on loopback that records what it gets and answers with `statuses`."""

    url: str
    statuses: list[int] = field(default_factory=list)
    received: list[dict[str, Any]] = field(default_factory=list)
    event: threading.Event = field(default_factory=threading.Event)

    def wait_for(self, count: int, timeout: float = 5.0) -> list[dict[str, Any]]:
        import time

        deadline = time.monotonic() + timeout
        while len(self.received) < count and time.monotonic() < deadline:
            self.event.wait(0.05)
            self.event.clear()
        return self.received


@pytest.fixture
def receiver() -> Iterator[Receiver]:
    box: dict[str, Receiver] = {}

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            rec = box["r"]
            body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
            rec.received.append({"headers": dict(self.headers), "body": body,
                                 "json": json.loads(body)})
            status = rec.statuses.pop(0) if rec.statuses else 200
            self.send_response(status)
            self.send_header("Content-Length", "2")
            self.end_headers()
            self.wfile.write(b"OK")
            rec.event.set()

        def log_message(self, *args: Any) -> None:
            pass

    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    box["r"] = Receiver(url=f"http://127.0.0.1:{httpd.server_address[1]}/hook")
    thread = threading.Thread(target=httpd.serve_forever, args=(0.05,), daemon=True)
    thread.start()
    yield box["r"]
    httpd.shutdown()
    httpd.server_close()
    thread.join()
