"""A date and time typed by hand ("2026-12-24 09:30", "24 Dec 9:30", "tomorrow 9am", "21:15",
"friday at 9", "next monday 17:00"), read as the user's wall time. Parsing is python-dateutil's;
ours are "today"/"tonight"/"tomorrow", "next <weekday>", and an hour written as a bare number
where only an hour can be meant: after "at", after a day word, or alone ("at 9", "tomorrow 9",
"friday 9", "9"). dateutil alone reads those as the 9th of the month."""

from __future__ import annotations

import re
from datetime import date, datetime, timedelta

from dateutil import parser as date_parser

_RELATIVE = {"today": 0, "tonight": 0, "tomorrow": 1}
_WORD = re.compile(r"\b(today|tonight|tomorrow)\b", re.IGNORECASE)
_WEEKDAY = r"(?:mon|tue|tues|wed|thu|thur|thurs|fri|sat|sun)(?:day|nesday|sday|urday)?\.?"
_NEXT = re.compile(rf"^next\s+(?={_WEEKDAY}\b)", re.IGNORECASE)
# "at 9", "at 9:30", "at 9pm": an hour, wherever it stands.
_AT_HOUR = re.compile(r"\bat\s+(\d{1,2})(?::(\d{2}))?\s*([ap]\.?m\.?)?(?![\w:./-])", re.IGNORECASE)
# A bare "9" or "9pm" that is the whole text, or follows a weekday: an hour, not a day.
_BARE_HOUR = re.compile(rf"^({_WEEKDAY}\s+)?(\d{{1,2}})\s*([ap]\.?m\.?)?$", re.IGNORECASE)


def _clock(hour: str, minute: str | None, half: str | None) -> str | None:
    """``9``, ``None``, ``pm`` -> ``"9:00pm"``; None for an hour no clock has."""
    limit = 12 if half else 23
    if int(hour) > limit or (minute is not None and int(minute) > 59):
        return None
    return f"{int(hour)}:{minute or '00'}{(half or '').replace('.', '')}"


def _hours_spelled_out(words: str) -> str | None:
    """``words`` with every hour written as a clock time, or None when one cannot be."""
    bad = False

    def at_hour(match: re.Match[str]) -> str:
        nonlocal bad
        clock = _clock(match.group(1), match.group(2), match.group(3))
        bad = bad or clock is None
        return clock or ""

    words = _AT_HOUR.sub(at_hour, words).strip(" ,")
    bare = _BARE_HOUR.match(words)
    if bare:
        clock = _clock(bare.group(2), None, bare.group(3))
        if clock is None:
            return None
        words = f"{bare.group(1) or ''}{clock}"
    return None if bad else words


def parse_typed_time(text: str, default: datetime, today: date) -> datetime | None:
    """The wall time ``text`` means (naive, minutes precision), or None when it cannot be read.

    What the text leaves out comes from ``default`` (a date alone keeps its time, a time alone
    keeps its day); "today"/"tomorrow" count from ``today``; a weekday is the next one from
    ``default``'s day on (that day itself included), "next <weekday>" never that day itself.
    """
    words = text.strip()
    if not words:
        return None
    base = default.replace(second=0, microsecond=0, tzinfo=None)
    match = _WORD.search(words)
    if match:
        day = today + timedelta(days=_RELATIVE[match.group(1).lower()])
        base = base.replace(year=day.year, month=day.month, day=day.day)
        words = (words[: match.start()] + words[match.end() :]).strip(" ,")
        if not words:
            return base
    following = _NEXT.match(words) is not None
    words = _NEXT.sub("", words)
    spelled = _hours_spelled_out(words)
    if spelled is None:
        return None
    if not spelled:
        return base
    # dateutil fills what the text leaves out from the default: parsed against a second default
    # it tells whether an hour was typed without minutes ("9am" means 09:00, not 09:<old>).
    probe = base.replace(hour=(base.hour + 1) % 24, minute=(base.minute + 1) % 60)
    try:
        value = date_parser.parse(spelled, default=base)
        other = date_parser.parse(spelled, default=probe)
    except (ValueError, OverflowError):
        return None
    if value.hour == other.hour and value.minute != other.minute:
        value = value.replace(minute=0)
    if following and value.date() == base.date():
        value += timedelta(days=7)
    return value.replace(second=0, microsecond=0, tzinfo=None)
