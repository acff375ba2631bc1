"""Editing a scheduled post in the composer: every field filled, saved as a replacement that
equals the original but for the edit, and "Undo changes" brings the previous version back.

The composer reads "now" from the real clock, so the posts are scheduled days from the real now
(the emulator's manual clock is earlier: such times are in its future too).
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from composer_support import EditorHost, Workspace, open_workspace
from full_posts import DOCS_KEY, PLATFORMS, create_full, differences

from s200desk.ui.qt import Qt, QtCore


class DocsAccount:
    """The emulator, seen through the reference's docs account (a profile on every platform)."""

    def __init__(self, server: Any) -> None:
        self._server = server
        self.api_key = DOCS_KEY

    def __getattr__(self, name: str) -> Any:
        return getattr(self._server, name)


@pytest.fixture
def ws(arun: Any, qtbot: Any, emulator: Any, tmp_path: Path) -> Iterator[Workspace]:
    yield from open_workspace(arun, qtbot, DocsAccount(emulator), tmp_path)




def _create(ws: Workspace, platform: str, caption: str, days: int = 4) -> str:
    when = (datetime.now(UTC) + timedelta(days=days)).replace(minute=0, second=0, microsecond=0)
    return str(ws.arun(create_full(ws.session.client, platform, when, caption)))


def _get(ws: Workspace, post_id: str) -> Any:
    return ws.arun(ws.session.client.posts.get(post_id))


def _open(ws: Workspace, post_id: str) -> tuple[Any, EditorHost]:
    from s200desk.ui.composer.edit_mode import open_editor

    controller = EditorHost(ws)
    window = ws.arun(open_editor(controller, post_id))
    if window is not None:
        ws.wait(lambda: not window._loading, "the composer to fill")
    return window, controller


def _save(ws: Workspace, window: Any) -> None:
    editor = window.edit_mode
    before = editor.current_id
    assert window.send_button.isEnabled(), window.evaluation.problems
    ws.qtbot.mouseClick(window.send_button, Qt.MouseButton.LeftButton)
    ws.wait(lambda: editor.current_id != before and not editor.busy, "the edit to settle",
            timeout=40)


@pytest.mark.parametrize("platform", PLATFORMS)
def test_the_editor_shows_everything_and_saves_only_the_edit(ws: Workspace,
                                                             platform: str) -> None:
    post_id = _create(ws, platform, f"composer edit {platform}")
    ws.sync()
    original = _get(ws, post_id)
    window, _ = _open(ws, post_id)
    assert window is not None and window.windowTitle() == "Edit post"
    # An edit stays one post at its own time: no queue, no repeat.
    assert window.queue_button.isHidden() and window.form.repeat.isHidden()
    state = window.state()
    # Every field is filled: caption, profile, media in order, every option, the time.
    assert state.caption == original.caption
    assert state.targets == [(platform, original.account_id)]
    assert [m.file_id for m in state.media_for(platform)] == [m.file_id for m in original.media]
    # An explicit False on the server is an unticked box that still answers "no".
    assert state.options_for(platform) == original.platform_options
    assert window.edit_mode.changes().empty  # nothing edited: nothing would be replaced

    window.caption.setPlainText(f"composer edited {platform}")
    _save(ws, window)
    new_id = window.edit_mode.current_id
    diff = differences(_get(ws, post_id), _get(ws, new_id))
    assert diff.pop("caption") == (original.caption, f"composer edited {platform}")
    assert diff.pop("status") == ("cancelled", "scheduled")
    assert diff == {}

    undo = window.edit_mode.undo_button
    assert undo.isVisible()
    ws.qtbot.mouseClick(undo, Qt.MouseButton.LeftButton)
    ws.wait(lambda: window.edit_mode.current_id != new_id and not window.edit_mode.busy,
            "the undo to settle", timeout=40)
    restored = _get(ws, window.edit_mode.current_id)
    assert differences(original, restored) == {}  # the previous version, field by field
    assert not undo.isVisible()


def test_a_published_post_is_not_opened_and_the_user_hears_why(ws: Workspace) -> None:
    async def create() -> str:
        created = await ws.session.client.posts.create(
            account_id="@myprofile", platform="x", content={"text": "out already"})
        return str(created.post_id)

    post_id = ws.arun(create())
    window, controller = _open(ws, post_id)
    assert window is None
    assert controller.messages == [
        "This post can no longer be changed: it went out already (published)."]


def test_a_changed_time_and_option_are_all_that_changes(ws: Workspace) -> None:
    post_id = _create(ws, "youtube", "composer yt", days=5)
    original = _get(ws, post_id)
    window, _ = _open(ws, post_id)
    tab = window._tabs["youtube"]
    combo = tab.form.editors["visibility"]
    combo.setCurrentIndex(combo.findData("private"))
    new_when = original.scheduled_for + timedelta(days=1)
    day = new_when.astimezone(ZoneInfo(window.zone))
    window.when.date_edit.setDate(QtCore.QDate(day.year, day.month, day.day))
    _save(ws, window)
    replacement = _get(ws, window.edit_mode.current_id)
    diff = differences(_get(ws, post_id), replacement)
    assert diff.pop("platform_options") == (
        original.platform_options, {**original.platform_options, "visibility": "private"})
    assert set(diff) == {"scheduled_for", "status"}
    assert replacement.scheduled_for == new_when
