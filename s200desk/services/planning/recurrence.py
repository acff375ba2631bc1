"""Recurring posts: a rule (python-dateutil's RRULE) over wall-clock times in one zone.

The rule is expanded over naive local times and each occurrence is resolved in the series' own
zone, so 09:00 stays 09:00 across DST (a series stores its zone, as Postiz learned it must). An
occurrence's key is the series id plus its wall-clock start: stable across runs, so creating the
occurrences again (after a kill, or at every start-up) never makes one twice.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field, replace
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from dateutil.rrule import (
    DAILY,
    FR,
    MO,
    MONTHLY,
    SA,
    SU,
    TH,
    TU,
    WE,
    WEEKLY,
    rrule,
    rrulestr,
    weekday,
)

from s200desk.services.scheduling import ScheduleError, get_zone, localize, parse_when

DEFAULT_HORIZON = timedelta(days=30)
WEEKDAYS: tuple[weekday, ...] = (MO, TU, WE, TH, FR, SA, SU)


class RecurrenceError(ScheduleError):
    """A rule the app cannot use; the message is for the user."""


def repeat_wall(when: str | datetime, zone: str) -> datetime:
    """The wall-clock time a series repeats at, from the time the user gave for its first post.

    A time without an offset is kept as written, even when the clocks skip it on the first day:
    "weekly at 02:30" from a spring-forward night posts at 03:30 that night only (the resolved
    instant), and at 02:30 every week after. A time with an offset is that instant's wall time
    in ``zone``.
    """
    value = parse_when(when) if isinstance(when, str) else when
    if value.tzinfo is not None:
        value = value.astimezone(get_zone(zone)).replace(tzinfo=None)
    return value.replace(second=0, microsecond=0, fold=0)


def series_time(wall: datetime, zone: str) -> datetime:
    """The instant (UTC) a series posts at for the wall time ``wall`` in ``zone``: a skipped
    time moves forward, a time that comes twice is the earlier — a series keeps only the wall
    time, so it cannot mean the later one."""
    return localize(wall, get_zone(zone)).utc


@dataclass(frozen=True)
class Series:
    """A post that repeats: its rule (RFC 5545 RRULE text, without DTSTART), the wall-clock
    start of its first occurrence and the zone both are read in."""

    id: str
    rule: str
    first: datetime  # naive wall-clock time in ``zone``
    zone: str
    skipped: frozenset[datetime] = field(default_factory=frozenset)  # naive wall times

    def __post_init__(self) -> None:
        if self.first.tzinfo is not None:
            raise ValueError("a series starts at a naive wall-clock time in its zone")
        self._rule()  # refuse a bad rule when the series is made, not when it is used

    def _rule(self) -> rrule:
        try:
            parsed = rrulestr(self.rule, dtstart=self.first)
        except (ValueError, TypeError) as exc:
            raise RecurrenceError(f"cannot read the repeat rule {self.rule!r}: {exc}") from exc
        if not isinstance(parsed, rrule):
            raise RecurrenceError("give one repeat rule (RRULE), not a set of them")
        if parsed._until is not None and parsed._until.tzinfo is not None:
            raise RecurrenceError("give UNTIL as a local time (no Z): it is read in the zone")
        return parsed

    def skip(self, wall: datetime) -> Series:
        return replace(self, skipped=self.skipped | {wall.replace(tzinfo=None)})

    def occurrences(self, start: datetime, end: datetime) -> Iterator[Occurrence]:
        """The occurrences whose instant is in ``[start, end)`` (aware UTC), skipped ones left
        out, in order."""
        zone = ZoneInfo(self.zone)
        # Wall times an hour either side cover any DST shift between wall time and instant.
        lo = start.astimezone(zone).replace(tzinfo=None) - timedelta(days=1)
        hi = end.astimezone(zone).replace(tzinfo=None) + timedelta(days=1)
        for wall in self._rule().between(lo, hi, inc=True):
            if wall in self.skipped:
                continue
            resolved = localize(wall, zone)
            if start <= resolved.utc < end:
                yield Occurrence(self.id, wall, resolved.utc, resolved.note)

    def next_after(self, moment: datetime) -> Occurrence | None:
        zone = ZoneInfo(self.zone)
        wall = moment.astimezone(zone).replace(tzinfo=None) - timedelta(days=1)
        rule = self._rule()
        while True:
            found = rule.after(wall)
            if found is None:
                return None
            wall = found
            if found in self.skipped:
                continue
            resolved = localize(found, zone)
            if resolved.utc > moment:
                return Occurrence(self.id, found, resolved.utc, resolved.note)


@dataclass(frozen=True)
class Occurrence:
    series_id: str
    wall: datetime  # naive, in the series' zone
    utc: datetime
    note: str | None = None  # set when a DST gap or overlap moved it

    @property
    def key(self) -> str:
        """Names this occurrence for ever (the outbox's source key)."""
        return f"series:{self.series_id}:{self.wall.strftime('%Y-%m-%dT%H:%M')}"


def build_rule(
    frequency: str,
    *,
    interval: int = 1,
    weekdays: tuple[int, ...] = (),
    month_day: int | None = None,
    nth_weekday: tuple[int, int] | None = None,
    until: datetime | None = None,
    count: int | None = None,
) -> str:
    """RRULE text for the choices the composer offers: ``daily``, ``weekdays``, ``weekly``
    (on ``weekdays``, every ``interval`` weeks) or ``monthly`` (on ``month_day``, or on the
    ``nth_weekday`` = (n, weekday), n = -1 for the last); ending at ``until`` (a naive local
    time) or after ``count`` occurrences, else never."""
    if until is not None and count is not None:
        raise RecurrenceError("end a series on a date or after a number of posts, not both")
    if interval < 1:
        raise RecurrenceError("repeat at least every 1")
    kwargs: dict[str, object] = {"interval": interval, "dtstart": datetime(2000, 1, 1)}
    if frequency == "daily":
        freq = DAILY
    elif frequency == "weekdays":
        freq, kwargs["byweekday"] = WEEKLY, WEEKDAYS[:5]
    elif frequency == "weekly":
        freq = WEEKLY
        if weekdays:
            kwargs["byweekday"] = tuple(WEEKDAYS[d] for d in sorted(set(weekdays)))
    elif frequency == "monthly":
        freq = MONTHLY
        if nth_weekday is not None:
            n, day = nth_weekday
            kwargs["byweekday"] = WEEKDAYS[day](n)
        elif month_day is not None:
            kwargs["bymonthday"] = month_day
    else:
        raise RecurrenceError(f"unknown repeat {frequency!r}: daily, weekdays, weekly or monthly")
    if until is not None:
        kwargs["until"] = until.replace(tzinfo=None)
    if count is not None:
        if count < 1:
            raise RecurrenceError("a series has at least one post")
        kwargs["count"] = count
    text = str(rrule(freq, **kwargs))
    # str(rrule) starts with the DTSTART line; the series keeps its own start.
    return next(line for line in text.splitlines() if line.startswith("RRULE:"))

