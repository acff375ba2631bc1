"""``s200desk`` / ``python -m s200desk``: the GUI (``--demo``, ``--self-test``) or a CLI command.

The start timestamp is taken before any heavy import so ``--self-test`` measures the whole
process, from interpreter start-up to the window shown and the data shown.
"""

from __future__ import annotations

import time

STARTED = time.perf_counter()

import sys  # noqa: E402

CLI_COMMANDS = frozenset({"post", "import", "posts", "outbox", "media"})


def _run_cli(argv: list[str]) -> int:
    try:
        from s200desk.cli import main as cli_main
    except ImportError:
        print(
            f"s200desk: the command line ('s200desk {argv[0]} …') is not available yet in this "
            "version; start the desktop app with 's200desk' or 's200desk --demo'.",
            file=sys.stderr,
        )
        return 2
    result = cli_main(argv)
    return int(result or 0)


def main(argv: list[str] | None = None) -> int:
    """Entry point of the ``s200desk`` script."""
    args = list(sys.argv[1:] if argv is None else argv)
    if args and args[0] in CLI_COMMANDS:
        return _run_cli(args)
    from s200desk.app import run

    return run(args, started=STARTED)


if __name__ == "__main__":
    sys.exit(main())
