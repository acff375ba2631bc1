"""Pacing against the real emulator over loopback: 429s never count, and N posts to a platform
with a cooldown cost N requests (plus the two 429s in a row that show the cooldown), not N plus
a bounce for nearly every post.

The emulator's clock runs in real time here (from the fixed epoch), since its cooldown is
measured on it. Request counts come from the emulator's own tally; wall time is the perf
benchmark's business (tests/perf/bench_import_reliability.py --cooldown).
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Iterator
from datetime import UTC, datetime, timedelta
from typing import Any

import httpx
import pytest

from s200desk.api import AsyncStatus200Client
from s200desk.emulator import EmulatorServer, ScaledClock
from s200desk.services.outbox import BackoffPolicy, IntentState, OutboxService, PostSpec
from s200desk.store.database import Database
from s200desk.store.timefmt import to_utc_iso

# Same instant as tests/conftest.py's EMULATOR_EPOCH (tests/ is not a package to import from).
EMULATOR_EPOCH = datetime(2026, 5, 16, 12, 0, tzinfo=UTC)
HANDLE = "@lumenstudio"
CREATE = ("POST", "/functions/v1/api-posts")  # the legacy endpoint, the one with a cooldown
COOLDOWN = 0.2  # the emulator answers Retry-After in whole seconds: 1 here
FAST = BackoffPolicy(base=0.02, cap=0.1, cooldown=0.1)


@pytest.fixture
def paced_emulator() -> Iterator[EmulatorServer]:
    server = EmulatorServer(
        seed="basic", plan="agency", clock=ScaledClock(1.0, start=EMULATOR_EPOCH),
        cooldown_seconds=COOLDOWN,
    )  # fmt: skip
    server.start()
    try:
        yield server
    finally:
        server.stop()


@pytest.fixture
async def client(paced_emulator: EmulatorServer) -> AsyncIterator[AsyncStatus200Client]:
    c = AsyncStatus200Client(
        api_key=paced_emulator.api_key, base_url=paced_emulator.base_url,
        site_url=paced_emulator.site_url, timeout=5.0, max_retries=3,
        initial_retry_delay=0.01, max_retry_delay=0.05,
    )  # fmt: skip
    yield c
    await c.close()



def tomorrow(server: EmulatorServer, minutes: int = 0) -> str:
    when = server.clock.now() + timedelta(days=1, minutes=minutes)
    return to_utc_iso(when.replace(microsecond=0)) or ""


def spec(server: EmulatorServer, platform: str, text: str, minutes: int = 0) -> PostSpec:
    return PostSpec(
        account_id=HANDLE, platform=platform, text=text,
        scheduled_for=tomorrow(server, minutes),
    )  # fmt: skip


def captions_on_server(server: EmulatorServer, token: str) -> list[str]:
    posts = httpx.get(f"{server.site_url}/__admin/posts", timeout=10).json()["posts"]
    return [p["caption"] for p in posts if token in (p.get("caption") or "")]


class FaultSequence:
    """The client, but the emulator injects ``faults[n]`` into the n-th create (then none)."""

    def __init__(self, client: AsyncStatus200Client, server: EmulatorServer,
                 faults: list[dict[str, float]]) -> None:
        self._client = client
        self._server = server
        self._faults = list(faults)
        self.posts = self

    def __getattr__(self, name: str) -> Any:
        if name in {"list", "get", "cancel", "create_v2"}:
            return getattr(self._client.posts, name)
        return getattr(self._client, name)

    async def create(self, **kwargs: Any) -> Any:
        fault = self._faults.pop(0) if self._faults else {}
        self._server.set_faults(**fault)
        try:
            return await self._client.posts.create(**kwargs)
        finally:
            self._server.set_faults(**dict.fromkeys(fault, 0.0))


async def test_a_429_never_counts_toward_giving_up(
    paced_emulator: EmulatorServer, client: AsyncStatus200Client, db: Database
) -> None:
    # Two tries allowed; three 429s, then a 500 (ambiguous: looked up, not there, sent again).
    # Had the 429s counted, the 500 would have found the intent at its limit: needs_attention.
    policy = BackoffPolicy(base=0.02, cap=0.1, cooldown=0.1, max_attempts=2)
    burst = {"burst_429_rate": 1.0}
    flaky = FaultSequence(client, paced_emulator, [burst, burst, burst, {"error_rate": 1.0}])
    service = OutboxService(db, flaky, policy=policy)
    await service.submit_posts([spec(paced_emulator, "x", "not yet notyet-1")], group_id="g")
    assert await asyncio.wait_for(service.drain("g"), 30) == {"done": 1}
    (intent,) = await service.list(group_id="g")
    assert intent.attempts == 2  # the 500 and the send that worked; no 429
    assert paced_emulator.request_count(*CREATE, status=429) == 3
    assert paced_emulator.request_count(*CREATE, status=500) == 1
    assert captions_on_server(paced_emulator, "notyet-1") == ["not yet notyet-1"]


async def test_posts_to_one_platform_keep_to_its_cooldown_instead_of_bouncing(
    paced_emulator: EmulatorServer, client: AsyncStatus200Client, db: Database
) -> None:
    n = 5
    service = OutboxService(db, client, policy=FAST)
    specs = [spec(paced_emulator, platform, f"paced {platform} {i} pacetok", minutes=i)
             for platform in ("x", "linkedin") for i in range(n)]
    await service.submit_posts(specs, group_id="g")
    assert await asyncio.wait_for(service.drain("g"), 60) == {"done": 2 * n}
    for platform in ("x", "linkedin"):
        # n posts, and two 429s: the second and third posts, each sent at once, show the
        # cooldown (one 429 alone could be a one-off); the rest keep to it.
        assert paced_emulator.request_count(*CREATE, platform=platform, status=200) == n
        assert paced_emulator.request_count(*CREATE, platform=platform, status=429) == 2
        assert paced_emulator.request_count(*CREATE, platform=platform) == n + 2
    intents = await service.list(group_id="g")
    assert all(i.state is IntentState.DONE and i.attempts == 1 for i in intents)
    assert len(captions_on_server(paced_emulator, "pacetok")) == 2 * n
    # What it learnt: the Retry-After (whole seconds) plus the moment it came after our post.
    assert 1.0 <= service.sender.pacer.cooldown("x") < 1.5
