"""Engagement history: metric snapshots of published posts and when each post is polled next.

Every method runs its SQL on the database thread (``await db.run``); records are plain
dataclasses so the analytics service and the UI never see a ``sqlite3.Row``.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from s200desk.store.database import Database
from s200desk.store.timefmt import parse_utc, to_utc_iso
from s200desk.store.transactions import transaction

METRICS = ("views", "likes", "comments", "shares", "saves")


@dataclass(frozen=True, slots=True)
class Snapshot:
    """One measurement of one post's engagement counters."""

    post_id: str
    platform: str
    account_id: str
    polled_at: datetime
    views: int = 0
    likes: int = 0
    comments: int = 0
    shares: int = 0
    saves: int = 0

    @property
    def interactions(self) -> int:
        """Likes, comments, shares and saves together: what engagement rate counts."""
        return self.likes + self.comments + self.shares + self.saves

    def metric(self, name: str) -> int:
        if name not in METRICS:
            raise KeyError(name)
        return int(getattr(self, name))


@dataclass(frozen=True, slots=True)
class PollState:
    """Where polling one post stands."""

    post_id: str
    next_due_at: datetime | None
    last_attempt_at: datetime | None = None
    last_success_at: datetime | None = None
    last_outcome: str = ""
    failures: int = 0
    last_error: str | None = None


@dataclass(frozen=True, slots=True)
class PollCandidate:
    """A published post in the cache, with its polling state if it was ever polled."""

    post_id: str
    platform: str
    account_id: str
    published_at: datetime
    state: PollState | None


@dataclass(frozen=True, slots=True)
class PostMetrics:
    """A published post with its latest snapshot (None when it has never been measured)."""

    post_id: str
    platform: str
    account_id: str
    caption: str
    published_at: datetime
    latest: Snapshot | None
    first_polled_at: datetime | None = None
    readings: int = 0


_SNAPSHOT_COLUMNS = (
    "post_id, platform, account_id, polled_at, views, likes, comments, shares, saves"
)


def _snapshot(r: sqlite3.Row | tuple[Any, ...]) -> Snapshot:
    polled = parse_utc(r[3])
    assert polled is not None  # NOT NULL column
    return Snapshot(r[0], r[1], r[2], polled, r[4], r[5], r[6], r[7], r[8])


def _state(r: sqlite3.Row | tuple[Any, ...]) -> PollState:
    return PollState(
        post_id=r[0],
        next_due_at=parse_utc(r[1]),
        last_attempt_at=parse_utc(r[2]),
        last_success_at=parse_utc(r[3]),
        last_outcome=r[4] or "",
        failures=int(r[5] or 0),
        last_error=r[6],
    )


_STATE_COLUMNS = (
    "post_id, next_due_at, last_attempt_at, last_success_at, last_outcome, failures, last_error"
)


