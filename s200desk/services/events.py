"""What changed, told to whoever listens: plain Python callbacks, no Qt.

Services publish a ``Change`` after they write the store; the UI adapts the bus to a Qt signal
and every view refreshes itself from the store. Callbacks run in the publisher's thread (the
event loop's, for every service here), so a Qt adapter should emit a signal rather than touch
widgets directly if it might be called from elsewhere.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from dataclasses import dataclass
from typing import Final

log = logging.getLogger(__name__)

# The kinds the core publishes. Others may add kinds; listeners ignore what they do not know.
PROFILES: Final = "profiles"  # ids: "platform:account_id" of profiles added or changed
PROFILES_REMOVED: Final = "profiles_removed"
PLATFORMS: Final = "platforms"  # ids: platform ids
PLATFORMS_REMOVED: Final = "platforms_removed"
POSTS: Final = "posts"  # ids: post ids inserted or changed
POSTS_REMOVED: Final = "posts_removed"  # ids: post ids deleted from the store
SYNC_STARTED: Final = "sync_started"
SYNC_FINISHED: Final = "sync_finished"
SYNC_FAILED: Final = "sync_failed"  # ids: (error kind,), e.g. ("offline",)
WORKSPACE: Final = "workspace"  # ids: (workspace id,) of the active workspace after a switch
WORKSPACES: Final = "workspaces"  # the list of workspaces changed (added, removed, renamed)


@dataclass(frozen=True, slots=True)
class Change:
    """``kind`` of thing changed; ``ids`` which ones (empty: "anything of that kind")."""

    kind: str
    ids: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        if not isinstance(self.ids, tuple):
            object.__setattr__(self, "ids", tuple(self.ids))


Callback = Callable[[Change], object]


def profile_key(platform: str, account_id: str) -> str:
    """The id a profile has in a ``Change``."""
    return f"{platform}:{account_id}"


class ChangeBus:
    """Subscribe callbacks, publish changes. A failing callback is logged and skipped."""

    def __init__(self) -> None:
        self._callbacks: list[Callback] = []
        self._lock = threading.Lock()

    def subscribe(self, callback: Callback) -> Callable[[], None]:
        """Call ``callback(change)`` on every publish; returns a function that unsubscribes."""
        with self._lock:
            self._callbacks.append(callback)

        def unsubscribe() -> None:
            with self._lock:
                if callback in self._callbacks:
                    self._callbacks.remove(callback)

        return unsubscribe

    def publish(self, change: Change) -> None:
        with self._lock:
            callbacks = list(self._callbacks)
        for callback in callbacks:
            try:
                callback(change)
            except Exception:
                log.exception("change listener %r failed on %s", callback, change.kind)

    def __len__(self) -> int:
        with self._lock:
            return len(self._callbacks)
