"""The commands of ``s200desk <command>``: adding one is one ``Command`` in ``commands.COMMANDS``.

A command brings its one-line summary, a function that adds its arguments to its parser, and the
coroutine that runs it. The parser, the dispatch, ``s200desk --help`` and the message for an
unknown command are all made from that one list.
"""

from __future__ import annotations

import argparse
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass


@dataclass(frozen=True)
class Command:
    name: str
    summary: str
    add_arguments: Callable[[argparse.ArgumentParser], None]  # the shared options are there

    run: Callable[[argparse.Namespace], Awaitable[int]]


def command_list(commands: Sequence[Command]) -> str:
    """``commands:`` and one line per command, for --help and the unknown-command message."""
    width = max(len(c.name) for c in commands)
    lines = [f"  {c.name.ljust(width)}  {c.summary}" for c in commands]
    return "commands:\n" + "\n".join(lines) + "\n\n's200desk COMMAND --help' tells more."