class AnalyticsRepo:
    """Snapshots and polling state of the engagement history."""

    def __init__(self, db: Database) -> None:
        self._db = db

    # ------------------------------------------------------------------ snapshots

    async def add_snapshots(self, snapshots: Iterable[Snapshot]) -> int:
        """Store measurements; one already stored (same post, same polled_at) is skipped.
        Returns how many rows were new."""
        rows = [
            (
                s.post_id,
                s.platform,
                s.account_id,
                to_utc_iso(s.polled_at),
                s.views,
                s.likes,
                s.comments,
                s.shares,
                s.saves,
            )
            for s in snapshots
        ]
        if not rows:
            return 0
        return await self._db.run(_insert_snapshots, rows)

    async def snapshots(
        self,
        post_ids: Sequence[str] | None = None,
        since: datetime | None = None,
        until: datetime | None = None,
    ) -> list[Snapshot]:
        """Snapshots ordered by post then time; ``since <= polled_at < until`` when given."""
        return await self._db.run(
            _select_snapshots, list(post_ids) if post_ids is not None else None, since, until
        )

    async def series(self, post_id: str) -> list[Snapshot]:
        """One post's history, oldest first."""
        return await self.snapshots([post_id])

    async def latest(self, post_ids: Sequence[str] | None = None) -> dict[str, Snapshot]:
        """The newest snapshot of each post (of ``post_ids`` when given)."""
        return await self._db.run(_latest, list(post_ids) if post_ids is not None else None)

    async def count(self) -> int:
        """How many snapshots are stored (from the per-post tally: no scan of the history)."""
        return await self._db.run(
            lambda c: int(
                c.execute("SELECT COALESCE(SUM(readings), 0) FROM analytics_latest").fetchone()[0]
            )
        )

    async def post_metrics(
        self, since: datetime | None = None, until: datetime | None = None
    ) -> list[PostMetrics]:
        """Published posts of the cache (published ``since <= t < until``) with their latest
        snapshot, newest post first."""
        return await self._db.run(_post_metrics, since, until)

    # ------------------------------------------------------------------ polling state

    async def candidates(self) -> list[PollCandidate]:
        """Every published post in the cache with a publish time, with its polling state."""
        return await self._db.run(_candidates)

    async def poll_states(self) -> dict[str, PollState]:
        return await self._db.run(
            lambda c: {
                r[0]: _state(r)
                for r in c.execute(f"SELECT {_STATE_COLUMNS} FROM analytics_poll_state")
            }
        )

    async def save_poll_states(self, states: Iterable[PollState]) -> None:
        rows = [
            (
                s.post_id,
                to_utc_iso(s.next_due_at),
                to_utc_iso(s.last_attempt_at),
                to_utc_iso(s.last_success_at),
                s.last_outcome,
                s.failures,
                s.last_error,
            )
            for s in states
        ]
        if rows:
            await self._db.run(_save_states, rows)

    async def next_due_at(self) -> datetime | None:
        """The earliest due time of any post that has been polled before (None: nothing due)."""
        return await self._db.run(
            lambda c: parse_utc(
                c.execute(
                    "SELECT MIN(next_due_at) FROM analytics_poll_state"
                    " WHERE next_due_at IS NOT NULL"
                ).fetchone()[0]
            )
        )


def _insert_snapshots(conn: sqlite3.Connection, rows: list[tuple[Any, ...]]) -> int:
    with transaction(conn):
        before = conn.total_changes
        conn.executemany(
            f"INSERT OR IGNORE INTO analytics_snapshots ({_SNAPSHOT_COLUMNS})"
            " VALUES (?,?,?,?,?,?,?,?,?)",
            rows,
        )
        added = conn.total_changes - before
        ids = sorted({r[0] for r in rows})
        for start in range(0, len(ids), 500):
            chunk = ids[start : start + 500]
            conn.execute(
                "INSERT OR REPLACE INTO analytics_latest (post_id, platform, account_id,"
                " polled_at, views, likes, comments, shares, saves, first_polled_at, readings)"
                " SELECT s.post_id, s.platform, s.account_id, s.polled_at, s.views, s.likes,"
                " s.comments, s.shares, s.saves, a.first, a.n FROM (SELECT post_id,"
                " MAX(polled_at) AS last, MIN(polled_at) AS first, COUNT(*) AS n"
                " FROM analytics_snapshots"
                f" WHERE post_id IN ({','.join('?' * len(chunk))}) GROUP BY post_id) a"
                " JOIN analytics_snapshots s ON s.post_id = a.post_id AND s.polled_at = a.last",
                chunk,
            )
        return added


def _select_snapshots(
    conn: sqlite3.Connection,
    post_ids: list[str] | None,
    since: datetime | None,
    until: datetime | None,
) -> list[Snapshot]:
    clauses: list[str] = []
    args: list[Any] = []
    if since is not None:
        clauses.append("polled_at >= ?")
        args.append(to_utc_iso(since))
    if until is not None:
        clauses.append("polled_at < ?")
        args.append(to_utc_iso(until))
    base = f"SELECT {_SNAPSHOT_COLUMNS} FROM analytics_snapshots"
    if post_ids is None:
        where = (" WHERE " + " AND ".join(clauses)) if clauses else ""
        return [
            _snapshot(r)
            for r in conn.execute(f"{base}{where} ORDER BY post_id, polled_at", args)
        ]
    found: list[Snapshot] = []
    for start in range(0, len(post_ids), 500):
        chunk = post_ids[start : start + 500]
        where = " WHERE " + " AND ".join(
            [f"post_id IN ({','.join('?' * len(chunk))})", *clauses]
        )
        found.extend(
            _snapshot(r)
            for r in conn.execute(f"{base}{where} ORDER BY post_id, polled_at", [*chunk, *args])
        )
    found.sort(key=lambda s: (s.post_id, s.polled_at))
    return found


