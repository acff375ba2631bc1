"""The first frame: the window painted with the cache's newest posts before anything else loads,
then adopted by the controller; odd caches and settings give an empty frame, never an error."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from ui_support import until

from s200desk import paths

# Fixed dates here are data (parsed, stored, compared with each other), never compared with the
# real clock: this file passes at any date (checked with faketime -3y, +400d and +10y).

PLATFORMS = ["tiktok", "instagram", "facebook", "youtube", "x", "linkedin", "pinterest"]
NOW = datetime(2026, 11, 28, 12, 0, tzinfo=UTC)


def write_settings(**values: Any) -> None:
    paths.settings_file().write_text(json.dumps({"schema_version": 1, **values}))


async def fill_cache(db_path: Path, posts: int) -> None:
    from s200desk.store import Database, PostsRepo, ProfilesRepo, SyncStateRepo

    db = await Database.open_async(db_path)
    await ProfilesRepo(db).replace_all(
        {"platform": p, "account_id": "@studio", "display_name": f"Studio on {p}",
         "status": "active", "connected_at": "2026-01-01T00:00:00Z"} for p in PLATFORMS
    )  # fmt: skip
    await PostsRepo(db).upsert_many(
        {"id": f"00000000-0000-4000-8000-{i:012d}", "platform": PLATFORMS[i % 7],
         "account_id": "@studio", "caption": f"Cached post {i}", "status": "published",
         "created_at": (NOW - timedelta(hours=i + 1)).isoformat(),
         "published_at": (NOW - timedelta(hours=i)).isoformat(), "scheduled_for": None,
         "media": [], "platform_options": {}}
        for i in range(posts)
    )  # fmt: skip
    await SyncStateRepo(db).record_success("all", item_count=posts)
    await db.aclose()


def top_level_main_windows() -> list[Any]:
    from s200desk.ui.main_window import MainWindow
    from s200desk.ui.qt import QApplication

    return [w for w in QApplication.topLevelWidgets() if isinstance(w, MainWindow)]


def test_the_first_frame_shows_the_newest_cached_posts_and_is_adopted(
    arun: Any, qtbot: Any
) -> None:
    from s200desk.config import load_settings
    from s200desk.ui.controller import Controller
    from s200desk.ui.first_frame import FIRST_SCREEN_ROWS, show_first_frame
    from s200desk.ui.qt import QApplication
    from s200desk.ui.session import SessionInfo
    from s200desk.ui.tasks import TaskKeeper

    write_settings(
        theme="dark",
        time_zone="Asia/Tokyo",
        workspaces=[{"id": "ws-a", "name": "Studio A"}],
        active_workspace_id="ws-a",
    )
    db_path = paths.workspace_db_path("ws-a")
    arun(fill_cache(db_path, 500))
    before = len(top_level_main_windows())

    frame = show_first_frame(QApplication.instance(), demo=False, started=time.perf_counter())
    window = frame.window
    qtbot.addWidget(window)
    assert window.isVisible() and window.is_painted and frame.painted_ms is not None
    assert frame.rows_painted == FIRST_SCREEN_ROWS
    assert window.posts_page.count_label.text() == "500"  # the cache's, not the screenful's
    model = frame.posts_model
    assert model.row_at(0).caption == "Cached post 0"  # newest first
    assert frame.profiles_model.rowCount() == 7
    assert "Studio A" in window.windowTitle()
    assert frame.settings.time_zone == "Asia/Tokyo"
    assert window.status.sync_label.text() != "Last sync: never"

    failures: list[Any] = []
    controller = Controller(load_settings(), TaskKeeper(lambda n, e: failures.append((n, e))),
                            persist_settings=False, first_frame=frame)  # fmt: skip
    assert controller.window is window and controller.posts_model is model
    info = SessionInfo("ws-a", "Studio A", "rl_offline_key", "http://127.0.0.1:9/functions/v1",
                       "http://127.0.0.1:9", db_path)  # fmt: skip
    arun(controller.start(info, sync=False))
    arun(until(lambda: model.rowCount() == 500, what="the rest of the cache"))
    assert len(top_level_main_windows()) == before + 1  # adopted, not built a second time
    arun(controller.aclose())
    assert not failures, failures


def test_a_first_run_shows_the_empty_window(qtbot: Any) -> None:
    """No workspace yet: the same window, empty, under the welcome dialog that follows."""
    from s200desk.ui.first_frame import show_first_frame
    from s200desk.ui.qt import QApplication

    before = len(top_level_main_windows())
    frame = show_first_frame(QApplication.instance(), demo=False, started=time.perf_counter())
    qtbot.addWidget(frame.window)
    assert frame.window.is_painted and frame.window.windowTitle() == "s200desk"
    assert frame.workspace_id is None and frame.posts_model.rowCount() == 0
    assert len(top_level_main_windows()) == before + 1
    assert_says_no_workspace_yet(frame.window)


def assert_says_no_workspace_yet(window: Any) -> None:
    """What a first run shows behind the welcome dialog: no claim of a connection or of an
    account with no posts, and what to do next."""
    status = window.status
    assert status.connection_label.text().startswith("No workspace yet")
    assert "API key" in status.connection_label.text()
    assert "●" not in status.connection_label.text()
    assert not status.sync_label.isVisible() and not status.usage_label.isVisible()
    assert window.sidebar.workspace_button.text().startswith("No workspace")
    page = window.posts_page
    assert page.no_workspace_note.isVisible() and not page.table.isVisible()
    assert not page.count_label.isVisible() and not page.search.isEnabled()


def test_the_demo_frame_is_the_empty_window_titled_demo(qtbot: Any) -> None:
    from s200desk.ui.first_frame import show_first_frame
    from s200desk.ui.qt import QApplication

    frame = show_first_frame(QApplication.instance(), demo=True, started=time.perf_counter())
    qtbot.addWidget(frame.window)
    assert frame.window.is_painted and "Demo" in frame.window.windowTitle()
    assert frame.posts_model.rowCount() == 0 and frame.workspace_id is None


@pytest.mark.parametrize(
    "content",
    [b"", b"this is not a database at all" * 100, "other-version"],
    ids=["empty-file", "garbage", "another-schema"],
)
def test_an_unusable_cache_gives_an_empty_frame(qtbot: Any, content: bytes | str) -> None:
    import sqlite3

    from s200desk.ui.first_frame import show_first_frame
    from s200desk.ui.qt import QApplication

    write_settings(workspaces=[{"id": "ws-b", "name": "B"}], active_workspace_id="ws-b")
    db_path = paths.workspace_db_path("ws-b")
    if isinstance(content, bytes):
        db_path.write_bytes(content)
    else:
        conn = sqlite3.connect(db_path)
        conn.execute("CREATE TABLE posts (id TEXT PRIMARY KEY)")
        conn.commit()
        conn.close()
    frame = show_first_frame(QApplication.instance(), demo=False, started=time.perf_counter())
    qtbot.addWidget(frame.window)
    assert frame.window.is_painted and frame.posts_model.rowCount() == 0


def test_the_first_frame_loads_neither_pydantic_nor_asyncio_nor_the_keyring() -> None:
    # What makes the first frame fast is what it does not import (docs/performance.md).
    code = (
        "import sys\n"
        "import s200desk.ui.first_frame\n"
        "heavy = ('pydantic', 'asyncio', 'qasync', 'httpx', 'keyring', 's200desk.config',\n"
        "         's200desk.store.database', 's200desk.ui.controller')\n"
        "print(sorted(m for m in heavy if m in sys.modules))\n"
    )
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, env=env, timeout=120
    )
    assert result.returncode == 0, result.stderr[-2000:]
    assert result.stdout.strip() == "[]"


def test_the_app_paints_cached_rows_before_the_network_answers(
    arun: Any, tmp_path: Path
) -> None:
    """The whole start, as a user runs it: with the server unreachable, the first painted frame
    already holds the cached posts, and then the whole cache follows."""
    write_settings(workspaces=[{"id": "ws-c", "name": "C"}], active_workspace_id="ws-c")
    arun(fill_cache(paths.workspace_db_path("ws-c"), 300))
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "S200_API_KEY": "rl_offline_key",
           "S200_BASE_URL": "http://127.0.0.1:9/functions/v1",
           "S200_SITE_URL": "http://127.0.0.1:9"}  # fmt: skip
    result = subprocess.run(
        [sys.executable, "-m", "s200desk", "--measure-startup"],
        capture_output=True, text=True, env=env, timeout=120,
    )  # fmt: skip
    assert result.returncode == 0, result.stdout[-2000:] + result.stderr[-2000:]
    last = result.stdout.strip().splitlines()[-1]
    match = re.fullmatch(
        r"startup ok window_ms=(\d+) first_rows=(\d+) full_ms=(\d+) rows=(\d+) rss_mb=\d+", last
    )
    assert match, last
    window_ms, first_rows, full_ms, rows = map(int, match.groups())
    assert first_rows == 200 and rows == 300
    assert window_ms <= full_ms
    assert "Traceback" not in result.stderr


def test_a_first_run_asks_for_a_key_over_the_empty_window(
    arun: Any, qtbot: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The first run takes the one start-up path: the empty frame, adopted, under the welcome
    dialog; closing the dialog ends the app."""
    import argparse
    import asyncio

    from s200desk.app_shell import AppShell
    from s200desk.ui.first_frame import show_first_frame
    from s200desk.ui.qt import QApplication
    from s200desk.ui.welcome.dialog import WelcomeDialog

    monkeypatch.setenv("PYTHON_KEYRING_BACKEND", "keyring.backends.fail.Keyring")
    before = len(top_level_main_windows())
    frame = show_first_frame(QApplication.instance(), demo=False, started=time.perf_counter())
    qtbot.addWidget(frame.window)
    args = argparse.Namespace(demo=False, self_test=False, debug=False, version=False)
    shell = AppShell(args, 0.0, frame)

    def welcome() -> WelcomeDialog | None:
        return next((w for w in QApplication.topLevelWidgets()
                     if isinstance(w, WelcomeDialog) and w.isVisible()), None)  # fmt: skip

    async def scenario() -> int:
        main = asyncio.ensure_future(shell.main())
        await until(lambda: welcome() is not None, what="the welcome dialog")
        dialog = welcome()
        assert dialog is not None and dialog.parentWidget() is frame.window
        assert shell.controller is not None and shell.controller.window is frame.window
        assert frame.window.isVisible() and frame.posts_model.rowCount() == 0
        assert_says_no_workspace_yet(frame.window)
        dialog.quit_button.click()
        return await asyncio.wait_for(main, 15)

    assert arun(scenario(), timeout=30) == 0
    assert len(top_level_main_windows()) == before + 1  # that one window, no second


