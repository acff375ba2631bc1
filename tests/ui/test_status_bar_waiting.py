"""The status bar's daily usage adds what the outbox holds for today (services.quotas)."""

from __future__ import annotations

from types import SimpleNamespace

from s200desk.ui.widgets.status_bar import usage_text


def test_waiting_posts_show_beside_the_servers_count() -> None:
    # What the client kept from the last X-RateLimit-* headers naming TikTok.
    limits = {"tiktok": SimpleNamespace(limit=20, remaining=17, reset=None)}
    text, tip = usage_text(limits, "beginner", ["tiktok", "x"], {"tiktok": 2, "x": 1})
    assert "TikTok 3/20 (+2 waiting)" in text
    assert "X –/20 (+1 waiting)" in text
    assert "2 more today once the outbox has sent them" in tip
    assert usage_text(limits, "beginner", ["tiktok"])[0] == "TikTok 3/20"
