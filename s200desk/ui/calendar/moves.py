"""Reschedules as undoable commands, run one after another on the asyncio loop.

A move's identity changes when it settles: the API has no update, so the post at the new time is
a replacement with a new id. ``MoveCommand.current_id`` follows the post through redo and undo,
and undo is itself a reschedule (of the replacement, back to the original time).
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable, Coroutine
from datetime import UTC, datetime
from typing import Any

from s200desk.services.user_words import describe_error
from s200desk.ui.calendar.backend import CalendarBackend, MoveOutcome
from s200desk.ui.calendar.model import CalendarModel
from s200desk.ui.qt import QObject, QtGui, Signal
from s200desk.ui.tasks import TaskKeeper

log = logging.getLogger(__name__)
Clock = Callable[[], datetime]


class MoveRunner(QObject):
    """Runs reschedules through the backend, keeps the model's "moving" state, reports."""

    message = Signal(str, bool)  # text, is_error
    settled = Signal()
    moved = Signal(str, str)  # original post id, the post now at the new time
    failed = Signal(str)  # the post whose move failed, told in ``message`` (it stays put)

    def __init__(self, cal: CalendarModel, clock: Clock, tasks: TaskKeeper | None = None,
                 parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._cal = cal
        self._clock = clock
        self.backend: CalendarBackend | None = None
        self.stack = QtGui.QUndoStack(self)
        # The app's keeper (cancelled when it closes, failures reported); a page built on its
        # own (tests, screenshots) keeps its moves in a keeper of its own.
        self._tasks = (tasks or TaskKeeper()).scope()
        self._commands: list[MoveCommand] = []  # keep the Python wrappers alive

    @property
    def busy(self) -> bool:
        return self._tasks.pending > 0

    async def aclose(self) -> None:
        """Stop waiting for moves (their intents stay in the outbox and still get sent)."""
        await self._tasks.aclose()

    async def wait_idle(self) -> None:
        """Until every move started so far (and those they chained) has settled."""
        await self._tasks.wait_idle()

    def push_move(self, post_id: str, old: datetime, new: datetime, label: str) -> None:
        command = MoveCommand(self, post_id, old, new, label)
        self._commands.append(command)
        self.stack.push(command)  # runs redo(): the move starts now

    def keep(self, coro: Coroutine[Any, Any, Any]) -> asyncio.Task[Any]:
        """Run ``coro`` on the loop, referenced until done, counted by ``wait_idle``."""
        task = self._tasks.start(coro, name="calendar-move-step")
        task.add_done_callback(self._done)
        return task

    def run(self, command: MoveCommand, target: datetime, *, undoing: bool) -> None:
        previous = command.task
        task = self._tasks.start(self._move(command, target, previous, undoing),
                                 name="calendar-move")
        command.task = task
        task.add_done_callback(self._done)

    def _done(self, task: asyncio.Task[Any]) -> None:
        error = None if task.cancelled() else task.exception()
        if error is not None:  # logged and reported by the task keeper; said here in context
            self.message.emit(f"Could not move the post: {describe_error(error)}", True)
        self.settled.emit()

    async def _move(self, command: MoveCommand, target: datetime,
                    previous: asyncio.Task[Any] | None, undoing: bool) -> None:
        if previous is not None and not previous.done():
            await asyncio.gather(previous, return_exceptions=True)
        if command.failed:
            return
        what = "Undo" if undoing else "Move"
        row = self._cal.row(command.current_id)
        if row is None:
            self.message.emit(f"{what}: the post is no longer in the calendar.", True)
            return
        if target <= self._clock().astimezone(UTC):
            self.message.emit(f"{what} refused: {_stamp(target, self._cal)} is in the past.", True)
            return
        if row.when is not None and row.when == target:
            return
        backend = self.backend
        if backend is None:
            self.message.emit("Not connected: the post was not moved.", True)
            outcome = MoveOutcome(ok=False, reason="not connected")
        else:
            self._cal.begin_move(row.id, target)
            try:
                outcome = await backend.reschedule(row, target)
            except Exception as exc:  # the backend failed: the original stays
                log.exception("reschedule of %s failed", row.id)
                outcome = MoveOutcome(ok=False, reason=describe_error(exc))
            self._cal.finish_move(row.id, outcome.ok, outcome.post_id,
                                  outcome.queued_for or outcome.scheduled_for)
        if outcome.ok:
            command.current_id = outcome.post_id or row.id
            self.moved.emit(row.id, command.current_id)
            landed = outcome.queued_for or outcome.scheduled_for or target
            text = f"{'Undone' if undoing else 'Moved'}: now {_stamp(landed, self._cal)}."
            if outcome.queued_for is not None:
                text = (f"The day was full: the post was queued for "
                        f"{_stamp(outcome.queued_for, self._cal)}.")
            if outcome.reason:
                text += f" {outcome.reason}"
            self.message.emit(text, False)
            return
        reason = (outcome.reason or "unknown reason").rstrip(" .")  # the sentence ends below
        back = _stamp(row.when, self._cal) if row.when else "its time"
        self.message.emit(f"{what} failed: {reason}. The post stays at {back}.", True)
        self.failed.emit(row.id)
        if not undoing:
            command.fail()


def _stamp(moment: datetime | None, cal: CalendarModel) -> str:
    if moment is None:
        return "—"
    return moment.astimezone(cal.tz).strftime("%a %d %b, %H:%M")


class MoveCommand(QtGui.QUndoCommand):
    """One reschedule on the undo stack: redo moves to ``new``, undo moves back to ``old``."""

    def __init__(self, runner: MoveRunner, post_id: str, old: datetime, new: datetime,
                 label: str) -> None:
        super().__init__(label)
        self._runner = runner
        self.current_id = post_id
        self.old = old
        self.new = new
        self.failed = False
        self.task: asyncio.Task[Any] | None = None

    def redo(self) -> None:
        if not self.failed:
            self._runner.run(self, self.new, undoing=False)

    def undo(self) -> None:
        if not self.failed:
            self._runner.run(self, self.old, undoing=True)

    def fail(self) -> None:
        """The first move failed: nothing to undo; leave the stack as if it was never pushed."""
        self.failed = True
        self.setObsolete(True)
        stack = self._runner.stack
        if stack.index() > 0 and stack.command(stack.index() - 1) is self:
            stack.undo()  # an obsolete command is dropped by undo()
