"""The calendar's index by day, built from a snapshot of what shapes it (Qt-free, thread-safe).

At 100,000 cached posts the range a month step reads holds ~6,000 rows, and indexing them by local
day takes 15-30 ms: too long for the UI thread on every month step. ``build_day_index`` is a pure
function of the rows and an ``IndexShape`` (time zone, filters, moves in flight, stand-ins,
superseded originals) captured when the range is asked for, so the calendar's range reader runs
it on its worker; the model (``CalendarModel``) builds its index in place with the same function.
The model only takes a finished index whose shape still equals its own; otherwise it builds
again in place, so nothing indexed in an old zone or under old filters is ever shown.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import UTC, date, datetime, tzinfo
from typing import Any

from s200desk.services.post_rules import CAP_STATUSES, chosen
from s200desk.ui.calendar.timegrid import utc_day

ProfileKey = tuple[str, str]
DRAGGABLE_STATUSES = frozenset({"scheduled", "queued"})
EPOCH = datetime(1970, 1, 1, tzinfo=UTC)


@dataclass(frozen=True, eq=True)
class IndexShape:
    """Everything besides the rows that decides where (and whether) a row is indexed."""

    tz: tzinfo
    profiles: frozenset[ProfileKey] = frozenset()
    platforms: frozenset[str] = frozenset()
    statuses: frozenset[str] = frozenset()
    moves: Mapping[str, datetime] = field(default_factory=dict)  # post id -> target
    stand_ins: Mapping[str, Any] = field(default_factory=dict)  # replacement id -> row
    superseded: frozenset[str] = frozenset()

    __hash__ = None  # type: ignore[assignment]  # compared, never hashed (it holds mappings)

    def visible(self, row: Any) -> bool:
        if row.id in self.superseded and row.id not in self.moves:
            return False
        return chosen(row, self.profiles, self.platforms, self.statuses)

    def when_of(self, row: Any) -> datetime | None:
        """The instant ``row`` is drawn at (a move in flight: its target)."""
        target = self.moves.get(row.id)
        return target if target is not None else row.when

    def after_rows(self, by_id: Mapping[str, Any]) -> IndexShape:
        """The shape once the store's rows are ``by_id``: a stand-in retires when its real
        replacement arrived; an original stays hidden until the store says it is gone or
        cancelled."""
        return replace(
            self,
            stand_ins={rid: r for rid, r in self.stand_ins.items() if rid not in by_id},
            superseded=frozenset(
                pid for pid in self.superseded
                if pid in by_id and by_id[pid].status in DRAGGABLE_STATUSES
            ),
        )


@dataclass
class DayIndex:
    """Visible rows by local day (in time order) and the daily-cap use by UTC day."""

    by_day: dict[date, list[Any]]
    use: dict[date, dict[ProfileKey, int]]


@dataclass
class PreparedRange:
    """A range's rows with their index, built off the UI thread for the shape ``asked``."""

    asked: IndexShape  # the model's shape when the range was asked for
    rows: list[Any]
    by_id: dict[str, Any]
    shape: IndexShape  # ``asked`` after these rows (stand-ins retired, originals released)
    index: DayIndex


def build_day_index(rows: Sequence[Any], shape: IndexShape) -> DayIndex:
    """Index ``rows`` (and ``shape``'s stand-ins) by local day; within a day by drawn time, rows
    of the same instant in the order given."""
    tz = shape.tz
    moves = shape.moves
    stand_ins = shape.stand_ins
    superseded = shape.superseded
    by_day: dict[date, list[Any]] = defaultdict(list)
    use: dict[date, dict[ProfileKey, int]] = defaultdict(lambda: defaultdict(int))
    every = rows if not stand_ins else [*rows, *stand_ins.values()]
    for row in every:
        target = moves.get(row.id)
        when = target if target is not None else row.when
        if when is None:
            continue
        stored = row.when  # counted where the store has it; the outbox adds moves
        if (
            stored is not None
            and row.status in CAP_STATUSES
            and row.id not in superseded
            and row.id not in stand_ins
        ):
            use[stored.date() if stored.tzinfo is UTC else utc_day(stored)][
                (row.platform, row.account_id)
            ] += 1
        if shape.visible(row):
            by_day[when.astimezone(tz).date()].append(row)
    for day_rows in by_day.values():
        day_rows.sort(key=lambda r: shape.when_of(r) or EPOCH)
    return DayIndex(dict(by_day), {d: dict(v) for d, v in use.items()})


def prepare_range(rows: list[Any], asked: IndexShape) -> PreparedRange:
    """What the calendar model needs to show ``rows`` under ``asked``, built in one go (on the
    range reader's worker)."""
    by_id = {r.id: r for r in rows}
    shape = asked.after_rows(by_id)
    return PreparedRange(asked, rows, by_id, shape, build_day_index(rows, shape))
