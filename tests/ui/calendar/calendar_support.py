"""Helpers for the calendar's tests (a module name no other test directory uses)."""

from __future__ import annotations

from typing import Any


def _send(view: Any, kind: Any, pos: Any, button: Any, buttons: Any) -> None:
    from PySide6.QtCore import QPointF, Qt
    from PySide6.QtGui import QMouseEvent
    from PySide6.QtWidgets import QApplication

    viewport = view.viewport()
    event = QMouseEvent(kind, QPointF(pos), QPointF(viewport.mapToGlobal(pos)), button, buttons,
                        Qt.KeyboardModifier.NoModifier)
    QApplication.sendEvent(viewport, event)


def move_held(view: Any, start: Any, end: Any, steps: int = 6) -> None:
    """Mouse moves from ``start`` to ``end`` with the left button held (QTest.mouseMove cannot
    say the button is down)."""
    from PySide6.QtCore import Qt
    from PySide6.QtGui import QMouseEvent

    for i in range(1, steps + 1):
        x = start.x() + (end.x() - start.x()) * i // steps
        y = start.y() + (end.y() - start.y()) * i // steps
        _send(view, QMouseEvent.Type.MouseMove, type(start)(x, y), Qt.MouseButton.NoButton,
              Qt.MouseButton.LeftButton)


def press_and_move(view: Any, start: Any, end: Any, steps: int = 6) -> None:
    """The first half of a real drag on ``view``'s viewport: press at ``start``, move to ``end``
    and keep holding the button."""
    from PySide6.QtCore import Qt
    from PySide6.QtGui import QMouseEvent

    left = Qt.MouseButton.LeftButton
    _send(view, QMouseEvent.Type.MouseButtonPress, start, left, left)
    move_held(view, start, end, steps)


def move_and_release(view: Any, start: Any, end: Any, steps: int = 6) -> None:
    """The second half: with the button still held, move from ``start`` to ``end`` and release."""
    from PySide6.QtCore import Qt
    from PySide6.QtGui import QMouseEvent

    move_held(view, start, end, steps)
    _send(view, QMouseEvent.Type.MouseButtonRelease, end, Qt.MouseButton.LeftButton,
          Qt.MouseButton.NoButton)


def press_move_release(view: Any, start: Any, end: Any, steps: int = 6) -> None:
    """A real mouse drag on ``view``'s viewport: press, moves with the button held, release."""
    press_and_move(view, start, end, steps)
    move_and_release(view, end, end, 1)


def write_posts(path: Any, posts: list[dict[str, Any]]) -> None:
    """Store ``posts`` in the workspace database at ``path`` (made when missing)."""
    import asyncio

    from s200desk.store import Database, PostsRepo

    async def run() -> None:
        db = await Database.open_async(path)
        try:
            await PostsRepo(db).upsert_many(posts, batch_size=900)
        finally:
            await db.aclose()

    asyncio.run(run())


def hold_first_worker_read(monkeypatch: Any) -> tuple[Any, Any]:
    """The first range read made off the UI thread waits for ``release``; ``started`` is set
    when it begins. Returns (started, release), two ``threading.Event``s."""
    import threading

    from s200desk.store.post_window import PostWindowReader

    between = PostWindowReader.between
    started, release = threading.Event(), threading.Event()

    def held(self: Any, since: Any, until: Any, statuses: Any = ()) -> list[Any]:
        if threading.current_thread() is not threading.main_thread() and not started.is_set():
            started.set()
            assert release.wait(20)
        return between(self, since, until, statuses)

    monkeypatch.setattr(PostWindowReader, "between", held)
    return started, release
