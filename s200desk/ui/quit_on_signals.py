"""SIGTERM and SIGINT close the app the way its window's close button does.

Otherwise a SIGTERM ends the process on the spot and a Ctrl+C is never seen at all, and the
demo's temporary folders (its cache, the emulator's media) stay behind in the temp folder.

Python runs a signal handler only when the interpreter next runs bytecode, and an idle Qt loop
runs none: the signal's wakeup byte, written to a socket pair, wakes a QSocketNotifier, which does.
"""

from __future__ import annotations

import contextlib
import logging
import signal
import socket
from types import FrameType
from typing import Any

from s200desk.ui.qt import QApplication, QtCore, QTimer

log = logging.getLogger(__name__)

SIGNALS = (signal.SIGINT, signal.SIGTERM)


class QuitOnSignals:
    """Installed once the QApplication exists; ``restore()`` puts the old handlers back."""

    def __init__(self) -> None:
        self.received: int | None = None
        self._read, self._write = socket.socketpair()
        self._read.setblocking(False)
        self._write.setblocking(False)
        self._old_wakeup = signal.set_wakeup_fd(self._write.fileno())
        self._notifier = QtCore.QSocketNotifier(
            self._read.fileno(), QtCore.QSocketNotifier.Type.Read
        )
        self._notifier.activated.connect(self._drain)
        # A window built after the signal (the start-up was still loading) is closed too.
        self._retry = QTimer()
        self._retry.setInterval(200)
        self._retry.timeout.connect(QApplication.closeAllWindows)
        self._previous: dict[int, Any] = {s: signal.signal(s, self._on_signal) for s in SIGNALS}

    @property
    def exit_code(self) -> int | None:
        """128 + the signal, as shells report a process ended by one; None: no signal came."""
        return None if self.received is None else 128 + self.received

    def _drain(self) -> None:
        with contextlib.suppress(OSError):
            self._read.recv(512)

    def _on_signal(self, signum: int, frame: FrameType | None) -> None:
        if self.received is not None:  # asked twice: stop now, whatever is left behind
            signal.signal(signum, signal.SIG_DFL)
            signal.raise_signal(signum)
            return
        self.received = signum
        log.info("%s received: closing", signal.Signals(signum).name)
        QTimer.singleShot(0, QApplication.closeAllWindows)
        self._retry.start()

    def restore(self) -> None:
        self._retry.stop()
        self._notifier.setEnabled(False)
        for signum, handler in self._previous.items():
            signal.signal(signum, handler)
        signal.set_wakeup_fd(self._old_wakeup)
        self._read.close()
        self._write.close()
