"""The window shows the last known data before the network answers; no keyring, plain words."""

from __future__ import annotations

from typing import Any

import keyring.backends.fail
from ui_support import answer_welcome, empty_frame, make_shell, until


def test_cached_posts_show_before_the_network_answers(
    arun: Any, qtbot: Any, demo_emulator: Any
) -> None:
    first = make_shell(demo_emulator, "ws-cache")
    qtbot.addWidget(first.window)
    arun(first.controller.start(first.controller.test_info))
    arun(until(lambda: first.controller.data_shown_emitted, what="the first sync"))
    synced_rows = first.controller.posts_model.rowCount()
    arun(first.controller.aclose())

    demo_emulator.stop()  # the network is gone for the second start
    second = make_shell(demo_emulator, "ws-cache")
    qtbot.addWidget(second.window)
    second.window.show()
    arun(second.controller.start(second.controller.test_info))
    # start() has returned: the first screenful of the cache is on screen, newest first, and
    # the rest follows, although no sync has succeeded.
    from s200desk.ui.first_frame import FIRST_SCREEN_ROWS

    model = second.controller.posts_model
    assert model.rowCount() >= min(FIRST_SCREEN_ROWS, synced_rows)
    arun(until(lambda: model.rowCount() == synced_rows, what="the whole cache"))
    assert second.controller.session.online is not True
    assert second.controller.profiles_model.rowCount() >= 7
    arun(until(second.window.offline_banner.isVisible, timeout=30, what="the offline banner"))
    assert f"{synced_rows:,} posts saved on this computer" in second.window.offline_banner.text()
    arun(second.controller.aclose())
    assert not first.failures and not second.failures


def test_without_a_keyring_the_key_lives_for_this_session(
    arun: Any, qtbot: Any, emulator: Any, monkeypatch: Any
) -> None:
    from s200desk.config import Settings
    from s200desk.secrets import KeyStore
    from s200desk.ui.controller import Controller
    from s200desk.ui.tasks import TaskKeeper
    from s200desk.ui.workspaces.flow import WorkspaceFlow

    monkeypatch.setenv("S200_BASE_URL", emulator.base_url)
    monkeypatch.setenv("S200_SITE_URL", emulator.site_url)
    keystore = KeyStore(keyring.backends.fail.Keyring())
    assert not keystore.available
    controller = Controller(Settings(), TaskKeeper(), keystore=keystore, first_frame=empty_frame())
    qtbot.addWidget(controller.window)
    flow = WorkspaceFlow(controller, keystore)

    info, note_shown, note = arun(answer_welcome(flow, emulator.api_key))
    assert note_shown
    assert "only until you quit" in note
    assert info.api_key == emulator.api_key
    assert keystore.get(info.workspace_id) == emulator.api_key  # this session only
    assert "only until you quit" in controller.window.notice_banner.text()
    arun(controller.aclose())
