"""Start-up: first run asks for a key, --demo shows posts, --self-test reports its timings."""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import re
import subprocess
import sys
from typing import Any

import pytest
from memory_keyring import MemoryKeyring
from ui_support import empty_frame, until

from s200desk.config import load_settings
from s200desk.services.user_words import KEY_REFUSED as WRONG_KEY
from s200desk.services.user_words import cannot_reach


def test_first_run_asks_for_a_key_until_one_works(
    arun: Any, qtbot: Any, emulator: Any, monkeypatch: Any
) -> None:
    from s200desk.config import Settings
    from s200desk.secrets import KeyStore
    from s200desk.ui.controller import Controller
    from s200desk.ui.tasks import TaskKeeper
    from s200desk.ui.workspaces.flow import WorkspaceFlow

    monkeypatch.setenv("S200_BASE_URL", emulator.base_url)
    monkeypatch.setenv("S200_SITE_URL", emulator.site_url)
    backend = MemoryKeyring()
    keystore = KeyStore(backend)
    failures: list[Any] = []
    controller = Controller(
        Settings(), TaskKeeper(lambda n, e: failures.append((n, e))), keystore=keystore,
        first_frame=empty_frame(),
    )
    window = controller.window
    qtbot.addWidget(window)
    window.show()
    flow = WorkspaceFlow(controller, keystore)

    async def scenario() -> Any:
        first = asyncio.ensure_future(flow.initial_session())
        await until(lambda: _visible_dialog() is not None, what="the welcome dialog")
        dialog = _visible_dialog()
        assert dialog is not None
        assert "No workspace yet" in window.status.connection_label.text()
        assert window.posts_page.no_workspace_note.isVisible()
        dialog.name_edit.setText("Studio")
        dialog.key_edit.setText("rl_not_a_real_key_123")
        dialog.continue_button.click()
        await until(
            lambda: not dialog.checking and "refused" in dialog.message.text(), what="the 401 words"
        )
        assert dialog.message.text() == WRONG_KEY
        assert "401" in dialog.message.text()
        assert dialog.isVisible()  # still asking
        dialog.key_edit.setText(emulator.api_key)
        dialog.continue_button.click()
        return await asyncio.wait_for(first, 15)

    info = arun(scenario())
    assert info is not None and info.api_key == emulator.api_key
    stored = load_settings()
    assert [w.name for w in stored.workspaces] == ["Studio"]
    assert stored.active_workspace_id == info.workspace_id
    assert backend.data[("s200desk", info.workspace_id)] == emulator.api_key

    # ... and the window proceeds with that workspace.
    arun(controller.start(info))
    # Online comes with the first answer; the sidebar follows with the (debounced) reload.
    arun(
        until(
            lambda: controller.session is not None
            and controller.session.online
            and controller.profiles_model.rowCount() > 0,
            what="the first sync's profiles in the sidebar",
        )
    )
    assert window.windowTitle() == "Studio — s200desk"
    # ... and no longer says there is none.
    assert window.sidebar.workspace_button.text().startswith("Studio")
    assert window.status.connection_label.text().endswith(" Online")
    assert window.status.sync_label.isVisible() and window.posts_page.table.isVisible()
    assert not window.posts_page.no_workspace_note.isVisible()
    arun(controller.aclose())
    assert not failures, failures


def _visible_dialog() -> Any:
    from s200desk.ui.qt import QApplication
    from s200desk.ui.welcome.dialog import WelcomeDialog

    for widget in QApplication.topLevelWidgets():
        if isinstance(widget, WelcomeDialog) and widget.isVisible():
            return widget
    return None


def test_key_check_says_no_network_plainly(arun: Any) -> None:
    from s200desk.config import Settings
    from s200desk.secrets import KeyStore
    from s200desk.services.workspaces import WorkspaceError, WorkspaceManager

    # Port 9 on loopback: nothing listens there, the connection is refused at once.
    manager = WorkspaceManager(
        Settings(base_url="http://127.0.0.1:9/functions/v1", site_url="http://127.0.0.1:9"),
        KeyStore(MemoryKeyring()),
    )
    with pytest.raises(WorkspaceError) as caught:
        arun(manager.verify_key("rl_whatever"))
    assert caught.value.user_message == cannot_reach("127.0.0.1:9")


def test_demo_mode_shows_the_emulators_posts(arun: Any, qtbot: Any) -> None:
    from s200desk.app_shell import AppShell
    from s200desk.ui.first_frame import show_first_frame
    from s200desk.ui.qt import QApplication

    args = argparse.Namespace(demo=True, self_test=False, debug=False, version=False)
    frame = show_first_frame(QApplication.instance(), demo=True, started=0.0)
    qtbot.addWidget(frame.window)
    shell = AppShell(args, 0.0, frame)

    async def scenario() -> tuple[str, int, int]:
        main = asyncio.ensure_future(shell.main())
        await until(
            lambda: shell.controller is not None and shell.controller.data_shown_emitted,
            timeout=30,
            what="demo posts on screen",
        )
        window = shell.controller.window
        title = window.windowTitle()
        rows = shell.controller.posts_model.rowCount()
        profiles = shell.controller.profiles_model.rowCount()
        window.close()
        assert await asyncio.wait_for(main, 15) == 0
        return title, rows, profiles

    title, rows, profiles = arun(scenario(), timeout=60)
    assert title == "Demo — s200desk"
    assert rows > 100
    assert profiles >= 7
    assert shell.server is not None


