"""Start-up of the frozen app against the dev venv (on demand, not part of the suite).

    python tests/perf/bench_frozen_startup.py --runs 5 \
        --app installed=/usr/bin/s200desk --app dev=.venv/bin/s200desk

Runs each app's ``--self-test`` headless (QT_QPA_PLATFORM=offscreen, a fresh S200DESK_HOME each
time), interleaving the apps so a busy machine slows them alike, and prints a Markdown table of
the medians (min-max): the self-test's ``window_ms`` and ``data_ms`` (measured from the import of
``s200desk.__main__``) and the whole process's wall time, which adds interpreter start-up (and,
frozen, the bootloader unpacking nothing: onedir) and shutdown.
"""

from __future__ import annotations

import argparse
import os
import re
import statistics
import subprocess
import sys
import tempfile
import time

LINE = re.compile(r"self-test ok window_ms=(\d+) data_ms=(\d+)")


def run_once(command: str) -> tuple[int, int, int]:
    with tempfile.TemporaryDirectory(prefix="s200-bench-") as home:
        env = dict(os.environ, QT_QPA_PLATFORM="offscreen", S200DESK_HOME=home)
        start = time.perf_counter()
        out = subprocess.run([command, "--self-test"], capture_output=True, text=True, env=env,
                             timeout=120)
        wall = round((time.perf_counter() - start) * 1000)
    lines = out.stdout.strip().splitlines()
    match = LINE.fullmatch(lines[-1]) if lines else None
    if out.returncode != 0 or not match:
        raise SystemExit(
            f"{command} --self-test failed ({out.returncode}):\n{out.stdout}{out.stderr}"
        )
    return int(match.group(1)), int(match.group(2)), wall


def summary(values: list[int]) -> str:
    return f"{statistics.median(values):.0f} ({min(values)}-{max(values)})"


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--app", action="append", required=True, metavar="NAME=COMMAND")
    args = parser.parse_args(argv)
    apps = dict(a.split("=", 1) for a in args.app)
    results: dict[str, list[tuple[int, int, int]]] = {name: [] for name in apps}
    for command in apps.values():  # one untimed warm-up each: page cache, font cache
        run_once(command)
    for _ in range(args.runs):
        for name, command in apps.items():
            results[name].append(run_once(command))
    print(f"{args.runs} runs each, median (min-max), ms\n")
    print("| app | window_ms | data_ms | process wall |")
    print("| --- | --- | --- | --- |")
    for name, rows in results.items():
        w, d, t = (list(col) for col in zip(*rows, strict=True))
        print(f"| {name} (`{apps[name]}`) | {summary(w)} | {summary(d)} | {summary(t)} |")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
