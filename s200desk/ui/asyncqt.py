"""Await Qt signals from coroutines (dialogs are opened with open() and awaited this way)."""

from __future__ import annotations

import asyncio
import contextlib
from typing import Any

from s200desk.ui.qt import SignalInstance


async def wait_signal(signal: SignalInstance, timeout: float | None = None) -> tuple[Any, ...]:
    """The arguments of the next emission of ``signal``."""
    loop = asyncio.get_running_loop()
    future: asyncio.Future[tuple[Any, ...]] = loop.create_future()

    def fire(*args: Any) -> None:
        if not future.done():
            future.set_result(args)

    signal.connect(fire)
    try:
        return await asyncio.wait_for(future, timeout)
    finally:
        with contextlib.suppress(RuntimeError, TypeError):  # the sender is already gone
            signal.disconnect(fire)
