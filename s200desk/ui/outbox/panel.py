"""OutboxPanel: every write in the outbox, live — pending, sending, done, queued for the next day
(with its date), failed (with the server's reason), needs attention — with Retry and Discard.

It reloads from the store whenever the runner says intents changed (the ChangeBus), debounced.
``OutboxDock`` wraps it for the main window.
"""

from __future__ import annotations

import asyncio
import contextlib
from typing import Any

from s200desk.services.outbox import Intent, IntentState
from s200desk.ui.outbox.model import OutboxModel
from s200desk.ui.outbox.runner import OutboxRunner
from s200desk.ui.outbox.words import STATE_WORDS
from s200desk.ui.qt import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    Qt,
    QTableView,
    QTimer,
    QtWidgets,
    QVBoxLayout,
    QWidget,
    Signal,
)
from s200desk.ui.spoken import speak_text
from s200desk.ui.theme import set_tone

RELOAD_MS = 100
RETRYABLE = {IntentState.FAILED, IntentState.NEEDS_ATTENTION, IntentState.DISCARDED}
DISCARDABLE = {IntentState.PENDING, IntentState.FAILED, IntentState.NEEDS_ATTENTION}


class OutboxPanel(QWidget):
    reloaded = Signal(int)  # rows shown

    def __init__(self, runner: OutboxRunner, time_zone: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.runner = runner
        self.setObjectName("outboxPanel")
        self.setAccessibleName("Outbox")
        self.model = OutboxModel(time_zone, self)
        column = QVBoxLayout(self)
        column.setContentsMargins(6, 6, 6, 6)
        self.summary = QLabel("Nothing in the outbox yet.", self)
        self.summary.setObjectName("outboxSummary")
        self.summary.setAccessibleName("Outbox summary")
        speak_text(self.summary)
        column.addWidget(self.summary)
        self.table = QTableView(self)
        self.table.setObjectName("outboxTable")
        self.table.setAccessibleName("Outbox items")
        self.table.setTabKeyNavigation(False)  # Tab leaves the list; arrows move in it
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.verticalHeader().hide()
        self.table.setWordWrap(False)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(False)
        header.setSectionResizeMode(3, QHeaderView.ResizeMode.Stretch)
        for col, width in ((0, 140), (1, 280), (2, 210), (4, 44)):
            self.table.setColumnWidth(col, width)
        self.table.selectionModel().selectionChanged.connect(self._sync_buttons)
        column.addWidget(self.table, 1)
        row = QHBoxLayout()
        self.busy_label = QLabel("", self)
        self.busy_label.setObjectName("outboxBusy")
        self.busy_label.setAccessibleName("Outbox notice")
        set_tone(self.busy_label, "warning")
        self.retry_button = QPushButton("Retry", self)
        self.retry_button.setObjectName("outboxRetry")
        self.retry_button.setAccessibleName("Retry")
        self.retry_button.setToolTip("Send it again (a refused post: after you changed it)")
        self.retry_button.clicked.connect(self.retry_selected)
        self.discard_button = QPushButton("Discard", self)
        self.discard_button.setObjectName("outboxDiscard")
        self.discard_button.setAccessibleName("Discard")
        self.discard_button.setToolTip("Give up on it; it stays listed as discarded")
        self.discard_button.clicked.connect(self.discard_selected)
        row.addWidget(self.busy_label, 1)
        row.addWidget(self.retry_button)
        row.addWidget(self.discard_button)
        column.addLayout(row)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(RELOAD_MS)
        self._timer.timeout.connect(self._start_reload)
        self._reload_lock = asyncio.Lock()
        self._connect(runner)
        self._sync_buttons()

    def _connect(self, runner: OutboxRunner) -> None:
        runner.intents_changed.connect(self._on_intents_changed)
        runner.busy_changed.connect(self._on_busy)
        runner.blocked.connect(self._on_blocked)

    def set_runner(self, runner: OutboxRunner) -> None:
        """Follow another workspace's outbox (after a workspace switch); reloads."""
        old, self.runner = self.runner, runner
        for signal, slot in (
            (old.intents_changed, self._on_intents_changed),
            (old.busy_changed, self._on_busy),
            (old.blocked, self._on_blocked),
        ):
            # RuntimeError/TypeError: already gone with its workspace.
            with contextlib.suppress(RuntimeError, TypeError):
                signal.disconnect(slot)
        self._connect(runner)
        self.model.set_intents([])
        self.busy_label.setText("")
        self._start_reload()

    # -- feeding ---------------------------------------------------------------------------

    def set_time_zone(self, zone: str) -> None:
        self.model.set_time_zone(zone)

    def _on_intents_changed(self, _ids: list[str]) -> None:
        if not self._timer.isActive():
            self._timer.start()

    def _start_reload(self) -> None:
        if self.runner.tasks.closed:  # the debounce fired while the app was closing
            return
        self.runner.tasks.start(self.reload(), name="outbox-panel-reload")

    async def reload(self) -> None:
        async with self._reload_lock:
            selected = self.selected()
            intents = await self.runner.service.list()
            self.model.set_intents(intents)
            if selected is not None:
                row = self.model.row_of(selected.id)
                if row >= 0:
                    self.table.selectRow(row)
            self._summarise(intents)
            self._sync_buttons()
            self.reloaded.emit(len(intents))

    def _summarise(self, intents: list[Intent]) -> None:
        counts: dict[IntentState, int] = {}
        for i in intents:
            counts[i.state] = counts.get(i.state, 0) + 1
        order = [
            IntentState.SENDING, IntentState.PENDING, IntentState.FAILED,
            IntentState.NEEDS_ATTENTION, IntentState.QUEUED_FOR_NEXT_DAY, IntentState.DONE,
        ]  # fmt: skip
        parts = [f"{counts[s]} {STATE_WORDS[s].lower()}" for s in order if counts.get(s)]
        self.summary.setText(" · ".join(parts) if parts else "Nothing in the outbox yet.")

    def _on_busy(self, busy: bool) -> None:
        self.busy_label.setText(
            "Another s200desk (the command line) is sending for this workspace; "
            "its progress shows here."
            if busy
            else ""
        )

    def _on_blocked(self, _kind: str, message: str) -> None:
        self.busy_label.setText(f"Sending paused: {message}")

    # -- actions ---------------------------------------------------------------------------

    def selected(self) -> Intent | None:
        rows = self.table.selectionModel().selectedRows()
        return self.model.intent(rows[0].row()) if rows else None

    def select_intent(self, intent_id: str) -> bool:
        row = self.model.row_of(intent_id)
        if row >= 0:
            self.table.selectRow(row)
        return row >= 0

    def _sync_buttons(self, *_args: Any) -> None:
        intent = self.selected()
        self.retry_button.setEnabled(
            intent is not None and intent.state in RETRYABLE and not intent.post_id
        )
        self.discard_button.setEnabled(intent is not None and intent.state in DISCARDABLE)

    def retry_selected(self) -> asyncio.Task[Any] | None:
        intent = self.selected()
        if intent is None:
            return None
        self.retry_button.setEnabled(False)
        return self.runner.tasks.start(self._act(self.runner.service.retry, intent.id), "retry")

    def discard_selected(self) -> asyncio.Task[Any] | None:
        intent = self.selected()
        if intent is None:
            return None
        self.discard_button.setEnabled(False)
        return self.runner.tasks.start(self._act(self.runner.service.discard, intent.id), "discard")

    async def _act(self, verb: Any, intent_id: str) -> None:
        await verb(intent_id)
        await self.reload()


class OutboxDock(QtWidgets.QDockWidget):
    """The panel as a dock for the main window (View ▸ Outbox)."""

    def __init__(self, runner: OutboxRunner, time_zone: str, parent: QWidget | None = None):
        super().__init__("Outbox", parent)
        self.setObjectName("outboxDock")
        self.setAccessibleName("Outbox")
        self.panel = OutboxPanel(runner, time_zone, self)
        self.setWidget(self.panel)
        self.setAllowedAreas(
            Qt.DockWidgetArea.BottomDockWidgetArea | Qt.DockWidgetArea.RightDockWidgetArea
        )
