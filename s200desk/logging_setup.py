"""The rotating log file under the log dir, with API keys redacted from every record."""

from __future__ import annotations

import logging
import logging.handlers
import re
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


def setup_logging(
    level: int = logging.INFO,
    *,
    max_bytes: int = 2_000_000,
    backup_count: int = 5,
    console: bool = False,
) -> Path:
    """Send the root logger to a rotating file (optionally stderr too), keys redacted."""
    root = logging.getLogger()
    for handler in list(root.handlers):
        if getattr(handler, "_s200desk", False):
            root.removeHandler(handler)
            handler.close()
    path = log_file()
    handlers: list[logging.Handler] = [
        logging.handlers.RotatingFileHandler(
            path, maxBytes=max_bytes, backupCount=backup_count, encoding="utf-8", delay=True
        )
    ]
    if console:
        handlers.append(logging.StreamHandler())
    for handler in handlers:
        handler.setFormatter(logging.Formatter(_FORMAT))
        # A handler-level filter sees records from every logger, including propagated ones
        # (logger-level filters only see records logged on that very logger).
        handler.addFilter(RedactingFilter())
        handler._s200desk = True  # type: ignore[attr-defined]
        root.addHandler(handler)
    root.setLevel(level)
    logging.captureWarnings(True)
    return path
