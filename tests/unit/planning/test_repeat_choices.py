"""Repeat choices: each one makes its RRULE, a series' rule reads back as the same choices (or
as a custom rule when no choice says it exactly), and a draft's saved choices come back whole."""

from __future__ import annotations

from datetime import date

import pytest

from s200desk.services.planning.recurrence import RecurrenceError
from s200desk.services.planning.repeat_choices import RepeatChoices, choices_for_rule

# A Thursday, the 3rd Thursday of its month; fixed: only the calendar of 2031 is read.
FIRST = date(2031, 5, 15)


@pytest.mark.parametrize("choices", [
    RepeatChoices("daily"),
    RepeatChoices("daily", every=3, end="count", count=7),
    RepeatChoices("weekdays", end="until", until=date(2031, 8, 1)),
    RepeatChoices("weekly", every=2, days=(0, 3)),
    RepeatChoices("month_day", end="count", count=12),
    RepeatChoices("month_nth", every=2),
])  # fmt: skip
def test_a_rule_reads_back_as_the_choices_that_made_it(choices: RepeatChoices) -> None:
    rule = choices.rule(FIRST)
    assert rule is not None
    assert choices_for_rule(rule, FIRST) == choices


def test_rules_the_choices_cannot_say_are_custom() -> None:
    got = choices_for_rule("RRULE:FREQ=YEARLY;BYMONTH=5", FIRST)
    assert (got.kind, got.custom) == ("custom", "FREQ=YEARLY;BYMONTH=5")
    assert got.rule(FIRST) == "RRULE:FREQ=YEARLY;BYMONTH=5"
    # Weekly without days repeats on the first post's weekday: said as "weekly on Thursday".
    assert choices_for_rule("RRULE:FREQ=WEEKLY", FIRST) == RepeatChoices("weekly", days=(3,))
    assert choices_for_rule("RRULE:FREQ=MONTHLY", FIRST) == RepeatChoices("month_day")


def test_choices_that_make_no_rule_say_why() -> None:
    assert RepeatChoices().rule(FIRST) is None
    with pytest.raises(RecurrenceError, match="at least one day"):
        RepeatChoices("weekly").rule(FIRST)
    with pytest.raises(RecurrenceError, match="type a repeat rule"):
        RepeatChoices("custom").rule(FIRST)


def test_saved_choices_come_back_and_bad_ones_fall_back() -> None:
    choices = RepeatChoices("weekly", every=3, days=(1, 5), end="until", until=date(2031, 9, 9))
    assert RepeatChoices.from_json(choices.to_json()) == choices
    assert RepeatChoices.from_json({"kind": "hourly", "every": "x", "days": [9, 2],
                                    "until": "soon"}) == RepeatChoices(days=(2,))  # fmt: skip
    assert RepeatChoices.from_json(None) == RepeatChoices()


def test_a_rule_in_words() -> None:
    from s200desk.services.planning.repeat_choices import rule_words

    def words(c: RepeatChoices) -> str:
        return rule_words(c.rule(FIRST) or "", FIRST)

    assert words(RepeatChoices("weekly", every=2, days=(1, 3), end="count", count=6)) == (
        "every 2 weeks on Tue, Thu, 6 posts"
    )
    assert words(RepeatChoices("month_nth")) == "monthly on the third Thu"
    assert words(RepeatChoices("weekdays", end="until", until=date(2031, 8, 1))) == (
        "every weekday, until Fri 1 Aug 2031"
    )
    assert rule_words("RRULE:FREQ=YEARLY;BYMONTH=5", FIRST) == "yearly in May"


def test_a_rule_only_a_custom_rrule_makes_is_said_in_words_where_its_parts_allow() -> None:
    from s200desk.services.planning.repeat_choices import rule_words

    said = {
        "FREQ=MONTHLY;COUNT=6;BYDAY=-1FR": "monthly on the last Fri, 6 posts",
        "FREQ=MONTHLY;INTERVAL=2;BYDAY=1MO,-1FR": (
            "every 2 months on the first Mon and the last Fri"
        ),
        "FREQ=MONTHLY;BYDAY=MO,TU,WE,TH,FR;BYSETPOS=-1": "monthly on the last weekday",
        "FREQ=MONTHLY;BYMONTHDAY=1,15;UNTIL=20310801T000000Z": (
            "monthly on day 1 and day 15, until Fri 1 Aug 2031"
        ),
        "FREQ=MONTHLY;BYMONTHDAY=-1": "monthly on the last day",
        "FREQ=YEARLY;BYMONTH=1,7;BYMONTHDAY=1": "yearly on day 1 in Jan and Jul",
    }
    for rule, words in said.items():
        assert rule_words(f"RRULE:{rule}", FIRST) == words, rule
    # What has no words here is shown as written, never half said.
    for rule in ("FREQ=DAILY;BYHOUR=9,17", "FREQ=HOURLY;INTERVAL=6", "FREQ=YEARLY;BYWEEKNO=20",
                 "FREQ=MONTHLY;BYDAY=7FR"):  # fmt: skip
        assert rule_words(f"RRULE:{rule}", FIRST) == rule
