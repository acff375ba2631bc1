"""Real mouse drags on the calendar move posts on the server (the emulator), replacement first."""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any

from s200desk.services.scheduling import parse_iso_utc


def _when(post: dict[str, Any]) -> datetime:
    return parse_iso_utc(post["scheduled_for"])


def test_month_drag_moves_post_to_another_day(harness: Any) -> None:
    h = harness
    original = h.run(h.create("month move", datetime(2026, 5, 20, 9, 0, tzinfo=UTC)))
    h.run(h.refresh())
    view = h.page.month_view
    target = view.visualRect(h.page.month_table.index_of(date(2026, 5, 22))).center()
    h.drag(view, original, target)
    h.settle()
    live = h.live("month move")
    assert len(live) == 1
    assert live[0]["id"] != original
    assert _when(live[0]) == datetime(2026, 5, 22, 9, 0, tzinfo=UTC)
    [old] = [p for p in h.admin_posts("month move") if p["id"] == original]
    assert old["status"] == "cancelled"
    # The calendar shows the replacement on the new day, nothing on the old one.
    assert [r.id for r in h.page.model.rows_on(date(2026, 5, 22))] == [live[0]["id"]]
    assert h.page.model.rows_on(date(2026, 5, 20)) == []
