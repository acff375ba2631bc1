"""Never a traceback dialog: uncaught exceptions are logged and the user gets one calm message.

What the message says first is ``services.user_words.describe_error``'s sentence: "The disk is
full." for a full disk, "Something went wrong inside s200desk." for a bug."""

from __future__ import annotations

import logging
import sys
import time
from types import TracebackType

from s200desk.services.user_words import SOMETHING_WENT_WRONG, describe_error
from s200desk.ui.qt import QApplication, QMessageBox

log = logging.getLogger("s200desk.crash")

CALM_MESSAGE = (
    "{what} Your posts and settings are safe; what you were doing may not have finished. The "
    "details were written to the log file{where}."
)

_last_shown = 0.0
_open_boxes: set[QMessageBox] = set()


def _log_path() -> str:
    try:
        from s200desk.logging_setup import log_file

        return f" ({log_file()})"
    except Exception:
        return ""


def report_failure(summary: str, error: BaseException | None = None) -> None:
    """Log ``error`` with its traceback and show one calm, non-blocking message (rate-limited)."""
    global _last_shown
    if error is not None:
        log.error("%s", summary, exc_info=(type(error), error, error.__traceback__))
    else:
        log.error("%s", summary)
    app = QApplication.instance()
    if app is None or app.closingDown():
        return
    now = time.monotonic()
    if now - _last_shown < 30:  # one message per burst, not one per failure
        return
    _last_shown = now
    parent = QApplication.activeWindow()
    what = describe_error(error) if error is not None else SOMETHING_WENT_WRONG
    text = CALM_MESSAGE.format(what=what, where=_log_path())
    box = QMessageBox(QMessageBox.Icon.Warning, "s200desk", text, QMessageBox.StandardButton.Ok,
                      parent)
    box.setObjectName("calmErrorBox")
    box.setAccessibleName("Error notice")
    # Without a parent nothing else keeps the box alive: hold it until it is closed.
    _open_boxes.add(box)
    box.finished.connect(lambda _result: _open_boxes.discard(box))
    box.open()  # never exec(): we may be inside a coroutine


def _excepthook(kind: type[BaseException], error: BaseException,
                tb: TracebackType | None) -> None:
    if issubclass(kind, KeyboardInterrupt):
        sys.__excepthook__(kind, error, tb)
        return
    error.__traceback__ = tb
    report_failure(f"uncaught {kind.__name__}", error)


def install_excepthook() -> None:
    """Route uncaught exceptions (Qt slots, callbacks) to the log and a calm message."""
    sys.excepthook = _excepthook


def loop_exception_handler(loop: object, context: dict[str, object]) -> None:
    """asyncio's handler: failures in callbacks and orphaned tasks go the same calm way."""
    error = context.get("exception")
    message = str(context.get("message") or "asyncio error")
    if isinstance(error, BaseException):
        report_failure(message, error)
    else:
        log.error("%s: %s", message, context)
