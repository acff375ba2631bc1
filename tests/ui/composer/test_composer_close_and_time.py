"""Esc asks before it closes a composer with changes; dates and times can be typed."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from composer_support import HANDLE, Workspace

from s200desk.ui.qt import QApplication, QMessageBox, Qt

BERLIN = ZoneInfo("Europe/Berlin")


def question() -> QMessageBox | None:
    for w in QApplication.topLevelWidgets():
        if isinstance(w, QMessageBox) and w.objectName() == "composerCloseQuestion" and (
            w.isVisible()
        ):
            return w
    return None


def answer(box: QMessageBox, name: str) -> None:
    button = next(b for b in box.buttons() if b.objectName() == name)
    button.click()


def drafts(ws: Workspace) -> list[Any]:
    return ws.arun(ws.services().drafts.list())


def wait_drafts(ws: Workspace, predicate: Any, what: str) -> None:
    """Poll the stored drafts (a save on close runs as a task) until ``predicate`` holds."""
    repo = ws.services().drafts

    async def poll() -> None:
        for _ in range(400):
            if predicate(await repo.list()):
                return
            await asyncio.sleep(0.05)
        raise AssertionError(f"timed out waiting for {what}")

    ws.arun(poll(), 30)


def captions(found: list[Any]) -> list[str]:
    return [str(d.data.get("caption") or "") for d in found]


def test_esc_on_an_empty_composer_closes_without_asking(workspace: Workspace) -> None:
    window = workspace.composer()
    workspace.qtbot.keyClick(window, Qt.Key.Key_Escape)
    assert question() is None
    assert not window.isVisible()


def test_esc_with_changes_asks_and_each_answer_does_what_it_says(workspace: Workspace) -> None:
    ws = workspace
    window = ws.composer()
    window.targets.set_checked(("x", HANDLE), True)
    window.caption.setPlainText("half-written thought esc-7")
    ws.qtbot.keyClick(window, Qt.Key.Key_Escape)
    box = question()
    assert box is not None and window.isVisible()
    assert box.text() == "Save this post as a draft before closing?"
    names = sorted(b.text() for b in box.buttons())
    assert names == ["Discard", "Keep editing", "Save draft"]

    answer(box, "closeKeepEditing")
    assert window.isVisible() and question() is None
    assert window.caption.toPlainText() == "half-written thought esc-7"

    ws.qtbot.keyClick(window, Qt.Key.Key_Escape)
    box = question()
    assert box is not None
    answer(box, "closeSaveDraft")
    assert not window.isVisible()
    wait_drafts(ws, lambda ds: any("esc-7" in c for c in captions(ds)), "saved")

    # Reopened, edited, then discarded: the draft is back to what it was, nothing new kept.
    (draft,) = [d for d in drafts(ws) if "esc-7" in (d.data.get("caption") or "")]
    again = ws.composer(draft_id=draft.id)
    ws.qtbot.keyClick(again, Qt.Key.Key_Escape)
    assert question() is None and not again.isVisible()  # unchanged: nothing to ask
    again = ws.composer(draft_id=draft.id)
    again.caption.setPlainText("rewritten esc-7 and regretted")
    ws.arun(again.save_draft())  # the autosave happened meanwhile
    ws.qtbot.keyClick(again, Qt.Key.Key_Escape)
    box = question()
    assert box is not None
    answer(box, "closeDiscard")
    assert not again.isVisible()
    wait_drafts(ws, lambda ds: [str(d.data.get("caption")) for d in ds if d.id == draft.id]
                == ["half-written thought esc-7"], "the draft put back")


def test_a_new_post_discarded_leaves_no_draft(workspace: Workspace) -> None:
    ws = workspace
    window = ws.composer()
    window.caption.setPlainText("never mind esc-9")
    ws.arun(window.save_draft())
    assert any("esc-9" in (d.data.get("caption") or "") for d in drafts(ws))
    window.close_button.click()
    box = question()
    assert box is not None
    answer(box, "closeDiscard")
    wait_drafts(ws, lambda ds: not any("esc-9" in c for c in captions(ds)), "the draft gone")


def test_a_typed_date_and_time_are_used_and_a_past_one_gets_the_clear_message(
    workspace: Workspace,
) -> None:
    ws = workspace
    window = ws.composer()
    window.targets.set_checked(("x", HANDLE), True)
    window.caption.setPlainText("typed time")
    assert window.when.now_radio.isChecked()
    day = (datetime.now(UTC) + timedelta(days=40)).astimezone(BERLIN)
    typed = window.when.typed
    ws.qtbot.keyClicks(typed, f"{day:%Y-%m-%d} 09:30")
    ws.qtbot.keyClick(typed, Qt.Key.Key_Return)
    assert window.when.later_radio.isChecked()
    assert window.state().when == f"{day:%Y-%m-%d} 09:30"
    assert window.when.date_edit.date().toString("yyyy-MM-dd") == f"{day:%Y-%m-%d}"
    # A time alone keeps the day; "tomorrow 9am" counts from today in the user's zone.
    ws.qtbot.keyClicks(typed, "21:15")
    ws.qtbot.keyClick(typed, Qt.Key.Key_Return)
    assert window.state().when == f"{day:%Y-%m-%d} 21:15"
    tomorrow = (datetime.now(UTC).astimezone(BERLIN) + timedelta(days=1)).date()
    ws.qtbot.keyClicks(typed, "tomorrow 9am")
    ws.qtbot.keyClick(typed, Qt.Key.Key_Return)
    assert window.state().when == f"{tomorrow:%Y-%m-%d} 09:00"
    # Nonsense is said plainly and changes nothing.
    ws.qtbot.keyClicks(typed, "next blursday")
    ws.qtbot.keyClick(typed, Qt.Key.Key_Return)
    assert "is not a date and time s200desk can read" in window.when.typed_error.text()
    assert window.state().when == f"{tomorrow:%Y-%m-%d} 09:00"
    # A past time gets the composer's usual message at the field.
    past = (datetime.now(UTC) - timedelta(days=3)).astimezone(BERLIN)
    typed.clear()
    ws.qtbot.keyClicks(typed, f"{past:%Y-%m-%d} 10:00")
    ws.qtbot.keyClick(typed, Qt.Key.Key_Return)
    assert window.when.typed_error.text() == ""
    window._refresh()
    assert "in the past" in window.when.error.text()
    assert not window.send_button.isEnabled()


def test_changing_the_date_while_now_is_chosen_switches_to_at(workspace: Workspace) -> None:
    window = workspace.composer()
    assert window.when.now_radio.isChecked() and window.when.date_edit.isEnabled()
    window.when.date_edit.setDate(window.when.date_edit.date().addDays(3))
    assert window.when.later_radio.isChecked()
    assert window.state().when is not None
