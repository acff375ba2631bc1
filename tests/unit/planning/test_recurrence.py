"""Recurring series: rules from python-dateutil, wall-clock times across DST in the series' own
zone, stable occurrence keys, skips, ends by date or count. Times are injected."""

from __future__ import annotations

from datetime import UTC, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest

from s200desk.services.planning.recurrence import RecurrenceError, Series, build_rule

BERLIN, NEW_YORK = "Europe/Berlin", "America/New_York"


def _walls(series: Series, start: datetime, days: int) -> list[datetime]:
    return [o.wall for o in series.occurrences(start, start + timedelta(days=days))]


@pytest.mark.parametrize(
    ("zone", "first"),
    [
        (BERLIN, datetime(2027, 3, 25, 9, 0)),  # spans the spring-forward Sunday 28 March
        (BERLIN, datetime(2027, 10, 28, 9, 0)),  # spans the fall-back Sunday 31 October
        (NEW_YORK, datetime(2027, 3, 11, 9, 0)),
        (NEW_YORK, datetime(2027, 11, 4, 9, 0)),
    ],
)
def test_daily_series_keeps_nine_oclock_across_dst(zone: str, first: datetime) -> None:
    series = Series("s1", build_rule("daily"), first, zone)
    start = first.replace(tzinfo=ZoneInfo(zone)).astimezone(UTC)
    # Six and a half days: an hour either way (the DST change) cannot add or drop one.
    found = list(series.occurrences(start, start + timedelta(days=6, hours=12)))
    assert [o.wall.day for o in found] == [(first + timedelta(days=n)).day for n in range(7)]
    local = [o.utc.astimezone(ZoneInfo(zone)) for o in found]
    assert {t.time() for t in local} == {time(9)}
    assert len({o.utc.hour for o in found}) == 2  # the instant moved with the clock change


def test_keys_are_stable_and_unique() -> None:
    a = Series("abc", build_rule("weekdays"), datetime(2027, 6, 7, 9), BERLIN)
    start = datetime(2027, 6, 1, tzinfo=UTC)
    keys = [o.key for o in a.occurrences(start, start + timedelta(days=30))]
    again = [o.key for o in a.occurrences(start, start + timedelta(days=30))]
    assert keys == again and len(set(keys)) == len(keys)
    assert keys[0] == "series:abc:2027-06-07T09:00"


def test_weekly_on_days_every_two_weeks() -> None:
    rule = build_rule("weekly", interval=2, weekdays=(0, 3))  # Mon and Thu, every other week
    series = Series("w", rule, datetime(2027, 6, 7, 18, 30), NEW_YORK)
    walls = _walls(series, datetime(2027, 6, 1, tzinfo=UTC), 30)
    assert [w.day for w in walls] == [7, 10, 21, 24]


def test_monthly_on_a_day_and_on_the_last_friday() -> None:
    on_day = Series("m", build_rule("monthly", month_day=15), datetime(2027, 1, 15, 12), BERLIN)
    assert [w.month for w in _walls(on_day, datetime(2027, 1, 1, tzinfo=UTC), 120)] == [1, 2, 3, 4]
    last_friday = Series(
        "f", build_rule("monthly", nth_weekday=(-1, 4)), datetime(2027, 1, 29, 12), BERLIN
    )
    walls = _walls(last_friday, datetime(2027, 1, 1, tzinfo=UTC), 90)
    assert [(w.month, w.day) for w in walls] == [(1, 29), (2, 26), (3, 26)]


def test_ends_by_count_or_date_and_skips() -> None:
    counted = Series("c", build_rule("daily", count=3), datetime(2027, 6, 7, 9), BERLIN)
    assert len(_walls(counted, datetime(2027, 6, 1, tzinfo=UTC), 30)) == 3
    until = Series(
        "u", build_rule("daily", until=datetime(2027, 6, 9, 9)), datetime(2027, 6, 7, 9), BERLIN
    )
    assert [w.day for w in _walls(until, datetime(2027, 6, 1, tzinfo=UTC), 30)] == [7, 8, 9]
    skipped = until.skip(datetime(2027, 6, 8, 9))
    assert [w.day for w in _walls(skipped, datetime(2027, 6, 1, tzinfo=UTC), 30)] == [7, 9]
    nxt = skipped.next_after(datetime(2027, 6, 7, 12, tzinfo=UTC))
    assert nxt is not None and nxt.wall == datetime(2027, 6, 9, 9)


def test_custom_rrule_text() -> None:
    series = Series("r", "RRULE:FREQ=WEEKLY;BYDAY=SA;COUNT=2", datetime(2027, 6, 5, 10), "UTC")
    assert [w.day for w in _walls(series, datetime(2027, 6, 1, tzinfo=UTC), 60)] == [5, 12]


@pytest.mark.parametrize("rule", ["FREQ=SOMETIMES", "RRULE:FREQ=DAILY;UNTIL=20270101T000000Z"])
def test_bad_rules_are_refused_in_words(rule: str) -> None:
    with pytest.raises(RecurrenceError):
        Series("x", rule, datetime(2027, 6, 5, 10), "UTC")


def test_until_and_count_together_are_refused() -> None:
    with pytest.raises(RecurrenceError):
        build_rule("daily", until=datetime(2027, 1, 1), count=3)
