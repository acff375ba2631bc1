"""Spacing rules: daily caps per plan, the legacy cooldown, and the X-RateLimit headers."""

from __future__ import annotations

import math
from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING

from .catalog import PLAN_CAPS
from .errors import ApiError
from .timefmt import next_utc_midnight

if TYPE_CHECKING:
    from .engine import Emulator

UNLIMITED = "unlimited"


def utc_day(dt: datetime) -> str:
    return dt.astimezone(UTC).date().isoformat()


def plan_of(emu: Emulator, account_id: str) -> str:
    account = emu.state.account(account_id)
    return account["plan"] if account else "free"


def cap_of(emu: Emulator, account_id: str) -> int | None:
    return PLAN_CAPS[plan_of(emu, account_id)]


def used_on(emu: Emulator, account_id: str, platform: str, when: datetime) -> int:
    return emu.state.count_for_day(account_id, platform, utc_day(when))


def has_room(emu: Emulator, account_id: str, platform: str, when: datetime) -> bool:
    cap = cap_of(emu, account_id)
    return cap is None or used_on(emu, account_id, platform, when) < cap


def next_day_with_room(emu: Emulator, account_id: str, platform: str, when: datetime) -> datetime:
    """The same time of day on the first following UTC day that still has room."""
    target = when + timedelta(days=1)
    for _ in range(3660):
        if has_room(emu, account_id, platform, target):
            return target
        target += timedelta(days=1)
    raise ApiError(500, "queue_failed", "Could not find a day with room to queue the post")


def check_cooldown(emu: Emulator, account_id: str, platform: str) -> None:
    """429 when the same account posted to this platform on the legacy endpoint moments ago."""
    if emu.cooldown_seconds <= 0:
        return
    last = emu.cooldowns.get((account_id, platform))
    if last is None:
        return
    elapsed = (emu.now() - last).total_seconds()
    if elapsed < emu.cooldown_seconds:
        wait = max(1, math.ceil(emu.cooldown_seconds - elapsed))
        raise ApiError(
            429, "cooldown",
            f"Too many requests to {platform}: wait {wait} s between posts to the same platform",
            headers={"Retry-After": str(wait)},
            extra={"retry_after": wait},
        )


def note_legacy_post(emu: Emulator, account_id: str, platform: str) -> None:
    emu.cooldowns[(account_id, platform)] = emu.now()


def rate_limit_headers(
    emu: Emulator, account_id: str | None, platform: str | None
) -> dict[str, str]:
    """Today's (UTC) budget for the platform the request names, else for the busiest platform."""
    now = emu.now()
    reset = next_utc_midnight(now).strftime("%Y-%m-%dT%H:%M:%SZ")
    if account_id is None:
        return {"X-RateLimit-Limit": "0", "X-RateLimit-Remaining": "0", "X-RateLimit-Reset": reset}
    day = utc_day(now)
    if platform is None:
        busiest = emu.state.busiest_platform(account_id, day)
        platform, used = busiest if busiest else ("tiktok", 0)
    else:
        used = emu.state.count_for_day(account_id, platform, day)
    cap = cap_of(emu, account_id)
    return {
        "X-RateLimit-Limit": UNLIMITED if cap is None else str(cap),
        "X-RateLimit-Remaining": UNLIMITED if cap is None else str(max(0, cap - used)),
        "X-RateLimit-Reset": reset,
        "X-RateLimit-Platform": platform,
    }
