"""Fixtures the integration tests share: a client for the shared emulator and a workspace store."""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator
from pathlib import Path
from typing import Any

import pytest

from s200desk.api import AsyncStatus200Client
from s200desk.store.database import Database


@pytest.fixture
async def client(emulator: Any) -> AsyncIterator[AsyncStatus200Client]:
    """The emulator's main key, with quick retries (faults are injected on purpose)."""
    c = AsyncStatus200Client(
        api_key=emulator.api_key, base_url=emulator.base_url, site_url=emulator.site_url,
        timeout=5.0, max_retries=3, initial_retry_delay=0.01, max_retry_delay=0.05,
    )  # fmt: skip
    yield c
    await c.close()


@pytest.fixture
def db(tmp_path: Path) -> Iterator[Database]:
    """A fresh workspace database (every migration applied)."""
    database = Database.open(tmp_path / "ws.sqlite3")
    yield database
    database.close()