def test_self_test_exits_zero_with_its_timings(tmp_path: Any) -> None:
    # PYTHONFAULTHANDLER: a native crash (seen once in ~100 runs under load) shows its stacks
    # in the failure below instead of an empty stderr.
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "S200DESK_HOME": str(tmp_path),
           "PYTHONFAULTHANDLER": "1"}  # fmt: skip
    env.pop("S200DESK_SCREENSHOT", None)
    result = subprocess.run(
        [sys.executable, "-m", "s200desk", "--self-test"],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
    )
    assert result.returncode == 0, result.stdout[-2000:] + result.stderr[-2000:]
    last = result.stdout.strip().splitlines()[-1]
    match = re.fullmatch(r"self-test ok window_ms=(\d+) data_ms=(\d+)", last)
    assert match, last
    assert int(match.group(1)) <= int(match.group(2))
    assert "Traceback" not in result.stderr
    assert "was never awaited" not in result.stderr
    assert "Task was destroyed" not in result.stderr


def test_cli_commands_are_delegated_or_refused_cleanly() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "s200desk", "outbox"], capture_output=True, text=True, timeout=60
    )
    assert "Traceback" not in result.stderr


def test_the_client_arrives_after_the_cached_window(arun: Any, qtbot: Any, emulator: Any) -> None:
    from ui_support import make_shell

    s = make_shell(emulator, "ws-lazy")
    qtbot.addWidget(s.window)
    connected: list[Any] = []
    s.controller.session_connected.connect(connected.append)
    arun(s.controller.start(s.controller.test_info, sync=False))
    session = s.controller.session
    assert session.db is not None and session.client is None  # the store only, so far
    s.controller.request_sync()
    arun(until(lambda: connected == [session] and session.client is not None,
               what="the client"))  # fmt: skip
    arun(s.controller.aclose())
    assert not s.failures, s.failures


def test_the_first_frame_imports_no_composer_outbox_or_api_client() -> None:
    # Start-up order (docs/performance.md, "Desktop shell"): what the first frame needs is the
    # window, its models and the store; the composer, the outbox (and with it the API client
    # and httpx) and the calendar and media pages load after the first paint.
    code = (
        "import sys\n"
        "import s200desk.app, s200desk.app_shell, s200desk.ui.controller, s200desk.ui.session\n"
        "late = ('s200desk.ui.composer', 's200desk.ui.outbox', 's200desk.ui.calendar.page',\n"
        "        's200desk.ui.media.library_page', 's200desk.ui.analytics.page',\n"
        "        's200desk.api', 'httpx')\n"
        "print(sorted(m for m in late if m in sys.modules))\n"
    )
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, env=env, timeout=120
    )
    assert result.returncode == 0, result.stderr[-2000:]
    assert result.stdout.strip() == "[]"


def test_feature_pages_are_built_on_first_use(arun: Any, qtbot: Any) -> None:
    from s200desk.config import Settings
    from s200desk.ui.calendar.page import CalendarPage
    from s200desk.ui.controller import Controller
    from s200desk.ui.main_window import CALENDAR, MEDIA
    from s200desk.ui.media.library_page import MediaLibraryPage
    from s200desk.ui.tasks import TaskKeeper

    controller = Controller(Settings(), TaskKeeper(), persist_settings=False,
                            first_frame=empty_frame())  # fmt: skip
    window = controller.window
    qtbot.addWidget(window)
    # Not built with the window: the stack holds light placeholders until then.
    assert not isinstance(window.stack.widget(CALENDAR), CalendarPage)
    assert not isinstance(window.stack.widget(MEDIA), MediaLibraryPage)
    window.show_page(CALENDAR)  # Ctrl+1 builds the calendar and shows it
    calendar = window.stack.widget(CALENDAR)
    assert isinstance(calendar, CalendarPage) and calendar is controller.pages.calendar
    assert window.stack.currentWidget() is calendar
    media = controller.pages.media  # built on access too, in place in the stack
    assert isinstance(media, MediaLibraryPage) and window.stack.widget(MEDIA) is media
    assert window.stack.currentWidget() is calendar
    arun(controller.aclose())


