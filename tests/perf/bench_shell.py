"""Start-up of the desktop shell against a bare PySide6 window and two floors (issues 3, 15).

    QT_QPA_PLATFORM=offscreen .venv/bin/python tests/perf/bench_shell.py --runs 5

Interleaves, per run, three child processes started the same way (this interpreter, headless,
a fresh S200DESK_HOME): a bare QMainWindow that prints when it has painted; ``s200desk
--self-test`` (demo: emulator start, first sync, window painted with the synced posts); and
``s200desk --measure-startup`` on a cache of 10,000 posts with the network unreachable (the
window painted with the last known data, and the RSS then). Prints a Markdown table of medians.
The longest UI stall during a 10,000-post sync is tests/ui/test_ui_stall.py.

``--also DIR`` (repeatable) runs the two app measures again per run from another source tree
(e.g. ``git archive <commit> | tar -x -C /tmp/before``), interleaved, so before/after compare in
one run. The summary gives each tree's ratios to the floors of the same run.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import re
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

BARE = r"""
import time
t0 = time.perf_counter()
from PySide6.QtCore import QEvent, QTimer
from PySide6.QtWidgets import QApplication, QLabel, QMainWindow
app = QApplication([])
class W(QMainWindow):
    def event(self, e):
        r = super().event(e)
        if e.type() == QEvent.Type.Paint and not getattr(self, "done", False):
            self.done = True
            print(f"bare ok window_ms={round((time.perf_counter() - t0) * 1000)}", flush=True)
            QTimer.singleShot(0, app.quit)
        return r
