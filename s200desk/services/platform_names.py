"""Each platform's name as its users write it ("TikTok", "LinkedIn"), for messages."""

from __future__ import annotations

PLATFORM_NAMES = {
    "tiktok": "TikTok", "instagram": "Instagram", "facebook": "Facebook", "youtube": "YouTube",
    "x": "X", "linkedin": "LinkedIn", "pinterest": "Pinterest", "threads": "Threads",
}  # fmt: skip


def platform_name(platform: str) -> str:
    """``"linkedin"`` -> ``"LinkedIn"``; an unknown id capitalised."""
    return PLATFORM_NAMES.get(platform, platform.capitalize())
