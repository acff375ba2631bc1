"""What each group of late imports (``ui/worker_imports.py``) costs, after the first frame's.

    QT_QPA_PLATFORM=offscreen .venv/bin/python tests/perf/bench_late_imports.py [--runs 7]

Each run is a fresh interpreter that imports what the first frame imports, then the groups in
the order the app loads them, timing each; a second table times each group on its own (what it
would cost if it were the first to load), to show what the groups share. Medians (min–max), ms.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
ORDER = ("AFTER_PAINT", "SESSION_CLIENT", "ON_CONNECT", "AFTER_FIRST_SYNC", "ANALYTICS")

CODE = r"""
import sys, time
import s200desk.ui.first_frame, s200desk.ui.main_window, s200desk.store.repos
from s200desk.ui import worker_imports as w
for name in sys.argv[1:]:
    t = time.perf_counter()
    w.import_modules(*getattr(w, name))
    print(name, (time.perf_counter() - t) * 1000)
"""


def run(names: tuple[str, ...]) -> dict[str, float]:
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    out = subprocess.run([sys.executable, "-c", CODE, *names], cwd=ROOT, env=env,
                         capture_output=True, text=True, check=True).stdout  # fmt: skip
    return {name: float(ms) for name, ms in (line.split() for line in out.splitlines())}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7)
    args = parser.parse_args()
    in_order: dict[str, list[float]] = {n: [] for n in ORDER}
    alone: dict[str, list[float]] = {n: [] for n in ORDER}
    for _ in range(args.runs):
        for name, ms in run(ORDER).items():
            in_order[name].append(ms)
        for name in ORDER:
            alone[name].append(run((name,))[name])
    print("| group | in the app's order | on its own |\n|---|---|---|")
    for name in ORDER:
        a, b = in_order[name], alone[name]
        print(f"| {name} | {statistics.median(a):.0f} ({min(a):.0f}–{max(a):.0f}) "
              f"| {statistics.median(b):.0f} ({min(b):.0f}–{max(b):.0f}) |")  # fmt: skip


if __name__ == "__main__":
    main()
