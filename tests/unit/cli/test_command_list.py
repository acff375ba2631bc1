"""The command list (--help, an unknown command) names exactly the sub-commands each one has
(``series edit`` was once missing from it)."""

from __future__ import annotations

import argparse
import re

import pytest

from s200desk.cli.commands import COMMANDS


def _subcommands(command: object) -> set[str]:
    parser = argparse.ArgumentParser()
    command.add_arguments(parser)  # type: ignore[attr-defined]
    found: set[str] = set()
    for action in parser._actions:  # argparse keeps sub-parsers only here
        # Sub-parsers (`series edit`) or a positional action word (`outbox retry`).
        sub = isinstance(action, argparse._SubParsersAction)
        if sub or (not action.option_strings and action.choices):
            found |= set(action.choices or ())
    return found


def _lists_subcommands(command: object) -> bool:
    listed = re.search(r"\(([^)]*)\)", command.summary)  # type: ignore[attr-defined]
    return listed is not None and not listed.group(1).startswith("-")


@pytest.mark.parametrize("command", [c for c in COMMANDS if _lists_subcommands(c)],
                         ids=lambda c: c.name)
def test_the_summary_lists_every_subcommand(command: object) -> None:
    listed = re.search(r"\(([^)]*)\)", command.summary)  # type: ignore[attr-defined]
    assert listed is not None
    named = {part.strip() for part in listed.group(1).split(",")}
    assert named == _subcommands(command)
