"""Random times for the parsing of user-entered and stored times, shared by the suite's property
tests and their 10,000-example run in tests/perf.

What is checked (``s200desk/services/scheduling.py``, ``s200desk/store/timefmt.py``; the command
line's ``--at``, the CSV import and the composer all go through ``resolve_schedule``):

* any text gives a UTC-aware time or a ``ScheduleError`` (a message for the user), never another
  exception;
* a wall time that exists once is kept; one in a DST gap or overlap is resolved as documented and
  the user is told; ``refuse`` refuses it;
* the ISO forms round-trip (to the millisecond the store keeps).

Wall times are drawn around the real DST transitions of zones with odd rules (a 30-minute shift,
the southern hemisphere, a zone that skipped a whole day), so the edges are hit, not hoped for.
"""

from __future__ import annotations

import functools
from datetime import UTC, datetime, timedelta, timezone
from zoneinfo import ZoneInfo

from hypothesis import strategies as st

from s200desk.services.scheduling import (
    AmbiguousTimeError,
    NonexistentTimeError,
    PastTimeError,
    ResolvedTime,
    ScheduleError,
    localize,
    parse_iso_utc,
    parse_when,
    resolve_schedule,
    to_iso_z,
)
from s200desk.store.timefmt import parse_utc, to_utc_iso

ZONES = (
    "Europe/Berlin",  # the app's example zone
    "America/New_York",
    "Australia/Lord_Howe",  # DST shifts by 30 minutes
    "America/Santiago",  # southern hemisphere, transitions at midnight
    "Pacific/Apia",  # skipped 2011-12-30 entirely
    "Asia/Kolkata",  # +05:30, no DST
    "UTC",
)
# Transitions of these years are drawn; the scan is done once per zone.
YEARS = range(2005, 2041)


@functools.cache
def transitions(zone: str) -> tuple[datetime, ...]:
    """Every UTC instant (to the minute) at which ``zone``'s offset changes within YEARS."""
    tz = ZoneInfo(zone)
    found: list[datetime] = []
    moment = datetime(YEARS.start, 1, 1, tzinfo=UTC)
    end = datetime(YEARS.stop, 1, 1, tzinfo=UTC)
    step = timedelta(hours=6)
    offset = moment.astimezone(tz).utcoffset()
    while moment < end:
        following = moment + step
        new = following.astimezone(tz).utcoffset()
        if new != offset:
            low, high = moment, following  # the change is in (low, high]
            while high - low > timedelta(minutes=1):
                middle = low + (high - low) / 2
                middle = middle.replace(second=0, microsecond=0)
                if middle <= low:
                    middle = low + timedelta(minutes=1)
                if middle.astimezone(tz).utcoffset() == offset:
                    low = middle
                else:
                    high = middle
            found.append(high)
            offset = new
        moment = following
    return tuple(found)


@st.composite
def wall_near_transition(draw: st.DrawFn) -> tuple[datetime, str]:
    """A naive wall time within 90 minutes (local) of one of a zone's DST transitions."""
    zone = draw(st.sampled_from([z for z in ZONES if transitions(z)]))
    instant = draw(st.sampled_from(transitions(zone)))
    before = (instant - timedelta(minutes=1)).astimezone(ZoneInfo(zone)).utcoffset()
    assert before is not None
    wall = (instant + before).replace(tzinfo=None)
    shift = draw(st.integers(-90, 90))
    return wall + timedelta(minutes=shift), zone


walls_anywhere = st.tuples(
    st.datetimes(min_value=datetime(1900, 1, 1), max_value=datetime(2100, 12, 31)),
    st.sampled_from(ZONES),
)
walls = st.one_of(wall_near_transition(), wall_near_transition(), walls_anywhere)
# Aware instants with any fixed offset, and UTC ones.
offsets = st.integers(min_value=-(23 * 60 + 59), max_value=23 * 60 + 59).map(
    lambda minutes: timezone(timedelta(minutes=minutes))
)
instants = st.datetimes(
    min_value=datetime(1900, 1, 1), max_value=datetime(2100, 12, 31), timezones=offsets
)
# What a user might type: near-valid times, the extremes of the calendar, and anything at all.
_valid_text = st.builds(
    lambda moment, fmt: moment.strftime(fmt),
    st.datetimes(min_value=datetime(1, 1, 1), max_value=datetime(9999, 12, 31, 23, 59))
    | st.sampled_from([datetime(1, 1, 1, 0, 30), datetime(9999, 12, 31, 23, 30)]),  # the edges
    st.sampled_from(["%Y-%m-%d %H:%M", "%Y-%m-%dT%H:%M:%S", " %Y-%m-%d %H:%M ",
                     "%Y-%m-%dT%H:%M:%SZ", "%Y-%m-%dT%H:%M:%S+14:00", "%Y-%m-%dT%H:%M-12:00",
                     "%Y-%m-%d", "%d/%m/%Y %H:%M", "%Y-%m-%d %H:%M:%S.%f"]),
)  # fmt: skip
user_texts = st.one_of(
    _valid_text,
    _valid_text.map(lambda text: text[:-1]),
    st.text(alphabet="0123456789-:T Z+.zt", max_size=30),
    st.text(max_size=30),
)
nows = st.datetimes(
    min_value=datetime(1990, 1, 1), max_value=datetime(2100, 1, 1), timezones=st.just(UTC)
)


