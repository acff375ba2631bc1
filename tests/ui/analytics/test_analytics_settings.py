"""Settings changed while the app runs reach the analytics page: its heatmap's hours (and the
days of its range) are read in the new time zone, as the calendar's and the list's are."""

from __future__ import annotations

from typing import Any


def test_a_new_time_zone_in_settings_reaches_the_open_analytics_page(
    shell: Any, arun: Any, demo_emulator: Any
) -> None:
    from ui_support import until

    from s200desk.services.analytics.demo_history import backfill_demo_history

    controller = shell.controller
    arun(until(lambda: controller.pages.analytics is not None, what="the analytics page"))
    page = controller.pages.analytics
    session = controller.session
    arun(backfill_demo_history(session.db, demo_emulator, bus=session.bus), 60)
    arun(page.reload(), 60)
    assert controller.settings.time_zone == "Europe/Berlin"
    before = page.dashboard.heatmap.best()
    assert before is not None

    # Berlin (UTC+2 in May, the emulator's month) to Tokyo (UTC+9): the best hour is 7 later.
    controller.apply_settings(controller.settings.model_copy(update={"time_zone": "Asia/Tokyo"}))
    day, hour = divmod(before[0] * 24 + before[1] + 7, 24)
    arun(until(lambda: page.dashboard.heatmap.best() == (day % 7, hour),
               what="the heatmap in Tokyo's hours"))
