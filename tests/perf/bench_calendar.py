"""Calendar benchmark (on demand, not part of the suite).

    QT_QPA_PLATFORM=offscreen .venv/bin/python tests/perf/bench_calendar.py \
        [--posts 10000] [--in-month 3000] [--repeat 30]

Measures, at 1280x800, against an empty month painted the same way in the same run (in turns
with it, so both see the same load on a shared machine):
  * the first paint of a month holding 3,000 posts, nothing cached (goal <= 16 ms), and the
    paints after it,
  * switching to the next/previous month, each holding ~3,000 posts, until painted (<= 50 ms),
  * re-indexing all posts (a sync landed, a move started or settled),
  * memory with 10,000 posts loaded (RSS and Python heap, relative to the empty page).
Prints a Markdown table for docs/performance.md.
"""

from __future__ import annotations

import argparse
import gc
import os
import platform
import random
import statistics
import sys
import time
import tracemalloc
from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta
from typing import Any

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("QT_API", "pyside6")

PLATFORMS = ("tiktok", "instagram", "facebook", "youtube", "x", "linkedin", "pinterest")
NOW = datetime(2026, 5, 16, 12, 0, tzinfo=UTC)
WORDS = ("launch", "behind the scenes", "new drop", "tutorial", "Q&A", "giveaway", "recap",
         "studio tour", "sneak peek", "thank you")


