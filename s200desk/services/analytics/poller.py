"""Polls poll-engagement for published posts when they are due and keeps every answer.

The API only tells a post's current numbers, so history exists only if we ask repeatedly and
store each answer: one :class:`Snapshot` per answer. Which posts are due comes from the store
(published posts of the cache, synced by the sync service) and :class:`PollSchedule`; the time
comes from an injected clock so tests can run days of polling in milliseconds.

Rules: at most ``concurrency`` requests at once and ``max_per_cycle`` per cycle; a 404 means
"no metrics yet" and is not a failure; a 429 pauses that platform for Retry-After; a refused key
stops the cycle (nothing else will work); other failures back off per post.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from typing import Any, Protocol

from s200desk.api.errors import (
    AuthenticationError,
    NotFoundError,
    PermissionDeniedError,
    RateLimitError,
    Status200Error,
)
from s200desk.services import events
from s200desk.services.analytics.schedule import PollSchedule
from s200desk.services.events import Change
from s200desk.services.scheduling import utc_now
from s200desk.services.user_words import describe_error
from s200desk.store.analytics_repo import AnalyticsRepo, PollCandidate, PollState, Snapshot
from s200desk.store.database import Database

log = logging.getLogger(__name__)

Clock = Callable[[], datetime]
Sleep = Callable[[float], Awaitable[None]]

# The kind of change published on the ChangeBus when new snapshots were stored.
ANALYTICS_CHANGED = "analytics"


class _AnalyticsResource(Protocol):
    async def get(self, post_id: str) -> Any: ...


class AnalyticsClient(Protocol):
    """What the poller needs of ``AsyncStatus200Client``."""

    @property
    def analytics(self) -> _AnalyticsResource: ...


@dataclass
class PollReport:
    """What one cycle did."""

    started_at: datetime
    attempted: int = 0
    stored: int = 0  # new snapshots
    no_metrics: int = 0  # 404: published but not measured yet
    failed: int = 0
    rate_limited: list[str] = field(default_factory=list)  # platforms paused by a 429
    auth_failed: bool = False
    post_ids: list[str] = field(default_factory=list)  # posts that got a new snapshot


@dataclass
class PollerStatus:
    """What the UI shows about polling."""

    running: bool = False
    polling: bool = False
    last_cycle_at: datetime | None = None
    last_report: PollReport | None = None
    last_error: str | None = None  # plain words, for a banner; None when all is well


def due_posts(
    candidates: Sequence[PollCandidate],
    now: datetime,
    paused_until: dict[str, datetime] | None = None,
) -> list[PollCandidate]:
    """The posts to poll now, youngest first: never polled, or their due time has come, and
    their platform is not paused by a 429."""
    paused = paused_until or {}
    due = [
        c
        for c in candidates
        if (c.state is None or (c.state.next_due_at is not None and c.state.next_due_at <= now))
        and not (c.platform in paused and paused[c.platform] > now)
    ]
    due.sort(key=lambda c: c.published_at, reverse=True)
    return due


def next_wakeup(
    candidates: Sequence[PollCandidate],
    now: datetime,
    paused_until: dict[str, datetime] | None = None,
) -> datetime | None:
    """The earliest moment any post becomes due (a paused platform's posts: when it resumes)."""
    paused = paused_until or {}
    best: datetime | None = None
    for c in candidates:
        if c.state is None:
            when = now
        elif c.state.next_due_at is None:
            continue
        else:
            when = c.state.next_due_at
        resume = paused.get(c.platform)
        if resume is not None and resume > when:
            when = resume
        if best is None or when < best:
            best = when
    return best


def snapshot_from(result: Any, candidate: PollCandidate, asked_at: datetime) -> Snapshot:
    """A snapshot of an ``Analytics`` answer; missing counters count as 0."""
    metrics = getattr(result, "metrics", None)

    def count(name: str) -> int:
        value = getattr(metrics, name, None)
        return int(value) if value is not None else 0

    polled = getattr(result, "polled_at", None) or asked_at
    if polled.tzinfo is None:
        polled = polled.replace(tzinfo=UTC)
    platform = getattr(result, "platform", None) or candidate.platform
    return Snapshot(
        post_id=candidate.post_id,
        platform=str(getattr(platform, "value", platform)),
        account_id=candidate.account_id,
        polled_at=polled.astimezone(UTC),
        views=count("views"),
        likes=count("likes"),
        comments=count("comments"),
        shares=count("shares"),
        saves=count("saves"),
    )


class EngagementPoller:
    """Polls due posts (``poll_due``) or runs forever (``run``) and stores snapshots."""

    def __init__(
        self,
        client: AnalyticsClient,
        db: Database,
        *,
        bus: Any | None = None,
        clock: Clock = utc_now,
        schedule: PollSchedule | None = None,
        concurrency: int = 4,
        max_per_cycle: int = 200,
        min_sleep: float = 5.0,
        max_sleep: float = 300.0,
        sleep: Sleep | None = None,
    ) -> None:
        if concurrency < 1:
            raise ValueError("concurrency must be at least 1")
        self._client = client
        self.repo = AnalyticsRepo(db)
        self._bus = bus
        self._clock = clock
        self.schedule = schedule or PollSchedule()
        self._concurrency = concurrency
        self._max_per_cycle = max_per_cycle
        self._min_sleep = min_sleep
        self._max_sleep = max_sleep
        self._sleep = sleep
        self.paused_until: dict[str, datetime] = {}
        self.status = PollerStatus()
        self._lock = asyncio.Lock()
        self._wake: asyncio.Event | None = None
        self._loop: asyncio.AbstractEventLoop | None = None
        self._in_flight = 0
        self.max_in_flight = 0  # the most requests seen at once (tests check the bound)
        self._listeners: list[Callable[[PollerStatus], None]] = []

    # ------------------------------------------------------------------ observers

    def add_listener(self, callback: Callable[[PollerStatus], None]) -> Callable[[], None]:
        """Call ``callback(status)`` whenever polling starts or ends; returns an unsubscribe."""
        self._listeners.append(callback)
        return lambda: self._listeners.remove(callback) if callback in self._listeners else None

    def _notify(self) -> None:
        for callback in list(self._listeners):
            try:
                callback(self.status)
            except Exception:  # a broken listener must not stop polling
                log.exception("poller listener failed")

    # ------------------------------------------------------------------ one cycle

    async def poll_due(self) -> PollReport:
        """Poll every post that is due now (at most ``max_per_cycle``) and store the results."""
        async with self._lock:
            now = self._clock()
            candidates = await self.repo.candidates()
            due = due_posts(candidates, now, self.paused_until)[: self._max_per_cycle]
            return await self._poll(due, now)

    async def next_wakeup(self) -> datetime | None:
        """When the next post becomes due, from the stored schedule."""
        return next_wakeup(await self.repo.candidates(), self._clock(), self.paused_until)

    async def _poll(self, due: list[PollCandidate], now: datetime) -> PollReport:
        report = PollReport(started_at=now)
        self.status.polling = True
        self._notify()
        try:
            if due:
                await self._poll_all(due, report)
            self.status.last_cycle_at = now
            self.status.last_report = report
            if report.auth_failed:
                self.status.last_error = "The API key was refused; analytics are not updated."
            elif report.rate_limited:
                self.status.last_error = None
            elif report.failed and report.failed == report.attempted:
                self.status.last_error = "Could not reach the analytics service; will retry."
            else:
                self.status.last_error = None
        finally:
            self.status.polling = False
            self._notify()
        if report.post_ids and self._bus is not None:
            self._publish(report.post_ids)
        return report

    async def _poll_all(self, due: list[PollCandidate], report: PollReport) -> None:
        semaphore = asyncio.Semaphore(self._concurrency)
        snapshots: list[Snapshot] = []
        states: list[PollState] = []

        async def one(candidate: PollCandidate) -> None:
            async with semaphore:
                if report.auth_failed:
                    return
                resume = self.paused_until.get(candidate.platform)
                if resume is not None and resume > self._clock():
                    return  # a 429 for this platform arrived meanwhile: leave it due
                outcome = await self._poll_one(candidate, report)
                if outcome is None:
                    return
                state, snapshot = outcome
                states.append(state)
                if snapshot is not None:
                    snapshots.append(snapshot)

        await asyncio.gather(*(one(c) for c in due))
        stored = await self.repo.add_snapshots(snapshots)
        await self.repo.save_poll_states(states)
        report.stored = stored
        if stored:
            report.post_ids = sorted({s.post_id for s in snapshots})

    async def _poll_one(
        self, candidate: PollCandidate, report: PollReport
    ) -> tuple[PollState, Snapshot | None] | None:
        previous = candidate.state or PollState(candidate.post_id, None)
        report.attempted += 1
        self._in_flight += 1
        self.max_in_flight = max(self.max_in_flight, self._in_flight)
        try:
            result = await self._client.analytics.get(candidate.post_id)
        except NotFoundError:
            now = self._clock()
            report.no_metrics += 1
            return (
                replace(
                    previous,
                    next_due_at=self.schedule.after_success(candidate.published_at, now),
                    last_attempt_at=now,
                    last_outcome="no_metrics",
                    failures=0,
                    last_error=None,
                ),
                None,
            )
        except RateLimitError as exc:
            now = self._clock()
            resume = self.schedule.after_rate_limit(now, exc.retry_after)
            self.paused_until[candidate.platform] = max(
                resume, self.paused_until.get(candidate.platform, resume)
            )
            if candidate.platform not in report.rate_limited:
                report.rate_limited.append(candidate.platform)
            log.info("analytics: %s rate-limited until %s", candidate.platform, resume)
            return (
                replace(
                    previous,
                    next_due_at=resume,
                    last_attempt_at=now,
                    last_outcome="rate_limited",
                    last_error=str(exc),
                ),
                None,
            )
        except AuthenticationError:
            report.auth_failed = True
            return None
        except (PermissionDeniedError, Status200Error) as exc:
            now = self._clock()
            report.failed += 1
            failures = previous.failures + 1
            log.info("analytics: polling %s failed (%d): %s", candidate.post_id, failures, exc)
            return (
                replace(
                    previous,
                    next_due_at=self.schedule.after_error(
                        candidate.published_at, now, failures
                    ),
                    last_attempt_at=now,
                    last_outcome="error",
                    failures=failures,
                    last_error=str(exc),
                ),
                None,
            )
        finally:
            self._in_flight -= 1
        now = self._clock()
        snapshot = snapshot_from(result, candidate, now)
        return (
            PollState(
                post_id=candidate.post_id,
                next_due_at=self.schedule.after_success(candidate.published_at, now),
                last_attempt_at=now,
                last_success_at=now,
                last_outcome="ok",
                failures=0,
                last_error=None,
            ),
            snapshot,
        )

    def _publish(self, post_ids: list[str]) -> None:
        assert self._bus is not None
        try:
            self._bus.publish(Change(ANALYTICS_CHANGED, tuple(post_ids)))
        except Exception:
            log.exception("publishing the analytics change failed")

    # ------------------------------------------------------------------ forever

    def wake(self) -> None:
        """Look for due posts now (e.g. a sync brought newly published posts). Thread-safe."""
        loop, event = self._loop, self._wake
        if loop is None or event is None or loop.is_closed():
            return
        loop.call_soon_threadsafe(event.set)

    async def run(self) -> None:
        """Poll whenever something is due until cancelled. Keep a reference to the task."""
        self._loop = asyncio.get_running_loop()
        self._wake = asyncio.Event()
        unsubscribe: Callable[[], Any] | None = None
        if self._bus is not None and hasattr(self._bus, "subscribe"):
            unsubscribe = self._bus.subscribe(self._on_change)
        self.status.running = True
        self._notify()
        try:
            while True:
                try:
                    await self.poll_due()
                    wake_at = await self.next_wakeup()
                except asyncio.CancelledError:
                    raise
                except Exception as exc:  # the store or something unexpected: keep trying
                    log.exception("analytics polling cycle failed")
                    self.status.last_error = f"Analytics polling failed. {describe_error(exc)}"
                    self._notify()
                    wake_at = None
                await self._wait(self._delay_until(wake_at))
        finally:
            self.status.running = False
            if callable(unsubscribe):
                unsubscribe()
            self._notify()

    def _delay_until(self, wake_at: datetime | None) -> float:
        if wake_at is None:
            return self._max_sleep
        seconds = (wake_at - self._clock()).total_seconds()
        return min(self._max_sleep, max(self._min_sleep, seconds))

    async def _wait(self, seconds: float) -> None:
        assert self._wake is not None
        if self._sleep is not None:
            await self._sleep(seconds)
            return
        self._wake.clear()
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(self._wake.wait(), timeout=seconds)

    def _on_change(self, change: Any) -> None:
        # Newly synced posts may have been published since the last look.
        if getattr(change, "kind", None) in (events.POSTS, events.SYNC_FINISHED):
            self.wake()


__all__ = [
    "ANALYTICS_CHANGED",
    "AnalyticsClient",
    "EngagementPoller",
    "PollReport",
    "PollerStatus",
    "due_posts",
    "next_wakeup",
    "snapshot_from",
]