_LATEST = (
    "SELECT post_id, platform, account_id, polled_at, views, likes, comments, shares, saves"
    " FROM analytics_latest"
)


def _latest(conn: sqlite3.Connection, post_ids: list[str] | None) -> dict[str, Snapshot]:
    if post_ids is None:
        return {r[0]: _snapshot(r) for r in conn.execute(_LATEST)}
    found: dict[str, Snapshot] = {}
    for start in range(0, len(post_ids), 500):
        chunk = post_ids[start : start + 500]
        sql = f"{_LATEST} WHERE post_id IN ({','.join('?' * len(chunk))})"
        found.update({r[0]: _snapshot(r) for r in conn.execute(sql, chunk)})
    return found


def _post_metrics(
    conn: sqlite3.Connection, since: datetime | None, until: datetime | None
) -> list[PostMetrics]:
    clauses = ["p.status = 'published'", "p.published_at IS NOT NULL"]
    args: list[Any] = []
    if since is not None:
        clauses.append("p.published_at >= ?")
        args.append(to_utc_iso(since))
    if until is not None:
        clauses.append("p.published_at < ?")
        args.append(to_utc_iso(until))
    sql = (
        "SELECT p.id, p.platform, p.account_id, p.caption, p.published_at,"
        " l.post_id, l.platform, l.account_id, l.polled_at, l.views, l.likes, l.comments,"
        " l.shares, l.saves, l.first_polled_at, l.readings"
        " FROM posts p LEFT JOIN analytics_latest l ON l.post_id = p.id"
        f" WHERE {' AND '.join(clauses)} ORDER BY p.published_at DESC, p.id"
    )
    result: list[PostMetrics] = []
    for r in conn.execute(sql, args):
        published = parse_utc(r[4])
        assert published is not None
        latest = _snapshot(tuple(r[5:14])) if r[5] is not None else None
        result.append(
            PostMetrics(r[0], r[1], r[2], r[3], published, latest, parse_utc(r[14]), r[15] or 0)
        )
    return result


def _candidates(conn: sqlite3.Connection) -> list[PollCandidate]:
    sql = (
        "SELECT p.id, p.platform, p.account_id, p.published_at,"
        f" {', '.join('s.' + c.strip() for c in _STATE_COLUMNS.split(','))}"
        " FROM posts p LEFT JOIN analytics_poll_state s ON s.post_id = p.id"
        " WHERE p.status = 'published' AND p.published_at IS NOT NULL"
        " ORDER BY p.published_at DESC, p.id"
    )
    result: list[PollCandidate] = []
    for r in conn.execute(sql):
        published = parse_utc(r[3])
        assert published is not None
        state = _state(tuple(r[4:])) if r[4] is not None else None
        result.append(PollCandidate(r[0], r[1], r[2], published, state))
    return result


def _save_states(conn: sqlite3.Connection, rows: list[tuple[Any, ...]]) -> None:
    with transaction(conn):
        conn.executemany(
            f"INSERT INTO analytics_poll_state ({_STATE_COLUMNS}) VALUES (?,?,?,?,?,?,?)"
            " ON CONFLICT (post_id) DO UPDATE SET next_due_at=excluded.next_due_at,"
            " last_attempt_at=excluded.last_attempt_at, last_success_at=excluded.last_success_at,"
            " last_outcome=excluded.last_outcome, failures=excluded.failures,"
            " last_error=excluded.last_error",
            rows,
        )
