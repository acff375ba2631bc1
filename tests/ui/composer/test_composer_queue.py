"""Add to queue: each ticked profile gets its own next free slot, shown before anything is sent,
then one post per profile lands on the server at that slot."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

from composer_support import HANDLE, Workspace
from ui_support import admin_posts

from s200desk.services.outbox import IntentState
from s200desk.services.scheduling import parse_iso_utc
from s200desk.ui.outbox.words import local_time
from s200desk.ui.qt import QKeySequence, Qt

BERLIN = ZoneInfo("Europe/Berlin")


def next_wall(now: datetime, hour: int, minute: int) -> datetime:
    """The first Berlin wall time hour:minute after ``now``, as UTC."""
    local = now.astimezone(BERLIN)
    for days in range(3):
        day = (local + timedelta(days=days)).date()
        candidate = datetime(day.year, day.month, day.day, hour, minute, tzinfo=BERLIN)
        if candidate > now:
            return candidate.astimezone(UTC)
    raise AssertionError("no wall time in three days")


def confirm_of(ws: Workspace, window: object) -> object:
    ws.wait(lambda: getattr(window, "queue_confirm", None) is not None, "the confirm list")
    return window.queue_confirm  # type: ignore[attr-defined]


def test_each_profile_goes_out_at_its_own_next_free_slot_after_the_confirm_list(
    workspace: Workspace,
) -> None:
    ws = workspace
    queue = ws.services().queue
    ws.arun(queue.set_slots("linkedin", HANDLE, "mon-sun 03:17", "Europe/Berlin"))
    ws.arun(queue.set_slots("x", HANDLE, "mon-sun 04:47", "Europe/Berlin"))
    window = ws.composer()
    token = "queued-5b7d"
    for platform in ("linkedin", "x"):
        assert window.targets.set_checked((platform, HANDLE), True)
    window.caption.setPlainText(f"In the queue {token}")
    now = datetime.now(UTC)
    linkedin_slot, x_slot = next_wall(now, 3, 17), next_wall(now, 4, 47)

    assert window.queue_button.shortcut() == QKeySequence("Ctrl+Shift+Return")
    assert window.queue_button.isEnabled(), window.evaluation.problems
    ws.qtbot.mouseClick(window.queue_button, Qt.MouseButton.LeftButton)
    box = confirm_of(ws, window)
    assert box.rows[("linkedin", HANDLE)].text() == local_time(linkedin_slot, "Europe/Berlin")
    assert box.rows[("x", HANDLE)].text() == local_time(x_slot, "Europe/Berlin")
    assert not [p for p in admin_posts(ws.emulator) if token in (p.get("caption") or "")]
    ws.qtbot.mouseClick(box.add_button, Qt.MouseButton.LeftButton)
    ws.wait(lambda: window.group_id is not None and window._settled(), "every target settled")

    posts = {
        p["platform"]: p for p in admin_posts(ws.emulator) if token in (p.get("caption") or "")
    }
    assert sorted(posts) == ["linkedin", "x"]
    assert parse_iso_utc(posts["linkedin"]["scheduled_for"]) == linkedin_slot
    assert parse_iso_utc(posts["x"]["scheduled_for"]) == x_slot
    assert all(i.state is IntentState.DONE for i in window.results.values())


def test_a_profile_without_slots_is_named_with_a_way_to_set_them_and_nothing_is_sent(
    workspace: Workspace,
) -> None:
    ws = workspace
    ws.arun(ws.services().queue.set_slots("linkedin", HANDLE, "mon-sun 09:00", "Europe/Berlin"))
    window = ws.composer()
    for platform in ("linkedin", "x"):
        assert window.targets.set_checked((platform, HANDLE), True)
    window.caption.setPlainText("no slots for x-7e1a")
    ws.qtbot.mouseClick(window.queue_button, Qt.MouseButton.LeftButton)
    box = confirm_of(ws, window)
    assert "no queue slots yet" in box.rows[("x", HANDLE)].text()
    assert not box.add_button.isEnabled()
    assert ("x", HANDLE) in box.set_buttons and ("linkedin", HANDLE) not in box.set_buttons
    ws.qtbot.mouseClick(box.set_buttons[("x", HANDLE)], Qt.MouseButton.LeftButton)
    ws.wait(lambda: getattr(window, "queue_editor", None) is not None, "the queue editor")
    editor = window.queue_editor
    ws.wait(lambda: editor.target() == ("x", HANDLE), "the editor on that profile")
    assert window.group_id is None
    assert ws.arun(ws.runner.service.list()) == []
