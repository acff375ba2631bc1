"""First run: the welcome dialog's second button says what it does. With no workspace there
is nothing to go back to, and closing the dialog ends s200desk: "Quit", not "Cancel"."""

from __future__ import annotations

import asyncio
from typing import Any

from memory_keyring import MemoryKeyring
from ui_support import empty_frame, until


def test_the_first_runs_welcome_offers_quit(arun: Any, qtbot: Any, monkeypatch: Any) -> None:
    from s200desk.config import Settings
    from s200desk.secrets import KeyStore
    from s200desk.ui.controller import Controller
    from s200desk.ui.qt import QApplication
    from s200desk.ui.tasks import TaskKeeper
    from s200desk.ui.welcome.dialog import WelcomeDialog
    from s200desk.ui.workspaces.flow import WorkspaceFlow

    monkeypatch.delenv("S200_API_KEY", raising=False)
    keystore = KeyStore(MemoryKeyring())
    controller = Controller(Settings(), TaskKeeper(), keystore=keystore, first_frame=empty_frame())
    qtbot.addWidget(controller.window)
    flow = WorkspaceFlow(controller, keystore)

    async def first_run() -> Any:
        pending = asyncio.ensure_future(flow.initial_session())
        dialogs: list[Any] = []

        def shown() -> bool:
            dialogs[:] = [w for w in QApplication.topLevelWidgets()
                          if isinstance(w, WelcomeDialog) and w.isVisible()]  # fmt: skip
            return bool(dialogs)

        await until(shown, what="the welcome dialog")
        button = dialogs[0].quit_button
        assert button.text() == "Quit" and button.accessibleName() == "Quit"
        button.click()
        return await asyncio.wait_for(pending, 15)

    assert arun(first_run()) is None  # what app_shell ends the app on
    arun(controller.aclose())
