"""Demo mode only: start the engagement history as if the app had been polling all along.

A fresh demo cache has one snapshot per post after the first poll, so "one post over time" is a
single dot. The emulator's metrics are a deterministic function of a post's age, so it can say
what ``poll-engagement`` *would have answered* at any past instant — the same numbers, not
invented ones. :func:`backfill_demo_history` asks it for the instants the poller would have
polled (:class:`PollSchedule`'s cadence from each post's publish time: every 15 minutes on the
first day, hourly to a week, daily after) and stores the answers as ordinary snapshots.

Never use this against a real server: the Status 200 API has no history, and these numbers only
exist because the demo's emulator computes them. The source is the in-process ``EmulatorServer``
(its ``metrics_history``) or an emulator's site URL (its ``/__admin/analytics/history`` route).

Idempotent: each post is filled only up to its first stored snapshot (or the emulator's now), so
a second run, or a run after the poller began, adds nothing the history already covers.
"""

from __future__ import annotations

import asyncio
import json
import logging
import sqlite3
import time
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any, Protocol

from s200desk.services import events
from s200desk.services.analytics.poller import ANALYTICS_CHANGED
from s200desk.services.analytics.schedule import PollSchedule
from s200desk.services.events import Change
from s200desk.store.analytics_repo import METRICS, AnalyticsRepo, PostMetrics, Snapshot
from s200desk.store.database import Database
from s200desk.store.timefmt import to_utc_iso
from s200desk.store.transactions import transaction

log = logging.getLogger(__name__)

HISTORY_PATH = "/__admin/analytics/history"
# Snapshots per insert transaction: big enough to be fast, small enough that the loop (which
# turns snapshots into rows in the repo) never holds on to one batch for long.
BATCH = 4000
HTTP_CONCURRENCY = 8


class _Clock(Protocol):
    def now(self) -> datetime: ...


class EmulatorHistory(Protocol):
    """What is needed of the in-process ``s200desk.emulator.EmulatorServer``."""

    @property
    def clock(self) -> _Clock: ...

    def metrics_history(
        self, post_id: str, instants: Iterable[datetime]
    ) -> list[dict[str, Any]]: ...


@dataclass
class BackfillReport:
    """What one backfill did."""

    posts: int = 0  # published posts of the cache looked at
    filled: int = 0  # posts that got new snapshots
    readings: int = 0  # readings the emulator gave
    stored: int = 0  # new snapshots
    missing: int = 0  # posts the emulator had no metrics for (404)
    seconds: float = 0.0
    post_ids: list[str] = field(default_factory=list)


def cadence(
    published_at: datetime, end: datetime, schedule: PollSchedule, before: datetime | None = None
) -> list[datetime]:
    """The instants the poller would have polled a post published at ``published_at``: from
    publishing (on the whole second: answers carry whole-second times), then each next one at
    ``schedule.after_success``, up to ``end`` inclusive and strictly before ``before``."""
    t = published_at.astimezone(UTC)
    if t.microsecond:
        t = t.replace(microsecond=0) + timedelta(seconds=1)
    found: list[datetime] = []
    while t <= end and (before is None or t < before):
        found.append(t)
        following = schedule.after_success(published_at, t)
        if following is None:
            break
        t = following
    return found


def _plan(
    posts: Sequence[PostMetrics], now: datetime, schedule: PollSchedule
) -> list[tuple[PostMetrics, list[datetime]]]:
    """Each post's missing instants: from publishing to now, before its first stored reading."""
    plan: list[tuple[PostMetrics, list[datetime]]] = []
    for post in posts:
        instants = cadence(post.published_at, now, schedule, before=post.first_polled_at)
        if instants:
            plan.append((post, instants))
    return plan