@pytest.mark.parametrize(
    "stored",
    [{}, {"workspaces": [{"id": "ws-a", "name": "A"}, {"id": "ws-b", "name": "B"}]},
     {"workspaces": [{"id": "ws-a", "name": "A"}, {"id": "ws-b", "name": "B"}],
      "active_workspace_id": "ws-b"},
     {"workspaces": [{"id": "ws-a", "name": "A"}], "active_workspace_id": "ws-gone"}],
    ids=["nothing", "none-active", "active", "active-gone"],
)  # fmt: skip
def test_the_first_frame_shows_the_workspace_the_app_then_opens(
    arun: Any, qtbot: Any, monkeypatch: pytest.MonkeyPatch, stored: dict[str, Any]
) -> None:
    """One rule for which workspace opens: the frame's guess is the flow's choice."""
    from s200desk.config import load_settings
    from s200desk.ui.controller import Controller
    from s200desk.ui.first_frame import show_first_frame
    from s200desk.ui.qt import QApplication
    from s200desk.ui.tasks import TaskKeeper
    from s200desk.ui.workspaces.flow import WorkspaceFlow

    monkeypatch.setenv("S200_API_KEY", "rl_key_from_the_environment")
    write_settings(**stored)
    frame = show_first_frame(QApplication.instance(), demo=False, started=time.perf_counter())
    qtbot.addWidget(frame.window)
    controller = Controller(load_settings(), TaskKeeper(), persist_settings=False,
                            first_frame=frame)  # fmt: skip
    info = arun(WorkspaceFlow(controller, None).initial_session())
    assert info is not None
    assert frame.workspace_id == info.workspace_id
    arun(controller.aclose())


def test_a_window_built_without_a_cache_claims_no_workspace(qtbot: Any) -> None:
    """The controller skips reading what the frame already shows: a frame that read no cache
    must not say it shows one, or the workspace's profiles would wait for the first sync."""
    from s200desk.settings_peek import peek_settings
    from s200desk.ui.first_frame import CachedScreen, build_first_frame

    write_settings(workspaces=[{"id": "ws-d", "name": "D"}], active_workspace_id="ws-d")
    peek = peek_settings(paths.settings_file())
    assert peek.workspace_id == "ws-d"
    empty = build_first_frame(peek)
    qtbot.addWidget(empty.window)
    assert empty.workspace_id is None
    read = build_first_frame(peek, CachedScreen())
    qtbot.addWidget(read.window)
    assert read.workspace_id == "ws-d"
