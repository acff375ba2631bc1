"""ChangeRelay: a workspace's ``ChangeBus`` as one Qt signal, delivered in the UI thread.

Services publish a ``Change`` (kind and ids) after they write the store; the relay re-emits it
unchanged as ``changed``, so every Qt consumer (the models' refresher, the outbox panel, the
analytics and media pages, the quota feed) connects to one signal and reads the ids itself.
One relay per open workspace (``Session.relay``); it lives as long as the session.
"""

from __future__ import annotations

import logging
from collections.abc import Callable

import shiboken6

from s200desk.services.events import Change, ChangeBus
from s200desk.ui.qt import QObject, Qt, QtCore, Signal

log = logging.getLogger(__name__)


class ChangeRelay(QObject):
    """``changed(Change)`` for every change published on the bus it listens to."""

    changed = Signal(object)
    # Published from a thread other than the relay's: crosses to the UI thread queued.
    _from_other_thread = Signal(object)

    def __init__(self, bus: ChangeBus | None = None, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._unsubscribe: Callable[[], None] | None = None
        self._from_other_thread.connect(self.changed, Qt.ConnectionType.QueuedConnection)
        if bus is not None:
            self.listen(bus)

    def listen(self, bus: ChangeBus) -> None:
        """Relay ``bus`` (and stop relaying the one before, if any)."""
        self.close()
        self._unsubscribe = bus.subscribe(self._on_published)

    def close(self) -> None:
        """Stop listening; nothing more is emitted. Safe to call twice."""
        unsubscribe, self._unsubscribe = self._unsubscribe, None
        if unsubscribe is not None:
            unsubscribe()

    @property
    def listening(self) -> bool:
        return self._unsubscribe is not None

    def _on_published(self, change: Change) -> None:
        # The bus outlives the relay when a window is deleted before its workspace closes.
        if not shiboken6.isValid(self):
            return
        if QtCore.QThread.currentThread() == self.thread():
            self.changed.emit(change)  # the services publish on the event loop: the UI thread
        else:
            self._from_other_thread.emit(change)