def rss_mb() -> float:
    try:
        with open("/proc/self/status", encoding="ascii") as status:
            for line in status:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1]) / 1024
    except OSError:
        pass
    import resource

    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def make_posts(total: int, in_may: int, seed: int = 7) -> list[dict[str, Any]]:
    """``in_may`` posts in May 2026, ~3,000 each in April and June, the rest over the year."""
    rng = random.Random(seed)
    posts: list[dict[str, Any]] = []

    def add(start: datetime, days: int) -> None:
        when = start + timedelta(minutes=rng.randrange(days * 24 * 60 // 15) * 15)
        status = "published" if when < NOW else rng.choice(("scheduled",) * 8 + ("failed",))
        n = len(posts)
        posts.append({
            "id": f"p{n:06d}", "platform": PLATFORMS[n % len(PLATFORMS)],
            "account_id": f"@acct{n % 3}", "status": status,
            "caption": f"{rng.choice(WORDS)} #{n} — a caption long enough to be elided",
            "scheduled_for": when, "published_at": when if status == "published" else None,
            "created_at": when - timedelta(days=2),
        })

    may = datetime(2026, 5, 1, tzinfo=UTC)
    for _ in range(in_may):
        add(may, 31)
    for month_start, days in ((datetime(2026, 4, 1, tzinfo=UTC), 30),
                              (datetime(2026, 6, 1, tzinfo=UTC), 30)):
        for _ in range(min(in_may, max(0, (total - len(posts)) // 2))):
            add(month_start, days)
    while len(posts) < total:
        add(datetime(2026, 1, 1, tzinfo=UTC), 365)
    return posts


class Times(list[float]):
    """Wall-clock milliseconds, with the main thread's CPU milliseconds alongside in ``cpu``.

    On a shared machine the wall clock also counts the time other processes held the CPU;
    the thread's CPU time does not, so both are reported.
    """

    def __init__(self) -> None:
        super().__init__()
        self.cpu: list[float] = []

    def __add__(self, other: Any) -> Times:  # type: ignore[override]
        out = Times()
        out.extend([*self, *other])
        out.cpu = [*self.cpu, *getattr(other, "cpu", [])]
        return out

    def __iadd__(self, other: Any) -> Times:  # type: ignore[override]
        self.extend(other)
        self.cpu.extend(getattr(other, "cpu", []))
        return self


def timed(fn: Callable[[], Any], repeat: int) -> Times:
    out = Times()
    for _ in range(repeat):
        start, cpu = time.perf_counter(), time.thread_time()
        fn()
        out.cpu.append((time.thread_time() - cpu) * 1000)
        out.append((time.perf_counter() - start) * 1000)
    return out


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--posts", type=int, default=10_000)
    parser.add_argument("--in-month", type=int, default=3_000)
    parser.add_argument("--repeat", type=int, default=30)
    args = parser.parse_args()

    from s200desk.config import Settings
    from s200desk.ui.calendar.page import CalendarPage
    from s200desk.ui.posts.model import PostRow
    from s200desk.ui.qt import QApplication
    from s200desk.ui.theme import apply_theme

    app = QApplication.instance() or QApplication(sys.argv)
    apply_theme(app, "light")  # type: ignore[arg-type]

    class Month:
        """One calendar page at 1280x800 and the ways of painting its month grid."""

        def __init__(self) -> None:
            self.page = CalendarPage(
                settings=Settings(time_zone="Europe/Berlin", plan="beginner"), clock=lambda: NOW)
            self.page.resize(1280, 800)
            self.page.show()
            self.view = self.page.month_view.viewport()
            self.chips = self.page.month_view.chips

        def idle(self) -> None:
            """What the app does when nothing happens: cells drawn on first sight are rendered
            into pixmaps for later repaints, the months either side get their texts elided."""
            for _ in range(1000):
                app.processEvents()
                if not self.chips.pending():
                    break

        def paint(self) -> None:
            self.view.repaint()

        def cold_paint(self) -> None:
            self.chips.invalidate()  # no rendered cell: every chip drawn again (texts stay)
            self.view.repaint()

        def first_paint(self) -> None:
            self.chips.forget_texts()  # nothing cached at all: the first paint after start-up
            self.view.repaint()

        def switch(self, step: int, cold: bool = True) -> Callable[[], None]:
            def go() -> None:
                if cold:
                    self.chips.invalidate()
                self.page.go_next() if step > 0 else self.page.go_prev()
                self.view.repaint()
            return go

    def interleaved(a: Callable[[], Any], b: Callable[[], Any], repeat: int) -> tuple[Times,
                                                                                      Times]:
        """``a`` and ``b`` in turns, so both see the same load on a shared machine."""
        out_a, out_b = Times(), Times()
        for _ in range(repeat):
            out_a += timed(a, 1)
            out_b += timed(b, 1)
        return out_a, out_b

    # The baseline: an empty month painted the same way, in turns with the full one.
    empty = Month()
    full = Month()
    page, view, chips = full.page, full.view, full.chips
    app.processEvents()

    gc.collect()
    rss_empty = rss_mb()
    tracemalloc.start()
    heap_before = tracemalloc.get_traced_memory()[0]
    posts = make_posts(args.posts, args.in_month)  # what a sync hands over
    start = time.perf_counter()
    rows = [PostRow.from_post(p) for p in posts]
    page.set_posts(rows)
    page.model.rows_on(date(2026, 5, 16))  # build the index now
    load_ms = (time.perf_counter() - start) * 1000
    del posts  # only the rows (the shared model's) and the calendar's index stay
    gc.collect()
    heap_after = tracemalloc.get_traced_memory()[0]
    tracemalloc.stop()
    app.processEvents()
    rss_loaded = rss_mb()

    may_count = sum(len(page.model.rows_on(d)) for d in page.month_table.days
                    if d.month == 5)
    interleaved(empty.cold_paint, full.cold_paint, 5)
    empty_first, full_first = interleaved(empty.first_paint, full.first_paint, args.repeat)
    empty.idle()
    full.idle()
    empty_cold, full_cold = interleaved(empty.cold_paint, full.cold_paint, args.repeat)
    empty.idle()
    full.idle()  # after a paint, the cells it drew are rendered into pixmaps while idle
    empty_paint, full_paint = interleaved(empty.paint, full.paint, args.repeat)

    def cold_paint_then_idle() -> None:
        full.cold_paint()
        start = time.thread_time()
        full.idle()
        idle_cpu.append((time.thread_time() - start) * 1000)

    idle_cpu: list[float] = []
    timed(cold_paint_then_idle, 10)
    slice_cpu: list[float] = []
    full.cold_paint()
    while chips.pending():  # one idle slice at a time: the longest the UI waits for it
        start = time.thread_time()
        chips._on_idle()
        slice_cpu.append((time.thread_time() - start) * 1000)
    empty_switch = Times()
    switches = Times()
    warm_switches = Times()
    never_seen = Times()
    for _ in range(5):
        def first_visit() -> None:
            chips.forget_texts()
            page.go_next()
            view.repaint()
        never_seen += timed(first_visit, 1)
        page.go_prev()
    for _ in range(args.repeat // 3 or 1):
        full.idle()
        empty_switch += timed(empty.switch(1), 1) + timed(empty.switch(-1), 1)
        switches += timed(full.switch(1), 1) + timed(full.switch(-1), 1)  # May <-> June
        switches += timed(full.switch(-1), 1) + timed(full.switch(1), 1)  # May <-> April
        full.idle()  # a person takes longer than that between two clicks
        warm_switches += timed(full.switch(1, False), 1)
        full.idle()
        warm_switches += timed(full.switch(-1, False), 1)

    def reindex() -> None:
        page.model.set_rows(rows)
        page.model.rows_on(date(2026, 5, 16))

    reindex_ms = timed(reindex, 5)
    movable = next(r for r in page.model.rows_on(date(2026, 5, 20)) if r.status == "scheduled")
    target = datetime(2026, 5, 27, 10, tzinfo=UTC)

    def move_there_and_back() -> None:
        page.model.begin_move(movable.id, target)  # the chip jumps to its target ("moving")
        view.repaint()
        page.model.finish_move(movable.id, False)  # and comes back (a failed move)
        view.repaint()

    move_ms = timed(move_there_and_back, 10)

    def p(values: list[float], q: float) -> float:
        return statistics.quantiles(values, n=100)[int(q) - 1] if len(values) > 1 else values[0]

    print(f"# calendar benchmark — {datetime.now(UTC):%Y-%m-%d %H:%M}Z, Python "
          f"{platform.python_version()}, {platform.machine()}, "
          f"QT_QPA_PLATFORM={os.environ.get('QT_QPA_PLATFORM')}, 1280x800")
    print(f"posts loaded: {len(rows)}; in May 2026's grid month: {may_count}\n")
    def row(name: str, values: Times, goal: str = "", tail: str = "p95",
            base: Times | None = None) -> None:
        last = f"{p(values, 95):.2f}" if tail == "p95" else f"{max(values):.2f} (max)"
        cpu = statistics.median(values.cpu)
        ratio = f"{cpu / statistics.median(base.cpu):.1f}×" if base else ""
        print(f"| {name} | {cpu:.2f} ms | {ratio} | {statistics.median(values):.2f} ms | "
              f"{last} ms | {goal} |")

    print(f"load average at the end: {os.getloadavg()[0]:.2f} on {os.cpu_count()} CPUs\n")
    print("| measure | median CPU | CPU × empty month | median wall | p95 wall | goal |")
    print("|---|---|---|---|---|---|")
    row("empty month, first paint (nothing cached)", empty_first, "baseline")
    row(f"month with {may_count} posts, first paint (nothing cached)", full_first, "≤ 16 ms",
        base=empty_first)
    row("empty month, paint after a change (cells redrawn)", empty_cold, "baseline")
    row(f"month with {may_count} posts, paint after a change (cells redrawn)", full_cold,
        "≤ 16 ms", base=empty_cold)
    print(f"| then, while idle: that month's cells into pixmaps ({len(slice_cpu)} slices, "
          f"longest {max(slice_cpu):.2f} ms) | {statistics.median(idle_cpu):.2f} ms | | | | |")
    row("empty month, repaint (cells cached)", empty_paint, "baseline")
    row(f"month with {may_count} posts, repaint (cells cached)", full_paint, base=empty_paint)
    row("switch month, empty, incl. paint from scratch", empty_switch, "baseline", "max")
    row(f"switch month, ~{args.in_month} posts each, cells redrawn (texts elided before)",
        switches, "≤ 50 ms", base=empty_switch)
    row(f"switch to a month never shown (~{args.in_month} posts, nothing cached)", never_seen,
        "≤ 50 ms", base=empty_switch)
    row(f"switch back to a month just shown (~{args.in_month} posts)", warm_switches,
        base=empty_switch)
    print(f"| build {len(rows)} PostRows from dicts + index them | | | {load_ms:.1f} ms | | |")
    row(f"re-index all {len(rows)} posts (a sync changed them)", reindex_ms, "", "max")
    row("a move starts and settles: index updated in place, two repaints", move_ms)
    print(f"| memory, {len(rows)} posts: RSS over the empty page (rows, index, caches) | "
          f"{rss_loaded - rss_empty:+.1f} MB | | | | |")
    print(f"| memory, {len(rows)} posts: Python heap (rows + index) | "
          f"{(heap_after - heap_before) / 2**20:.1f} MB | | | | |")
    ok = statistics.median(full_first.cpu) <= 16 and statistics.median(switches.cpu) <= 50
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
