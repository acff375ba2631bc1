"""Which daily cap a profile's platform has: the one the server last reported
(``X-RateLimit-Limit``), else the plan in the settings."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from s200desk.services.post_rules import daily_cap


def _reported(limit: Any) -> tuple[bool, int | None]:
    """Whether a platform's rate-limit report states a cap, and that cap (None: unlimited)."""
    if limit is None:
        return False, None
    if getattr(limit, "unlimited", False):
        return True, None
    cap = getattr(limit, "limit", None)
    return (True, int(cap)) if cap is not None else (False, None)


def platform_cap(platform: str, rate_limits: Mapping[str, Any], plan: Any) -> int | None:
    """Posts a day on ``platform``; None: unlimited (or a plan nobody knows)."""
    known, cap = _reported(rate_limits.get(platform))
    return cap if known else daily_cap(plan)


def plan_cap(rate_limits: Mapping[str, Any], plan: Any) -> int | None:
    """Posts a day per platform on the account's plan: what the server last reported for any
    platform (the plan sets one cap for every platform), else the plan in the settings."""
    for limit in rate_limits.values():
        known, cap = _reported(limit)
        if known:
            return cap
    return daily_cap(plan)
