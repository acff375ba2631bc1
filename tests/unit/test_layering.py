"""The layer contracts of pyproject.toml ([tool.importlinter]) hold, and a broken one fails here.

import-linter checks them on the import graph grimp builds from the source (function-level and
``TYPE_CHECKING`` imports included); docs/interfaces.md, "Layers and how they are enforced",
explains the layers.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import grimp
import pytest

ROOT = Path(__file__).resolve().parents[2]
# Modules a contract cannot name because nothing may import them (import-linter stops on a module
# missing from the graph): other Qt bindings, not installed, and PySide6's internal
# shibokensupport, which only s200desk.ui.qt reaches into today. Each with where it may be imported.
MAYBE_ABSENT_QT = {
    "PyQt5": (),
    "PyQt6": (),
    "PySide2": (),
    "PySide": (),
    "shibokensupport": ("s200desk.ui",),
}


def lint_imports(project: Path) -> subprocess.CompletedProcess[str]:
    """Run lint-imports on the s200desk package and pyproject.toml found in ``project``."""
    return subprocess.run(
        [
            sys.executable,
            "-c",
            "from importlinter.cli import lint_imports_command; lint_imports_command()",
            "--no-cache",
        ],
        cwd=project,  # lint-imports puts it first on sys.path, before the installed s200desk
        env={**os.environ, "COLUMNS": "200"},  # one contract, one line of the report
        capture_output=True,
        text=True,
        timeout=120,
    )


def contract_lines(report: str) -> dict[str, str]:
    """Contract name -> KEPT or BROKEN, from the report's summary."""
    results = {}
    for line in report.splitlines():
        for verdict in ("KEPT", "BROKEN"):
            if f" {verdict}" in line:
                results[line.split(f" {verdict}")[0].strip()] = verdict
    return results


def test_the_layer_contracts_hold() -> None:
    result = lint_imports(ROOT)
    assert result.returncode == 0, result.stdout[-6000:] + result.stderr[-2000:]
    assert set(contract_lines(result.stdout).values()) == {"KEPT"}


@pytest.mark.parametrize(
    ("path", "source", "broken", "shown"),
    [
        (
            "services/_lint_probe.py",
            "from s200desk.ui import formatting\n",
            "Layers: each part imports only from the layers below it",
            "s200desk.services._lint_probe -> s200desk.ui.formatting",
        ),
        (
            "store/_lint_probe.py",
            "def later() -> None:\n    from s200desk.services import events\n",
            "Layers: each part imports only from the layers below it",
            "s200desk.store._lint_probe -> s200desk.services.events",
        ),
        (
            "lint_probe.py",  # a new top-level module that no layer names
            "",
            "Layers: each part imports only from the layers below it",
            "s200desk.lint_probe",
        ),
        (
            "emulator/_lint_probe.py",
            "from s200desk.loopback import is_loopback_host\n",
            "The emulator imports nothing of the app",
            "s200desk.emulator._lint_probe -> s200desk.loopback",
        ),
        (
            "services/_lint_probe.py",
            "import typing\nif typing.TYPE_CHECKING:\n    from PySide6.QtCore import QObject\n",
            "Only s200desk.ui imports Qt",
            "s200desk.services._lint_probe -> PySide6",
        ),
        (
            "cli/_lint_probe.py",
            "import shiboken6\n",
            "Only s200desk.ui imports Qt",
            "s200desk.cli._lint_probe -> shiboken6",
        ),
        (
            "ui/composer/_lint_probe.py",
            "from PySide6.QtCore import QObject\n",
            "PySide6 is imported only through s200desk.ui.qt",
            "s200desk.ui.composer._lint_probe -> PySide6",
        ),
    ],
)
def test_a_bad_import_breaks_its_contract(
    tmp_path: Path, path: str, source: str, broken: str, shown: str
) -> None:
    project = tmp_path / "project"
    shutil.copytree(
        ROOT / "s200desk", project / "s200desk", ignore=shutil.ignore_patterns("__pycache__")
    )
    shutil.copy(ROOT / "pyproject.toml", project / "pyproject.toml")
    (project / "s200desk" / path).write_text(source, encoding="utf-8")

    result = lint_imports(project)

    assert result.returncode == 1, result.stdout[-6000:] + result.stderr[-2000:]
    verdicts = contract_lines(result.stdout)
    assert verdicts[broken] == "BROKEN", result.stdout[-6000:]
    assert shown in result.stdout


def test_no_other_qt_binding_and_pyside_internals_only_in_ui() -> None:
    graph = grimp.build_graph("s200desk", include_external_packages=True, cache_dir=None)
    offenders = {
        f"{importer} -> {name}"
        for name, allowed in MAYBE_ABSENT_QT.items()
        if name in graph.modules
        for importer in graph.find_modules_that_directly_import(name)
        if not any(importer == a or importer.startswith(f"{a}.") for a in allowed)
    }
    assert offenders == set()
