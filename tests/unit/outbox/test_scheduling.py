"""Local time -> UTC, with DST gaps and overlaps resolved on purpose."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from s200desk.services.scheduling import (
    AmbiguousTimeError,
    NonexistentTimeError,
    PastTimeError,
    ScheduleError,
    resolve_schedule,
    to_iso_z,
)

NOW = datetime(2026, 1, 10, 12, 0, tzinfo=UTC)


def test_plain_winter_and_summer_times() -> None:
    assert resolve_schedule("2026-12-01 09:00", "Europe/Berlin", now=NOW).iso_z == (
        "2026-12-01T08:00:00Z"
    )
    assert resolve_schedule("2026-07-01 09:00", "Europe/Berlin", now=NOW).iso_z == (
        "2026-07-01T07:00:00Z"
    )
    assert resolve_schedule("2026-07-01 09:00", "Europe/Berlin", now=NOW).note is None


def test_spring_forward_gap_moves_forward_by_the_gap() -> None:
    # 2026-03-29: Berlin jumps from 02:00 CET to 03:00 CEST; 02:30 never happens.
    got = resolve_schedule("2026-03-29 02:30", "Europe/Berlin", now=NOW)
    assert got.iso_z == "2026-03-29T01:30:00Z"
    assert got.local.strftime("%H:%M %Z") == "03:30 CEST"
    assert got.note and "does not exist" in got.note
    with pytest.raises(NonexistentTimeError):
        resolve_schedule("2026-03-29 02:30", "Europe/Berlin", now=NOW, gap="refuse")


def test_fall_back_overlap_takes_the_earlier_instant_by_default() -> None:
    # 2026-10-25: Berlin goes from 03:00 CEST back to 02:00 CET; 02:30 happens twice.
    got = resolve_schedule("2026-10-25 02:30", "Europe/Berlin", now=NOW)
    assert got.iso_z == "2026-10-25T00:30:00Z"
    assert got.note and "twice" in got.note
    later = resolve_schedule("2026-10-25 02:30", "Europe/Berlin", now=NOW, overlap="later")
    assert later.iso_z == "2026-10-25T01:30:00Z"
    with pytest.raises(AmbiguousTimeError):
        resolve_schedule("2026-10-25 02:30", "Europe/Berlin", now=NOW, overlap="refuse")


def test_offset_times_are_instants_already() -> None:
    assert resolve_schedule("2026-12-01T09:00:00+05:30", "Europe/Berlin", now=NOW).iso_z == (
        "2026-12-01T03:30:00Z"
    )
    assert resolve_schedule("2026-12-01T09:00:00Z", "America/New_York", now=NOW).iso_z == (
        "2026-12-01T09:00:00Z"
    )


def test_past_and_garbage_are_refused() -> None:
    with pytest.raises(PastTimeError):
        resolve_schedule("2026-01-10 12:59", "Europe/Berlin", now=NOW)  # 11:59Z
    with pytest.raises(ScheduleError):
        resolve_schedule("tomorrow-ish", "Europe/Berlin", now=NOW)
    with pytest.raises(ScheduleError):
        resolve_schedule("2026-12-01 09:00", "Mars/Olympus", now=NOW)


def test_a_past_time_is_named_in_the_users_zone_and_words() -> None:
    with pytest.raises(PastTimeError) as refused:
        resolve_schedule("2026-01-10 12:59", "Europe/Berlin", now=NOW)  # 11:59Z, now 12:00Z
    message = str(refused.value)
    assert message == (
        "Sat 10 Jan 2026, 12:59 CET is in the past (it is now 13:00 CET): choose a later time"
    )


def test_iso_z_format() -> None:
    assert to_iso_z(datetime(2026, 5, 1, 8, 0, 0, 250000, tzinfo=UTC)) == "2026-05-01T08:00:00.250Z"
