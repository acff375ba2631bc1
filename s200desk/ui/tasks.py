"""Keep a reference to every asyncio task the UI starts, surface failures, cancel on close.

asyncio keeps only weak references to tasks and qasync 0.28's ``asyncSlot`` keeps none, so a
fire-and-forget task can be garbage-collected mid-flight; every background job of the UI goes
through :class:`TaskKeeper` instead.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable, Coroutine
from typing import Any

log = logging.getLogger(__name__)

FailureHandler = Callable[[str, BaseException], None]


class TaskKeeper:
    """Owns the UI's background tasks: start by name, report failures, cancel them all."""

    def __init__(self, on_failure: FailureHandler | None = None) -> None:
        self._tasks: set[asyncio.Task[Any]] = set()
        self._on_failure = on_failure
        self._closed = False

    def set_failure_handler(self, handler: FailureHandler | None) -> None:
        self._on_failure = handler

    @property
    def pending(self) -> int:
        return sum(1 for task in self._tasks if not task.done())

    @property
    def closed(self) -> bool:
        """aclose() has begun: nothing new may start (a late timer checks this)."""
        return self._closed

    def start(self, coro: Coroutine[Any, Any, Any], name: str) -> asyncio.Task[Any]:
        """Run ``coro`` as a task kept alive until it ends; failures are logged and reported."""
        if self._closed:
            coro.close()
            raise RuntimeError("the task keeper is closed")
        try:
            loop = asyncio.get_running_loop()
        except RuntimeError:
            # A Qt timer fired while the loop was not stepping (a test's event flush): the task
            # is queued on the loop the app set and starts when that loop runs again.
            loop = asyncio.get_event_loop_policy().get_event_loop()
        task = loop.create_task(coro, name=name)
        self._tasks.add(task)
        task.add_done_callback(self._done)
        return task

    def scope(self) -> TaskScope:
        """A share of this keeper's tasks that its owner (a window) can cancel on its own."""
        return TaskScope(self)

    def _done(self, task: asyncio.Task[Any]) -> None:
        self._tasks.discard(task)
        if task.cancelled():
            return
        error = task.exception()
        if error is None:
            return
        log.error("background task %s failed", task.get_name(), exc_info=error)
        if self._on_failure is not None:
            try:
                self._on_failure(task.get_name(), error)
            except Exception:  # a failing reporter must not hide the first failure
                log.exception("failure handler raised")

    async def aclose(self) -> None:
        """Cancel every pending task and wait until they have all finished."""
        self._closed = True
        tasks = [task for task in self._tasks if not task.done()]
        for task in tasks:
            task.cancel()
        if tasks:
            await asyncio.gather(*tasks, return_exceptions=True)
        self._tasks.clear()


class TaskScope:
    """Tasks a window starts through the app's ``TaskKeeper`` (kept and reported there) and
    cancels when it closes: they touch its widgets, the app's other tasks go on."""

    def __init__(self, keeper: TaskKeeper) -> None:
        self._keeper = keeper
        self._tasks: set[asyncio.Task[Any]] = set()

    def start(self, coro: Coroutine[Any, Any, Any], name: str) -> asyncio.Task[Any]:
        task = self._keeper.start(coro, name=name)
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)
        return task

    @property
    def pending(self) -> int:
        return sum(1 for task in self._tasks if not task.done())

    def cancel(self) -> None:
        """Cancel this scope's pending tasks (the keeper's others go on)."""
        for task in list(self._tasks):
            task.cancel()

    async def wait_idle(self) -> None:
        """Until every task of this scope, and those they started in it meanwhile, has ended."""
        while self._tasks:
            await asyncio.gather(*list(self._tasks), return_exceptions=True)

    async def aclose(self) -> None:
        """Cancel this scope's pending tasks and wait until they have ended."""
        tasks = [task for task in self._tasks if not task.done()]
        for task in tasks:
            task.cancel()
        if tasks:
            await asyncio.gather(*tasks, return_exceptions=True)
