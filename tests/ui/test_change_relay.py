"""The top floor: a change travels from the store to the rows it names; a sync's outcome reaches
the window through the status presenter.

Each test uses a real store file and real models; the changes are published on the session's
own ``ChangeBus`` as the services publish them.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from ui_support import until

from s200desk.services.events import POSTS, POSTS_REMOVED, Change, ChangeBus
from s200desk.ui.change_relay import ChangeRelay
from s200desk.ui.main_window import MainWindow
from s200desk.ui.model_refresher import ModelRefresher
from s200desk.ui.posts.model import PostsTableModel
from s200desk.ui.selection import ProfileSelection
from s200desk.ui.session import Session, SessionInfo
from s200desk.ui.sidebar.model import ProfileRow, ProfilesModel
from s200desk.ui.status_presenter import StatusPresenter
from s200desk.ui.tasks import TaskKeeper

CAPTION = PostsTableModel.CAPTION


def make_posts(n: int) -> list[dict[str, Any]]:
    now = datetime.now(UTC).replace(microsecond=0)
    return [
        {
            "id": f"post-{i:03d}",
            "platform": "x",
            "account_id": "@lumen",
            "caption": f"caption {i}",
            "status": "scheduled",
            "created_at": (now - timedelta(days=1)).isoformat(),
            "scheduled_for": (now + timedelta(hours=i + 1)).isoformat(),
            "media": [],
        }
        for i in range(n)
    ]


def session_info(tmp_path: Path) -> SessionInfo:
    # Nothing here goes to the network: port 9 (discard) is never reached.
    return SessionInfo(
        "ws-relay", "Relay", "key", "http://127.0.0.1:9/functions/v1", "http://127.0.0.1:9",
        tmp_path / "ws.sqlite3",
    )  # fmt: skip


@pytest.fixture
def session(arun: Any, tmp_path: Path) -> Iterator[Session]:
    session = Session(session_info(tmp_path))
    arun(session.open_store())
    yield session
    arun(session.aclose())


def test_the_relay_carries_each_change_unchanged_into_the_ui_thread(qtbot: Any) -> None:
    bus = ChangeBus()
    relay = ChangeRelay(bus)
    got: list[tuple[Change, threading.Thread]] = []
    relay.changed.connect(lambda change: got.append((change, threading.current_thread())))

    change = Change(POSTS, ("post-1", "post-2"))
    bus.publish(change)
    assert got == [(change, threading.main_thread())]  # published on the UI thread: at once

    elsewhere = Change(POSTS_REMOVED, ("post-3",))
    worker = threading.Thread(target=bus.publish, args=(elsewhere,))
    worker.start()
    worker.join()
    assert len(got) == 1  # queued: it waits for the UI thread's event loop
    qtbot.waitUntil(lambda: len(got) == 2)
    assert got[1] == (elsewhere, threading.main_thread())

    relay.close()
    bus.publish(Change(POSTS, ("post-4",)))
    assert len(got) == 2 and len(bus) == 0


def test_a_change_with_ids_repaints_just_those_rows(
    arun: Any, qtbot: Any, session: Session
) -> None:
    posts = make_posts(30)
    assert session.posts is not None and session.bus is not None
    arun(session.posts.upsert_many(posts))
    model = PostsTableModel(time_zone="UTC")
    tasks = TaskKeeper()
    refresher = ModelRefresher(
        model, ProfilesModel(), start_task=tasks.start, gone=lambda: False
    )
    refresher.attach(session)
    arun(refresher.reload("posts"))
    assert model.rowCount() == 30
    shown = [model.data(model.index(row, CAPTION)) for row in range(30)]  # rows read
    row = shown.index("caption 7")
    resets: list[bool] = []
    repainted: list[tuple[int, int]] = []
    model.modelReset.connect(lambda: resets.append(True))
    model.dataChanged.connect(lambda first, last, *_: repainted.append((first.row(), last.row())))

    # A service changes one post in the store, then publishes its id.
    arun(session.posts.upsert_many([{**posts[7], "caption": "caption 7, edited"}]))
    session.bus.publish(Change(POSTS, ("post-007",)))
    arun(until(lambda: repainted, what="the changed row repainted"))

    assert repainted == [(row, row)]
    assert not resets
    assert model.data(model.index(row, CAPTION)) == "caption 7, edited"
    assert model.data(model.index(row + 1, CAPTION)) == shown[row + 1]

    # A post removed from the store: its row goes, the others stay where they were.
    arun(session.posts.delete(["post-012"]))
    session.bus.publish(Change(POSTS_REMOVED, ("post-012",)))
    arun(until(lambda: model.rowCount() == 29, what="the removed row gone"))
    assert not resets
    assert "caption 12" not in [model.data(model.index(r, CAPTION)) for r in range(29)]
    refresher.close()
    refresher.detach()
    arun(tasks.aclose())


def test_a_profile_that_changes_repaints_its_row_only(qtbot: Any) -> None:
    model = ProfilesModel()
    rows = [ProfileRow("x", "@a", "Alpha", "connected"), ProfileRow("x", "@b", "Beta", "connected")]
    model.set_profiles(rows)
    resets: list[bool] = []
    repainted: list[int] = []
    model.modelReset.connect(lambda: resets.append(True))
    model.dataChanged.connect(lambda first, *_: repainted.append(first.row()))
    model.set_profiles([rows[0], ProfileRow("x", "@b", "Beta", "disconnected")])
    assert repainted == [1] and not resets
    assert model.rows()[1].status == "disconnected"


def test_offline_shows_the_cached_posts_and_a_refused_key_asks_for_a_new_one(
    qtbot: Any, tmp_path: Path
) -> None:
    posts_model = PostsTableModel(time_zone="UTC")
    posts_model.set_posts(make_posts(1234))
    profiles = ProfilesModel()
    window = MainWindow(posts_model, profiles, ProfileSelection())
    qtbot.addWidget(window)
    window.show()
    session = Session(session_info(tmp_path))  # never opened: only its signals are used
    presenter = StatusPresenter(window, posts_model, profiles, lambda: None, parent=window)
    presenter.attach(session)
    assert window.windowTitle() == "Relay — s200desk"

    session.sync_started.emit()
    assert window.status.sync_label.text() == "Syncing…"
    session.sync_failed.emit("offline", "No connection.")
    assert window.offline_banner.isVisible()
    assert "showing the 1,234 posts saved on this computer" in window.offline_banner.text()
    assert "tries again every 30 seconds" in window.offline_banner.text()
    assert window.status.sync_label.text().startswith("Last sync:")

    asked: list[bool] = []
    presenter.key_needed.connect(lambda: asked.append(True))
    session.sync_failed.emit("auth", "The API key was refused (401).")
    assert window.auth_banner.isVisible() and "refused (401)" in window.auth_banner.text()
    assert asked == [True]

    session.online_changed.emit(True)
    assert not window.offline_banner.isVisible()
    presenter.detach()
    session.sync_failed.emit("error", "Something else.")
    assert not window.notice_banner.isVisible()  # a detached presenter shows nothing
