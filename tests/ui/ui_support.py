"""Small helpers for the UI tests (admin calls to the emulator)."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any

import httpx

# Same instant as tests/conftest.py's EMULATOR_EPOCH (tests/ is not a package to import from).
EMULATOR_EPOCH = datetime(2026, 5, 16, 12, 0, tzinfo=UTC)


async def until(
    predicate: Callable[[], object], timeout: float = 15.0, what: str = "condition"
) -> None:
    """Let asyncio and Qt run until ``predicate()`` holds (qtbot.waitUntil runs no asyncio)."""
    loop = asyncio.get_running_loop()
    deadline = loop.time() + timeout
    while not predicate():
        if loop.time() > deadline:
            raise AssertionError(f"timed out waiting for {what}")
        await asyncio.sleep(0.02)


def admin_posts(emulator: Any, own_only: bool = True) -> list[dict[str, Any]]:
    """Every post the emulator holds (GET /__admin/posts); only the seeded account's by default."""
    posts = httpx.get(f"{emulator.site_url}/__admin/posts", timeout=10).json()["posts"]
    if own_only:
        posts = [p for p in posts if p.get("owner") == emulator.emu.primary_account]
    return posts


def empty_frame() -> Any:
    """The empty main window as the app builds it first (``ui.first_frame``), for a controller
    to adopt: every Controller starts from one."""
    from s200desk import paths
    from s200desk.settings_peek import peek_settings
    from s200desk.ui.first_frame import build_first_frame

    return build_first_frame(peek_settings(paths.settings_file()))


def small_window(qtbot: Any) -> Any:
    """The main window of a workspace ("Studio"), shown at 1024×700: a small laptop screen."""
    window = empty_frame().window
    qtbot.addWidget(window)
    window.show_workspace("Studio", demo=False, last_sync=None)
    window.resize(1024, 700)
    window.show()
    qtbot.waitExposed(window)
    return window


class Shell:
    """A controller on one workspace of an emulator, with the failures of its tasks recorded."""

    def __init__(self, controller: Any, failures: list[tuple[str, BaseException]]) -> None:
        self.controller = controller
        self.window = controller.window
        self.failures = failures


def make_shell(emulator: Any, workspace_id: str = "ws-test") -> Shell:
    from s200desk import paths
    from s200desk.config import Settings
    from s200desk.ui.controller import Controller
    from s200desk.ui.session import SessionInfo
    from s200desk.ui.tasks import TaskKeeper

    failures: list[tuple[str, BaseException]] = []
    tasks = TaskKeeper(on_failure=lambda name, exc: failures.append((name, exc)))
    clock = getattr(getattr(emulator, "clock", None), "now", None)  # the emulator's "now"
    controller = Controller(
        Settings(plan="agency", time_zone="Europe/Berlin"),
        tasks,
        persist_settings=False,
        clock=clock,
        first_frame=empty_frame(),
    )
    controller.test_info = SessionInfo(  # type: ignore[attr-defined]
        workspace_id=workspace_id,
        workspace_name="Test",
        api_key=emulator.api_key,
        base_url=emulator.base_url,
        site_url=emulator.site_url,
        db_path=paths.workspace_db_path(workspace_id),
    )
    return Shell(controller, failures)


async def answer_welcome(flow: Any, key: str) -> tuple[Any, bool, str]:
    """Start ``flow.initial_session()``, wait for the welcome dialog, note what its keyring note
    shows, enter ``key`` and continue: (the session info, note visible, note text)."""
    from s200desk.ui.qt import QApplication
    from s200desk.ui.welcome.dialog import WelcomeDialog

    pending = asyncio.ensure_future(flow.initial_session())
    dialogs: list[Any] = []

    def visible() -> bool:
        dialogs[:] = [w for w in QApplication.topLevelWidgets()
                      if isinstance(w, WelcomeDialog) and w.isVisible()]  # fmt: skip
        return bool(dialogs)

    await until(visible, what="the welcome dialog")
    dialog = dialogs[0]
    shown, text = dialog.keyring_note.isVisible(), dialog.keyring_note.text()
    dialog.key_edit.setText(key)
    dialog.continue_button.click()
    return await asyncio.wait_for(pending, 15), shown, text
