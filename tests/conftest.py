"""Fixtures shared by every test: a private home for settings and data, and the emulator."""

from __future__ import annotations

import os
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("QT_API", "pyside6")

# The fixed instant every emulator-backed test starts at, so dates in assertions are stable.
EMULATOR_EPOCH = datetime(2026, 5, 16, 12, 0, tzinfo=UTC)


@pytest.fixture(autouse=True)
def fresh_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Give every test its own config/data/log dirs and no key overrides from the outer shell."""
    home = tmp_path / "s200home"
    home.mkdir()
    monkeypatch.setenv("S200DESK_HOME", str(home))
    for name in ("S200_API_KEY", "S200_BASE_URL", "S200_SITE_URL"):
        monkeypatch.delenv(name, raising=False)
    return home


@pytest.fixture
def emulator() -> Iterator[object]:
    """A real emulator on loopback with a manual clock, the agency plan and no cooldown."""
    from s200desk.emulator import EmulatorServer, ManualClock

    server = EmulatorServer(
        seed="basic", plan="agency", clock=ManualClock(EMULATOR_EPOCH), cooldown_seconds=0
    )
    server.start()
    try:
        yield server
    finally:
        server.stop()
