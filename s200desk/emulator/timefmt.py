"""Reading and writing the API's ISO-8601 timestamps."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta


def parse_timestamp(text: str) -> datetime:
    """ISO-8601 with `Z`, an offset or none (taken as UTC), with or without fractional seconds."""
    if not isinstance(text, str) or not text.strip():
        raise ValueError("empty timestamp")
    value = text.strip()
    if value[-1] in "zZ":
        value = value[:-1] + "+00:00"
    dt = datetime.fromisoformat(value)
    if dt.tzinfo is None:
        dt = dt.replace(tzinfo=UTC)
    return dt.astimezone(UTC)


def iso(dt: datetime | None) -> str | None:
    """`2026-04-15T10:30:00Z`; fractional seconds only when there are some (kept, not rounded)."""
    if dt is None:
        return None
    dt = dt.astimezone(UTC)
    if dt.microsecond:
        return dt.strftime("%Y-%m-%dT%H:%M:%S.%fZ")
    return dt.strftime("%Y-%m-%dT%H:%M:%SZ")


def iso_millis(dt: datetime) -> str:
    """`2026-05-17T14:30:00.000Z`, the form the reference's 202 body uses."""
    dt = dt.astimezone(UTC)
    return dt.strftime("%Y-%m-%dT%H:%M:%S.") + f"{dt.microsecond // 1000:03d}Z"


def utc_day_start(dt: datetime) -> datetime:
    dt = dt.astimezone(UTC)
    return datetime(dt.year, dt.month, dt.day, tzinfo=UTC)


def next_utc_midnight(dt: datetime) -> datetime:
    return utc_day_start(dt) + timedelta(days=1)


def to_db(dt: datetime | None) -> str | None:
    """Sortable storage form: fixed-width UTC with microseconds."""
    if dt is None:
        return None
    return dt.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def from_db(text: str | None) -> datetime | None:
    if text is None:
        return None
    return parse_timestamp(text)


def _is_db_form(text: str) -> bool:
    return (
        len(text) == 27 and text[26] == "Z" and text[19] == "." and text[10] == "T"
        and text[4] == text[7] == "-" and text[13] == text[16] == ":" and text[20:26].isdigit()
    )


def db_to_iso(text: str | None) -> str | None:
    """`iso(from_db(text))` without the round trip through a datetime when `text` is what
    `to_db` wrote (UTC, microseconds, `Z`): listing posts formats three of these a post."""
    if text is None:
        return None
    if _is_db_form(text):
        return text[:19] + "Z" if text.endswith(".000000Z") else text
    return iso(from_db(text))