def _runs(instants: Sequence[datetime]) -> list[tuple[datetime, datetime, timedelta]]:
    """(first, last, step) runs of evenly spaced instants: one admin request each."""
    runs: list[tuple[datetime, datetime, timedelta]] = []
    i = 0
    while i < len(instants):
        if i + 1 == len(instants):
            runs.append((instants[i], instants[i], timedelta(minutes=15)))
            break
        step = instants[i + 1] - instants[i]
        j = i + 1
        while j + 1 < len(instants) and instants[j + 1] - instants[j] == step:
            j += 1
        runs.append((instants[i], instants[j], step))
        i = j + 1
    return runs


def _snapshots(post: PostMetrics, readings: Iterable[dict[str, Any]]) -> list[Snapshot]:
    result: list[Snapshot] = []
    for r in readings:
        m = r["metrics"]
        polled = datetime.fromisoformat(r["polled_at"]).astimezone(UTC)
        result.append(
            Snapshot(post.post_id, post.platform, post.account_id, polled,
                     *(int(m.get(name) or 0) for name in METRICS))
        )
    return result


def _from_server(
    server: EmulatorHistory, plan: list[tuple[PostMetrics, list[datetime]]]
) -> tuple[list[Snapshot], int]:
    """Off the event loop: every planned post's readings from the in-process emulator."""
    found: list[Snapshot] = []
    missing = 0
    for post, instants in plan:
        try:
            readings = server.metrics_history(post.post_id, instants)
        except Exception as exc:  # the emulator's ApiError (unknown/unpublished): no metrics
            if getattr(exc, "status", None) != 404:
                raise
            missing += 1
            continue
        found.extend(_snapshots(post, readings))
    return found, missing


async def _from_admin(
    site_url: str, plan: list[tuple[PostMetrics, list[datetime]]]
) -> tuple[list[Snapshot], int]:
    import httpx

    bodies: list[tuple[PostMetrics, list[bytes]]] = []
    missing = 0
    semaphore = asyncio.Semaphore(HTTP_CONCURRENCY)

    async with httpx.AsyncClient(base_url=site_url, timeout=30, trust_env=False) as http:

        async def one(post: PostMetrics, instants: list[datetime]) -> None:
            nonlocal missing
            got: list[bytes] = []
            for first, last, step in _runs(instants):
                async with semaphore:
                    resp = await http.get(HISTORY_PATH, params={
                        "post_id": post.post_id, "since": _iso(first), "until": _iso(last),
                        "step_minutes": str(step.total_seconds() / 60),
                    })
                if resp.status_code == 404:
                    missing += 1
                    return
                resp.raise_for_status()
                got.append(resp.content)
            bodies.append((post, got))

        await asyncio.gather(*(one(post, instants) for post, instants in plan))

    def parse() -> list[Snapshot]:
        found: list[Snapshot] = []
        for post, contents in bodies:
            for content in contents:
                found.extend(_snapshots(post, json.loads(content)["readings"]))
        return found

    return await asyncio.to_thread(parse), missing


async def _admin_now(site_url: str) -> datetime:
    import httpx

    async with httpx.AsyncClient(base_url=site_url, timeout=10, trust_env=False) as http:
        resp = await http.get("/__admin/clock")
        resp.raise_for_status()
        return datetime.fromisoformat(resp.json()["now"]).astimezone(UTC)


def _iso(dt: datetime) -> str:
    return dt.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def _site(url: str) -> str:
    url = url.rstrip("/")
    for suffix in (HISTORY_PATH, "/__admin", "/functions/v1"):
        if url.endswith(suffix):
            url = url[: -len(suffix)]
    return url


def _insert_poll_states(
    conn: sqlite3.Connection, rows: list[tuple[str, str | None, str | None]]
) -> None:
    """Where the poller carries on: the next cadence instant after the last backfilled one.
    A post the poller already has a state for keeps it."""
    with transaction(conn):
        conn.executemany(
            "INSERT INTO analytics_poll_state (post_id, next_due_at, last_attempt_at,"
            " last_success_at, last_outcome, failures) VALUES (?, ?, ?, ?, 'ok', 0)"
            " ON CONFLICT (post_id) DO NOTHING",
            [(post_id, due, last, last) for post_id, due, last in rows],
        )


