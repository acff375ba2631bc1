"""When a post goes out: the user's local wall-clock time turned into one UTC instant.

Decisions (also in docs/reliability.md, "Time"):

* A naive time ("2026-12-01 09:00") is read in the user's IANA zone; a time with an offset or ``Z``
  is an instant already and is taken as it is.
* A DST *gap* (a wall time that never happens, e.g. 02:30 on the spring-forward night in
  Europe/Berlin) is moved forward by the length of the gap: 02:30 becomes 03:30 local, i.e. the same
  instant as "02:30 at the old offset" (2026-03-29 02:30 Berlin -> 01:30Z). The user is told.
* A DST *overlap* (a wall time that happens twice, e.g. 02:30 on the fall-back night) takes the
  EARLIER occurrence (the summer-time one) unless the caller asks for the later one: a post that
  is an hour early is a smaller surprise than one an hour late (2026-10-25 02:30 Berlin -> 00:30Z;
  ``overlap="later"`` -> 01:30Z). The user is told.
* Times not in the future (after a small grace for the time it takes to press the button) are
  refused.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Literal
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

Overlap = Literal["earlier", "later", "refuse"]
Gap = Literal["forward", "refuse"]

# A time this close to "now" counts as "now-ish" and is still accepted.
DEFAULT_GRACE = timedelta(seconds=0)

_NAIVE_FORMATS = (
    "%Y-%m-%d %H:%M",
    "%Y-%m-%d %H:%M:%S",
    "%Y-%m-%dT%H:%M",
    "%Y-%m-%dT%H:%M:%S",
)


class ScheduleError(ValueError):
    """A time the app will not schedule at; the message is for the user."""


class PastTimeError(ScheduleError):
    """The time is not in the future."""


class NonexistentTimeError(ScheduleError):
    """The wall time falls in a DST gap and the caller asked to refuse such times."""


class AmbiguousTimeError(ScheduleError):
    """The wall time happens twice (DST overlap) and the caller asked to refuse such times."""


@dataclass(frozen=True)
class ResolvedTime:
    """One UTC instant plus what the user should hear about how it was reached."""

    utc: datetime
    local: datetime  # aware, in the user's zone, as it will actually happen
    note: str | None = None  # set when a DST gap or overlap was resolved

    @property
    def iso_z(self) -> str:
        return to_iso_z(self.utc)


def utc_now() -> datetime:
    """The real clock, aware UTC: the default wherever a clock can be injected."""
    return datetime.now(UTC)


def to_iso_z(moment: datetime) -> str:
    """An aware datetime as ISO-8601 UTC with ``Z`` (millisecond precision dropped when zero)."""
    if moment.tzinfo is None:
        raise ValueError("naive datetime: refuse to guess its zone")
    moment = moment.astimezone(UTC)
    text = moment.isoformat(timespec="milliseconds" if moment.microsecond else "seconds")
    return text.replace("+00:00", "Z")


def parse_iso_utc(text: str) -> datetime:
    """An ISO-8601 instant (``Z`` or offset) as an aware UTC datetime."""
    value = datetime.fromisoformat(text.strip().replace("Z", "+00:00").replace("z", "+00:00"))
    if value.tzinfo is None:
        raise ValueError(f"{text!r} has no offset")
    return value.astimezone(UTC)


def get_zone(name: str) -> ZoneInfo:
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError) as exc:
        raise ScheduleError(f"unknown time zone {name!r}") from exc


def parse_when(text: str) -> datetime:
    """Parse user input: an aware datetime if it carries an offset, else a naive wall time."""
    raw = text.strip()
    if not raw:
        raise ScheduleError("empty time")
    for fmt in _NAIVE_FORMATS:
        try:
            return datetime.strptime(raw, fmt)
        except ValueError:
            continue
    try:
        return datetime.fromisoformat(raw.replace("Z", "+00:00").replace("z", "+00:00"))
    except ValueError as exc:
        raise ScheduleError(
            f"cannot read the time {raw!r}: use 'YYYY-MM-DD HH:MM' or ISO-8601 with an offset"
        ) from exc


def localize(
    wall: datetime, zone: ZoneInfo, *, overlap: Overlap = "earlier", gap: Gap = "forward"
) -> ResolvedTime:
    """Resolve a naive wall time in ``zone`` to one instant, DST gaps and overlaps explicitly."""
    if wall.tzinfo is not None:
        raise ValueError("localize() takes a naive wall time")
    first = wall.replace(tzinfo=zone, fold=0)
    second = wall.replace(tzinfo=zone, fold=1)
    off0, off1 = first.utcoffset(), second.utcoffset()
    stamp = wall.strftime("%Y-%m-%d %H:%M")
    if off0 == off1:
        return ResolvedTime(utc=first.astimezone(UTC), local=first)
    # Two offsets: the wall time is either skipped (gap) or repeated (overlap). A wall time that
    # round-trips through UTC unchanged exists; one that does not was skipped.
    roundtrip = first.astimezone(UTC).astimezone(zone).replace(tzinfo=None)
    if roundtrip != wall:
        if gap == "refuse":
            raise NonexistentTimeError(
                f"{stamp} does not exist in {zone.key} (clocks jump forward)"
            )
        # fold=0 in a gap applies the offset in force before the jump: the instant is the one the
        # wall time "would have been", which reads as wall + gap length after the jump.
        utc = first.astimezone(UTC)
        actual = utc.astimezone(zone)
        note = (
            f"{stamp} does not exist in {zone.key} (clocks jump forward); "
            f"scheduled at {actual.strftime('%H:%M')} local instead"
        )
        return ResolvedTime(utc=utc, local=actual, note=note)
    if overlap == "refuse":
        raise AmbiguousTimeError(f"{stamp} happens twice in {zone.key} (clocks go back)")
    chosen = first if overlap == "earlier" else second
    abbrev = chosen.tzname() or ""
    note = (
        f"{stamp} happens twice in {zone.key} (clocks go back); "
        f"the {overlap} one ({abbrev}, UTC{_fmt_offset(chosen.utcoffset())}) was chosen"
    )
    return ResolvedTime(utc=chosen.astimezone(UTC), local=chosen, note=note)


def local_words(
    local: datetime, *, with_date: bool = True, year: bool = True, zone: bool = True
) -> str:
    """A local time as the user reads it: "Tue 1 Dec 2026, 09:00 CET", the parts not wanted
    left out ("Tue 1 Dec, 09:00", "09:00 CET"). No %-d: Windows' strftime lacks it."""
    on = f" {local.year}" if year else ""
    day = f"{local:%a} {local.day} {local:%b}{on}, " if with_date else ""
    name = f" {local.tzname() or ''}" if zone else ""
    return f"{day}{local:%H:%M}{name}".rstrip()


