"""ruff and mypy stay clean: the suite fails the moment either finds something."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def run_tool(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", *args], cwd=ROOT, capture_output=True, text=True, timeout=300
    )


def test_ruff_finds_nothing() -> None:
    result = run_tool("ruff", "check", "--no-cache", ".")
    assert result.returncode == 0, result.stdout[-4000:]


@pytest.mark.slow
def test_mypy_finds_nothing(tmp_path: Path) -> None:
    result = run_tool("mypy", "--cache-dir", str(tmp_path / "mypy"), "s200desk")
    assert result.returncode == 0, result.stdout[-4000:]
