"""A post a repeating series made carries a repeat mark on its chip and says so in its tooltip;
other posts do not."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from s200desk.ui.calendar.chips import REPEAT_MARK, ChipDelegate, chip_tooltip
from s200desk.ui.calendar.model import CalendarModel
from s200desk.ui.posts.model import PostRow


def row(pid: str, when: datetime) -> PostRow:
    return PostRow(pid, "x", "@me", f"caption {pid}", "scheduled", when, None, when, when)


def test_series_posts_are_marked_and_others_are_not(qapp: Any) -> None:
    when = datetime.now(UTC) + timedelta(days=2)
    model = CalendarModel(ZoneInfo("UTC"))
    one, other = row("in-series", when), row("alone", when)
    model.set_rows([one, other])
    seen: list[bool] = []
    model.changed.connect(lambda: seen.append(True))
    model.set_series_posts({"in-series"})
    assert seen
    delegate = ChipDelegate(model, show_header=False)
    assert delegate._chip_text(one, when, 300).startswith(REPEAT_MARK)
    assert not delegate._chip_text(other, when, 300).startswith(REPEAT_MARK)
    assert "Repeats: one post of a series" in chip_tooltip(one, model)
    assert "Repeats" not in chip_tooltip(other, model)