w = W(); w.setCentralWidget(QLabel("hello")); w.resize(1280, 800); w.show()
app.exec()
"""

# Floors, to tell what any app on this stack pays from what s200desk adds. The names the real
# window uses: PySide6 creates each class (and the huge Qt namespace, ~20 ms) on first access.
FLOOR_WINDOW = BARE.replace(
    "app = QApplication([])", "import s200desk.ui.qt  # noqa\napp = QApplication([])"
)
# The bare window, then only the imports a demo start-up cannot do without (the event loop,
# the API client with httpx and pydantic, the emulator's server, the store): no work at all.
FLOOR_IMPORTS = FLOOR_WINDOW.replace(
    "QTimer.singleShot(0, app.quit)",
    "import qasync, s200desk.api, s200desk.emulator.server, s200desk.store.repos; app.quit()",
)

FLOOR_WINDOW_KEY = "floor: bare + the window's PySide6 names, window_ms"
FLOOR_PROCESS_KEY = "floor: that + the demo's imports, process ms"
# Below those floors' goals (issue 15's 1.3×): the same screen with no s200desk code at all
# (floor_same_screen.py), from the cache, and after the demo's work done raw.
SAME_SCREEN = str(Path(__file__).with_name("floor_same_screen.py"))
SAME_CACHED_KEY = "same screen, no app code: cached, window_ms"
SAME_DEMO_KEY = "same screen, no app code: the demo's work raw, process ms"

PLATFORMS = ["tiktok", "instagram", "facebook", "youtube", "x", "linkedin", "pinterest"]


async def _fill_cache(db_path: Path, posts: int) -> None:
    from s200desk.store import Database, PostsRepo, ProfilesRepo

    db = await Database.open_async(db_path)
    now = datetime.now(UTC).replace(microsecond=0)
    # Connected a year ago, and the posts placed around the real now below: any date will do.
    connected = (now - timedelta(days=365)).strftime("%Y-%m-%dT%H:%M:%SZ")
    await ProfilesRepo(db).replace_all(
        {"platform": p, "account_id": "@bench", "display_name": "Bench Studio",
         "status": "active", "connected_at": connected} for p in PLATFORMS
    )  # fmt: skip
    rows = []
    for i in range(posts):
        at = now + timedelta(minutes=37 * (i - posts // 2))
        future = at > now
        rows.append({
            "id": f"00000000-0000-4000-8000-{i:012d}", "platform": PLATFORMS[i % 7],
            "account_id": "@bench", "caption": f"Cached post {i} #bench",
            "status": "scheduled" if future else "published",
            "created_at": (at - timedelta(hours=2)).isoformat(),
            "scheduled_for": at.isoformat() if future else None,
            "published_at": None if future else at.isoformat(),
            "media": [], "platform_options": {},
        })  # fmt: skip
    await PostsRepo(db).upsert_many(rows)
    await db.aclose()


def make_cached_home(home: Path, posts: int) -> dict[str, str]:
    """A home whose workspace cache holds ``posts`` posts; the API address is unreachable."""
    (home / "config").mkdir(parents=True)
    settings = {"schema_version": 1, "theme": "light", "plan": "beginner", "time_zone": "UTC"}
    (home / "config" / "settings.json").write_text(json.dumps(settings))
    os.environ["S200DESK_HOME"] = str(home)
    from s200desk import paths
    from s200desk.settings_peek import env_workspace_id

    key, base_url = "rl_benchmark_key_offline", "http://127.0.0.1:9/functions/v1"
    db = paths.workspace_db_path(env_workspace_id(key, base_url))
    asyncio.run(_fill_cache(db, posts))
    return {
        "S200DESK_CACHE_DB": str(db),  # for floor_same_screen.py, which reads it directly
        "S200DESK_HOME": str(home),
        "S200_API_KEY": key,
        "S200_BASE_URL": base_url,  # nothing listens: offline at once
        "S200_SITE_URL": "http://127.0.0.1:9",
    }


def run(
    args: list[str], env: dict[str, str], pattern: str, cwd: str | None = None
) -> tuple[dict[str, int], int]:
    """Run this interpreter with ``args`` (``-m s200desk`` resolves in ``cwd`` first)."""
    full = {**os.environ, "QT_QPA_PLATFORM": os.environ.get("QT_QPA_PLATFORM", "offscreen"),
            **env}  # fmt: skip
    full.pop("PYTHONDONTWRITEBYTECODE", None)  # see precompile()
    start, before = time.perf_counter(), resource.getrusage(resource.RUSAGE_CHILDREN)
    out = subprocess.run([sys.executable, *args], capture_output=True, text=True, env=full,
                         timeout=180, cwd=cwd)  # fmt: skip
    wall = round((time.perf_counter() - start) * 1000)
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime
    lines = out.stdout.strip().splitlines()
    match = re.fullmatch(pattern, lines[-1]) if lines else None
    if out.returncode != 0 or not match:
        raise SystemExit(f"{args} failed ({out.returncode}):\n{out.stdout}\n{out.stderr[-3000:]}")
    # CPU time as well: on a shared machine it moves far less than the wall clock.
    return {**{k: int(v) for k, v in match.groupdict().items()}, "cpu": round(cpu * 1000)}, wall


def wait_for_demo_server(home: str, seconds: float = 10.0) -> None:
    """Until the demo server the self-test started for ``home`` has ended: it stops on its own
    once the app is gone, and would otherwise share the machine with the next measure."""
    mark = f"S200DESK_HOME={home}".encode()

    def running() -> bool:
        for entry in Path("/proc").iterdir():
            try:
                if (entry.name.isdigit()
                        and b"--until-stdin-closes" in (entry / "cmdline").read_bytes()
                        and mark in (entry / "environ").read_bytes().split(b"\0")):
                    return True
            except OSError:  # ended meanwhile, or not ours to read
                continue
        return False

    deadline = time.monotonic() + seconds
    while Path("/proc/self/environ").exists() and running() and time.monotonic() < deadline:
        time.sleep(0.02)


def precompile(tree: str) -> None:
    """Byte-compile the tree first, as installs ship it (pip compiles site-packages, PyInstaller
    bundles .pyc): without it every start of s200desk would compile its sources (~150 ms of CPU
    with PYTHONDONTWRITEBYTECODE set), while PySide6, the bare window's only import, never does."""
    import compileall

    compileall.compile_dir(str(Path(tree) / "s200desk"), quiet=1)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--posts", type=int, default=10_000)
    parser.add_argument("--also", metavar="DIR", action="append", default=[],
                        help="also measure the source tree in DIR (repeatable)")  # fmt: skip
    opts = parser.parse_args()
    trees = [("", str(Path(__file__).resolve().parents[2]))]
    for index, also in enumerate(opts.also, start=1):
        trees.append((f"also {index}: ", str(Path(also).resolve())))
    for _, tree in trees:
        precompile(tree)
    results: dict[str, list[int]] = {}

    def add(name: str, value: int) -> None:
        results.setdefault(name, []).append(value)

    with tempfile.TemporaryDirectory(prefix="s200-bench-cache-") as cached:
        cached_env = make_cached_home(Path(cached) / "home", opts.posts)
        for run_index in range(opts.runs):
            with tempfile.TemporaryDirectory(prefix="s200-bench-") as home:
                got, wall = run(["-c", BARE], {"S200DESK_HOME": home},
                                r"bare ok window_ms=(?P<window>\d+)")  # fmt: skip
                add("bare window_ms", got["window"])
                add("bare process ms", wall)
                got, _ = run(["-c", FLOOR_WINDOW], {"S200DESK_HOME": home},
                             r"bare ok window_ms=(?P<window>\d+)")  # fmt: skip
                add(FLOOR_WINDOW_KEY, got["window"])
                got, wall = run(["-c", FLOOR_IMPORTS], {"S200DESK_HOME": home},
                                r"bare ok window_ms=(?P<window>\d+)")  # fmt: skip
                add(FLOOR_PROCESS_KEY, wall)
                add("floor: that + the demo's imports, process CPU ms", got["cpu"])
                same = r"bare ok window_ms=(?P<window>\d+)"
                got, _ = run([SAME_SCREEN, "cached", cached_env["S200DESK_CACHE_DB"]],
                             {"S200DESK_HOME": home}, same)  # fmt: skip
                add(SAME_CACHED_KEY, got["window"])
                got, wall = run([SAME_SCREEN, "demo"], {"S200DESK_HOME": home},
                                same + r" data_ms=(?P<data>\d+)")  # fmt: skip
                add(SAME_DEMO_KEY, wall)
            # Each run starts with another tree: none always follows the floors' processes.
            first = run_index % len(trees)
            for tag, tree in trees[first:] + trees[:first]:
                with tempfile.TemporaryDirectory(prefix="s200-bench-") as home:
                    got, wall = run(["-m", "s200desk", "--self-test"], {"S200DESK_HOME": home},
                                    r"self-test ok window_ms=(?P<window>\d+) "
                                    r"data_ms=(?P<data>\d+)", cwd=tree)  # fmt: skip
                    add(f"{tag}self-test window_ms", got["window"])
                    add(f"{tag}self-test data_ms", got["data"])
                    add(f"{tag}self-test process ms", wall)
                    add(f"{tag}self-test process CPU ms", got["cpu"])
                    wait_for_demo_server(home)
                got, wall = run(["-m", "s200desk", "--measure-startup"], cached_env,
                                r"startup ok window_ms=(?P<window>\d+) first_rows=(?P<first>\d+) "
                                r"full_ms=(?P<full>\d+) rows=(?P<rows>\d+) "
                                r"rss_mb=(?P<rss>\d+)", cwd=tree)  # fmt: skip
                if got["rows"] != opts.posts or not got["first"]:
                    raise SystemExit(f"the cached start showed {got['first']} then "
                                     f"{got['rows']} rows, not {opts.posts}")  # fmt: skip
                add(f"{tag}cached window_ms", got["window"])
                add(f"{tag}cached all {opts.posts:,} rows ms", got["full"])
                add(f"{tag}cached RSS MB", got["rss"])
                add(f"{tag}cached process ms", wall)
                add(f"{tag}cached process CPU ms", got["cpu"])

    med = {k: statistics.median(v) for k, v in results.items()}
    print(f"\n{opts.runs} runs, {opts.posts:,} cached posts, load average "
          f"{os.getloadavg()[0]:.1f}\n")  # fmt: skip
    print("| measure | median | min–max |\n|---|---|---|")
    for name, values in results.items():
        print(f"| {name} | {med[name]:.0f} | {min(values)}–{max(values)} |")
    floor_window = med[FLOOR_WINDOW_KEY] / med["bare window_ms"]
    floor_process = med[FLOOR_PROCESS_KEY] / med["bare process ms"]
    print(f"\nfloors: the window's PySide6 names alone {floor_window:.2f}× the bare window; "
          f"the demo's imports alone {floor_process:.2f}× the bare process")
    print(f"the same screen with no app code: cached "
          f"{med[SAME_CACHED_KEY] / med[FLOOR_WINDOW_KEY]:.2f}× the window floor; the demo's "
          f"work raw {med[SAME_DEMO_KEY] / med[FLOOR_PROCESS_KEY]:.2f}× the process floor")
    for tag, tree in trees:
        # Issue 15's goals: against the floors, not the bare window (which sits below them).
        ratio_cached = med[f"{tag}cached window_ms"] / med[FLOOR_WINDOW_KEY]
        ratio_process = med[f"{tag}self-test process ms"] / med[FLOOR_PROCESS_KEY]
        print(f"\n{tree}:")
        print(f"cached window painted / floor window: {ratio_cached:.2f}× (goal ≤ 1.3×)")
        print(f"self-test process / floor process: {ratio_process:.2f}× (goal ≤ 1.3×)")
        same_cached = med[f"{tag}cached window_ms"] / med[SAME_CACHED_KEY]
        same_demo = med[f"{tag}self-test process ms"] / med[SAME_DEMO_KEY]
        print(f"  against the same screen with no app code: cached {same_cached:.2f}×, "
              f"self-test {same_demo:.2f}×")  # fmt: skip
        cpu_ratio = (med[f"{tag}self-test process CPU ms"]
                     / med["floor: that + the demo's imports, process CPU ms"])  # fmt: skip
        print(f"  the same in CPU time: {cpu_ratio:.2f}×")
        print(f"RSS with {opts.posts:,} cached posts: {med[f'{tag}cached RSS MB']:.0f} MB "
              "(goal ≤ 250 MB)")  # fmt: skip
    return 0


if __name__ == "__main__":
    sys.exit(main())
