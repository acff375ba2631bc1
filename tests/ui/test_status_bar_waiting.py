"""The status bar's daily usage: the server's count from the X-RateLimit-* headers, what the
outbox holds for today (services.quotas), and no made-up number before the server has said."""

from __future__ import annotations

from types import SimpleNamespace

from s200desk.ui.widgets.status_bar import AppStatusBar, usage_text


def test_waiting_posts_show_beside_the_servers_count() -> None:
    # What the client kept from the last X-RateLimit-* headers naming TikTok.
    limits = {"tiktok": SimpleNamespace(limit=20, remaining=17, reset=None)}
    text, tip = usage_text(limits, "beginner", ["tiktok", "x"], {"tiktok": 2, "x": 1})
    assert "TikTok 3/20 (+2 waiting)" in text
    assert "X +1 waiting" in text
    assert "2 more today once the outbox has sent them" in tip
    assert usage_text(limits, "beginner", ["tiktok"])[0] == "TikTok 3/20"


def test_before_any_header_no_platform_gets_a_number(qtbot) -> None:  # type: ignore[no-untyped-def]
    bar = AppStatusBar()
    qtbot.addWidget(bar)
    bar.set_online(True)
    bar.set_usage({}, "beginner", ["tiktok", "instagram"])
    text = bar.usage_label.text()
    assert text == "Daily use not reported yet"
    assert "/20" not in text and "–" not in text
    tip = bar.usage_label.toolTip()
    assert "TikTok, Instagram: today's use is not reported yet" in tip
    assert "allows 20 posts a day" in tip  # what the plan setting says, named as such

    # TikTok's headers arrive: its count shows, the others stay unnumbered.
    bar.set_usage({"tiktok": SimpleNamespace(limit=20, remaining=19, reset=None)}, "beginner",
                  ["tiktok", "instagram", "x"])
    assert bar.usage_label.text() == "TikTok 1/20 · 2 more not reported yet"
    assert "Instagram, X: today's use is not reported yet" in bar.usage_label.toolTip()


def test_an_unlimited_header_reads_as_no_cap_whatever_the_plan_setting() -> None:
    unlimited = {"x": SimpleNamespace(limit=None, remaining=None, reset=None, unlimited=True)}
    text, tip = usage_text(unlimited, "free", ["x"])
    assert text == "X ∞" and "X: no daily cap" in tip
