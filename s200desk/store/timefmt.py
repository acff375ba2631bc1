"""UTC times as fixed-width ISO-8601 text ("2026-05-16T12:00:00.000Z") that sorts as text."""

from __future__ import annotations

import re
from datetime import UTC, datetime

# Already UTC with Z and whole seconds or milliseconds: the server's usual shape, no parsing needed.
_CANONICAL = re.compile(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d{3})?Z\Z")


def to_utc_iso(value: datetime | str | None) -> str | None:
    """Normalise a datetime or ISO string to ``YYYY-MM-DDTHH:MM:SS.mmmZ``; naive means UTC."""
    if value is None:
        return None
    if isinstance(value, str):
        fast = _CANONICAL.match(value)
        if fast:
            return value if fast.group(1) else value[:-1] + ".000Z"
        text = value.strip()
        if not text:
            return None
        value = datetime.fromisoformat(text.replace("z", "Z"))
    if value.tzinfo is None:
        value = value.replace(tzinfo=UTC)
    value = value.astimezone(UTC)
    return value.strftime("%Y-%m-%dT%H:%M:%S.") + f"{value.microsecond // 1000:03d}Z"


def parse_utc(text: str | None) -> datetime | None:
    """The aware UTC datetime of a stored timestamp."""
    if not text:
        return None
    value = datetime.fromisoformat(text)
    return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


def utc_now_iso() -> str:
    return to_utc_iso(datetime.now(UTC))  # type: ignore[return-value]
