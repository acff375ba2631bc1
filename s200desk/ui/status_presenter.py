"""StatusPresenter: what the open workspace's syncs mean, shown in the window.

``Session`` reports sync started / synced / failed (offline, auth, error) and online or not;
the presenter turns each into one of ``MainWindow``'s slots (``set_syncing``, ``show_synced``,
``show_offline``, ``show_auth_problem``, ``show_notice``, ``set_online``) and asks for what the
outcome needs next through its own signals: ``key_needed`` (the key was refused) and
``retry_due`` (offline for ``OFFLINE_RETRY_MS``: sync again).
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import datetime
from typing import TYPE_CHECKING

from s200desk.ui.qt import QObject, QTimer, Signal, Slot

if TYPE_CHECKING:
    from s200desk.config import Settings
    from s200desk.ui.main_window import MainWindow
    from s200desk.ui.posts.model import PostsTableModel
    from s200desk.ui.session import Session
    from s200desk.ui.sidebar.model import ProfilesModel

log = logging.getLogger(__name__)

OFFLINE_RETRY_MS = 30_000


class StatusPresenter(QObject):
    """The open workspace's connection, last sync and usage, in the window's words."""

    key_needed = Signal()  # the key was refused: ask for it (the banner stays as a way back)
    retry_due = Signal()  # offline for a while: try to sync again

    def __init__(
        self,
        window: MainWindow,
        posts_model: PostsTableModel,
        profiles_model: ProfilesModel,
        settings: Callable[[], Settings],
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.window = window
        self.posts_model = posts_model
        self.profiles_model = profiles_model
        self._settings = settings
        self._session: Session | None = None
        self._closed = False
        self._retry = QTimer(self)
        self._retry.setSingleShot(True)
        self._retry.setInterval(OFFLINE_RETRY_MS)
        self._retry.timeout.connect(self.retry_due)

    # -- following a workspace -------------------------------------------------------------

    def attach(self, session: Session) -> None:
        """Show ``session``'s workspace (title, last sync, read-only or not) and follow it."""
        self.detach()
        self._session = session
        session.sync_started.connect(self._on_sync_started)
        session.synced.connect(self._on_synced)
        session.sync_failed.connect(self._on_sync_failed)
        session.online_changed.connect(self._on_online_changed)
        info = session.info
        self.window.show_workspace(info.workspace_name, demo=info.demo, last_sync=session.last_sync)
        self.window.show_read_only(info.read_only)

    def detach(self) -> None:
        session, self._session = self._session, None
        self._retry.stop()
        if session is None:
            return
        for signal, slot in (
            (session.sync_started, self._on_sync_started),
            (session.synced, self._on_synced),
            (session.sync_failed, self._on_sync_failed),
            (session.online_changed, self._on_online_changed),
        ):
            try:
                signal.disconnect(slot)
            except (RuntimeError, TypeError):
                log.debug("presenter: %s already disconnected", signal)

    def close(self) -> None:
        """The app is closing: no widget is touched any more."""
        self._closed = True
        self.detach()

    def sync_requested(self) -> None:
        """A sync is on its way: the offline retry is not needed."""
        self._retry.stop()

    # -- what the session reports ----------------------------------------------------------

    @Slot()
    def _on_sync_started(self) -> None:
        if not self._closed:
            self.window.set_syncing(True)

    @Slot(object)
    def _on_synced(self, when: datetime) -> None:
        if self._closed:
            return
        self.window.show_synced(when)
        self.show_usage()

    @Slot(str, str)
    def _on_sync_failed(self, kind: str, message: str) -> None:
        if self._closed:
            return
        self.window.set_syncing(False)
        if kind == "offline":
            last = self._session.last_sync if self._session is not None else None
            self.window.show_offline(
                self.posts_model.total_count, last, OFFLINE_RETRY_MS // 1000
            )
            self._retry.start()
        elif kind == "auth":
            self.window.show_auth_problem(message)
            self.key_needed.emit()
        else:
            self.window.show_notice(message)

    @Slot(bool)
    def _on_online_changed(self, online: bool) -> None:
        if not self._closed:
            self.window.set_online(online)

    @Slot()
    def show_usage(self) -> None:
        """Each platform's daily usage against the plan, in the status bar."""
        session = self._session
        if session is None or self._closed:
            return
        platforms: list[str] = []
        for row in self.profiles_model.rows():
            if row.platform not in platforms:
                platforms.append(row.platform)
        plan = self._settings().plan
        self.window.set_usage(session.rate_limits, str(getattr(plan, "value", plan)), platforms)
