"""The command line's one top-level handler: whatever stops a command becomes a plain message on
stderr and a documented exit code, never a traceback (an unexpected one goes to the log)."""

from __future__ import annotations

import logging
import sqlite3
from collections.abc import Callable

from s200desk import paths
from s200desk.cli import EXIT_INTERNAL, EXIT_USAGE
from s200desk.cli.args import UsageError
from s200desk.cli.context import CliExit, err
from s200desk.logging_setup import redact
from s200desk.store.database import StoreError

log = logging.getLogger("s200desk.cli")

INTERRUPTED = 130  # 128 + SIGINT, as shells report it


def guarded(body: Callable[[], int]) -> int:
    """Run ``body``; its exit code, or the one for what stopped it, after saying what happened."""
    try:
        return body()
    except UsageError as exc:
        text = str(exc)
        err(text if text.startswith("s200desk") else f"s200desk: {text}")
        return EXIT_USAGE
    except CliExit as exc:
        err(f"s200desk: {exc.message}")
        return exc.code
    except paths.FolderProblem as exc:
        err(f"s200desk: {exc}")
        return EXIT_USAGE
    except (StoreError, sqlite3.Error) as exc:
        err(f"s200desk: the local database cannot be used: {redact(str(exc))}")
        return EXIT_USAGE
    except KeyboardInterrupt:
        err("s200desk: interrupted; what was recorded is sent next time (s200desk outbox run)")
        return INTERRUPTED
    except Exception as exc:
        where = _log_the_details(exc)
        err(f"s200desk: unexpected error ({type(exc).__name__}: {redact(str(exc))}); what was "
            f"recorded in the outbox is kept. {where}")  # fmt: skip
        return EXIT_INTERNAL


def _log_the_details(exc: Exception) -> str:
    from s200desk.logging_setup import setup_logging

    target = setup_logging()
    log.error("unexpected error", exc_info=exc)
    if target.path is not None:
        return f"The details are in {target.path}; please report them."
    return "The details are above; please report them."
