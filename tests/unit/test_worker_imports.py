"""Worker-thread imports survive Python's module-lock deadlock check and nothing else."""

from __future__ import annotations

import importlib
from typing import Any

import pytest

from s200desk.ui import worker_imports


def test_a_deadlock_is_tried_again_and_other_errors_are_raised(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    calls: list[str] = []
    real = importlib.import_module

    def flaky(name: str) -> Any:
        calls.append(name)
        if name == "json" and calls.count("json") == 1:
            raise RuntimeError("deadlock detected by _ModuleLock('json') at 1")
        if name == "broken":
            raise RuntimeError("something else")
        return real(name)

    monkeypatch.setattr(importlib, "import_module", flaky)
    monkeypatch.setattr(worker_imports, "PAUSE_SECONDS", 0)
    worker_imports.import_modules("json", "csv")
    assert calls == ["json", "json", "csv"]
    with pytest.raises(RuntimeError, match="something else"):
        worker_imports.import_modules("broken")
    assert calls.count("broken") == 1
