"""Journey: a scheduled post opened in the composer, the connection lost, the caption edited and
saved — twice, as an impatient user does — then the connection back.

Driven through the composer's editor (``edit_mode.open_editor``, its caption field and its Save
button) on a workspace whose outbox sends for real; the emulator is really stopped (connections
refused) and started again with everything it held. Once back, the server holds the post exactly
once, with the last caption and everything else as it was (platform, account, time, media in
order, every option); the original is cancelled, and no version was created twice.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from composer_support import EditorHost, Workspace, open_workspace
from full_posts import ACCOUNT, FULL, create_full
from future_dates import days_ahead
from journeys import SwitchableServer, Wanted, live, media_types, mismatches, server_posts, wall
from test_edit_post import DocsAccount

from s200desk.ui.qt import Qt


@pytest.fixture
def server(tmp_path: Path) -> Iterator[SwitchableServer]:
    switchable = SwitchableServer(tmp_path)
    try:
        yield switchable
    finally:
        switchable.down()


@pytest.fixture
def ws(arun: Any, qtbot: Any, server: SwitchableServer, tmp_path: Path,
       monkeypatch: pytest.MonkeyPatch) -> Iterator[Workspace]:
    from s200desk.ui.composer import edit_mode

    monkeypatch.setattr(edit_mode, "SAVE_WAIT_S", 0.5)  # the editor stops waiting soon
    yield from open_workspace(arun, qtbot, DocsAccount(server), tmp_path)


def open_for_edit(ws: Workspace, post_id: str) -> Any:
    from s200desk.ui.composer.edit_mode import open_editor

    window = ws.arun(open_editor(EditorHost(ws), post_id))
    assert window is not None
    ws.wait(lambda: not window._loading, "the composer to fill")
    return window


def save(ws: Workspace, window: Any) -> str:
    """Click Save; the words the editor shows once it stops waiting."""
    assert window.send_button.isEnabled(), window.evaluation.problems
    ws.qtbot.mouseClick(window.send_button, Qt.MouseButton.LeftButton)
    ws.wait(lambda: window.results_label.isVisible() and not window.edit_mode.busy,
            "the editor's answer")
    return str(window.results_label.text())


@pytest.mark.parametrize("platform", ["youtube", "instagram", "tiktok"])
def test_an_edit_saved_twice_offline_lands_once_with_the_last_caption(
    ws: Workspace, server: SwitchableServer, platform: str
) -> None:
    urls, options = FULL[platform]
    caption = f"before the tunnel {platform}"
    when = days_ahead(5, hour=7)
    post_id = ws.arun(create_full(ws.session.client, platform, when, caption))
    ws.sync()
    original = ws.arun(ws.session.client.posts.get(post_id))
    window = open_for_edit(ws, post_id)

    server.down()
    window.caption.setPlainText(f"in the tunnel {platform}")
    assert "Still on its way" in save(ws, window)
    window.caption.setPlainText(f"out of the tunnel {platform}")  # and once more, still offline
    assert "Still on its way" in save(ws, window)
    server.up()

    final_caption = f"out of the tunnel {platform}"
    ws.wait(lambda: len(live(server, final_caption)) == 1
            and not live(server, caption), "the edit to land once back online", timeout=40)
    [final] = live(server, final_caption)
    want = Wanted(final_caption, platform, ACCOUNT, when, wall(when), media_types(urls),
                  dict(options), file_ids=tuple(m.file_id for m in original.media))
    assert mismatches(ws.arun(ws.session.client.posts.get(final["id"])), want) == {}
    # Nothing of the first save reached the server, and the original is cancelled.
    captions = [p["caption"] for p in server_posts(server)]
    assert f"in the tunnel {platform}" not in captions
    assert captions.count(final_caption) == 1
    assert ws.arun(ws.session.client.posts.get(post_id)).status == "cancelled"


class NoticeHost(EditorHost):
    """The launcher's duplicate needs ``open_composer(draft_id)`` too (the launcher's order)."""

    def open_composer(self, draft_id: str | None = None, state: Any = None) -> Any:
        from s200desk.ui.composer import ComposerWindow

        window = ComposerWindow(self.ws.services())
        self.ws.qtbot.addWidget(window)
        window.show()
        window.start(state=state, draft_id=draft_id)
        self.ws.windows.append(window)
        return window


def test_a_duplicate_offline_is_not_made_from_the_lists_partial_copy(
    ws: Workspace, server: SwitchableServer
) -> None:
    """Offline, only the list's copy is here (no options, no media): a "duplicate" from it
    would silently be another post. The user is told instead, and no draft is made; once the
    connection is back the duplicate is whole."""
    from s200desk.ui.composer_launcher import ComposerLauncher

    caption = "duplicated in the tunnel"
    post_id = ws.arun(create_full(ws.session.client, "youtube", days_ahead(4), caption))
    ws.sync()  # the list's copy only: no options, no media
    host = NoticeHost(ws)
    drafts = ws.services().drafts
    server.down()
    window = ws.arun(ComposerLauncher.duplicate_post(host, post_id))  # type: ignore[arg-type]
    assert window is None
    assert host.messages == [
        "Duplicating needs the whole post from Status 200, which cannot be reached now."]
    assert ws.arun(drafts.count()) == 0

    server.up()
    window = ws.arun(ComposerLauncher.duplicate_post(host, post_id))  # type: ignore[arg-type]
    assert window is not None
    ws.wait(lambda: not window._loading, "the copy to fill the composer")
    state = window.state()
    original = ws.arun(ws.session.client.posts.get(post_id))
    assert state.options == {"youtube": original.platform_options}
    assert [m.file_id for m in state.media] == [m.file_id for m in original.media]
