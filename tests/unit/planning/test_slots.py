"""Queue slots: wall-clock times that survive DST, and a next free slot that respects the
profile's other posts (±5 minutes), blocked dates, the daily cap and the horizon. Every time
here is injected: nothing depends on today's date."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest

from s200desk.services.planning.slots import SlotError, WeeklySlots, next_free_slots

BERLIN, NEW_YORK = "Europe/Berlin", "America/New_York"


def test_reading_and_describing_slots() -> None:
    slots = WeeklySlots.parse("Mon-Fri 13:00,9:00", BERLIN)
    assert slots.days == frozenset(range(5))
    assert slots.times == (time(9), time(13))
    assert slots.describe() == "mon-fri 09:00,13:00"
    assert WeeklySlots.parse("sat,sun,tue 11:30").describe() == "tue,sat-sun 11:30"
    assert WeeklySlots.parse("fri-mon 08:00").days == frozenset({4, 5, 6, 0})


@pytest.mark.parametrize("text", ["mon-fri", "funday 09:00", "mon 25:00", "mon 9", ""])
def test_unreadable_slots_say_how_to_write_them(text: str) -> None:
    with pytest.raises(SlotError) as caught:
        WeeklySlots.parse(text)
    assert "use" in str(caught.value)


@pytest.mark.parametrize(
    ("zone", "before", "after"),
    [
        (BERLIN, date(2027, 3, 26), date(2027, 3, 29)),  # spring forward on Sun 28 Mar 2027
        (BERLIN, date(2027, 10, 29), date(2027, 11, 1)),  # fall back on Sun 31 Oct 2027
        (NEW_YORK, date(2027, 3, 12), date(2027, 3, 15)),  # spring forward on Sun 14 Mar 2027
        (NEW_YORK, date(2027, 11, 5), date(2027, 11, 8)),  # fall back on Sun 7 Nov 2027
    ],
)
def test_slots_keep_their_wall_clock_time_across_dst(zone: str, before: date, after: date) -> None:
    slots = WeeklySlots.parse("mon-fri 09:00", zone)
    start = datetime.combine(before, time(0), tzinfo=UTC)
    found = list(slots.occurrences(start, start + timedelta(days=4)))
    local = [t.astimezone(ZoneInfo(zone)) for t in found]
    assert [t.date() for t in local] == [before, after]
    assert {t.time() for t in local} == {time(9)}
    # The UTC hour moved by the DST change: wall-clock time was kept, not the instant.
    assert found[0].hour != found[1].hour


def test_a_slot_in_the_dst_gap_moves_forward_not_away() -> None:
    slots = WeeklySlots.parse("sun 02:30", BERLIN)
    start = datetime(2027, 3, 27, tzinfo=UTC)
    (instant,) = slots.occurrences(start, start + timedelta(days=2))
    assert instant.astimezone(ZoneInfo(BERLIN)).strftime("%H:%M") == "03:30"


def _now() -> datetime:
    return datetime(2027, 6, 7, 8, 0, tzinfo=UTC)  # a Monday, 10:00 in Berlin


def test_next_slot_skips_posts_within_five_minutes() -> None:
    slots = WeeklySlots.parse("mon-fri 13:00,17:00", BERLIN)
    # 13:00 Berlin = 11:00Z in summer; a post at 11:04Z blocks it, one at 14:54Z (-6 min) not 17:00.
    taken = [datetime(2027, 6, 7, 11, 4, tzinfo=UTC), datetime(2027, 6, 7, 14, 54, tzinfo=UTC)]
    got = next_free_slots(slots, now=_now(), taken=taken, count=2)
    assert got == [datetime(2027, 6, 7, 15, 0, tzinfo=UTC), datetime(2027, 6, 8, 11, 0, tzinfo=UTC)]


def test_next_slot_skips_blocked_days_and_full_days() -> None:
    slots = WeeklySlots.parse("mon-fri 09:00", BERLIN).with_blocked({date(2027, 6, 8)})
    used = {date(2027, 6, 9): 5}  # the free plan's cap of 5 is reached on Wednesday

    def full(day: date, chosen: int) -> bool:
        return used.get(day, 0) + chosen >= 5

    got = next_free_slots(
        slots, now=datetime(2027, 6, 7, 9, 0, tzinfo=UTC), taken=[], day_is_full=full, count=2
    )
    assert [t.date() for t in got] == [date(2027, 6, 10), date(2027, 6, 11)]


def test_slots_chosen_in_one_call_count_toward_the_cap() -> None:
    slots = WeeklySlots.parse("mon-sun 09:00,10:00,11:00", "UTC")

    def full(day: date, chosen: int) -> bool:
        return 3 + chosen >= 5  # three posts already that day; cap 5

    got = next_free_slots(slots, now=_now(), taken=[], day_is_full=full, count=3)
    # Two fit on the 7th (3 + 2 = the cap), so 11:00 that day is skipped for the 8th's first.
    assert [(t.day, t.hour) for t in got] == [(7, 9), (7, 10), (8, 9)]


def test_nothing_within_the_horizon_gives_fewer() -> None:
    slots = WeeklySlots.parse("mon 09:00", "UTC")
    got = next_free_slots(
        slots, now=_now(), taken=[], count=5, horizon=timedelta(days=15),
    )
    assert len(got) == 3  # Mondays 7, 14 and 21 June; the 28th is past the horizon
