"""The repeating-posts dialog against the emulator: it lists the workspace's series with their
next post, and changing the caption or the repeat of every future post, skipping the next one
and ending the series each reach the server through the outbox."""

from __future__ import annotations

from collections import Counter
from datetime import datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from composer_support import HANDLE, Workspace
from ui_support import admin_posts

from s200desk.services.outbox import PostSpec
from s200desk.services.planning.recurrence import build_rule
from s200desk.services.planning.series_service import SeriesService

BERLIN = ZoneInfo("Europe/Berlin")


def _ours(ws: Workspace, token: str) -> list[dict[str, Any]]:
    return [p for p in admin_posts(ws.emulator) if token in (p.get("caption") or "")]


def _dialog(ws: Workspace) -> Any:
    from s200desk.ui.planning.series_dialog import SeriesDialog

    service = SeriesService(ws.session.db, ws.runner.service)
    dialog = SeriesDialog(service, ws.tasks, lambda: "Europe/Berlin",
                          now=ws.emulator.clock.now)  # fmt: skip
    ws.qtbot.addWidget(dialog)
    dialog.show()
    ws.arun(dialog.load())
    return dialog


def _daily(ws: Workspace, platform: str, text: str, days: int) -> datetime:
    """A daily series at 09:00 Berlin from tomorrow (the emulator's), its posts on the server;
    returns its first wall time."""
    now = ws.emulator.clock.now()
    first = (now.astimezone(BERLIN) + timedelta(days=1)).replace(
        hour=9, minute=0, second=0, microsecond=0, tzinfo=None
    )
    service = SeriesService(ws.session.db, ws.runner.service)
    spec = PostSpec(account_id=HANDLE, platform=platform, text=text)
    ws.arun(service.create(spec, build_rule("daily"), first, "Europe/Berlin",
                           horizon=timedelta(days=days), now=now))  # fmt: skip
    return first


def test_the_dialog_changes_skips_and_ends_a_series(workspace: Workspace) -> None:
    ws = workspace
    _daily(ws, "x", "old words dlg-s1", days=3)
    ws.wait(lambda: len(_ours(ws, "dlg-s1")) == 3, "three posts of the series on the server")

    dialog = _dialog(ws)
    assert dialog.list.count() == 1
    row = dialog.list.item(0).text()
    assert "old words dlg-s1" in row and "next:" in row
    assert dialog.skip_button.isEnabled() and dialog.end_button.isEnabled()

    dialog.caption_edit.setText("new words dlg-s1")
    assert ws.arun(dialog.change_future())
    ws.wait(
        lambda: Counter((p["caption"].split()[0], p["status"]) for p in _ours(ws, "dlg-s1"))
        == {("old", "cancelled"): 3, ("new", "scheduled"): 3},
        "the future posts replaced with the new caption",
    )
    assert "new words dlg-s1" in dialog.list.item(0).text()

    assert ws.arun(dialog.skip_next())
    ws.wait(
        lambda: sum(p["status"] == "scheduled" for p in _ours(ws, "dlg-s1")) == 2,
        "the next post cancelled",
    )
    assert ws.arun(dialog.end())
    ws.wait(
        lambda: {p["status"] for p in _ours(ws, "dlg-s1")} == {"cancelled"},
        "every future post cancelled",
    )
    assert dialog.list.count() == 0
    assert "No repeating posts" in dialog.note.text()
    assert not dialog.end_button.isEnabled()


def test_the_dialog_changes_how_a_series_repeats(workspace: Workspace) -> None:
    from s200desk.services.scheduling import parse_iso_utc

    ws = workspace
    first = _daily(ws, "linkedin", "daily words dlg-r2", days=8)
    ws.wait(lambda: len(_ours(ws, "dlg-r2")) == 8, "eight daily posts on the server")

    dialog = _dialog(ws)
    repeat = dialog.repeat
    assert repeat.kind.findData("none") == -1  # a series always repeats: End series ends it
    assert repeat.kind.currentData() == "daily"
    assert not ws.arun(dialog.change_future())
    assert "Nothing changed yet" in dialog.note.text()

    repeat.kind.setCurrentIndex(repeat.kind.findData("custom"))
    repeat.rrule.setText("FREQ=SOMETIMES")
    assert not ws.arun(dialog.change_future())
    assert "cannot read the repeat rule" in repeat.error.text()
    assert "Nothing was changed" in dialog.note.text()

    weekday = (first + timedelta(days=2)).weekday()  # one day a week, two days after the first
    repeat.kind.setCurrentIndex(repeat.kind.findData("weekly"))
    for i, box in enumerate(repeat.day_boxes):
        box.setChecked(i == weekday)
    assert not repeat.error.showing
    assert ws.arun(dialog.change_future())
    assert "new repeat" in dialog.note.text()
    ws.wait(
        lambda: Counter(p["status"] for p in _ours(ws, "dlg-r2"))
        == {"cancelled": 8, "scheduled": 1},
        "the daily posts taken back, one weekly post made",
    )
    [kept] = [p for p in _ours(ws, "dlg-r2") if p["status"] == "scheduled"]
    assert parse_iso_utc(kept["scheduled_for"]).astimezone(BERLIN).replace(tzinfo=None) == (
        first + timedelta(days=2)
    )
    stored = ws.arun(dialog.series.repo.active())[0]
    assert stored.rule.startswith("RRULE:FREQ=WEEKLY") and stored.version == 2
    assert "weekly on " in dialog.list.item(0).text()
    assert dialog.repeat.kind.currentData() == "weekly"  # shown again as saved
