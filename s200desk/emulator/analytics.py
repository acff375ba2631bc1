"""Engagement metrics that grow with a post's age, the same every time for the same post."""

from __future__ import annotations

import functools
import hashlib
import math
import random
from datetime import datetime
from typing import Any

# How much each platform's audience engages, relative to TikTok.
_REACH = {
    "tiktok": 1.0, "instagram": 0.6, "youtube": 0.8, "facebook": 0.3, "x": 0.25,
    "linkedin": 0.15, "pinterest": 0.2,
}


def _rng(post_id: str) -> random.Random:
    return random.Random(int.from_bytes(hashlib.sha256(post_id.encode()).digest()[:8], "big"))


@functools.lru_cache(maxsize=4096)
def _curve(post_id: str, platform: str) -> tuple[float, float, float, float, float, float]:
    """A post's fixed parameters, drawn once: history readings evaluate thousands of instants."""
    rng = _rng(post_id)
    ceiling = rng.lognormvariate(9.0, 1.0) * _REACH.get(platform, 0.3)
    tau_hours = rng.uniform(6, 48)
    like_rate = rng.uniform(0.03, 0.09)
    comment_rate = rng.uniform(0.002, 0.008)
    share_rate = rng.uniform(0.003, 0.012)
    save_rate = rng.uniform(0.002, 0.010)
    return ceiling, tau_hours, like_rate, comment_rate, share_rate, save_rate


def metrics_for(
    post_id: str, platform: str, published_at: datetime, now: datetime
) -> dict[str, int]:
    """Monotonic in `now`: a saturating curve over the first days plus a slow long tail."""
    ceiling, tau_hours, like_rate, comment_rate, share_rate, save_rate = _curve(post_id, platform)
    hours = max(0.0, (now - published_at).total_seconds() / 3600)
    growth = (1 - math.exp(-hours / tau_hours)) + 0.002 * math.log1p(hours)
    views = ceiling * growth
    return {
        "views": int(views),
        "likes": int(views * like_rate),
        "comments": int(views * comment_rate),
        "shares": int(views * share_rate),
        "saves": int(views * save_rate),
    }


def platform_post_id(post_id: str, platform: str) -> str:
    digits = str(int(hashlib.sha256(post_id.encode()).hexdigest(), 16))
    if platform == "youtube":
        alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"
        n = int(digits)
        return "".join(alphabet[(n >> (6 * i)) & 63] for i in range(11))
    if platform == "facebook":
        return f"1{digits[:14]}_1{digits[14:30]}"
    if platform == "linkedin":
        return f"urn:li:share:7{digits[:18]}"
    if platform == "instagram":
        return f"1{digits[:16]}"
    return f"7{digits[:18]}"


def analytics_json(post: dict[str, Any], published_at: datetime, now: datetime) -> dict[str, Any]:
    from .timefmt import iso

    return {
        "post_id": post["id"],
        "platform": post["platform"],
        "metrics": metrics_for(post["id"], post["platform"], published_at, now),
        "polled_at": iso(now.replace(microsecond=0)),
    }
