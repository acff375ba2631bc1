"""Switchable fault injection for the public API, decided by a seeded random generator."""

from __future__ import annotations

import asyncio
import json
import random
import threading
from dataclasses import asdict, dataclass, fields
from typing import Any

from starlette.types import ASGIApp, Message, Receive, Scope, Send

PUBLIC_PREFIXES = ("/functions/v1/", "/api/")


@dataclass
class Faults:
    """Probabilities (0..1) per request, and a fixed latency in milliseconds."""

    error_rate: float = 0.0
    drop_rate: float = 0.0
    latency_ms: float = 0.0
    malformed_rate: float = 0.0
    burst_429_rate: float = 0.0
    queue_fail_rate: float = 0.0
    publish_fail_rate: float = 0.0

    def as_json(self) -> dict[str, float]:
        return asdict(self)

    def update(self, **changes: Any) -> None:
        names = {f.name for f in fields(self)}
        for key, value in changes.items():
            if key not in names:
                raise ValueError(f"unknown fault {key!r}; one of {', '.join(sorted(names))}")
            number = float(value)
            if key != "latency_ms" and not 0.0 <= number <= 1.0:
                raise ValueError(f"{key} must be between 0 and 1")
            if number < 0:
                raise ValueError(f"{key} must not be negative")
            setattr(self, key, number)


class FaultDice:
    """One seeded generator so a run with the same seed injects the same faults."""

    def __init__(self, seed: int) -> None:
        self._rng = random.Random(seed)
        self._lock = threading.Lock()

    def roll(self, rate: float) -> bool:
        if rate <= 0:
            return False
        with self._lock:
            return self._rng.random() < rate


class ConnectionDropped(Exception):
    """Raised after a partial body so the server closes the connection mid-response."""


def _json_error(status: int, code: str, message: str, extra: dict[str, str] | None = None) -> tuple[
    int, list[tuple[bytes, bytes]], bytes
]:
    body = json.dumps({"success": False, "error": message, "code": code}).encode()
    headers = [(b"content-type", b"application/json"), (b"content-length", str(len(body)).encode())]
    for k, v in (extra or {}).items():
        headers.append((k.lower().encode(), v.encode()))
    return status, headers, body


class FaultMiddleware:
    """Latency, then refusals that do nothing (500, 429), then damage after the work is done."""

    def __init__(self, app: ASGIApp, faults: Faults, dice: FaultDice) -> None:
        self.app = app
        self.faults = faults
        self.dice = dice

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or not scope["path"].startswith(PUBLIC_PREFIXES):
            await self.app(scope, receive, send)
            return
        f = self.faults
        if f.latency_ms > 0:
            await asyncio.sleep(f.latency_ms / 1000)
        if self.dice.roll(f.burst_429_rate):
            await self._send(send, *_json_error(
                429, "rate_limited", "Too many requests; slow down", {"Retry-After": "1"}
            ))
            return
        if self.dice.roll(f.error_rate):
            await self._send(send, *_json_error(500, "internal_error", "Internal server error"))
            return
        drop = self.dice.roll(f.drop_rate)
        malformed = not drop and self.dice.roll(f.malformed_rate)
        if not (drop or malformed):
            await self.app(scope, receive, send)
            return
        start: Message = {}
        chunks: list[bytes] = []

        async def capture(message: Message) -> None:
            nonlocal start
            if message["type"] == "http.response.start":
                start = message
            elif message["type"] == "http.response.body":
                chunks.append(message.get("body", b""))

        await self.app(scope, receive, capture)
        body = b"".join(chunks)
        if malformed:
            junk = b"<html><body><h1>502 Bad Gateway</h1>upstream hiccup</body></html>"
            await self._send(send, 200, [(b"content-type", b"application/json"),
                                         (b"content-length", str(len(junk)).encode())], junk)
            return
        headers = [(k, v) for k, v in start.get("headers", []) if k.lower() != b"content-length"]
        full = max(len(body), 64)
        headers.append((b"content-length", str(full).encode()))
        await send({"type": "http.response.start", "status": start.get("status", 200),
                    "headers": headers})
        await send({"type": "http.response.body", "body": body[: len(body) // 2],
                    "more_body": True})
        raise ConnectionDropped("injected: connection dropped after the write was committed")

    @staticmethod
    async def _send(
        send: Send, status: int, headers: list[tuple[bytes, bytes]], body: bytes
    ) -> None:
        await send({"type": "http.response.start", "status": status, "headers": headers})
        await send({"type": "http.response.body", "body": body})
