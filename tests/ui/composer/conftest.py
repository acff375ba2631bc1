"""Fixtures: ``workspace`` (see composer_support); the qasync loop comes from tests/ui."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from composer_support import Workspace, open_workspace


@pytest.fixture
def workspace(arun: Any, qtbot: Any, emulator: Any, tmp_path: Path) -> Iterator[Workspace]:
    yield from open_workspace(arun, qtbot, emulator, tmp_path)
