"""How times, statuses and handles read in the UI (times in the user's zone)."""

from __future__ import annotations

from datetime import UTC, datetime, tzinfo
from functools import lru_cache
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

STATUS_LABELS: dict[str, str] = {
    "scheduled": "Scheduled",
    "published": "Published",
    "pending": "Pending",
    "failed": "Failed",
    "cancelled": "Cancelled",
    "queued": "Queued",
    "active": "Connected",
    "disconnected": "Disconnected",
}


@lru_cache(maxsize=32)
def zone(name: str | None) -> tzinfo:
    """The IANA zone ``name``; the system's local zone when empty or unknown."""
    if name:
        try:
            return ZoneInfo(name)
        except (ZoneInfoNotFoundError, ValueError):
            pass
    local = datetime.now().astimezone().tzinfo
    return local if local is not None else UTC


def as_utc(value: object) -> datetime | None:
    """A datetime (aware, or naive meaning UTC) or an ISO-8601 string, as aware UTC; else None."""
    if value is None or value == "":
        return None
    if isinstance(value, datetime):
        return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)
    if isinstance(value, str):
        try:
            parsed = datetime.fromisoformat(value.replace("Z", "+00:00"))
        except ValueError:
            return None
        return parsed.replace(tzinfo=UTC) if parsed.tzinfo is None else parsed.astimezone(UTC)
    return None


def format_when(value: datetime | None, tz: tzinfo, now: datetime | None = None) -> str:
    """``Sat 16 May 2026, 14:30`` in ``tz``; the year only when it is not this year's."""
    if value is None:
        return "—"
    local = value.astimezone(tz)
    current = (now or datetime.now(UTC)).astimezone(tz)
    if local.year == current.year:
        return local.strftime("%a %d %b, %H:%M")
    return local.strftime("%a %d %b %Y, %H:%M")


def format_ago(value: datetime | None, now: datetime | None = None) -> str:
    """``just now``, ``5 min ago``, ``2 h ago`` …"""
    if value is None:
        return "never"
    seconds = ((now or datetime.now(UTC)) - value).total_seconds()
    if seconds < 45:
        return "just now"
    if seconds < 3600:
        return f"{round(seconds / 60)} min ago"
    if seconds < 86400:
        return f"{round(seconds / 3600)} h ago"
    return f"{round(seconds / 86400)} d ago"


def status_label(status: str | None) -> str:
    if not status:
        return "—"
    return STATUS_LABELS.get(status, status.replace("_", " ").capitalize())