def _exists(wall: datetime, tz: ZoneInfo) -> list[datetime]:
    """The distinct UTC instants whose wall time in ``tz`` is ``wall`` (zoneinfo as the oracle)."""
    out: list[datetime] = []
    for fold in (0, 1):
        utc = wall.replace(tzinfo=tz, fold=fold).astimezone(UTC)
        if utc.astimezone(tz).replace(tzinfo=None) == wall and utc not in out:
            out.append(utc)
    return sorted(out)


def _to_ms(moment: datetime) -> datetime:
    return moment.replace(microsecond=moment.microsecond // 1000 * 1000)


def _is_utc(moment: datetime) -> bool:
    return moment.tzinfo is not None and moment.utcoffset() == timedelta(0)


def check_localize(wall: datetime, zone: str) -> None:
    """Unique, gap or overlap: each resolved as documented, always to one UTC-aware instant."""
    tz = ZoneInfo(zone)
    candidates = _exists(wall, tz)
    resolved = localize(wall, tz)
    assert _is_utc(resolved.utc) and resolved.local.tzinfo is not None
    assert resolved.local.astimezone(UTC) == resolved.utc  # the same instant, shown in the zone
    if len(candidates) == 1:
        assert resolved.note is None and resolved.utc == candidates[0]
        assert resolved.local.replace(tzinfo=None) == wall
        assert localize(wall, tz, gap="refuse", overlap="refuse").utc == candidates[0]
    elif len(candidates) == 2:
        assert resolved.note and "happens twice" in resolved.note
        assert resolved.utc == candidates[0]  # the earlier one by default
        assert localize(wall, tz, overlap="later").utc == candidates[1]
        try:
            localize(wall, tz, overlap="refuse")
        except AmbiguousTimeError as exc:
            assert "happens twice" in str(exc)
        else:
            raise AssertionError(f"{wall} {zone}: an overlap was not refused")
    else:
        assert not candidates
        assert resolved.note and "does not exist" in resolved.note
        before = wall.replace(tzinfo=tz, fold=0).utcoffset()
        after = wall.replace(tzinfo=tz, fold=1).utcoffset()
        assert before is not None and after is not None
        # Moved forward by the gap: the instant the wall time would be at the old offset.
        assert resolved.utc == (wall - before).replace(tzinfo=UTC)
        assert resolved.local.replace(tzinfo=None) == wall + abs(after - before)
        try:
            localize(wall, tz, gap="refuse")
        except NonexistentTimeError as exc:
            assert "does not exist" in str(exc)
        else:
            raise AssertionError(f"{wall} {zone}: a gap was not refused")


def check_wall_text(wall: datetime, zone: str, now: datetime) -> None:
    """Typed as text, resolved against ``now``: the instant localize gives, or PastTimeError."""
    wall = wall.replace(second=0, microsecond=0)
    expected = localize(wall, ZoneInfo(zone)).utc
    for text in (wall.strftime("%Y-%m-%d %H:%M"), wall.strftime("%Y-%m-%dT%H:%M:%S")):
        try:
            got = resolve_schedule(text, zone, now=now)
        except PastTimeError:
            assert expected <= now
        else:
            assert expected > now and got.utc == expected and _is_utc(got.utc)


def check_any_text(text: str, zone: str, now: datetime) -> None:
    """Whatever is typed: a future UTC-aware time, or a ScheduleError with a message."""
    try:
        got = resolve_schedule(text, zone, now=now)
    except ScheduleError as exc:
        assert str(exc)
        return
    assert isinstance(got, ResolvedTime) and _is_utc(got.utc) and got.utc > now
    assert parse_iso_utc(got.iso_z) == _to_ms(got.utc)
    parsed = parse_when(text)  # it was readable, so this reads it too
    if parsed.tzinfo is not None:
        assert got.utc == parsed


def check_iso_round_trip(moment: datetime) -> None:
    """An instant as ISO ``Z`` text (the app's) or fixed-width text (the store's) reads back."""
    to_ms = _to_ms(moment)
    text = to_iso_z(moment)
    assert text.endswith("Z")
    back = parse_iso_utc(text)
    assert _is_utc(back) and back == to_ms
    stored = to_utc_iso(moment)
    assert stored is not None and len(stored) == 24 and stored.endswith("Z")
    again = parse_utc(stored)
    assert again is not None and _is_utc(again) and again == to_ms
    assert to_utc_iso(text) == stored and to_utc_iso(stored) == stored
    # Text sorts as time: the store's ordering relies on it.
    later = moment + timedelta(milliseconds=1)
    assert (to_utc_iso(later) or "") > stored

