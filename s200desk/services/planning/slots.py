"""Weekly time slots of a posting queue, and the next free slot of a profile.

Slots are wall-clock times in a zone ("Mon–Fri 09:00 and 13:00, Europe/Berlin"): 09:00 stays
09:00 across DST. A slot is free when no other post of the profile is within ``CLEARANCE`` of it,
its day is not blocked, and the platform's daily cap is not full that day.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from s200desk.services.scheduling import ScheduleError, localize

CLEARANCE = timedelta(minutes=5)
DEFAULT_HORIZON = timedelta(days=60)
DAY_NAMES = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
_TIME = re.compile(r"^([01]?\d|2[0-3]):([0-5]\d)$")


class SlotError(ScheduleError):
    """A slot description the app cannot read; the message is for the user."""


@dataclass(frozen=True)
class WeeklySlots:
    """The same times on chosen weekdays (0 = Monday), read in ``zone``."""

    days: frozenset[int]
    times: tuple[time, ...]
    zone: str = "UTC"
    blocked: frozenset[date] = field(default_factory=frozenset)

    @classmethod
    def parse(cls, text: str, zone: str = "UTC") -> WeeklySlots:
        """Read ``"mon-fri 09:00,13:00"``; several groups joined by ``;`` must share the times
        (``"mon,wed 09:00; sat 11:00"`` is two queues: give them one at a time)."""
        words = text.strip().lower().split()
        if len(words) != 2:
            raise SlotError(
                f"cannot read the slots {text!r}: use days and times, like 'mon-fri 09:00,13:00'"
            )
        return cls(days=_parse_days(words[0]), times=_parse_times(words[1]), zone=zone)

    def describe(self) -> str:
        """The slots as ``parse`` reads them."""
        return f"{_format_days(self.days)} {','.join(t.strftime('%H:%M') for t in self.times)}"

    def with_blocked(self, days: Iterable[date]) -> WeeklySlots:
        return WeeklySlots(self.days, self.times, self.zone, frozenset(days))

    def occurrences(self, start: datetime, end: datetime) -> Iterator[datetime]:
        """Every slot instant (UTC) with ``start <= t < end``, in order; DST-resolved."""
        zone = ZoneInfo(self.zone)
        day = start.astimezone(zone).date() - timedelta(days=1)
        last = end.astimezone(zone).date() + timedelta(days=1)
        while day <= last:
            if day.weekday() in self.days and day not in self.blocked:
                for t in self.times:
                    instant = localize(datetime.combine(day, t), zone).utc
                    if start <= instant < end:
                        yield instant
            day += timedelta(days=1)


# (UTC day, slots this call already chose that day) -> the platform's cap is used up.
DayIsFull = Callable[[date, int], bool]


def next_free_slots(
    slots: WeeklySlots,
    *,
    now: datetime,
    taken: Iterable[datetime],
    day_is_full: DayIsFull | None = None,
    count: int = 1,
    horizon: timedelta = DEFAULT_HORIZON,
) -> list[datetime]:
    """The next ``count`` free slot instants after ``now`` (UTC), fewer when the horizon ends.

    ``taken``: the instants of the profile's other posts (server posts and pending outbox
    intents). ``day_is_full(day, chosen)``: whether the platform's daily cap is used up on that
    UTC day (the API counts caps per UTC day) once ``chosen`` more posts are added.
    """
    if now.tzinfo is None:
        raise ValueError("now must be aware")
    busy = sorted(t.astimezone(UTC) for t in taken)
    chosen: list[datetime] = []
    added_per_day: dict[date, int] = {}
    for instant in slots.occurrences(now, now + horizon):
        if instant <= now or _near(instant, busy):
            continue
        day = instant.date()
        if day_is_full is not None and day_is_full(day, added_per_day.get(day, 0)):
            continue
        chosen.append(instant)
        added_per_day[day] = added_per_day.get(day, 0) + 1
        bisect.insort(busy, instant)
        if len(chosen) == count:
            break
    return chosen


def _near(instant: datetime, busy: list[datetime]) -> bool:
    i = bisect.bisect_left(busy, instant - CLEARANCE)
    return i < len(busy) and busy[i] <= instant + CLEARANCE


def _parse_days(text: str) -> frozenset[int]:
    days: set[int] = set()
    for part in text.split(","):
        if part in ("daily", "every", "all"):
            days.update(range(7))
        elif part in ("weekdays",):
            days.update(range(5))
        elif part in ("weekends",):
            days.update((5, 6))
        elif "-" in part:
            first, _, last = part.partition("-")
            a, b = _day(first), _day(last)
            days.update(range(a, b + 1) if a <= b else [*range(a, 7), *range(0, b + 1)])
        else:
            days.add(_day(part))
    return frozenset(days)


def _day(text: str) -> int:
    key = text[:3]
    if key not in DAY_NAMES:
        raise SlotError(f"{text!r} is not a weekday: use mon, tue, wed, thu, fri, sat or sun")
    return DAY_NAMES.index(key)


def _parse_times(text: str) -> tuple[time, ...]:
    out: set[time] = set()
    for part in text.split(","):
        match = _TIME.match(part.strip())
        if not match:
            raise SlotError(f"{part!r} is not a time: use 24-hour HH:MM, like 09:00")
        out.add(time(int(match.group(1)), int(match.group(2))))
    return tuple(sorted(out))


def _format_days(days: frozenset[int]) -> str:
    ordered = sorted(days)
    if ordered == list(range(7)):
        return "mon-sun"
    runs: list[str] = []
    start = prev = ordered[0]
    for d in [*ordered[1:], None]:
        if d is not None and d == prev + 1:
            prev = d
            continue
        runs.append(DAY_NAMES[start] if start == prev else f"{DAY_NAMES[start]}-{DAY_NAMES[prev]}")
        if d is not None:
            start = prev = d
    return ",".join(runs)
