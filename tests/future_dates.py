"""Dates for tests that go through the wall clock: computed from now, never written as literals.

A test whose app code compares times with ``datetime.now()`` (the command line, the composer) must
schedule in the future whatever the date the suite runs on; one that needs a DST edge must find
the zone's next real transition, not remember this year's.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo


def utc_now() -> datetime:
    return datetime.now(UTC)


def days_ahead(days: int, *, hour: int = 9, now: datetime | None = None) -> datetime:
    """``days`` days after now (UTC) at ``hour``:00 UTC."""
    base = (now or utc_now()) + timedelta(days=days)
    return base.replace(hour=hour, minute=0, second=0, microsecond=0)


def next_date(month: int, day: int, *, at_least_days: int = 7, now: datetime | None = None) -> date:
    """The first ``month``/``day`` at least ``at_least_days`` after now (so never today)."""
    earliest = ((now or utc_now()) + timedelta(days=at_least_days)).date()
    for year in (earliest.year, earliest.year + 1):
        candidate = date(year, month, day)
        if candidate >= earliest:
            return candidate
    raise AssertionError("unreachable: next year's date is always late enough")


@dataclass(frozen=True)
class Transition:
    """One DST change of a zone: the instant, and the UTC offsets before and after it."""

    at: datetime  # aware UTC
    before: timedelta
    after: timedelta

    @property
    def is_gap(self) -> bool:
        return self.after > self.before

    @property
    def middle_wall_time(self) -> datetime:
        """A naive wall time in the middle of the skipped (gap) or repeated (overlap) hour."""
        low, high = sorted((self.before, self.after))
        return (self.at + low + (high - low) / 2).replace(tzinfo=None)


def next_transition(zone: str, *, gap: bool, now: datetime | None = None) -> Transition:
    """The zone's next spring-forward (``gap``) or fall-back transition, at least a day ahead.

    Scans hour by hour: right for zones that change on the whole UTC hour (Europe, the Americas).
    """
    tz = ZoneInfo(zone)
    moment = ((now or utc_now()) + timedelta(days=1)).replace(minute=0, second=0, microsecond=0)
    step = timedelta(hours=1)
    offset = moment.astimezone(tz).utcoffset()
    for _ in range(24 * 366 * 2):
        following = moment + step
        new_offset = following.astimezone(tz).utcoffset()
        if new_offset != offset and offset is not None and new_offset is not None:
            if (new_offset > offset) == gap:
                return Transition(following, offset, new_offset)
            offset = new_offset
        moment = following
    raise AssertionError(f"{zone} has no DST {'gap' if gap else 'overlap'} in the next two years")
