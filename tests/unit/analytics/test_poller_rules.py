"""The poller's rules against a scripted client: 404, 429, errors, auth, concurrency, bus."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest

from s200desk.api.errors import (
    AuthenticationError,
    InternalServerError,
    NotFoundError,
    RateLimitError,
)
from s200desk.services.analytics import EngagementPoller
from s200desk.store import Database, PostsRepo

from .samples import T0
from .test_repo_and_export import api_post


class Clock:
    def __init__(self, now: datetime) -> None:
        self.now = now

    def __call__(self) -> datetime:
        return self.now


@dataclass
class ScriptedAnalytics:
    answer: Callable[[str], Any]
    delay: float = 0.0

    def __post_init__(self) -> None:
        self.calls: list[str] = []

    async def get(self, post_id: str) -> Any:
        self.calls.append(post_id)
        if self.delay:
            await asyncio.sleep(self.delay)
        result = self.answer(post_id)
        if isinstance(result, BaseException):
            raise result
        return result


def metrics(post_id: str, views: int, at: datetime | None = None) -> Any:
    return SimpleNamespace(
        post_id=post_id, platform="tiktok", polled_at=at,
        metrics=SimpleNamespace(views=views, likes=views // 10, comments=None, shares=1, saves=2),
    )


def err(cls: type[Exception], status: int, **kw: Any) -> Exception:
    return cls("nope", status_code=status, **kw)


class Bus:
    def __init__(self) -> None:
        self.changes: list[Any] = []

    def publish(self, change: Any) -> None:
        self.changes.append(change)


@pytest.fixture
async def db(tmp_path: Path) -> AsyncIterator[Database]:
    database = await Database.open_async(tmp_path / "cache.sqlite3")
    await PostsRepo(database).upsert_many(
        [api_post(f"t{n}", "tiktok", "@one", -n) for n in range(6)]
        + [api_post("i0", "instagram", "@two", -1), api_post("old", "x", "@x", -24 * 200)]
    )
    yield database
    await database.aclose()


def poller(db: Database, analytics: ScriptedAnalytics, clock: Clock, **kw: Any) -> EngagementPoller:
    return EngagementPoller(SimpleNamespace(analytics=analytics), db, clock=clock, **kw)


async def test_first_cycle_polls_every_published_post_even_old_ones(db: Database) -> None:
    clock = Clock(T0)
    fake = ScriptedAnalytics(lambda pid: metrics(pid, 100))
    bus = Bus()
    p = poller(db, fake, clock, bus=bus)
    report = await p.poll_due()
    assert sorted(fake.calls) == sorted(["t0", "t1", "t2", "t3", "t4", "t5", "i0", "old"])
    assert report.stored == 8
    snap = (await p.repo.latest(["t0"]))["t0"]
    got = (snap.polled_at, snap.views, snap.likes, snap.comments, snap.saves)
    assert got == (T0, 100, 10, 0, 2)
    states = await p.repo.poll_states()
    assert states["t0"].next_due_at == T0 + timedelta(minutes=15)
    assert states["old"].next_due_at is None  # past the horizon: one reading, then never again
    assert bus.changes and bus.changes[0].kind == "analytics"
    # Nothing is due a minute later; the next wake-up is the young posts' 15 minutes.
    clock.now = T0 + timedelta(minutes=1)
    assert (await p.poll_due()).attempted == 0
    assert await p.next_wakeup() == T0 + timedelta(minutes=15)


async def test_404_is_no_metrics_yet_not_an_error(db: Database) -> None:
    clock = Clock(T0)
    fake = ScriptedAnalytics(lambda pid: err(NotFoundError, 404))
    p = poller(db, fake, clock)
    report = await p.poll_due()
    assert report.no_metrics == 8 and report.failed == 0 and report.stored == 0
    state = (await p.repo.poll_states())["t0"]
    assert (state.last_outcome, state.failures) == ("no_metrics", 0)
    assert state.next_due_at == T0 + timedelta(minutes=15)
    assert p.status.last_error is None


async def test_errors_back_off_exponentially(db: Database) -> None:
    clock = Clock(T0)
    fake = ScriptedAnalytics(lambda pid: err(InternalServerError, 500))
    p = poller(db, fake, clock)
    waits = []
    for _ in range(4):
        await p.poll_due()
        state = (await p.repo.poll_states())["t0"]
        waits.append(state.next_due_at - clock.now)  # type: ignore[operator]
        clock.now = state.next_due_at  # type: ignore[assignment]
    assert waits == [timedelta(minutes=m) for m in (1, 2, 4, 8)]
    assert state.failures == 4 and state.last_outcome == "error"
    assert p.status.last_error is not None
    fake.answer = lambda pid: metrics(pid, 5)
    await p.poll_due()
    assert (await p.repo.poll_states())["t0"].failures == 0


async def test_429_pauses_that_platform_for_retry_after(db: Database) -> None:
    clock = Clock(T0)

    def answer(pid: str) -> Any:
        if pid.startswith("t"):
            return err(RateLimitError, 429, retry_after=120.0)
        return metrics(pid, 7)

    fake = ScriptedAnalytics(answer)
    p = poller(db, fake, clock, concurrency=1)
    report = await p.poll_due()
    assert report.rate_limited == ["tiktok"]
    # Only one tiktok request: the rest of tiktok waits; other platforms went on.
    assert [c for c in fake.calls if c.startswith("t")] == ["t0"]
    assert {"i0", "old"} <= set(fake.calls)
    assert p.paused_until["tiktok"] == T0 + timedelta(seconds=120)
    clock.now = T0 + timedelta(seconds=60)
    fake.calls.clear()
    await p.poll_due()
    assert not [c for c in fake.calls if c.startswith("t")]
    assert await p.next_wakeup() == T0 + timedelta(seconds=120)
    clock.now = T0 + timedelta(seconds=120)
    fake.answer = lambda pid: metrics(pid, 9)
    report = await p.poll_due()
    assert sorted(c for c in fake.calls if c.startswith("t")) == [f"t{n}" for n in range(6)]


async def test_a_refused_key_stops_the_cycle(db: Database) -> None:
    fake = ScriptedAnalytics(lambda pid: err(AuthenticationError, 401))
    p = poller(db, fake, Clock(T0), concurrency=1)
    report = await p.poll_due()
    assert report.auth_failed and len(fake.calls) == 1
    assert "refused" in (p.status.last_error or "")
    assert await p.repo.poll_states() == {}


async def test_concurrency_is_bounded(db: Database) -> None:
    fake = ScriptedAnalytics(lambda pid: metrics(pid, 1), delay=0.01)
    p = poller(db, fake, Clock(T0), concurrency=3)
    await p.poll_due()
    assert len(fake.calls) == 8 and p.max_in_flight == 3


async def test_max_per_cycle_takes_the_youngest_first(db: Database) -> None:
    fake = ScriptedAnalytics(lambda pid: metrics(pid, 1))
    p = poller(db, fake, Clock(T0), max_per_cycle=3)
    await p.poll_due()
    assert sorted(fake.calls) == ["i0", "t0", "t1"]


async def test_run_sleeps_until_the_next_due_time(db: Database) -> None:
    clock = Clock(T0)
    sleeps: list[float] = []

    async def sleep(seconds: float) -> None:
        sleeps.append(seconds)
        clock.now += timedelta(seconds=seconds)
        if len(sleeps) == 3:
            raise asyncio.CancelledError

    fake = ScriptedAnalytics(lambda pid: metrics(pid, len(sleeps)))
    p = poller(db, fake, clock, sleep=sleep, max_sleep=3600)
    with pytest.raises(asyncio.CancelledError):
        await p.run()
    assert sleeps == [900.0, 900.0, 900.0]
    assert len(await p.repo.series("t0")) == 3
    assert len(await p.repo.series("old")) == 1
    assert not p.status.running
