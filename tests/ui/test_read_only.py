"""Relaunched without a key (the prompt cancelled): the cached posts, read-only, not a quit."""

from __future__ import annotations

import asyncio
from datetime import timedelta
from typing import Any

from memory_keyring import MemoryKeyring
from ui_support import empty_frame, until

from s200desk import paths
from s200desk.config import Settings, Workspace
from s200desk.services.outbox import IntentState, KeyIdentity, OutboxService, PostSpec
from s200desk.ui.qt import QApplication, QLabel, QWidget


def key_dialog() -> Any:
    from s200desk.ui.welcome.dialog import WelcomeDialog

    for top in QApplication.topLevelWidgets():
        for w in [top, *top.findChildren(QWidget)]:
            if isinstance(w, WelcomeDialog) and w.isVisible():
                return w
    return None


def test_cancelling_the_key_prompt_shows_the_cache_read_only_and_a_key_brings_it_back(
    arun: Any, qtbot: Any, demo_emulator: Any, monkeypatch: Any
) -> None:
    from s200desk.secrets import KeyStore
    from s200desk.ui.controller import Controller
    from s200desk.ui.session import Session, SessionInfo
    from s200desk.ui.tasks import TaskKeeper
    from s200desk.ui.workspaces.flow import WorkspaceFlow

    monkeypatch.setenv("S200_BASE_URL", demo_emulator.base_url)
    monkeypatch.setenv("S200_SITE_URL", demo_emulator.site_url)
    db_path = paths.workspace_db_path("ws-main")
    # An earlier run: synced with its key, and one post left in the outbox.
    earlier = Session(SessionInfo("ws-main", "Lumen", demo_emulator.api_key,
                                  demo_emulator.base_url, demo_emulator.site_url, db_path))
    arun(earlier.open())
    assert arun(earlier.sync())
    left = OutboxService(earlier.db, None, earlier.bus, identity=KeyIdentity.of(
        demo_emulator.api_key, demo_emulator.base_url))
    (waiting,) = arun(left.submit_posts([PostSpec(account_id="@lumenstudio", platform="x",
                                                  text="written before the key went ro-3")]))
    arun(earlier.aclose())

    keystore = KeyStore(MemoryKeyring())  # the key is gone from the keyring
    settings = Settings(workspaces=[Workspace(id="ws-main", name="Lumen")],
                        active_workspace_id="ws-main")
    failures: list[Any] = []
    controller = Controller(settings, TaskKeeper(lambda n, e: failures.append((n, e))),
                            keystore=keystore, persist_settings=False,
                            first_frame=empty_frame())  # fmt: skip
    qtbot.addWidget(controller.window)
    flow = WorkspaceFlow(controller, keystore)
    try:
        async def cancel_the_prompt() -> Any:
            asking = asyncio.ensure_future(flow.initial_session())
            await until(lambda: key_dialog() is not None, what="the key prompt")
            key_dialog().reject()
            return await asyncio.wait_for(asking, 10)

        info = arun(cancel_the_prompt())
        assert info is not None and info.read_only and info.workspace_name == "Lumen"
        controller.window.show()
        arun(controller.start(info))
        window = controller.window
        arun(until(lambda: controller.posts_model.rowCount() > 0, what="the cached posts"))
        banner = window.read_only_banner
        assert banner is not None and banner.isVisible()
        assert banner.text().startswith("Read-only: no API key.")
        assert banner.button.text() == "Enter key…"
        assert "Read-only (no API key)" in window.status.connection_label.text()

        # Writes say why they cannot happen; nothing is synced or sent.
        assert controller.open_composer() is None
        assert window.notice_banner.text().startswith("Read-only: there is no API key")
        assert "to post" in window.notice_banner.text()
        row = controller.posts_model.row_at(0)
        backend = controller.pages._calendar_backend
        outcome = arun(backend.reschedule(row, row.when + timedelta(days=1)))
        assert not outcome.ok and "move posts" in outcome.reason
        assert not arun(controller.session.sync())
        assert controller.session.client is None
        arun(asyncio.sleep(0.3))
        kept = arun(controller.outbox.service.get(waiting.id))
        assert kept.state is IntentState.PENDING  # the outbox keeps it, unsent

        # Enter key… : the workspace opens again with its key, syncs and sends what waited.
        banner.button.click()
        arun(until(lambda: key_dialog() is not None, what="the key dialog"))
        dialog = key_dialog()
        texts = " ".join(label.text() for label in dialog.findChildren(QLabel))
        assert "has no API key on this computer" in texts
        dialog.key_edit.setText(demo_emulator.api_key)
        dialog.continue_button.click()

        def writable() -> bool:
            s = controller.session
            return s is not None and not s.info.read_only and bool(s.online)

        arun(until(writable, what="the workspace with its key"), 30)
        assert not banner.isVisible()
        assert keystore.get("ws-main") == demo_emulator.api_key
        arun(until(lambda: controller.outbox is not None, what="the outbox"))
        sent = arun(controller.outbox.service.wait_settled(waiting.id), 30)
        assert sent.state is IntentState.DONE
        # Let the outbox panel's debounced reload run before the window goes.
        panel = controller.outbox_dock.panel
        arun(until(lambda: not panel._timer.isActive(), what="the panel's reload"))
        arun(until(lambda: all(t.get_name() in {"outbox-sender", "analytics-poller"}
                               for t in controller.tasks._tasks if not t.done()), what="idle"))
    finally:
        arun(controller.aclose())
    assert not failures, failures
