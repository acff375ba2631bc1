"""``s200desk.__version__`` is a constant (no importlib.metadata at start-up): keep it honest."""

from __future__ import annotations

import tomllib
from pathlib import Path

import s200desk

ROOT = Path(__file__).resolve().parents[2]


def test_version_constant_matches_pyproject() -> None:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    assert s200desk.__version__ == project["version"]

