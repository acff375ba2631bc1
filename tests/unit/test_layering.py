"""The core packages stay Qt-free, so the CLI and tests run them without a display."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE_ROOT = Path(__file__).resolve().parents[2] / "s200desk"
QT_FREE = ("api", "store", "services", "emulator", "cli")
QT_MODULES = ("PySide6", "PyQt5", "PyQt6", "PySide2", "qasync", "shiboken6")


def imported_modules(source: Path) -> set[str]:
    tree = ast.parse(source.read_text(encoding="utf-8"), filename=str(source))
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module)
    return names


def python_files(package: str) -> list[Path]:
    return sorted((PACKAGE_ROOT / package).rglob("*.py"))


@pytest.mark.parametrize("package", QT_FREE)
def test_core_package_never_imports_qt(package: str) -> None:
    offenders = [
        f"{path.relative_to(PACKAGE_ROOT.parent)} imports {name}"
        for path in python_files(package)
        for name in imported_modules(path)
        if name.split(".")[0] in QT_MODULES or name.startswith("s200desk.ui")
    ]
    assert offenders == []


def test_emulator_is_an_independent_reading_of_the_reference() -> None:
    # Not the client, and no other app module either (its own loopback rule, its own limits).
    offenders = [
        f"{path.relative_to(PACKAGE_ROOT.parent)} imports {name}"
        for path in python_files("emulator")
        for name in imported_modules(path)
        if name.split(".")[0] == "s200desk" and not name.startswith("s200desk.emulator")
    ]
    assert offenders == []


def test_the_checker_sees_an_import(tmp_path: Path) -> None:
    sample = tmp_path / "sample.py"
    sample.write_text("from PySide6.QtWidgets import QLabel\nimport qasync\n")
    assert {"PySide6.QtWidgets", "qasync"} <= imported_modules(sample)
