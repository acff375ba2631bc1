"""One post of a series edited in the normal post editor stays in the series as an exception:
the editor says so, the calendar keeps marking it, and changing every future post of the series
from the Repeating posts dialog leaves it as the user made it, with no second post on its day.

The composer reads "now" from the real clock, so the series starts days from the real now (the
emulator's manual clock is earlier: such times are in its future too).
"""

from __future__ import annotations

from collections import Counter
from datetime import UTC, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from composer_support import HANDLE, EditorHost, Workspace
from ui_support import admin_posts

from s200desk.services.outbox import PostSpec
from s200desk.services.planning.recurrence import build_rule
from s200desk.services.planning.series_service import SeriesService, series_post_ids
from s200desk.services.scheduling import parse_iso_utc
from s200desk.ui.qt import Qt

BERLIN = ZoneInfo("Europe/Berlin")




def _ours(ws: Workspace) -> list[dict[str, Any]]:
    return [p for p in admin_posts(ws.emulator) if "occ-e4" in (p.get("caption") or "")]


def _day(post: dict[str, Any]) -> Any:
    return parse_iso_utc(post["scheduled_for"]).astimezone(BERLIN).date()


def test_an_occurrence_edited_in_the_post_editor_stays_in_its_series(
    workspace: Workspace,
) -> None:
    from s200desk.ui.composer.edit_mode import open_editor
    from s200desk.ui.planning.series_dialog import SeriesDialog

    ws = workspace
    now = datetime.now(UTC)
    # Two and a half days ahead, on the hour: the six-day horizon ends half a day from any post.
    first = (now + timedelta(days=2, hours=12)).astimezone(BERLIN).replace(
        minute=0, second=0, microsecond=0, tzinfo=None
    )
    first += timedelta(hours=1) if first.hour == 2 else timedelta(0)  # never in a DST gap
    service = SeriesService(ws.session.db, ws.runner.service)
    spec = PostSpec(account_id=HANDLE, platform="linkedin", text="series words occ-e4")
    made = ws.arun(service.create(spec, build_rule("daily"), first, "Europe/Berlin",
                                  horizon=timedelta(days=6), now=now))  # fmt: skip
    ws.wait(lambda: len(_ours(ws)) == 4, "four daily posts on the server")
    ws.sync()
    second = next(p for p in _ours(ws) if _day(p) == (first + timedelta(days=1)).date())

    window = ws.arun(open_editor(EditorHost(ws), second["id"]))
    ws.wait(lambda: not window._loading, "the composer to fill")
    assert "One post of a repeating series" in window.draft_status.text()
    window.caption.setPlainText("my own words occ-e4")
    editor = window.edit_mode
    ws.qtbot.mouseClick(window.send_button, Qt.MouseButton.LeftButton)
    ws.wait(lambda: editor.current_id != second["id"] and not editor.busy, "the edit to settle",
            timeout=40)  # fmt: skip
    assert editor.current_id in ws.arun(series_post_ids(ws.runner.service))

    dialog = SeriesDialog(service, ws.tasks, lambda: "Europe/Berlin", now=lambda: now)
    ws.qtbot.addWidget(dialog)
    dialog.show()
    ws.arun(dialog.load())
    dialog.caption_edit.setText("new series words occ-e4")
    assert ws.arun(dialog.change_future())
    assert "(3 already made were replaced)" in dialog.note.text()
    ws.wait(
        lambda: Counter((p["caption"].split()[0], p["status"]) for p in _ours(ws))
        == {("series", "cancelled"): 4, ("my", "scheduled"): 1, ("new", "scheduled"): 3},
        "the other three made again; the edited one kept",
        timeout=40,
    )
    scheduled = [p for p in _ours(ws) if p["status"] == "scheduled"]
    assert sorted(_day(p) for p in scheduled) == [
        (first + timedelta(days=n)).date() for n in range(4)
    ]  # one post a day: none made twice
    assert ws.arun(service.top_up(now=now)) == 0
    assert made.id in dialog.list.item(0).data(Qt.ItemDataRole.UserRole)