async def backfill_demo_history(
    db: Database,
    source: EmulatorHistory | str,
    *,
    schedule: PollSchedule | None = None,
    now: datetime | None = None,
    bus: Any | None = None,
) -> BackfillReport:
    """DEMO MODE ONLY. Store, for every published post of the cache, the snapshots the poller
    would have stored had it been polling since the post was published, read from the emulator
    (``source``: the in-process ``EmulatorServer``, or an emulator's site URL for its admin
    route). A real Status 200 server has no such history; never call this outside demo mode.

    Readings run from each post's publish time on the poll cadence, up to the emulator's now
    (``now`` overrides) and before the post's first stored snapshot. Posts without a polling state
    get one, so the poller carries on from the cadence rather than re-polling every post at once.
    Publishes ``ANALYTICS_CHANGED`` on ``bus`` when something was stored. Idempotent.
    """
    started = time.perf_counter()
    schedule = schedule or PollSchedule()
    repo = AnalyticsRepo(db)
    report = BackfillReport()
    if now is None:
        now = await _admin_now(_site(source)) if isinstance(source, str) else source.clock.now()
    posts = await repo.post_metrics()
    report.posts = len(posts)
    plan = await asyncio.to_thread(_plan, posts, now, schedule)
    if not plan:
        report.seconds = time.perf_counter() - started
        return report

    if isinstance(source, str):
        snapshots, report.missing = await _from_admin(_site(source), plan)
    else:
        snapshots, report.missing = await asyncio.to_thread(_from_server, source, plan)
    report.readings = len(snapshots)

    # Whole posts per batch (the repo refreshes each batch's per-post latest row).
    batch: list[Snapshot] = []
    last: dict[str, datetime] = {}
    for i, snapshot in enumerate(snapshots):
        batch.append(snapshot)
        last[snapshot.post_id] = snapshot.polled_at
        ends_post = i + 1 == len(snapshots) or snapshots[i + 1].post_id != snapshot.post_id
        if ends_post and len(batch) >= BATCH:
            report.stored += await repo.add_snapshots(batch)
            batch = []
    if batch:
        report.stored += await repo.add_snapshots(batch)

    published = {post.post_id: post.published_at for post, _ in plan}
    states = [
        (post_id, to_utc_iso(schedule.after_success(published[post_id], at)), to_utc_iso(at))
        for post_id, at in last.items()
    ]
    await db.run(_insert_poll_states, states)
    report.post_ids = sorted(last)
    report.filled = len(last)
    report.seconds = time.perf_counter() - started
    log.info(
        "demo history: %d snapshots for %d of %d posts in %.2f s",
        report.stored, report.filled, report.posts, report.seconds,
    )
    if report.stored and bus is not None:
        bus.publish(Change(ANALYTICS_CHANGED, tuple(report.post_ids)))
    return report


async def backfill_demo_history_after_sync(
    db: Database, bus: Any, source: EmulatorHistory | str, **options: Any
) -> BackfillReport:
    """DEMO MODE ONLY: wait for the session's next finished sync (the cache then holds the demo's
    published posts), then :func:`backfill_demo_history`. Start it as a kept task right after the
    first sync is requested."""
    loop = asyncio.get_running_loop()
    finished = asyncio.Event()

    def on_change(change: Change) -> None:
        if change.kind == events.SYNC_FINISHED:
            loop.call_soon_threadsafe(finished.set)

    unsubscribe = bus.subscribe(on_change)
    try:
        await finished.wait()
    finally:
        unsubscribe()
    return await backfill_demo_history(db, source, bus=bus, **options)


__all__ = [
    "BackfillReport",
    "EmulatorHistory",
    "backfill_demo_history",
    "backfill_demo_history_after_sync",
    "cadence",
]
