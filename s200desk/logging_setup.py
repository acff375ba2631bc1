"""The rotating log file under the log dir, with API keys redacted from every record.

The log is readable by its owner only (0600). A log folder that cannot be used is no reason to
stop: the records go to stderr instead, and ``setup_logging`` says why.
"""

from __future__ import annotations

import io
import logging
import logging.handlers
import os
import re
import sys
from dataclasses import dataclass
from pathlib import Path

from s200desk import paths

LOG_FILE_NAME = "s200desk.log"
_FORMAT = "%(asctime)s %(levelname)-7s %(name)s: %(message)s"

# rl_ keys, and whatever follows "Bearer" (an rl_ key, a JWT, anything token-like).
_KEY_RE = re.compile(r"\brl_[A-Za-z0-9_\-]+")
_BEARER_RE = re.compile(r"(?i)\b(bearer)(\s+|%20)[A-Za-z0-9._~+/=\-]+")
REDACTED = "[REDACTED]"


def redact(text: str) -> str:
    """``text`` with every API key and Bearer value replaced by ``[REDACTED]``."""
    if "rl_" not in text and "earer" not in text and "EARER" not in text:
        return text
    text = _BEARER_RE.sub(lambda m: f"{m.group(1)}{m.group(2)}{REDACTED}", text)
    return _KEY_RE.sub(REDACTED, text)


class RedactingFilter(logging.Filter):
    """Redacts keys from the message, its arguments and any exception or stack text.

    The record is rendered once here and its ``args`` cleared, so no handler formats the
    original arguments again; the exception text is rendered and cached on the record
    (``exc_text``), which ``logging.Formatter`` uses instead of formatting ``exc_info``.
    """

    _formatter = logging.Formatter()

    def filter(self, record: logging.LogRecord) -> bool:
        try:
            message = record.getMessage()
        except Exception:  # a bad %-format must not hide the record
            message = f"{record.msg!r} % {record.args!r}"
        record.msg = redact(message)
        record.args = None
        if record.exc_info and not record.exc_text:
            record.exc_text = self._formatter.formatException(record.exc_info)
        if record.exc_text:
            record.exc_text = redact(record.exc_text)
            # Drop the live exception: handlers that re-render it would bypass redaction.
            record.exc_info = None
        if record.stack_info:
            record.stack_info = redact(record.stack_info)
        return True


def log_file() -> Path:
    return paths.log_dir() / LOG_FILE_NAME


class PrivateRotatingFileHandler(logging.handlers.RotatingFileHandler):
    """A rotating log whose files are created 0600 (and an older, wider one narrowed)."""

    def _open(self) -> io.TextIOWrapper:
        flags = os.O_WRONLY | os.O_CREAT | (os.O_APPEND if "a" in self.mode else os.O_TRUNC)
        fd = os.open(self.baseFilename, flags, paths.PRIVATE_FILE)
        if os.name != "nt":
            os.fchmod(fd, paths.PRIVATE_FILE)
        stream = open(fd, self.mode, encoding=self.encoding, errors=self.errors)  # noqa: SIM115
        assert isinstance(stream, io.TextIOWrapper)
        return stream


@dataclass(frozen=True)
class LogTarget:
    """Where the records go: ``path``, or stderr only when ``problem`` says why not."""

    path: Path | None
    problem: str | None = None


def setup_logging(
    level: int = logging.INFO,
    *,
    max_bytes: int = 2_000_000,
    backup_count: int = 5,
    console: bool = False,
) -> LogTarget:
    """Send the root logger to a rotating file (optionally stderr too), keys redacted."""
    root = logging.getLogger()
    for handler in list(root.handlers):
        if getattr(handler, "_s200desk", False):
            root.removeHandler(handler)
            handler.close()
    handlers: list[logging.Handler] = []
    try:
        path: Path | None = log_file()
    except paths.FolderProblem as exc:
        target = LogTarget(None, f"{exc} Until then the log goes to the terminal (stderr).")
    else:
        assert path is not None
        target = LogTarget(path)
        handlers.append(
            PrivateRotatingFileHandler(
                path, maxBytes=max_bytes, backupCount=backup_count, encoding="utf-8", delay=True
            )
        )
    if console or target.path is None:
        handlers.append(logging.StreamHandler(sys.stderr))
    for handler in handlers:
        handler.setFormatter(logging.Formatter(_FORMAT))
        # A handler-level filter sees records from every logger, including propagated ones
        # (logger-level filters only see records logged on that very logger).
        handler.addFilter(RedactingFilter())
        handler._s200desk = True  # type: ignore[attr-defined]
        root.addHandler(handler)
    root.setLevel(level)
    logging.captureWarnings(True)
    if target.problem:
        logging.getLogger("s200desk").warning("%s", target.problem)
    return target
