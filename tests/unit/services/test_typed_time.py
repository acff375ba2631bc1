"""Times typed by hand in the composer and the calendar's Reschedule… (``services.typed_time``).

Every date here is data: ``today`` and the field's current value are passed in, never read from
the clock, so this file passes on any date (run under faketime +400d and +3y). 10 June 2026 is
a Wednesday; the weekday answers depend on that, not on when the test runs.
"""

from __future__ import annotations

from datetime import date, datetime

import pytest

from s200desk.services.typed_time import parse_typed_time

TODAY = date(2026, 6, 10)
CURRENT = datetime(2026, 6, 10, 14, 25)  # what the field held before


@pytest.mark.parametrize(
    ("typed", "meant"),
    [
        # An hour as a bare number where only an hour can be meant (these read as the 9th or
        # the 17th of the month before, at the old time: "tomorrow at 9" went to 9 June).
        ("tomorrow at 9", datetime(2026, 6, 11, 9, 0)),
        ("tomorrow 9", datetime(2026, 6, 11, 9, 0)),
        ("friday at 9", datetime(2026, 6, 12, 9, 0)),
        ("friday 9", datetime(2026, 6, 12, 9, 0)),
        ("monday at 17", datetime(2026, 6, 15, 17, 0)),
        ("at 9", datetime(2026, 6, 10, 9, 0)),
        ("9", datetime(2026, 6, 10, 9, 0)),
        ("at 9 on 24 Dec", datetime(2026, 12, 24, 9, 0)),
        ("sat at 12:15pm", datetime(2026, 6, 13, 12, 15)),
        ("tonight at 8pm", datetime(2026, 6, 10, 20, 0)),
        # "next <weekday>": never today itself (was not read at all).
        ("next friday 10am", datetime(2026, 6, 12, 10, 0)),
        ("next wednesday", datetime(2026, 6, 17, 14, 25)),
        # What read right before still does.
        ("wednesday", datetime(2026, 6, 10, 14, 25)),
        ("tomorrow 9am", datetime(2026, 6, 11, 9, 0)),
        ("tomorrow at 9:30", datetime(2026, 6, 11, 9, 30)),
        ("fri 14:30", datetime(2026, 6, 12, 14, 30)),
        ("9pm", datetime(2026, 6, 10, 21, 0)),
        ("21:15", datetime(2026, 6, 10, 21, 15)),
        ("24 Dec 9:30", datetime(2026, 12, 24, 9, 30)),
        ("Dec 9", datetime(2026, 12, 9, 14, 25)),  # a date's day stays a day
        ("2026-12-24 09:30", datetime(2026, 12, 24, 9, 30)),
        ("today", datetime(2026, 6, 10, 14, 25)),
    ],
)
def test_a_typed_time_means_what_a_person_means(typed: str, meant: datetime) -> None:
    assert parse_typed_time(typed, CURRENT, TODAY) == meant


@pytest.mark.parametrize("typed", ["at 25", "at 9:75", "tomorrow at 13pm", "", "gibberish"])
def test_an_hour_no_clock_has_is_not_read(typed: str) -> None:
    assert parse_typed_time(typed, CURRENT, TODAY) is None
