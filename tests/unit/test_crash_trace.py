"""A native crash leaves the stacks in crash.log beside the log (``s200desk.crash_trace``)."""

from __future__ import annotations

import os
import stat
import subprocess
import sys
from pathlib import Path

CRASH = """
import faulthandler, sys
from pathlib import Path
from s200desk.crash_trace import record_crashes
path = record_crashes(Path(sys.argv[1]))
print(path, flush=True)
def drawing_the_calendar():
    faulthandler._sigsegv()
drawing_the_calendar()
"""


def _run(folder: Path, **env: str) -> subprocess.CompletedProcess[str]:
    clean = {k: v for k, v in os.environ.items() if k != "PYTHONFAULTHANDLER"}
    return subprocess.run([sys.executable, "-c", CRASH, str(folder)], capture_output=True,
                          text=True, env={**clean, **env}, timeout=60)  # fmt: skip


def test_a_native_crash_leaves_every_threads_stack_in_crash_log(tmp_path: Path) -> None:
    result = _run(tmp_path)
    assert result.returncode != 0  # it did crash
    log = tmp_path / "crash.log"
    assert result.stdout.strip() == str(log)
    text = log.read_text(encoding="utf-8")
    assert "Segmentation fault" in text
    assert "drawing_the_calendar" in text  # where it happened, by function
    if os.name != "nt":
        assert stat.S_IMODE(log.stat().st_mode) == 0o600


def test_a_developers_faulthandler_setting_is_left_alone(tmp_path: Path) -> None:
    result = _run(tmp_path, PYTHONFAULTHANDLER="1")
    assert result.stdout.strip() == "None"
    assert not (tmp_path / "crash.log").exists()
    assert "drawing_the_calendar" in result.stderr  # Python's own report, on stderr
