"""``s200desk`` / ``python -m s200desk``: the GUI (``--demo``, ``--self-test``) or a CLI command.

The start timestamp is taken before any heavy import so ``--self-test`` measures the whole
process, from interpreter start-up to the window shown and the data shown.
"""

from __future__ import annotations

import time

STARTED = time.perf_counter()

import sys  # noqa: E402

# `s200desk emulator …`: the local API emulator (python -m s200desk.emulator), reachable through
# this entry point so an installed (frozen) app can start it for its demo too.
EMULATOR_COMMAND = "emulator"


def main(argv: list[str] | None = None) -> int:
    """Entry point of the ``s200desk`` script.

    A first word that is not an option is a command: the CLI runs it, or lists the commands
    (exit 2) when there is no such command. Only options (``--demo``, Qt's ``-style …``)
    start the desktop app.
    """
    args = list(sys.argv[1:] if argv is None else argv)
    if args[:1] == [EMULATOR_COMMAND]:  # the demo's server, in a process of its own
        from s200desk.emulator.__main__ import main as emulator_main

        return emulator_main(args[1:], prog="s200desk emulator")
    if args and not args[0].startswith("-"):
        from s200desk.cli import main as cli_main

        return int(cli_main(args) or 0)
    from s200desk.app import run

    return run(args, started=STARTED)


if __name__ == "__main__":
    sys.exit(main())
