"""`python -m s200desk.emulator` (or `s200desk emulator`): serve the emulator until Ctrl+C or
SIGTERM, or with ``--until-stdin-closes`` until standard input closes (how the desktop app's demo
runs it: the pipe closes when the app ends, however it ends).

Exit codes: 0 stopped by Ctrl+C or SIGTERM (its temporary media folder removed), 2 bad
arguments, or the port cannot be had (in use, not allowed).
"""

from __future__ import annotations

import argparse
import contextlib
import signal
import sys
import threading
from types import FrameType

from .catalog import PLAN_CAPS
from .clock import ScaledClock, SystemClock
from .faults import Faults
from .seed import SEEDS
from .server import EmulatorServer


def parse_args(
    argv: list[str] | None = None, prog: str = "python -m s200desk.emulator"
) -> argparse.Namespace:
    p = argparse.ArgumentParser(
        prog=prog, description=__doc__,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )  # fmt: skip
    p.add_argument("--port", type=int, default=0, help="TCP port on 127.0.0.1 (0: any free one)")
    p.add_argument("--seed", choices=SEEDS, default="basic")
    p.add_argument(
        "--seed-posts", type=int, default=0, metavar="N",
        help="add N posts of history to the main account (scale tests)",
    )
    p.add_argument("--plan", choices=list(PLAN_CAPS), default="beginner")
    p.add_argument("--db", metavar="PATH", help="SQLite file so the state survives a restart")
    p.add_argument("--speed", type=float, default=1.0, help="emulator seconds per real second")
    p.add_argument("--cooldown", type=float, default=2.0, help="legacy cooldown in seconds")
    p.add_argument("--seed-random", type=int, default=0)
    p.add_argument("--error-rate", type=float, default=0.0)
    p.add_argument("--drop-rate", type=float, default=0.0)
    p.add_argument("--latency-ms", type=float, default=0.0)
    p.add_argument("--malformed-rate", type=float, default=0.0)
    p.add_argument("--burst-429-rate", type=float, default=0.0)
    p.add_argument("--queue-fail-rate", type=float, default=0.0)
    p.add_argument("--publish-fail-rate", type=float, default=0.0)
    p.add_argument("--until-stdin-closes", action="store_true",
                   help="also stop when standard input reaches its end")  # fmt: skip
    return p.parse_args(argv)


def main(argv: list[str] | None = None, prog: str = "python -m s200desk.emulator") -> int:
    args = parse_args(argv, prog)
    # Before the server exists: it makes a temporary media folder, which a signal arriving
    # while the state is seeded would otherwise leave behind.
    stop = threading.Event()

    def on_signal(signum: int, frame: FrameType | None) -> None:
        stop.set()

    signal.signal(signal.SIGINT, on_signal)
    signal.signal(signal.SIGTERM, on_signal)
    if args.until_stdin_closes:
        threading.Thread(target=_stop_at_end_of_input, args=(stop,), daemon=True).start()
    faults = Faults()
    try:
        faults.update(
            error_rate=args.error_rate, drop_rate=args.drop_rate, latency_ms=args.latency_ms,
            malformed_rate=args.malformed_rate, burst_429_rate=args.burst_429_rate,
            queue_fail_rate=args.queue_fail_rate, publish_fail_rate=args.publish_fail_rate,
        )
    except ValueError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    clock = ScaledClock(args.speed) if args.speed != 1.0 else SystemClock()
    server = EmulatorServer(
        seed=args.seed, plan=args.plan, clock=clock, faults=faults,
        cooldown_seconds=args.cooldown, db_path=args.db, port=args.port,
        seed_random=args.seed_random, seed_posts=args.seed_posts,
    )
    try:
        server.start()
    except OSError as exc:
        server.stop()
        print(f"error: cannot listen on 127.0.0.1:{args.port}: {exc.strerror or exc}; "
              "choose another --port (0: any free one)", file=sys.stderr)  # fmt: skip
        return 2
    print(f"base_url={server.base_url}", flush=True)
    print(f"api_key={server.api_key}", flush=True)
    print(f"site_url={server.site_url}", flush=True)
    print(f"other_api_key={server.other_api_key}", flush=True)
    try:
        while not stop.wait(0.5):
            pass
    finally:
        server.stop()
    return 0


def _stop_at_end_of_input(stop: threading.Event) -> None:
    with contextlib.suppress(OSError, ValueError):
        while sys.stdin.buffer.read(4096):
            pass
    stop.set()


if __name__ == "__main__":
    sys.exit(main())
