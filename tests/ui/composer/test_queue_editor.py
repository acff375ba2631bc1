"""The queue editor against the emulator: slots saved as typed, bad input refused in words with
nothing saved, best hours filled from the heatmap, and Move up swapping two queued posts through
the lossless reschedule (the replacement first, the original cancelled)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

from composer_support import HANDLE, Workspace
from ui_support import admin_posts

from s200desk.services.analytics.aggregate import Heatmap
from s200desk.services.outbox import PostSpec
from s200desk.services.scheduling import parse_iso_utc, to_iso_z
from s200desk.ui.qt import Qt


def editor_for(ws: Workspace, heat: Heatmap | None = None, platform: str = "linkedin") -> Any:
    from s200desk.ui.planning.queue_editor import QueueEditor

    services = ws.services().queue_editor_services()
    if heat is not None:

        async def heatmap() -> Heatmap:
            return heat

        services.heatmap = heatmap
    editor = QueueEditor(services)
    ws.qtbot.addWidget(editor)
    editor.show()
    ws.arun(editor.load(platform, HANDLE))
    return editor


def test_slots_are_saved_as_chosen_and_a_bad_time_is_refused_with_nothing_saved(
    workspace: Workspace,
) -> None:
    ws = workspace
    editor = editor_for(ws)
    assert editor.target() == ("linkedin", HANDLE)
    assert "No slots yet" in editor.note.text()
    for i in (0, 2, 4):
        editor.day_boxes[i].setChecked(True)
    editor.times_edit.setText("9:00, 25:00")
    assert not ws.arun(editor.save())
    assert "25:00" in editor.error.text() and "not a time" in editor.error.text()
    assert ws.arun(ws.services().queue.queues.get("linkedin", HANDLE)) is None
    blocked = (datetime.now(UTC) + timedelta(days=20)).date()
    editor.times_edit.setText("09:00, 13:30")
    editor.blocked_edit.setText(blocked.isoformat())
    assert ws.arun(editor.save())
    stored = ws.arun(ws.services().queue.queues.get("linkedin", HANDLE))
    assert (stored.slots, stored.zone, stored.blocked) == (
        "mon,wed,fri 09:00,13:30", "Europe/Berlin", (blocked.isoformat(),),
    )  # fmt: skip
    assert editor.upcoming_list.count() == 12
    assert editor.upcoming_list.item(0).text().endswith("— free")
    editor.blocked_edit.setText("24/12")
    assert not ws.arun(editor.save())
    assert "YYYY-MM-DD" in editor.error.text()


def test_fill_from_best_hours_uses_the_heatmap_and_says_so_without_numbers(
    workspace: Workspace,
) -> None:
    ws = workspace
    heat = Heatmap()
    heat.values[1][18], heat.counts[1][18] = 0.09, 3
    heat.values[3][7], heat.counts[3][7] = 0.05, 2
    heat.values[3][12], heat.counts[3][12] = 0.01, 1
    editor = editor_for(ws, heat)
    assert ws.arun(editor.fill_from_best_hours())
    assert [b.isChecked() for b in editor.day_boxes] == [False, True, False, True, False, False,
                                                          False]  # fmt: skip
    assert editor.times_edit.text() == "07:00, 18:00"
    assert ws.arun(editor.save())
    empty = editor_for(ws, Heatmap())
    assert not ws.arun(empty.fill_from_best_hours())
    assert "No numbers yet" in empty.note.text()


def test_move_up_swaps_two_queued_posts_losslessly(workspace: Workspace) -> None:
    ws = workspace
    queue = ws.services().queue
    ws.arun(queue.set_slots("linkedin", HANDLE, "mon-sun 06:10,06:40", "Europe/Berlin"))
    first, second = ws.arun(queue.next_slots("linkedin", HANDLE, cap=None, count=2))
    specs = [
        PostSpec(account_id=HANDLE, platform="linkedin", text=f"{word} mv-2c4f",
                 scheduled_for=to_iso_z(at))
        for word, at in (("early", first), ("late", second))
    ]  # fmt: skip
    ws.arun(ws.runner.service.submit_posts(specs))
    ws.wait(lambda: len(ours(ws)) == 2, "both posts on the server")
    ws.sync()
    editor = editor_for(ws)
    assert "early" in editor.upcoming_list.item(0).text()
    assert "late" in editor.upcoming_list.item(1).text()
    editor.upcoming_list.setCurrentRow(1)
    assert editor.up_button.isEnabled() and editor.down_button.isEnabled()
    moved: list[bool] = []
    editor.moved.connect(lambda: moved.append(True))
    ws.qtbot.mouseClick(editor.up_button, Qt.MouseButton.LeftButton)
    ws.wait(lambda: moved, "the move", timeout=40)
    assert editor.move_status.text() == "Moved."
    live = {p["caption"].split()[0]: parse_iso_utc(p["scheduled_for"])
            for p in ours(ws) if p["status"] == "scheduled"}  # fmt: skip
    assert live == {"late": first, "early": second}
    assert sum(1 for p in ours(ws) if p["status"] == "cancelled") == 2
    ws.sync()
    ws.arun(editor.refresh_upcoming())
    assert "late" in editor.upcoming_list.item(0).text()
    assert "early" in editor.upcoming_list.item(1).text()


def ours(ws: Workspace) -> list[dict[str, Any]]:
    return [p for p in admin_posts(ws.emulator) if "mv-2c4f" in (p.get("caption") or "")]




def test_the_editor_finds_a_profile_named_in_another_case(workspace: Workspace) -> None:
    ws = workspace
    editor = editor_for(ws, platform="x")
    assert editor.target() == ("x", HANDLE)
    ws.arun(editor.load("linkedin", " " + HANDLE.upper()))
    assert editor.target() == ("linkedin", HANDLE)
    assert editor.profile_combo.currentText().startswith("LinkedIn")


def test_dragging_a_post_onto_a_later_slot_swaps_it_with_that_slots_post(
    workspace: Workspace,
) -> None:
    from s200desk.ui.qt import QtCore, QtGui

    ws = workspace
    queue = ws.services().queue
    ws.arun(queue.set_slots("linkedin", HANDLE, "mon-sun 06:10,06:40", "Europe/Berlin"))
    first, _second, third = ws.arun(queue.next_slots("linkedin", HANDLE, cap=None, count=3))
    specs = [
        PostSpec(account_id=HANDLE, platform="linkedin", text=f"{word} drag-7e1",
                 scheduled_for=to_iso_z(at))
        for word, at in (("early", first), ("later", third))
    ]  # fmt: skip
    ws.arun(ws.runner.service.submit_posts(specs))
    ws.wait(lambda: len(_tagged(ws, "drag-7e1")) == 2, "both posts on the server")
    ws.sync()
    editor = editor_for(ws)
    view = editor.upcoming_list
    assert "early" in view.item(0).text() and view.item(1).text().endswith("— free")
    assert not view.item(1).flags() & Qt.ItemFlag.ItemIsDragEnabled  # nothing to drag there
    moved: list[bool] = []
    editor.moved.connect(lambda: moved.append(True))

    view.setCurrentRow(0)
    at = QtCore.QPointF(view.visualItemRect(view.item(2)).center())
    drop = QtGui.QDropEvent(at, Qt.DropAction.MoveAction, view.mimeData([view.item(0)]),
                      Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier)  # fmt: skip
    view.dropEvent(drop)
    assert view.count() == 12 and "early" in view.item(0).text()  # not reordered by hand
    ws.wait(lambda: moved, "the move", timeout=40)
    live = {p["caption"].split()[0]: parse_iso_utc(p["scheduled_for"])
            for p in _tagged(ws, "drag-7e1") if p["status"] == "scheduled"}  # fmt: skip
    assert live == {"early": third, "later": first}
    ws.sync()
    ws.arun(editor.refresh_upcoming())
    assert "later" in view.item(0).text() and "early" in view.item(2).text()


def _tagged(ws: Workspace, token: str) -> list[dict[str, Any]]:
    return [p for p in admin_posts(ws.emulator) if token in (p.get("caption") or "")]
