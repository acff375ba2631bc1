"""A date and time typed by hand ("2026-12-24 09:30", "24 Dec 9:30", "tomorrow 9am", "21:15"),
read as the user's wall time. Parsing is python-dateutil's; only "today"/"tomorrow" are ours."""

from __future__ import annotations

import re
from datetime import date, datetime, timedelta

from dateutil import parser as date_parser

_RELATIVE = {"today": 0, "tonight": 0, "tomorrow": 1}
_WORD = re.compile(r"\b(today|tonight|tomorrow)\b", re.IGNORECASE)


def parse_typed_time(text: str, default: datetime, today: date) -> datetime | None:
    """The wall time ``text`` means (naive, minutes precision), or None when it cannot be read.

    What the text leaves out comes from ``default`` (a date alone keeps its time, a time alone
    keeps its day); "today"/"tomorrow" count from ``today``.
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
        words = re.sub(r"^at\b\s*", "", words, flags=re.IGNORECASE)
        if not words:
            return base
    # dateutil fills what the text leaves out from the default: parsed against a second default
    # it tells whether an hour was typed without minutes ("9am" means 09:00, not 09:<old>).
    probe = base.replace(hour=(base.hour + 1) % 24, minute=(base.minute + 1) % 60)
    try:
        value = date_parser.parse(words, default=base)
        other = date_parser.parse(words, default=probe)
    except (ValueError, OverflowError):
        return None
    if value.hour == other.hour and value.minute != other.minute:
        value = value.replace(minute=0)
    return value.replace(second=0, microsecond=0, tzinfo=None)
