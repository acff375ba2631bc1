"""Fixtures: ``workspace`` (see composer_support); the qasync loop comes from tests/ui."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "composer"))

from composer_support import Workspace, open_workspace


@pytest.fixture
def workspace(arun: Any, qtbot: Any, emulator: Any, tmp_path: Path) -> Iterator[Workspace]:
    yield from open_workspace(arun, qtbot, emulator, tmp_path)
