"""Calendar arithmetic in the user's zone: which days a month or week shows, and where a drop lands.

Qt-free on purpose, so the DST rules are tested without a display. A post moved to another day
keeps its local wall-clock time (09:00 stays 09:00 across a DST change); a wall time that does not
exist or happens twice is resolved by :func:`s200desk.services.scheduling.localize` (gap: forward,
overlap: the earlier one), the same rule the composer uses.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta, tzinfo
from zoneinfo import ZoneInfo

from s200desk.services.scheduling import localize

WEEKDAY_OF = {
    "monday": 0,
    "tuesday": 1,
    "wednesday": 2,
    "thursday": 3,
    "friday": 4,
    "saturday": 5,
    "sunday": 6,
}
MONTH_WEEKS = 6  # a month grid always shows six weeks, so its height never jumps


def first_weekday(first_day_of_week: object) -> int:
    """Python weekday (Monday 0) of a ``FirstDayOfWeek`` value or its name; Monday if unknown."""
    name = str(getattr(first_day_of_week, "value", first_day_of_week) or "").lower()
    return WEEKDAY_OF.get(name, 0)


def week_start(day: date, first: int) -> date:
    """The first day of the week holding ``day``."""
    return day - timedelta(days=(day.weekday() - first) % 7)


def month_grid_start(year: int, month: int, first: int) -> date:
    """The first day shown by the month grid of ``year``/``month``."""
    return week_start(date(year, month, 1), first)


def month_days(year: int, month: int, first: int) -> list[date]:
    """The 42 days (six weeks) the month grid shows."""
    start = month_grid_start(year, month, first)
    return [start + timedelta(days=i) for i in range(MONTH_WEEKS * 7)]


def add_months(day: date, months: int) -> date:
    """The first of the month ``months`` away from ``day``'s month."""
    index = day.year * 12 + (day.month - 1) + months
    return date(index // 12, index % 12 + 1, 1)


def local_day_bounds(day: date, tz: tzinfo) -> tuple[datetime, datetime]:
    """[start, end) of a local day as UTC instants (23 or 25 hours long on DST days)."""
    start = datetime.combine(day, time(0), tz).astimezone(UTC)
    end = datetime.combine(day + timedelta(days=1), time(0), tz).astimezone(UTC)
    return start, end


def as_zone(tz: tzinfo | str) -> tzinfo:
    return ZoneInfo(tz) if isinstance(tz, str) else tz


@dataclass(frozen=True)
class DropTarget:
    """Where a dragged post would go: the UTC instant, its local reading, and any DST note."""

    utc: datetime
    local: datetime
    note: str | None = None


def resolve_wall(wall: datetime, tz: tzinfo) -> DropTarget:
    """A naive local wall time in ``tz`` as one instant; DST gaps/overlaps resolved explicitly."""
    if isinstance(tz, ZoneInfo):
        resolved = localize(wall, tz)
        return DropTarget(resolved.utc, resolved.local, resolved.note)
    aware = wall.replace(tzinfo=tz)
    return DropTarget(aware.astimezone(UTC), aware)


def move_to_day(when_utc: datetime, day: date, tz: tzinfo) -> DropTarget:
    """``when_utc`` moved to local ``day``, keeping its local wall-clock time (month view)."""
    local = when_utc.astimezone(tz)
    wall = datetime.combine(day, local.time().replace(tzinfo=None))
    return resolve_wall(wall, tz)


def move_to_slot(when_utc: datetime, day: date, hour: int, tz: tzinfo) -> DropTarget:
    """``when_utc`` moved to local ``day`` at ``hour``, keeping its minutes (week view)."""
    local = when_utc.astimezone(tz)
    wall = datetime.combine(day, time(hour, local.minute, local.second))
    return resolve_wall(wall, tz)


def slot_start(day: date, hour: int, tz: tzinfo) -> DropTarget:
    """The start of an hour slot (double-click on an empty slot composes there)."""
    return resolve_wall(datetime.combine(day, time(hour)), tz)


def utc_day(moment: datetime) -> date:
    """The UTC calendar day: the day the server counts a post against its daily cap."""
    return moment.astimezone(UTC).date()
