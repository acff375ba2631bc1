"""Moving the selected post without a mouse: an hour earlier or later, or Reschedule… to a date
and time typed in. (A day earlier or later is the page's own, Ctrl+Shift+Left / Right.)

Every move ends in ``CalendarPage.move_to``, where a drop ends too: the same judge (past refused,
a full day asked about), the same undoable move through the page's ``MoveRunner`` and backend,
so the outbox and the change relay see exactly what a drag gives them.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING

from s200desk.services.platform_names import platform_name
from s200desk.ui.calendar.grid_view import Verdict
from s200desk.ui.calendar.model import DRAGGABLE_STATUSES
from s200desk.ui.calendar.reschedule_dialog import RescheduleDialog
from s200desk.ui.calendar.timegrid import DropTarget, resolve_wall
from s200desk.ui.qt import QAction, QKeySequence, QObject, Qt, QtWidgets

if TYPE_CHECKING:
    from s200desk.ui.calendar.page import CalendarPage
    from s200desk.ui.posts.model import PostRow

HOUR_EARLIER_KEYS = "Ctrl+Shift+Up"
HOUR_LATER_KEYS = "Ctrl+Shift+Down"
RESCHEDULE_KEYS = "Ctrl+Shift+R"
PAST = "That time has passed: pick a time in the future."


class KeyboardMoves(QObject):
    """The page's hour moves and Reschedule…, as shortcuts on it and entries of its menu."""

    def __init__(self, page: CalendarPage) -> None:
        super().__init__(page)
        self._page = page
        for keys, slot in ((HOUR_EARLIER_KEYS, lambda: self._selected_by_hours(-1)),
                           (HOUR_LATER_KEYS, lambda: self._selected_by_hours(1)),
                           (RESCHEDULE_KEYS, self._reschedule_selected)):
            action = QAction(page)
            action.setShortcut(QKeySequence(keys))
            action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            action.triggered.connect(slot)
            page.addAction(action)

    def add_to_menu(self, menu: QtWidgets.QMenu, post_id: str) -> list[QAction]:
        """"Move an hour earlier / later" and "Reschedule…" for ``post_id``, shortcuts shown."""
        added = []
        for text, keys, slot in (
            ("Move an hour earlier", HOUR_EARLIER_KEYS, lambda: self.move_by_hours(post_id, -1)),
            ("Move an hour later", HOUR_LATER_KEYS, lambda: self.move_by_hours(post_id, 1)),
            ("Reschedule…", RESCHEDULE_KEYS, lambda: self.open_reschedule(post_id)),
        ):
            action = menu.addAction(text, slot)
            action.setShortcut(QKeySequence(keys))
            added.append(action)
        return added

    def _selected_by_hours(self, hours: int) -> None:
        post_id = self._page.selected_post_id()
        if post_id is not None:
            self.move_by_hours(post_id, hours)

    def _reschedule_selected(self) -> None:
        post_id = self._page.selected_post_id()
        if post_id is not None:
            self.open_reschedule(post_id)

    def _movable(self, post_id: str) -> datetime | None:
        """The post's time if it can be moved now; else says why not and gives None."""
        page = self._page
        row = page.model.row(post_id)
        when = page.model.when_of(row) if row is not None else None
        if row is None or when is None:
            return None
        if row.status not in DRAGGABLE_STATUSES or page.model.move_of(post_id) is not None:
            page._say("Only a scheduled post that is not being moved can be moved.", True)
            return None
        return when

    def move_by_hours(self, post_id: str, hours: int) -> None:
        """An hour of real time earlier or later (across a DST change too), judged as a drop."""
        when = self._movable(post_id)
        if when is not None:
            moved = when.astimezone(UTC) + timedelta(hours=hours)
            self._page.move_to(post_id, DropTarget(moved, moved.astimezone(self._page.model.tz)))

    def open_reschedule(self, post_id: str) -> RescheduleDialog | None:
        """Ask for the post's new date and time (its own, to start from) and move it there."""
        when = self._movable(post_id)
        row = self._page.model.row(post_id)
        if when is None or row is None:
            return None
        tz = self._page.model.tz
        name = platform_name(row.platform)
        caption = row.caption if len(row.caption) <= 80 else row.caption[:79] + "…"
        today = self._page._clock().astimezone(tz).date()
        dialog = RescheduleDialog(f"{name} · {row.account_id}: {caption}", when.astimezone(tz),
                                  today, getattr(tz, "key", str(tz)),
                                  lambda wall: self._past_problem(row, wall), self._page)
        dialog.chosen.connect(lambda wall: self._page.move_to(post_id, resolve_wall(wall, tz)))
        dialog.open()
        return dialog

    def _past_problem(self, row: PostRow, wall: datetime) -> str | None:
        """Said in the dialog, so it stays open: the page's own judge of a drop there."""
        verdict = self._page._verdict(row, resolve_wall(wall, self._page.model.tz))
        return PAST if verdict is Verdict.PAST else None
