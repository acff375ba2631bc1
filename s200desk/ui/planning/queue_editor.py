"""The queue editor: a profile's weekly slots (days, times, zone), blocked dates and "Fill slots
from my best hours"; beside it the profile's upcoming slots with their posts, where "Move up",
"Move down" or dragging a post onto another slot reschedule it losslessly (the post lifecycle:
the new one first, then the cancel; a post already in that slot swaps places).

Opened with open() (never exec()); async work goes through the TaskKeeper.
"""

from __future__ import annotations

import asyncio
import html
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

import shiboken6

from s200desk.services.planning.best_time import slots_from_best_hours
from s200desk.services.planning.queue_service import QueueService, handle_key
from s200desk.services.planning.queue_view import UpcomingSlot, moves_for, moves_to, upcoming
from s200desk.services.planning.slots import DAY_NAMES, SlotError, WeeklySlots
from s200desk.services.scheduling import ScheduleError, utc_now
from s200desk.ui.composer.checks import platform_name
from s200desk.ui.composer.field_error import FieldError
from s200desk.ui.outbox.words import local_time
from s200desk.ui.planning.slot_list import SlotList
from s200desk.ui.qt import (
    QCheckBox,
    QColor,
    QComboBox,
    QDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidgetItem,
    QPushButton,
    Qt,
    QVBoxLayout,
    QWidget,
    Signal,
)
from s200desk.ui.spoken import speak_text
from s200desk.ui.theme import colours, set_tone


@dataclass
class QueueEditorServices:
    queue: QueueService
    profiles: Any  # ProfilesRepo
    tasks: Any  # TaskKeeper
    zone: Callable[[], str]
    heatmap: Callable[[], Awaitable[Any]] | None = None  # the workspace's best-time heatmap
    lifecycle: Any = None  # PostLifecycle: Move up/down
    now: Callable[[], datetime] = field(default=utc_now)


