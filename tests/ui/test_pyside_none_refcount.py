"""Guards the PySide6 pin: 6.12.0 on Python 3.11 drops a reference to None on every void call.

After a few thousand calls the interpreter aborts with "Fatal Python error: none_dealloc",
so the check runs in a child process and asserts on None's refcount as well as survival.
"""

from __future__ import annotations

import os
import subprocess
import sys

CHILD = r"""
import sys
from PySide6.QtWidgets import QApplication, QLabel
app = QApplication([])
label = QLabel()
before = sys.getrefcount(None)
for i in range(20_000):
    label.setText("n")
    label.resize(10 + i % 5, 10)
after = sys.getrefcount(None)
print(f"none_refcount_drift={before - after}")
"""


def test_twenty_thousand_void_calls_keep_none_alive() -> None:
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    result = subprocess.run(
        [sys.executable, "-c", CHILD], capture_output=True, text=True, env=env, timeout=120
    )
    assert result.returncode == 0, result.stderr[-2000:]
    drift = int(result.stdout.strip().rsplit("=", 1)[1])
    # A healthy build leaves None's refcount where it was (give or take a few for caches).
    assert abs(drift) < 100, f"None lost {drift} references over 40,000 void calls"
