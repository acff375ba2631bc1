"""The window keeps painting while 10,000 posts sync: the longest gap between timer ticks.

The emulator runs in its own process here (as the real server would be elsewhere): in-process
its request handling would compete with the UI thread for the GIL and measure the emulator.
A 5 ms QTimer runs through the whole sync (10,000 posts over loopback, stored in SQLite) and
the model reload; the longest gap between its ticks is the longest time the UI could not react.
"""

from __future__ import annotations

import gc
import itertools
import os
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest
from ui_support import make_shell, until

POSTS = 10_000
STALL_BUDGET_MS = 50.0


def _fill(db: Path) -> None:
    from s200desk.emulator import EmulatorServer
    from s200desk.emulator.seed import MAIN_ACCOUNT, MAIN_HANDLE, _post

    server = EmulatorServer(seed="basic", plan="agency", cooldown_seconds=0, db_path=db)
    now = datetime.now(UTC).replace(microsecond=0)
    platforms = ["tiktok", "instagram", "youtube", "x", "linkedin", "pinterest"]
    with server.state.transaction():
        for i in range(POSTS):
            at = now + timedelta(minutes=37 * (i - POSTS // 2))
            future = at > now
            server.state.insert_post(_post(
                id=f"00000000-0000-4000-8000-{i:012d}", account_id=MAIN_ACCOUNT,
                handle=MAIN_HANDLE, platform=platforms[i % len(platforms)],
                caption=f"Post number {i} #bulk", created_at=at - timedelta(hours=2),
                status="scheduled" if future else "published",
                scheduled_for=at if future else None, published_at=None if future else at,
                platform_post_id=None if future else f"pp{i}",
            ))  # fmt: skip
    server.stop()


@pytest.fixture
def emulator_process(tmp_path: Path) -> Iterator[Any]:
    db = tmp_path / "emulator.sqlite3"
    _fill(db)
    proc = subprocess.Popen(
        [sys.executable, "-m", "s200desk.emulator", "--db", str(db), "--plan", "agency",
         "--cooldown", "0"],
        stdout=subprocess.PIPE, text=True, env={**os.environ},
    )  # fmt: skip
    try:
        found: dict[str, str] = {}
        assert proc.stdout is not None
        while len(found) < 3:
            line = proc.stdout.readline()
            if not line:
                raise RuntimeError("the emulator process ended before it printed its address")
            key, _, value = line.strip().partition("=")
            if key in {"base_url", "site_url", "api_key"}:
                found[key] = value
        yield SimpleNamespace(**found)
    finally:
        proc.terminate()
        proc.wait(10)
        if proc.stdout is not None:
            proc.stdout.close()  # a ResourceWarning otherwise


@pytest.mark.perf
def test_no_ui_stall_while_ten_thousand_posts_sync(
    arun: Any, qtbot: Any, emulator_process: Any, record_property: Any
) -> None:
    from s200desk.ui.main_thread_gc import MainThreadCollector
    from s200desk.ui.qt import QTimer

    collector = MainThreadCollector()  # as the app runs: collections on the UI thread only
    collector.start()
    passes: list[tuple[int, float]] = []  # (generation, CPU ms) of each collection in the sync
    gc_started: list[float] = []
    off_ui_thread: list[str] = []  # names of the threads that collected, other than this one

    def time_pass(phase: str, info: dict[str, int]) -> None:
        if phase == "start":
            gc_started.append(time.thread_time())
            if threading.current_thread() is not threading.main_thread():
                off_ui_thread.append(threading.current_thread().name)
        elif gc_started:
            passes.append((info["generation"], (time.thread_time() - gc_started.pop()) * 1000))

    shell = make_shell(emulator_process, "ws-big")
    shell.controller.paint_first = True  # as the app starts: the services' modules in a worker
    qtbot.addWidget(shell.window)
    shell.window.show()
    shell.window.repaint()  # the first paint belongs to start-up, not to the sync
    ticks: list[tuple[float, float]] = []  # (wall, UI-thread CPU) at each tick
    timer = QTimer()
    timer.setInterval(5)
    timer.timeout.connect(lambda: ticks.append((time.perf_counter(), time.thread_time())))
    timer.start()
    gc.callbacks.append(time_pass)
    started = time.perf_counter()
    arun(shell.controller.start(shell.controller.test_info))
    arun(until(lambda: shell.controller.data_shown_emitted, timeout=120, what="10,000 posts"),
         timeout=150)  # fmt: skip
    shell.window.posts_page.table.viewport().repaint()
    timer.stop()
    gc.callbacks.remove(time_pass)
    collector.stop()
    total_s = time.perf_counter() - started
    pairs = list(itertools.pairwise(ticks))
    walls = sorted((b[0] - a[0]) * 1000 for a, b in pairs)
    # CPU the UI thread itself burnt between two ticks: our own work, as opposed to time the
    # OS gave to other processes (the test machine is shared, so wall gaps include theirs).
    cpus = sorted((b[1] - a[1]) * 1000 for a, b in pairs)
    worst, p99, worst_cpu = walls[-1], walls[int(len(walls) * 0.99)], cpus[-1]
    load = os.getloadavg()[0]
    reset_ms = shell.controller.last_reload_ms or 0.0
    cpu_total = (ticks[-1][1] - ticks[0][1]) * 1000
    longest_gc = max((ms for _, ms in passes), default=0.0)
    full = sum(1 for generation, _ in passes if generation == 2)
    print(f"\n10,000-post sync: {total_s:.1f} s, {len(ticks)} ticks; longest UI stall "
          f"{worst:.1f} ms wall (p99 {p99:.1f} ms), {worst_cpu:.1f} ms of UI-thread CPU; "
          f"last model reset {reset_ms:.1f} ms; load {load:.1f}; UI CPU {cpu_total:.0f} ms; "
          f"{len(passes)} GC passes, longest {longest_gc:.1f} ms, {full} full, "
          f"{len(off_ui_thread)} off the UI thread")  # fmt: skip
    record_property("longest_stall_ms", round(worst, 1))
    record_property("longest_stall_cpu_ms", round(worst_cpu, 1))
    assert shell.controller.posts_model.rowCount() == POSTS
    arun(shell.controller.aclose())
    assert not shell.failures, shell.failures
    assert worst_cpu <= STALL_BUDGET_MS, f"the UI thread worked {worst_cpu:.0f} ms without a break"
    # Wall time also counts other processes on a shared machine: bound it loosely here, the
    # 50 ms goal is checked on the CPU figure above and recorded for docs/performance.md.
    assert worst <= 4 * STALL_BUDGET_MS, f"the UI stalled {worst:.0f} ms"