def test_first_painted_comes_after_the_whole_first_frame(qtbot: Any) -> None:
    from s200desk import paths
    from s200desk.config import Settings
    from s200desk.ui.controller import Controller
    from s200desk.ui.qt import QEvent, QObject
    from s200desk.ui.tasks import TaskKeeper

    # A workspace to open, so the frame holds its posts list (a first run shows a note instead).
    paths.settings_file().write_text(json.dumps(
        {"schema_version": 1, "workspaces": [{"id": "ws-p", "name": "P"}],
         "active_workspace_id": "ws-p"}
    ))  # fmt: skip
    controller = Controller(Settings(), TaskKeeper(), persist_settings=False,
                            first_frame=empty_frame())  # fmt: skip
    window = controller.window
    qtbot.addWidget(window)
    table = window.posts_page.table.viewport()
    order: list[str] = []

    class PaintSpy(QObject):
        def eventFilter(self, watched: Any, event: Any) -> bool:
            if event.type() == QEvent.Type.Paint and "table" not in order:
                order.append("table")
            return False

    spy = PaintSpy()
    table.installEventFilter(spy)
    window.first_painted.connect(lambda: order.append("first_painted"))
    window.show()
    qtbot.waitUntil(lambda: window.is_painted, timeout=5000)
    # Whatever waits for first_painted (the rest of the cache, the pages' imports) must not
    # compete with the children's paint: the list has painted by then.
    assert order == ["table", "first_painted"]
    table.removeEventFilter(spy)


def test_a_window_closed_before_the_loop_ran_ends_the_app(arun: Any, qtbot: Any) -> None:
    """The first frame is on screen ~300 ms before the event loop: a close in that time (the
    window manager's button) must end the app, not leave it running without a window."""
    import time

    from s200desk.app_shell import AppShell
    from s200desk.ui.first_frame import show_first_frame
    from s200desk.ui.qt import QApplication

    frame = show_first_frame(QApplication.instance(), demo=True, started=time.perf_counter())
    qtbot.addWidget(frame.window)
    frame.window.close()  # before AppShell.main() listens
    args = argparse.Namespace(demo=True, self_test=False, debug=False, version=False)
    shell = AppShell(args, 0.0, frame)
    assert arun(asyncio.wait_for(shell.main(), 15), timeout=30) == 0
    assert not frame.window.isVisible()
    assert shell.server is None  # nothing was started for a window already closed


def test_a_self_test_that_cannot_print_still_ends(tmp_path: Any) -> None:
    # Packaging pipes the self-test's output; a reader that goes away (head, a closed log)
    # must not leave the app running with no window until the watchdog.
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "S200DESK_HOME": str(tmp_path)}
    proc = subprocess.Popen([sys.executable, "-m", "s200desk", "--self-test"],
                            stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, env=env)  # fmt: skip
    assert proc.stdout is not None
    proc.stdout.close()  # nobody reads: the result line meets a broken pipe
    assert proc.wait(timeout=60) != 0


def test_the_synced_rows_paint_before_the_pages_load_behind_them(
    arun: Any, qtbot: Any, emulator: Any, monkeypatch: Any
) -> None:
    """The pages' modules load in worker threads that hold the GIL, which a table painting
    from a Python model needs for every cell: the first sync's rows paint first."""
    from ui_support import make_shell

    from s200desk.ui import worker_imports
    from s200desk.ui.qt import QEvent, QObject

    emulator.add_bulk_posts(30)
    s = make_shell(emulator, "ws-order")
    window = s.controller.window
    qtbot.addWidget(window)
    window.show()
    qtbot.waitUntil(lambda: window.is_painted, timeout=5000)
    rows_painted: list[int] = []  # the rows the list held at each of its paints
    at_pages_load: list[list[int]] = []  # what had been painted when the pages began to load

    class PaintSpy(QObject):
        def eventFilter(self, watched: Any, event: Any) -> bool:
            if event.type() == QEvent.Type.Paint:
                rows_painted.append(s.controller.posts_model.rowCount())
            return False

    spy = PaintSpy()
    window.posts_page.table.viewport().installEventFilter(spy)
    load = worker_imports.load_off_ui

    async def noting_load(modules: tuple[str, ...]) -> None:
        if modules == worker_imports.AFTER_FIRST_SYNC:
            at_pages_load.append(list(rows_painted))
        await load(modules)

    monkeypatch.setattr(worker_imports, "load_off_ui", noting_load)
    arun(s.controller.start(s.controller.test_info))
    arun(until(lambda: at_pages_load, what="the pages' modules loading"))
    synced = s.controller.posts_model.rowCount()
    assert synced > 0
    assert at_pages_load[0] and at_pages_load[0][-1] == synced, at_pages_load
    window.posts_page.table.viewport().removeEventFilter(spy)
    arun(s.controller.aclose())
    assert not s.failures, s.failures


def test_the_watch_says_why_when_the_sync_fails(tmp_path: Any) -> None:
    """The self-test's watch (here through the screenshot aid, on a workspace whose server is
    unreachable) ends at once with the sync's own words, not at its time limit."""
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "S200DESK_HOME": str(tmp_path),
           "S200_API_KEY": "rl_watch_offline", "S200_BASE_URL": "http://127.0.0.1:9/functions/v1",
           "S200_SITE_URL": "http://127.0.0.1:9",
           "S200DESK_SCREENSHOT": str(tmp_path / "never.png")}  # fmt: skip
    result = subprocess.run([sys.executable, "-m", "s200desk"], capture_output=True, text=True,
                            env=env, timeout=120)  # fmt: skip
    last = result.stdout.strip().splitlines()[-1]
    assert last.startswith("self-test failed: sync failed (offline): Cannot reach"), last
    assert not (tmp_path / "never.png").exists()
