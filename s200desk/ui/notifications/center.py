"""NotificationCenter: listens to the outbox's and the session's change signals (the existing
bus-to-Qt adapters), asks ``services.notifications`` which changes deserve a notice, and shows
them in the tray (where there is one) or as a banner in the window."""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

from s200desk.services import events
from s200desk.services.notifications import (
    ATTENTION_STATES,
    WAITING_POST_STATUSES,
    Notice,
    NoticeKind,
    NoticeRule,
    NotifyPrefs,
    attention_count,
)
from s200desk.ui.notifications.banner import NoticeBanner, install
from s200desk.ui.notifications.tray import Tray
from s200desk.ui.qt import QObject, QtWidgets, QWidget, Signal
from s200desk.ui.tasks import TaskKeeper

log = logging.getLogger(__name__)


def tray_available() -> bool:
    return bool(QtWidgets.QSystemTrayIcon.isSystemTrayAvailable())


class NotificationCenter(QObject):
    """One per window; ``attach(session, runner)`` follows a workspace (again on a switch)."""

    notified = Signal(object)  # the Notice just shown
    open_requested = Signal(object)  # the Notice the user clicked

    def __init__(
        self,
        window: QWidget,
        tasks: TaskKeeper,
        settings: Callable[[], Any],
        *,
        use_tray: bool | None = None,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.window = window
        self.tasks = tasks
        self.settings = settings
        self.rule = NoticeRule(str(getattr(settings(), "time_zone", "UTC")))
        self.tray: Tray | None = None
        if use_tray if use_tray is not None else tray_available():
            self.tray = Tray(self)
            self.tray.icon.messageClicked.connect(self._on_clicked)
            self.tray.icon.activated.connect(lambda _reason: self._on_clicked())
        self.banner = NoticeBanner(window)
        install(window, self.banner)
        self.banner.action_clicked.connect(self._on_clicked)
        self.last: Notice | None = None
        self._told_on_screen: set[str] = set()  # posts whose failed move a page told already
        self.count = 0
        self._session: Any = None
        self._runner: Any = None

    # -- following a workspace -------------------------------------------------------------

    def attach(self, session: Any, runner: Any) -> None:
        self.detach()
        self._session, self._runner = session, runner
        self.rule = NoticeRule(str(getattr(self.settings(), "time_zone", "UTC")))
        runner.intents_changed.connect(self._on_intents)
        session.relay.changed.connect(self._on_store_change)
        self.tasks.start(self._remember_now(session, runner), name="notifications-start")

    def detach(self) -> None:
        if self._runner is not None:
            try:
                self._runner.intents_changed.disconnect(self._on_intents)
                self._session.relay.changed.disconnect(self._on_store_change)
            except (RuntimeError, TypeError):
                log.debug("notifications: already disconnected")
        self._session = self._runner = None

    async def _remember_now(self, session: Any, runner: Any) -> None:
        """What is already so at start is remembered, not announced."""
        self.rule.know_intents(await runner.service.list())
        await self._know_waiting(session)
        await self._update_count(runner)

    # -- changes -----------------------------------------------------------------------------

    def _on_intents(self, ids: list[str]) -> None:
        runner = self._runner
        # A change queued before the app began closing arrives after: nothing to announce.
        if runner is not None and not self.tasks.closed:
            self.tasks.start(self._intents(runner, list(ids)), name="notifications-intents")

    async def _intents(self, runner: Any, ids: list[str]) -> None:
        prefs = self.prefs()
        notices = []
        for intent_id in ids:
            if runner is not self._runner:
                return  # the workspace was switched or closed meanwhile
            intent = await runner.service.get(intent_id)
            if intent is not None:
                notices.append(self.rule.for_intent(intent, prefs))
        await self._update_count(runner)
        for notice in notices:
            self._show(notice)

    def _on_store_change(self, change: Any) -> None:
        session = self._session
        if session is None or self.tasks.closed:  # (see _on_intents)
            return
        if change.kind == events.POSTS:
            # A sync stores thousands of posts; only those known as waiting can be news.
            ids = [i for i in change.ids if self.rule.is_waiting(i)]
            if ids:
                self.tasks.start(self._posts(session, ids), name="notifications-posts")
        elif change.kind == events.SYNC_FINISHED:
            self.tasks.start(self._know_waiting(session), name="notifications-waiting")

    async def _know_waiting(self, session: Any) -> None:
        """Posts scheduled since (by the composer, elsewhere) join those watched."""
        from s200desk.store import PostFilter

        if session is not self._session or session.closed or session.posts is None:
            return
        try:
            waiting = await session.posts.query(PostFilter(statuses=list(WAITING_POST_STATUSES)))
        except Exception:
            if session.closed:
                return
            raise
        self.rule.know_posts(waiting)

    async def _posts(self, session: Any, ids: list[str]) -> None:
        prefs = self.prefs()
        for post_id in ids:
            if session is not self._session or session.closed or session.posts is None:
                return  # the workspace was switched or closed meanwhile
            try:
                post = await session.posts.get(post_id)
            except Exception:
                if session.closed:
                    return
                raise
            if post is not None:
                self._show(self.rule.for_post(post, prefs))

    async def _update_count(self, runner: Any) -> None:
        if runner is not self._runner:
            return
        self.count = attention_count(await runner.service.list(states=ATTENTION_STATES))
        if self.tray is not None:
            self.tray.set_count(self.count)

    def prefs(self) -> NotifyPrefs:
        return NotifyPrefs.from_settings(self.settings())

    # -- showing -----------------------------------------------------------------------------

    def told_on_screen(self, post_id: str) -> None:
        """The page the user moved ``post_id`` on told its failure in its own words (the
        calendar's "Move failed: … The post stays at …"): not told a second time here."""
        last = self.last
        if last is not None and last.moving == post_id and self.banner.isVisible():
            self.banner.hide()  # it came first: the page's words replace it
            return
        self._told_on_screen.add(post_id)

    def _show(self, notice: Notice | None) -> None:
        if notice is None:
            return
        if notice.moving is not None and notice.moving in self._told_on_screen:
            self._told_on_screen.discard(notice.moving)
            self.last = notice  # still what a click on the tray's count opens
            return
        self.last = notice
        failed = notice.kind is NoticeKind.FAILED
        if self.tray is not None:
            self.tray.show_message(notice.title, notice.body, failed)
        else:
            self.banner.show_notice(notice.title, notice.body, self.count, failed)
        self.notified.emit(notice)

    def _on_clicked(self) -> None:
        if self.last is not None:
            self.open_requested.emit(self.last)

    def close(self) -> None:
        self.detach()
        if self.tray is not None:
            self.tray.close()