def _fmt_offset(offset: timedelta | None) -> str:
    total = int((offset or timedelta()).total_seconds() // 60)
    sign = "+" if total >= 0 else "-"
    hours, minutes = divmod(abs(total), 60)
    return f"{sign}{hours:02d}:{minutes:02d}"


def resolve_schedule(
    when: str | datetime,
    zone: str | ZoneInfo,
    *,
    now: datetime | None = None,
    overlap: Overlap = "earlier",
    gap: Gap = "forward",
    grace: timedelta = DEFAULT_GRACE,
) -> ResolvedTime:
    """User input in the user's zone -> a future UTC instant, or ScheduleError."""
    tz = get_zone(zone) if isinstance(zone, str) else zone
    value = parse_when(when) if isinstance(when, str) else when
    try:
        if value.tzinfo is None:
            resolved = localize(value, tz, overlap=overlap, gap=gap)
        else:
            utc = value.astimezone(UTC)
            resolved = ResolvedTime(utc=utc, local=utc.astimezone(tz))
    except OverflowError:  # within hours of year 1 or 9999: the shift leaves the calendar
        raise ScheduleError(
            f"{value.strftime('%Y-%m-%d %H:%M')} is too far from today to schedule"
        ) from None
    current = (now or datetime.now(UTC)).astimezone(UTC)
    if resolved.utc <= current - grace:
        now_local = current.astimezone(tz)
        same_day = now_local.date() == resolved.local.date()
        raise PastTimeError(
            f"{local_words(resolved.local)} is in the past (it is now "
            f"{local_words(now_local, with_date=not same_day)}): choose a later time"
        )
    return resolved
