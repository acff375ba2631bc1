"""CalendarModel: the posts bucketed by local day, plus the moves in flight.

The rows are the shared posts model's ``PostRow`` objects (references, never copies). What the
calendar adds is an index (local day -> rows, UTC day -> per-account use for the daily caps) and
the state of reschedules: a post being moved is drawn at its target time as "moving" until the
move settles; a settled move shows its replacement (a stand-in row until the next sync brings the
real one) and hides the cancelled original.
"""

from __future__ import annotations

import bisect
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, fields, replace
from datetime import date, datetime, tzinfo
from enum import StrEnum
from typing import Any

from s200desk.services.post_rules import CAP_STATUSES
from s200desk.ui.calendar.day_index import (
    DRAGGABLE_STATUSES,
    EPOCH,
    IndexShape,
    PreparedRange,
    ProfileKey,
    build_day_index,
)
from s200desk.ui.calendar.timegrid import utc_day
from s200desk.ui.posts.model import PostRow
from s200desk.ui.qt import QObject, Signal

__all__ = ["DRAGGABLE_STATUSES", "CalendarModel", "Move", "MoveState", "ProfileKey"]


class MoveState(StrEnum):
    PENDING = "pending"  # replacement being created / original being cancelled
    DONE = "done"  # settled; the stand-in shows until the store has the replacement


@dataclass
class Move:
    post_id: str
    original: datetime
    target: datetime
    state: MoveState = MoveState.PENDING


