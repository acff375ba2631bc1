"""A crash in native code (Qt, SQLite, a driver) leaves every thread's Python stack in
``crash.log`` beside the log, instead of a window that vanished without a word.

``faulthandler`` writes it from the signal handler itself (no allocation, no lock), so it works
where logging cannot. Frames name files, lines and functions only, never values: no key can
reach it. A developer's ``PYTHONFAULTHANDLER`` (stderr) is left as it is.
"""

from __future__ import annotations

import faulthandler
import os
from pathlib import Path
from typing import TextIO

from s200desk import paths

CRASH_FILE_NAME = "crash.log"
_open_file: list[TextIO] = []  # the handler writes to its descriptor until the process ends


def record_crashes(folder: Path) -> Path | None:
    """From now on a fatal signal appends the stacks to ``folder/crash.log`` (0600); returns its
    path, or None when Python already reports them elsewhere or the file cannot be opened."""
    if os.environ.get("PYTHONFAULTHANDLER") or faulthandler.is_enabled():
        return None
    path = folder / CRASH_FILE_NAME
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_APPEND, paths.PRIVATE_FILE)
    except OSError:
        return None
    stream = open(fd, "a", encoding="utf-8")  # noqa: SIM115 (kept open for the handler)
    faulthandler.enable(file=stream, all_threads=True)
    _open_file[:] = [stream]
    return path
