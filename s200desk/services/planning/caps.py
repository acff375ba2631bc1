"""Which daily cap a profile's platform has: the one the server last reported
(``X-RateLimit-Limit``), else the plan in the settings."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from s200desk.services.post_rules import daily_cap


def platform_cap(platform: str, rate_limits: Mapping[str, Any], plan: Any) -> int | None:
    """Posts a day on ``platform``; None: unlimited (or a plan nobody knows)."""
    reported = rate_limits.get(platform)
    if reported is not None:
        if getattr(reported, "unlimited", False):
            return None
        limit = getattr(reported, "limit", None)
        if limit is not None:
            return int(limit)
    return daily_cap(plan)


def plan_cap(rate_limits: Mapping[str, Any], plan: Any) -> int | None:
    """Posts a day per platform on the account's plan: what the server last reported for any
    platform (the plan sets one cap for every platform), else the plan in the settings."""
    for limit in rate_limits.values():
        if getattr(limit, "unlimited", False):
            return None
        if getattr(limit, "limit", None) is not None:
            return int(limit.limit)
    return daily_cap(plan)
