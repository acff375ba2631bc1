"""README's two newcomer commands stay true: CI runs the test one verbatim."""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def fenced_commands(markdown: str) -> list[str]:
    return [block.strip() for block in re.findall(r"```bash\n(.*?)```", markdown, flags=re.S)]


def test_ci_runs_the_readme_test_command_verbatim() -> None:
    readme = fenced_commands((ROOT / "README.md").read_text(encoding="utf-8"))
    test_command = next(cmd for cmd in readme if "pytest" in cmd)
    ci_lines = (ROOT / ".ci" / "run").read_text(encoding="utf-8").splitlines()
    assert test_command in ci_lines


def test_readme_starts_the_app_in_demo_mode() -> None:
    readme = fenced_commands((ROOT / "README.md").read_text(encoding="utf-8"))
    assert any(cmd.endswith("s200desk --demo") and "pip install" in cmd for cmd in readme)