class CalendarModel(QObject):
    """Posts by local day for the calendar's views; emits ``changed`` when anything moved."""

    changed = Signal()

    def __init__(
        self, tz: tzinfo, daily_cap: int | None = None, parent: QObject | None = None
    ) -> None:
        super().__init__(parent)
        self._tz = tz
        self._cap = daily_cap
        self._rows: list[PostRow] = []
        self._by_id: dict[str, PostRow] = {}
        self._moves: dict[str, Move] = {}
        self._stand_ins: dict[str, PostRow] = {}  # replacement id -> row until the store has it
        self._superseded: set[str] = set()  # originals replaced by a settled move
        self._profiles: frozenset[ProfileKey] = frozenset()
        self._platforms: frozenset[str] = frozenset()
        self._statuses: frozenset[str] = frozenset()
        self._by_day: dict[date, list[PostRow]] = {}
        # The daily-cap count (services.quotas): stored posts where the store has them, plus
        # what the outbox adds or frees (moves in flight, posts not synced yet).
        self._use: dict[date, dict[tuple[str, str], int]] = {}
        self._outbox_use: dict[date, dict[tuple[str, str], int]] = {}
        self.series_posts: frozenset[str] = frozenset()  # ids of posts a repeating series made
        self._dirty = True

    # -- feeding ---------------------------------------------------------------------------

    def set_rows(self, rows: Iterable[PostRow]) -> None:
        """The posts as the shared model now has them (after a sync, a workspace switch …)."""
        self._rows = list(rows)
        self._by_id = {r.id: r for r in self._rows}
        self._take_shape(self.shape().after_rows(self._by_id))
        self._invalidate()

    def shape(self) -> IndexShape:
        """What, besides the rows, decides the index now (a snapshot: safe on another thread)."""
        return IndexShape(
            self._tz, self._profiles, self._platforms, self._statuses,
            {pid: move.target for pid, move in self._moves.items()},
            dict(self._stand_ins), frozenset(self._superseded),
        )

    def _take_shape(self, shape: IndexShape) -> None:
        self._stand_ins = dict(shape.stand_ins)
        self._superseded = set(shape.superseded)

    def adopt(self, prepared: PreparedRange) -> None:
        """Show a range whose index was built off the UI thread: swapped in as it is while the
        shape it was built for is still the model's, else its rows are indexed again here."""
        if prepared.asked != self.shape():
            self.set_rows(prepared.rows)
            return
        self._rows, self._by_id = prepared.rows, prepared.by_id
        self._take_shape(prepared.shape)
        self._by_day, self._use = prepared.index.by_day, prepared.index.use
        self._dirty = False
        self.changed.emit()

    def set_time_zone(self, tz: tzinfo) -> None:
        self._tz = tz
        self._invalidate()

    @property
    def tz(self) -> tzinfo:
        return self._tz

    def set_daily_cap(self, cap: int | None) -> None:
        self._cap = cap
        self._invalidate()

    @property
    def daily_cap(self) -> int | None:
        return self._cap

    def set_outbox_use(self, extra: dict[tuple[str, str, date], int]) -> None:
        """What the outbox adds to (or frees from) each UTC day: ``DailyQuota.outbox_use``."""
        by_day: dict[date, dict[tuple[str, str], int]] = defaultdict(dict)
        for (platform, account, day), n in extra.items():
            by_day[day][(platform, account)] = n
        if dict(by_day) != self._outbox_use:
            self._outbox_use = dict(by_day)
            self.changed.emit()

    def set_series_posts(self, ids: set[str]) -> None:
        """Posts that are occurrences of a series: their chips carry a repeat mark."""
        if frozenset(ids) != self.series_posts:
            self.series_posts = frozenset(ids)
            self.changed.emit()

    def _used(self, day: date) -> dict[tuple[str, str], int]:
        self._ensure_index()
        counts = dict(self._use.get(day, {}))
        for key, n in self._outbox_use.get(day, {}).items():
            counts[key] = max(0, counts.get(key, 0) + n)
        return counts

    def set_filter(
        self,
        *,
        profiles: Iterable[ProfileKey] | None = None,
        platforms: Iterable[str] | None = None,
        statuses: Iterable[str] | None = None,
    ) -> None:
        """Restrict what is drawn; ``None`` keeps a part as it is, an empty set means "all"."""
        if profiles is not None:
            self._profiles = frozenset(profiles)
        if platforms is not None:
            self._platforms = frozenset(platforms)
        if statuses is not None:
            self._statuses = frozenset(statuses)
        self._invalidate()

    def _invalidate(self) -> None:
        self._dirty = True
        self.changed.emit()

    # -- moves -----------------------------------------------------------------------------

    def begin_move(self, post_id: str, target: datetime) -> Move | None:
        row = self.row(post_id)
        if row is None or row.when is None:
            return None
        move = Move(post_id, row.when, target)
        self._unindex(row, self.when_of(row))
        self._moves[post_id] = move
        self._index(row, target)
        self.changed.emit()  # the index was updated in place: no rebuild of every post
        return move

    def finish_move(
        self,
        post_id: str,
        ok: bool,
        replacement_id: str | None = None,
        scheduled_for: datetime | None = None,
    ) -> None:
        """Settle a move: on success the replacement shows at its time, else the chip goes back."""
        row = self.row(post_id)
        move = self._moves.get(post_id)
        if row is not None and move is not None:
            self._unindex(row, move.target)
        self._moves.pop(post_id, None)
        if ok and move is not None and row is not None:
            self._superseded.add(post_id)
            self._dirty = True  # the original no longer counts against its day
            new_id = replacement_id or post_id
            when = scheduled_for or move.target
            if new_id == post_id:
                self._superseded.discard(post_id)
                self._index(row, when)
            elif new_id not in self._by_id:
                changes: dict[str, Any] = {"id": new_id, "status": "scheduled",
                                           "scheduled_for": when}
                if "when" in {f.name for f in fields(row)}:  # a PostRow; a StoredPost derives it
                    changes["when"] = when
                stand_in = replace(row, **changes)
                self._stand_ins[new_id] = stand_in
                self._index(stand_in, when)
        elif row is not None:
            self._index(row, row.when)
        self.changed.emit()

    def move_of(self, post_id: str) -> Move | None:
        return self._moves.get(post_id)

    @property
    def moves_in_flight(self) -> int:
        return len(self._moves)

    # -- reading ---------------------------------------------------------------------------

    def row(self, post_id: str) -> PostRow | None:
        return self._stand_ins.get(post_id) or self._by_id.get(post_id)

    def when_of(self, row: PostRow) -> datetime | None:
        """The instant the calendar draws ``row`` at (a move in flight: its target)."""
        move = self._moves.get(row.id)
        return move.target if move is not None else row.when

    def is_draggable(self, row: PostRow) -> bool:
        return row.status in DRAGGABLE_STATUSES and row.id not in self._moves

    def rows_on(self, day: date) -> list[PostRow]:
        """The visible posts on local ``day``, by time."""
        self._ensure_index()
        return self._by_day.get(day, [])

    def days_with_posts(self, first: date, last: date) -> list[date]:
        self._ensure_index()
        return sorted(d for d in self._by_day if first <= d <= last)

    def usage(self, day: date) -> dict[str, int]:
        """Posts counted against the cap on UTC day ``day``, per platform (the busiest account)."""
        out: dict[str, int] = {}
        for (platform, _account), n in self._used(day).items():
            if n:
                out[platform] = max(out.get(platform, 0), n)
        return out

    def cap_full(self, row: PostRow, target: datetime) -> bool:
        """Whether moving ``row`` to ``target`` lands on a server day already at the plan's cap."""
        if self._cap is None:
            return False
        day = utc_day(target)
        used = self._used(day).get((row.platform, row.account_id), 0)
        current = row.when
        if current is not None and utc_day(current) == day and row.status in CAP_STATUSES:
            used -= 1  # it is already counted there
        return used >= self._cap

    def visible(self, row: PostRow) -> bool:
        return self.shape().visible(row)

    # -- the index -------------------------------------------------------------------------

    def _unindex(self, row: PostRow, when: datetime | None) -> None:
        """Take ``row`` (drawn at ``when``) out of the index in place; a later rebuild agrees."""
        if self._dirty or when is None:
            return
        day_rows = self._by_day.get(when.astimezone(self._tz).date())
        if day_rows is not None:
            for i, other in enumerate(day_rows):
                if other is row:
                    del day_rows[i]
                    break

    def _index(self, row: PostRow, when: datetime | None) -> None:
        """Put ``row`` into the index at ``when`` in place (kept in time order)."""
        if self._dirty or when is None:
            return
        if not self.visible(row):
            return
        day_rows = self._by_day.setdefault(when.astimezone(self._tz).date(), [])
        # A new list object, so views that cached the old one see the change.
        at = bisect.bisect_right([self.when_of(r) or EPOCH for r in day_rows], when)
        self._by_day[when.astimezone(self._tz).date()] = [*day_rows[:at], row, *day_rows[at:]]

    def _ensure_index(self) -> None:
        if not self._dirty:
            return
        index = build_day_index(self._rows, self.shape())
        self._by_day, self._use = index.by_day, index.use
        self._dirty = False