class QueueEditor(QDialog):
    saved = Signal(str, str)  # platform, account
    loaded = Signal()
    moved = Signal()

    def __init__(self, services: QueueEditorServices, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.services = services
        self.setObjectName("queueEditor")
        self.setWindowTitle("Posting queues")
        self.setAccessibleName("Posting queues")
        self.resize(860, 520)
        self._profiles: list[Any] = []
        self._upcoming: list[UpcomingSlot] = []
        self._busy = False
        self._own = services.tasks.scope()  # cancelled when the editor closes
        outer = QHBoxLayout(self)
        outer.addLayout(self._slots_column(), 1)
        outer.addLayout(self._upcoming_column(), 1)

    # -- layout ----------------------------------------------------------------------------

    def _slots_column(self) -> QVBoxLayout:
        column = QVBoxLayout()
        self.profile_combo = QComboBox(self)
        self.profile_combo.setObjectName("queueProfile")
        self.profile_combo.setAccessibleName("Profile")
        self.profile_combo.currentIndexChanged.connect(self._on_profile)
        form = QFormLayout()
        form.addRow("Profile", self.profile_combo)
        days = QHBoxLayout()
        self.day_boxes: list[QCheckBox] = []
        for name in DAY_NAMES:
            box = QCheckBox(name.capitalize(), self)
            box.setObjectName(f"queueDay_{name}")
            box.setAccessibleName(f"Post on {name.capitalize()}")
            self.day_boxes.append(box)
            days.addWidget(box)
        form.addRow("Days", days)
        self.times_edit = QLineEdit(self)
        self.times_edit.setObjectName("queueTimes")
        self.times_edit.setAccessibleName("Times")
        self.times_edit.setPlaceholderText("09:00, 13:00")
        form.addRow("Times", self.times_edit)
        self.zone_edit = QLineEdit(self)
        self.zone_edit.setObjectName("queueZone")
        self.zone_edit.setAccessibleName("Time zone")
        form.addRow("Time zone", self.zone_edit)
        self.blocked_edit = QLineEdit(self)
        self.blocked_edit.setObjectName("queueBlocked")
        self.blocked_edit.setAccessibleName("Blocked dates")
        self.blocked_edit.setPlaceholderText("2026-12-24, 2026-12-25")
        self.blocked_edit.setToolTip("Dates (YYYY-MM-DD, in the queue's zone) with no queue posts")
        form.addRow("Blocked dates", self.blocked_edit)
        column.addLayout(form)
        self.error = FieldError("queueError", self)
        column.addWidget(self.error)
        self.note = QLabel("", self)
        self.note.setObjectName("queueNote")
        self.note.setAccessibleName("Note")
        self.note.setWordWrap(True)
        set_tone(self.note, "muted")
        column.addWidget(self.note)
        row = QHBoxLayout()
        self.best_button = QPushButton("Fill slots from my best hours", self)
        self.best_button.setObjectName("queueBestHours")
        self.best_button.setAccessibleName("Fill slots from my best hours")
        self.best_button.setToolTip(
            "Every weekday with numbers, at the two hours your published posts engaged best"
        )
        self.best_button.clicked.connect(lambda: self._run(self.fill_from_best_hours()))
        self.save_button = QPushButton("Save slots", self)
        self.save_button.setObjectName("queueSave")
        self.save_button.setAccessibleName("Save slots")
        self.save_button.clicked.connect(lambda: self._run(self.save()))
        row.addWidget(self.best_button)
        row.addStretch(1)
        row.addWidget(self.save_button)
        column.addLayout(row)
        column.addStretch(1)
        close = QPushButton("Close", self)
        close.setObjectName("queueClose")
        close.setAccessibleName("Close")
        close.clicked.connect(self.accept)
        column.addWidget(close, 0, Qt.AlignmentFlag.AlignLeft)
        return column

    def _upcoming_column(self) -> QVBoxLayout:
        column = QVBoxLayout()
        title = QLabel("Upcoming slots", self)
        title.setObjectName("queueUpcomingTitle")
        title.setStyleSheet("font-weight: 600;")
        column.addWidget(title)
        self.upcoming_list = SlotList(self)
        self.upcoming_list.setObjectName("queueUpcoming")
        self.upcoming_list.setAccessibleName("Upcoming slots and their posts")
        title.setBuddy(self.upcoming_list)
        self.upcoming_list.setToolTip("Drag a post onto another slot to move it there")
        self.upcoming_list.slot_dropped.connect(self.move_to_slot)
        self.upcoming_list.currentRowChanged.connect(self._update_move_buttons)
        self.upcoming_list.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.upcoming_list.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        column.addWidget(self.upcoming_list, 1)
        row = QHBoxLayout()
        self.up_button = QPushButton("Move up", self)
        self.up_button.setObjectName("queueMoveUp")
        self.up_button.setAccessibleName("Move up")
        self.up_button.clicked.connect(lambda: self.move_selected(-1))
        self.down_button = QPushButton("Move down", self)
        self.down_button.setObjectName("queueMoveDown")
        self.down_button.setAccessibleName("Move down")
        self.down_button.clicked.connect(lambda: self.move_selected(+1))
        self.move_status = QLabel("", self)
        self.move_status.setObjectName("queueMoveStatus")
        self.move_status.setAccessibleName("Move result")
        speak_text(self.note, self.move_status)  # "Note: No slots yet …", not "Note" alone
        self.move_status.setWordWrap(True)
        set_tone(self.move_status, "muted")
        row.addWidget(self.up_button)
        row.addWidget(self.down_button)
        row.addWidget(self.move_status, 1)
        column.addLayout(row)
        self._update_move_buttons()
        return column

    # -- loading ---------------------------------------------------------------------------

    def _run(self, coro: Any) -> asyncio.Task[Any]:
        """A kept task cancelled when the editor closes (it touches the widgets). A move that
        has begun is not cancelled: the outbox finishes it and the store hears the outcome."""
        return self._own.start(coro, name="queue-editor")

    def done(self, result: int) -> None:
        self._own.cancel()
        super().done(result)

    def start(self, platform: str = "", account: str = "") -> asyncio.Task[Any]:
        return self._run(self.load(platform, account))

    async def load(self, platform: str = "", account: str = "") -> None:
        self._profiles = list(await self.services.profiles.list())
        self.profile_combo.blockSignals(True)
        self.profile_combo.clear()
        for p in self._profiles:
            self.profile_combo.addItem(f"{platform_name(p.platform)} {p.account_id}")
        key = handle_key(account)
        wanted = [i for i, p in enumerate(self._profiles)
                  if p.platform == platform and handle_key(p.account_id) == key]  # fmt: skip
        self.profile_combo.setCurrentIndex(wanted[0] if wanted else 0)
        self.profile_combo.blockSignals(False)
        await self.show_profile()
        self.loaded.emit()

    def target(self) -> tuple[str, str] | None:
        i = self.profile_combo.currentIndex()
        if not 0 <= i < len(self._profiles):
            return None
        return (self._profiles[i].platform, self._profiles[i].account_id)

    def _on_profile(self, *_: object) -> None:
        self._run(self.show_profile())

    async def show_profile(self) -> None:
        target = self.target()
        if target is None:
            return
        stored = await self.services.queue.queues.get(*target)
        self.error.set_messages([])
        if stored is None:
            self._show_slots(None, self.services.zone(), ())
            self.note.setText("No slots yet: choose days and times, then Save slots.")
        else:
            slots = WeeklySlots.parse(stored.slots, stored.zone)
            self._show_slots(slots, stored.zone, stored.blocked)
            self.note.setText("")
        await self.refresh_upcoming()

    def _show_slots(self, slots: WeeklySlots | None, zone: str, blocked: tuple[str, ...]) -> None:
        for i, box in enumerate(self.day_boxes):
            box.setChecked(slots is not None and i in slots.days)
        self.times_edit.setText(
            ", ".join(t.strftime("%H:%M") for t in slots.times) if slots else ""
        )
        self.zone_edit.setText(zone)
        self.blocked_edit.setText(", ".join(blocked))

    async def refresh_upcoming(self) -> None:
        target = self.target()
        self.upcoming_list.clear()
        self._upcoming = []
        if target is None or await self.services.queue.queues.get(*target) is None:
            self._update_move_buttons()
            return
        zone = self.services.zone()
        self._upcoming = await upcoming(self.services.queue, *target, self.services.now())
        for slot in self._upcoming:
            if slot.post is not None:
                caption = " ".join((slot.post.caption or "").split())
                words = f"{local_time(slot.at, zone)} — {caption[:60] or '(no caption)'}"
            else:
                words = f"{local_time(slot.at, zone)} — free"
            item = QListWidgetItem(words)
            if slot.post is None:
                item.setForeground(QColor(colours().muted))
                item.setFlags(item.flags() & ~Qt.ItemFlag.ItemIsDragEnabled)
            item.setToolTip(html.escape(slot.post.caption) if slot.post else "A free slot")
            self.upcoming_list.addItem(item)
        self._update_move_buttons()

    # -- editing ---------------------------------------------------------------------------

    def _text(self) -> str:
        days = [DAY_NAMES[i] for i, b in enumerate(self.day_boxes) if b.isChecked()]
        times = ",".join(t.strip() for t in self.times_edit.text().split(",") if t.strip())
        if not days:
            raise SlotError("choose at least one day")
        if not times:
            raise SlotError("give at least one time, like 09:00")
        return f"{','.join(days)} {times}"

    def _blocked(self) -> list[date]:
        out = []
        for part in self.blocked_edit.text().replace(";", ",").split(","):
            part = part.strip()
            if not part:
                continue
            try:
                out.append(date.fromisoformat(part))
            except ValueError:
                message = f"“{part}” is not a date: use YYYY-MM-DD, like 2026-12-24"
                raise SlotError(message) from None
        return out

    async def save(self) -> bool:
        target = self.target()
        if target is None:
            return False
        try:
            text, blocked = self._text(), self._blocked()
            await self.services.queue.set_slots(
                *target, text, self.zone_edit.text().strip() or self.services.zone(), blocked
            )
        except (ScheduleError, KeyError, ValueError) as exc:
            message = str(exc).strip("'\"")
            self.error.set_messages([f"Not saved: {message}"])
            return False
        self.error.set_messages([])
        self.note.setText("Saved.")
        self.saved.emit(*target)
        await self.refresh_upcoming()
        return True

    async def fill_from_best_hours(self) -> bool:
        """Put the best hours into the fields (Save keeps them)."""
        heat = await self.services.heatmap() if self.services.heatmap is not None else None
        zone = self.zone_edit.text().strip() or self.services.zone()
        slots = slots_from_best_hours(heat, zone) if heat is not None else None
        if slots is None:
            self.note.setText(
                "No numbers yet: once published posts have views, their best hours can fill "
                "the slots."
            )
            return False
        blocked = self.blocked_edit.text()
        self._show_slots(slots, zone, ())
        self.blocked_edit.setText(blocked)
        self.note.setText(f"Filled from your best hours: {slots.describe()}. Save to keep them.")
        return True

    # -- moving ----------------------------------------------------------------------------

    def _update_move_buttons(self, *_: object) -> None:
        row = self.upcoming_list.currentRow()
        can = self.services.lifecycle is not None and not self._busy
        self.up_button.setEnabled(can and bool(moves_for(self._upcoming, row, -1)))
        self.down_button.setEnabled(can and bool(moves_for(self._upcoming, row, +1)))

    def move_selected(self, step: int) -> asyncio.Task[Any] | None:
        moves = moves_for(self._upcoming, self.upcoming_list.currentRow(), step)
        if not moves or self.services.lifecycle is None or self._busy:
            return None
        # Not one of the editor's own tasks: closing the editor must not stop a swap half-way.
        return self.services.tasks.start(
            self._move(moves, self.upcoming_list.currentRow() + step), name="queue-move"
        )

    def move_to_slot(self, index: int, target: int) -> asyncio.Task[Any] | None:
        """A post dragged onto another slot: moved there (swapped with that slot's post)."""
        moves = moves_to(self._upcoming, index, target)
        if not moves or self.services.lifecycle is None or self._busy:
            return None
        self.upcoming_list.setCurrentRow(index)
        return self.services.tasks.start(self._move(moves, target), name="queue-move")

    async def _move(self, moves: list[Any], row: int) -> None:
        self._busy = True
        self._update_move_buttons()
        self.move_status.setText("Moving…")
        failed = []
        lifecycle = self.services.lifecycle
        submitted = []
        try:
            # Both halves of a swap are recorded before either is waited for.
            for move in moves:
                post = move.post
                try:
                    submitted.append(await lifecycle.reschedule(
                        post.id, move.to, account_id=post.account_id, platform=post.platform
                    ))  # fmt: skip
                except Exception as exc:  # CannotChange, or the post went meanwhile
                    failed.append(str(exc))
            for one in submitted:
                outcome = await lifecycle.settle(one)
                if not outcome.ok:
                    failed.append(outcome.reason or "the server refused the move")
        finally:
            self._busy = False
        if not shiboken6.isValid(self) or not self.isVisible():
            return  # closed meanwhile: the outbox finished the move; the store has it
        self.move_status.setText("Moved." if not failed else "Not moved: " + "; ".join(failed))
        set_tone(self.move_status, "danger" if failed else "muted")
        await self.refresh_upcoming()
        self.upcoming_list.setCurrentRow(row)
        self.moved.emit()
