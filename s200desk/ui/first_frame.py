"""The first frame: the main window, painted with the last known data before the rest loads.

Every start shows it, right after the QApplication exists and before the event loop, pydantic,
httpx, the keyring or asyncio are imported: the settings file is read once (``settings_peek``)
and the first screenful of the workspace's cache is read over a read-only SQLite connection.
The controller always adopts this window and its models; nothing else builds a main window.
Anything unusual (a first run, the demo, no cache yet, a cache from another version) gives an
empty frame, never an error: the full start-up reads the same data through the store and
reports problems.
"""

from __future__ import annotations

import logging
import sqlite3
import time
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from s200desk import paths
from s200desk.settings_peek import SettingsPeek, peek_settings
from s200desk.store.queries import (
    PostFilter,
    count_posts,
    last_sync_at,
    list_profiles,
    query_posts,
)
from s200desk.store.records import StoredPost, StoredProfile
from s200desk.ui.main_window import MainWindow
from s200desk.ui.posts.model import PostsTableModel
from s200desk.ui.qt import QApplication, QEventLoop
from s200desk.ui.selection import ProfileSelection
from s200desk.ui.sidebar.model import ProfileRow, ProfilesModel
from s200desk.ui.theme import apply_theme

log = logging.getLogger(__name__)

FIRST_SCREEN_ROWS = 200  # more than any screen shows; the rest of the cache follows the paint
PAINT_WAIT_S = 3.0


@dataclass
class CachedScreen:
    """The first screenful of a workspace's cache."""

    profiles: list[StoredProfile] = field(default_factory=list)
    posts: list[StoredPost] = field(default_factory=list)
    total: int = 0  # posts in the whole cache
    last_sync: datetime | None = None


@dataclass
class FirstFrame:
    window: MainWindow
    posts_model: PostsTableModel
    profiles_model: ProfilesModel
    selection: ProfileSelection
    settings: SettingsPeek
    workspace_id: str | None  # whose cache is on screen (None: an empty window)
    painted_ms: int | None = None  # from the process start to the frame on screen
    rows_painted: int = 0


def read_cached_screen(db_path: Path, rows: int = FIRST_SCREEN_ROWS) -> CachedScreen:
    """The profiles, the newest ``rows`` posts and the last sync of the cache at ``db_path``;
    empty when there is no usable cache (never created, another version's, damaged)."""
    if not db_path.is_file():
        return CachedScreen()
    try:
        conn = sqlite3.connect(f"{db_path.as_uri()}?mode=ro", uri=True, timeout=0.5)
    except sqlite3.Error as exc:
        log.debug("first frame: cache not opened: %s", exc)
        return CachedScreen()
    try:
        return CachedScreen(
            profiles=list_profiles(conn, None),
            posts=query_posts(conn, PostFilter(limit=rows)),
            total=count_posts(conn, None),
            last_sync=last_sync_at(conn),
        )
    except (sqlite3.Error, ValueError, TypeError) as exc:
        log.debug("first frame: cache not read: %s", exc)
        return CachedScreen()
    finally:
        conn.close()


def build_first_frame(
    peek: SettingsPeek, screen: CachedScreen | None = None, *, demo: bool = False
) -> FirstFrame:
    """The main window and its models on ``screen`` (the cache of ``peek``'s workspace; none:
    an empty window), not yet shown: the one way a window is built, for the app and tests."""
    on_screen = None if demo or screen is None else peek.workspace_id
    screen = screen or CachedScreen()
    selection = ProfileSelection()
    posts_model = PostsTableModel(time_zone=peek.time_zone)
    profiles_model = ProfilesModel()
    profiles_model.set_profiles(ProfileRow.from_profile(p) for p in screen.profiles)
    posts_model.set_profile_names(profiles_model.names())
    posts_model.set_posts(screen.posts)
    window = MainWindow(posts_model, profiles_model, selection)
    window.set_time_zone(peek.time_zone)
    window.set_title("Demo" if demo else peek.workspace_name, demo=demo)
    if not demo and peek.workspace_id is None:  # a first run: the welcome dialog comes next
        window.show_no_workspace()
    window.status.set_last_sync(screen.last_sync)
    if screen.total > len(screen.posts):  # the rest follows the paint: say how many there are
        window.show_post_total(screen.total)
    return FirstFrame(window, posts_model, profiles_model, selection, peek, on_screen)


def show_first_frame(app: QApplication, *, demo: bool, started: float) -> FirstFrame:
    """Show the main window with what the cache holds and wait until it has painted.

    Empty when there is no cache to show: the first run (the welcome dialog opens over it) and
    the demo, whose cache is throwaway (titled "Demo")."""
    peek = peek_settings(paths.settings_file())
    apply_theme(app, peek.theme)
    workspace_id = None if demo else peek.workspace_id
    screen = read_cached_screen(paths.workspace_db_path(workspace_id)) if workspace_id else None
    frame = build_first_frame(peek, screen, demo=demo)
    window = frame.window
    window.show()
    deadline = time.monotonic() + PAINT_WAIT_S
    while not window.is_painted and time.monotonic() < deadline:
        app.processEvents(QEventLoop.ProcessEventsFlag.AllEvents, 20)
    if window.is_painted:
        frame.painted_ms = round((time.perf_counter() - started) * 1000)
        frame.rows_painted = frame.posts_model.rowCount()
    return frame
