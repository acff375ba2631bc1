"""The system's IANA time zone name, found without third-party imports where possible."""

from __future__ import annotations

import contextlib
import os
from pathlib import Path
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError


def _zone_from_path(path: str) -> str | None:
    marker = "zoneinfo/"
    idx = path.rfind(marker)
    return path[idx + len(marker) :] if idx >= 0 else None


def valid_zone(name: str | None) -> str | None:
    if not name:
        return None
    try:
        ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError, OSError):
        return None
    return name


def system_time_zone() -> str:
    """The system's IANA zone name: $TZ, the /etc/localtime link, /etc/timezone, then tzlocal
    (which reads the Windows registry), else "UTC"."""
    tz = os.environ.get("TZ", "").strip().lstrip(":")
    if tz:
        found = valid_zone(_zone_from_path(tz) if "/" in tz and tz.startswith("/") else tz)
        if found:
            return found
    with contextlib.suppress(OSError):
        found = valid_zone(_zone_from_path(os.path.realpath("/etc/localtime")))
        if found:
            return found
    with contextlib.suppress(OSError):
        found = valid_zone(Path("/etc/timezone").read_text(encoding="utf-8").strip())
        if found:
            return found
    with contextlib.suppress(Exception):  # tzlocal raises its own errors on odd set-ups
        import tzlocal

        found = valid_zone(tzlocal.get_localzone_name() or "")
        if found:
            return found
    return "UTC"
