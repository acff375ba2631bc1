"""Repeat: a weekly post on two days, ending after four, becomes one series per ticked profile
whose occurrences reach the server as scheduled posts at the right wall times; a repeat without
a time or with a rule the app cannot read says so and sends nothing."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

from composer_support import HANDLE, Workspace
from ui_support import admin_posts

from s200desk.services.planning.series_service import series_post_ids
from s200desk.services.scheduling import parse_iso_utc
from s200desk.ui.qt import Qt, QtCore

BERLIN = ZoneInfo("Europe/Berlin")


def pick(combo: object, key: str) -> None:
    combo.setCurrentIndex(combo.findData(key))  # type: ignore[attr-defined]


def test_a_weekly_repeat_ending_after_four_makes_four_posts_per_profile(
    workspace: Workspace,
) -> None:
    ws = workspace
    window = ws.composer()
    token = "weekly-3f9a"
    for platform in ("linkedin", "x"):
        assert window.targets.set_checked((platform, HANDLE), True)
    window.caption.setPlainText(f"Every Tue and Thu {token}")
    start = (datetime.now(UTC) + timedelta(days=3)).astimezone(BERLIN).date()
    window.when.later_radio.setChecked(True)
    window.when.date_edit.setDate(QtCore.QDate(start.year, start.month, start.day))
    window.when.time_edit.setTime(QtCore.QTime(8, 30))
    repeat = window.form.repeat
    pick(repeat.kind, "weekly")
    for i, box in enumerate(repeat.day_boxes):
        box.setChecked(i in (1, 3))
    pick(repeat.end, "count")
    repeat.count.setValue(4)
    assert not window.queue_button.isEnabled()  # a repeating post is not queued
    assert window.send_button.isEnabled(), window.evaluation.problems
    ws.qtbot.mouseClick(window.send_button, Qt.MouseButton.LeftButton)
    ws.wait(lambda: "repeats, first" in window.results_label.text(), "the series' first dates")

    def ours() -> list[dict]:
        return [p for p in admin_posts(ws.emulator) if token in (p.get("caption") or "")]

    ws.wait(lambda: len(ours()) == 8, "four posts per profile on the server", timeout=40)
    expected = []
    day = start
    while len(expected) < 4:
        if day.weekday() in (1, 3):
            expected.append(datetime(day.year, day.month, day.day, 8, 30, tzinfo=BERLIN))
        day += timedelta(days=1)
    for platform in ("linkedin", "x"):
        times = sorted(parse_iso_utc(p["scheduled_for"]) for p in ours()
                       if p["platform"] == platform)  # fmt: skip
        assert times == [e.astimezone(UTC) for e in expected]
    marked = ws.arun(series_post_ids(ws.runner.service))
    assert {p["id"] for p in ours()} <= marked


def test_a_repeat_needs_a_time_and_a_readable_rule(workspace: Workspace) -> None:
    ws = workspace
    window = ws.composer()
    assert window.targets.set_checked(("x", HANDLE), True)
    window.caption.setPlainText("no time yet")
    window.when.now_radio.setChecked(True)
    pick(window.form.repeat.kind, "daily")
    assert not window.send_button.isEnabled()
    assert "first date and time" in window.form.repeat.error.text()
    window.when.later_radio.setChecked(True)
    pick(window.form.repeat.kind, "custom")
    window.form.repeat.rrule.setText("FREQ=SOMETIMES")
    assert not window.send_button.isEnabled()
    assert "cannot read the repeat rule" in window.form.repeat.error.text()
    window.form.repeat.rrule.setText("FREQ=WEEKLY;BYDAY=MO")
    assert window.send_button.isEnabled(), window.evaluation.problems
    assert ws.arun(ws.runner.service.list()) == []


def test_a_draft_keeps_its_repeat_when_reopened_and_after_a_restart(
    workspace: Workspace,
) -> None:
    from s200desk.services.planning.repeat_choices import RepeatChoices
    from s200desk.store.database import Database
    from s200desk.store.drafts_repo import DraftsRepo
    from s200desk.ui.composer.state import ComposerState

    ws = workspace
    window = ws.composer()
    assert window.targets.set_checked(("x", HANDLE), True)
    window.caption.setPlainText("Fortnightly notes draft-r7")
    start = (datetime.now(UTC) + timedelta(days=5)).astimezone(BERLIN).date()
    last = start + timedelta(days=90)
    window.when.later_radio.setChecked(True)
    window.when.date_edit.setDate(QtCore.QDate(start.year, start.month, start.day))
    window.when.time_edit.setTime(QtCore.QTime(7, 45))
    repeat = window.form.repeat
    pick(repeat.kind, "weekly")
    repeat.every.setValue(2)
    for i, box in enumerate(repeat.day_boxes):
        box.setChecked(i in (0, 4))
    pick(repeat.end, "until")
    repeat.until.setDate(QtCore.QDate(last.year, last.month, last.day))
    chosen = RepeatChoices(kind="weekly", every=2, days=(0, 4), end="until", until=last)
    assert repeat.choices().kind == "weekly" and repeat.choices().days == (0, 4)
    ws.wait(lambda: window.draft_id is not None and not window._dirty, "the autosave")
    draft_id = window.draft_id
    rule = repeat.rule()
    window.close()

    again = ws.composer(draft_id=draft_id)
    shown = again.form.repeat
    assert shown.kind.currentData() == "weekly" and shown.every.value() == 2
    assert [b.isChecked() for b in shown.day_boxes] == [i in (0, 4) for i in range(7)]
    assert shown.end.currentData() == "until" and shown.until.isVisible()
    assert shown.until.date() == QtCore.QDate(last.year, last.month, last.day)
    assert shown.rule() == rule
    assert again.state().repeat == chosen
    again.close()

    # After a restart: the draft as a freshly opened database file holds it.
    db = Database.open(ws.session.db.path)
    try:
        draft = ws.arun(DraftsRepo(db).get(draft_id))
    finally:
        db.close()
    assert draft is not None
    assert ComposerState.from_json(draft.data).repeat == chosen

    # A new post starts without a repeat.
    fresh = ws.composer()
    assert fresh.form.repeat.kind.currentData() == "none" and fresh.state().repeat is None
