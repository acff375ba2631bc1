"""Read-only mode: the cached posts of a workspace whose key was not entered at start.

Nothing is written: no sync, no send (the outbox keeps what it holds until a key is given), and
every write the window offers says why it cannot happen, with the way out (Enter key…).
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from s200desk.ui.qt import QWidget
from s200desk.ui.widgets.banner import Banner

REASON = "Read-only: there is no API key for this workspace, so nothing can be sent."
BANNER_TEXT = (
    "Read-only: no API key. You are looking at the posts saved on this computer; posting, "
    "moving and cancelling wait until you enter the key. The outbox keeps what it holds."
)


def refusal(what: str) -> str:
    """"Read-only: … Enter the key to post." for one kind of write."""
    return f"{REASON} Enter the key (the banner at the top) to {what}."


class ReadOnlyCalendarBackend:
    """The calendar's backend in read-only mode: every move and cancel is refused, politely."""

    async def reschedule(self, post: Any, new_time: datetime) -> Any:
        from s200desk.ui.calendar.backend import MoveOutcome  # the calendar's type, when used

        return MoveOutcome(ok=False, reason=refusal("move posts"))

    async def cancel(self, post: Any) -> str | None:
        return refusal("cancel posts")


class ReadOnlyBanner(Banner):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__("readOnlyBanner", "Read-only notice", "Enter key…", parent)

    def show_read_only(self) -> None:
        from s200desk.ui.notifications.banner import paint_banner

        paint_banner(self)
        self.show_message(BANNER_TEXT)


def install_banner(window: QWidget) -> ReadOnlyBanner:
    from s200desk.ui.notifications.banner import install

    banner = ReadOnlyBanner(window)
    install(window, banner)
    return banner
