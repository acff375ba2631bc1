"""Clients pointed at the real emulator over loopback, and an admin helper."""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator
from typing import Any, TypedDict

import httpx
import pytest

from s200desk.api import AsyncStatus200Client, Status200Client


class Fast(TypedDict):
    initial_retry_delay: float
    max_retry_delay: float
    max_retry_after: float


# Fast retries so fault tests take milliseconds, not seconds (Retry-After: 1 is capped too).
FAST: Fast = {"initial_retry_delay": 0.01, "max_retry_delay": 0.05, "max_retry_after": 0.05}


class Admin:
    """The emulator's `/__admin/` endpoints (no auth, never faulted)."""

    def __init__(self, site_url: str) -> None:
        self.http = httpx.Client(base_url=f"{site_url}/__admin", timeout=10)

    def posts(self) -> list[dict[str, Any]]:
        response = self.http.get("/posts")
        response.raise_for_status()
        posts: list[dict[str, Any]] = response.json()["posts"]
        return posts

    def count(self) -> int:
        return len(self.posts())


class Counter:
    """Counts the requests an httpx client really sends."""

    def __init__(self) -> None:
        self.sent: list[str] = []

    def sync(self, request: httpx.Request) -> None:
        self.sent.append(f"{request.method} {request.url.path}")

    async def asyn(self, request: httpx.Request) -> None:
        self.sync(request)


@pytest.fixture
def admin(emulator: Any) -> Iterator[Admin]:
    helper = Admin(emulator.site_url)
    yield helper
    helper.http.close()


@pytest.fixture
def counter() -> Counter:
    return Counter()


@pytest.fixture
async def client(emulator: Any, counter: Counter) -> AsyncIterator[AsyncStatus200Client]:
    http = httpx.AsyncClient(timeout=10, event_hooks={"request": [counter.asyn]})
    api = AsyncStatus200Client(
        api_key=emulator.api_key, base_url=emulator.base_url, site_url=emulator.site_url,
        max_retries=3, http_client=http, **FAST,
    )  # fmt: skip
    yield api
    await api.close()
    await http.aclose()


@pytest.fixture
def sync_client(emulator: Any, counter: Counter) -> Iterator[Status200Client]:
    http = httpx.Client(timeout=10, event_hooks={"request": [counter.sync]})
    api = Status200Client(
        api_key=emulator.api_key, base_url=emulator.base_url, site_url=emulator.site_url,
        max_retries=3, http_client=http, **FAST,
    )  # fmt: skip
    yield api
    api.close()
    http.close()
