"""Views benchmark: the posts list, the first frame and the calendar over 100,000 cached posts.

Run on demand (not part of the test suite)::

    QT_QPA_PLATFORM=offscreen .venv/bin/python tests/perf/bench_views.py [--posts 100000]
        [--small 10000] [--runs 7] [--json FILE]

Two workspace stores are filled first (``--small`` and ``--posts`` posts, two years of history and
four months ahead, seven platforms, 23 profiles, a tenth failed or cancelled), each in a child
process through ``PostsRepo.upsert_many``, so this process's memory holds only what the views
read. Then, in one run, for each store:

- the first frame's read (``read_cached_screen``: profiles, the newest 200 posts, the count);
- the posts model ready: a ``PostWindowReader`` opened, ``set_reader`` (the filter's ordered
  rowids) and the first screen of rows read; and, in a main window already on screen
  (offscreen), the whole list arriving and the table repainted;
- search and filter answers (``set_filter`` plus the first screen of rows), median of ``--runs``:
  the answer shown (wall time) and, where the model reads the order on its worker thread (over
  20,000 posts), the UI thread's own share of it (asking, then applying the answer);
- scrolling to the end: the last row read with nothing of it kept (the last window's fetch);
- a refresh after one post changed (what a sync's change costs the list);
- the calendar's read of the month it shows (``rows_between``, 52 days);
- the calendar page stepping a month, its range read in place and on the worker (interleaved):
  the UI thread's share and the wall time (``calendar_step``);
- each query's plan (EXPLAIN QUERY PLAN);
- this process's RSS after the 100,000-post views are loaded;
- the app itself (``s200desk --measure-startup``, offline, a cache of each size made as
  ``bench_shell.py`` makes it): first frame painted, whole list shown, the process's RSS then.

Prints one JSON object; figures of record are in docs/performance.md ("Views at 100,000 posts").
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import random
import re
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

PLATFORMS = ("tiktok", "instagram", "facebook", "youtube", "x", "linkedin", "pinterest")
WORDS = (
    "launch", "spring", "sale", "behind", "the", "scenes", "tutorial", "giveaway", "recap",
    "teaser", "podcast", "live", "recipe", "travel", "tips", "review",
)  # fmt: skip
SCREEN = 30  # rows a posts list shows at once


def bench_posts(n: int, now: datetime) -> list[dict[str, Any]]:
    rnd = random.Random(17)
    posts = []
    for i in range(n):
        when = now + timedelta(minutes=rnd.randint(-2 * 365 * 24 * 60, 120 * 24 * 60))
        if when > now:
            status = "scheduled"
        else:
            status = rnd.choice(("published",) * 18 + ("failed", "cancelled"))
        post = {
            "id": f"bench-{i:06d}",
            "platform": PLATFORMS[i % len(PLATFORMS)],
            "account_id": f"@client{i % 23}",
            "caption": " ".join(rnd.choice(WORDS) for _ in range(12)) + f" #{i}",
            "status": status,
            "created_at": (when - timedelta(days=3)).isoformat(),
            "media": [{"file_id": f"file-{i}", "type": "image",
                       "url": f"https://cdn.example/{i}.jpg"}],
        }
        post["published_at" if status == "published" else "scheduled_for"] = when.isoformat()
        posts.append(post)
    return posts


def fill(path: Path, n: int) -> None:
    """Child process: a workspace store with ``n`` posts and its profiles."""
    from s200desk.store import Database, PostsRepo, ProfilesRepo

    async def run() -> None:
        db = await Database.open_async(path)
        try:
            await ProfilesRepo(db).replace_all(
                {"platform": p, "account_id": f"@client{a}", "display_name": f"Client {a}",
                 "status": "active", "connected_at": "2025-01-01T00:00:00Z"}
                for a in range(23) for p in PLATFORMS
            )  # fmt: skip
            await PostsRepo(db).upsert_many(bench_posts(n, datetime.now(UTC)), batch_size=900)
        finally:
            await db.aclose()

    asyncio.run(run())


def ui_and_wall_ms(
    model: Any, change: Callable[[], object], then: Callable[[], object]
) -> tuple[float, float]:
    """``change`` the model, wait for its order query (if on the worker), apply it and run
    ``then``: the UI thread's time (without the wait) and the whole time, in ms."""
    started = time.perf_counter()
    change()
    asked = time.perf_counter()
    future = model._future
    if future is not None:
        future.result(60)
    arrived = time.perf_counter()
    model.settle()
    then()
    done = time.perf_counter()
    # The worker's answer also travels as a queued signal (dropped: settle applied it); left in
    # the queue, 50 answers of 100,000 rowids held 100 MB of this process.
    from s200desk.ui.qt import QApplication

    QApplication.processEvents()
    return (asked - started + done - arrived) * 1000, (done - started) * 1000


def medians(samples: list[tuple[float, float]]) -> dict[str, float]:
    return {
        "ms": round(statistics.median(w for _, w in samples), 1),
        "ui_ms": round(statistics.median(u for u, _ in samples), 1),
    }


def median_ms(fn: Callable[[], object], runs: int) -> float:
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        fn()
        times.append((time.perf_counter() - started) * 1000)
    return round(statistics.median(times), 1)


def rss_mb() -> float:
    with open("/proc/self/statm") as f:
        return int(f.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") / 2**20


def measure(path: Path, runs: int, app: Any) -> dict[str, Any]:
    from s200desk.store.post_window import PostWindowReader
    from s200desk.ui.first_frame import read_cached_screen
    from s200desk.ui.main_window import MainWindow
    from s200desk.ui.posts.model import PostsFilter, PostsTableModel
    from s200desk.ui.qt import QEventLoop
    from s200desk.ui.selection import ProfileSelection
    from s200desk.ui.sidebar.model import ProfileRow, ProfilesModel

    out: dict[str, Any] = {}
    out["first_frame_read_ms"] = median_ms(lambda: read_cached_screen(path), runs)

    def first_screen(model: PostsTableModel) -> None:
        for row in range(min(SCREEN, model.rowCount())):
            model.data(model.index(row, PostsTableModel.CAPTION))

    def ready() -> PostsTableModel:
        model = PostsTableModel(time_zone="UTC")
        model.set_reader(PostWindowReader.open(path))
        model.settle()
        first_screen(model)
        return model

    out["model_ready_ms"] = median_ms(ready, runs)
    model = ready()
    reader = model.reader
    assert reader is not None
    out["rows"] = model.total_count
    out["rows_shown"] = model.rowCount()

    # The window as the app has it: built and painted first (the first frame), then the whole
    # list arrives from the store (the controller's reload) and the window paints it.
    profiles = ProfilesModel()
    profiles.set_profiles(ProfileRow.from_profile(p) for p in read_cached_screen(path).profiles)
    shown = PostsTableModel(time_zone="UTC")
    shown.set_profile_names(profiles.names())
    window = MainWindow(shown, profiles, ProfileSelection())
    window.resize(1280, 800)
    window.show()
    deadline = time.perf_counter() + 10
    while not window.is_painted and time.perf_counter() < deadline:
        app.processEvents(QEventLoop.ProcessEventsFlag.AllEvents, 20)

    def list_arrives() -> None:
        shown.set_reader(None)
        app.processEvents()
        timings.append(ui_and_wall_ms(
            shown, lambda: shown.set_reader(reader),
            lambda: window.posts_page.table.viewport().repaint(),
        ))  # fmt: skip

    timings: list[tuple[float, float]] = []
    for _ in range(runs):
        list_arrives()
    arrival = medians(timings)
    out["list_shown_in_window_ms"] = arrival["ms"]
    out["list_shown_in_window_ui_ms"] = arrival["ui_ms"]
    model = shown

    filters = {
        "search_common_word": PostsFilter(text="giveaway"),
        "search_two_words": PostsFilter(text="recap teaser"),
        "search_one_post": PostsFilter(text=f"#{out['rows'] // 2}"),
        "platform": PostsFilter(platforms=frozenset({"linkedin"})),
        "status_failed": PostsFilter(statuses=frozenset({"failed"})),
        "status_published": PostsFilter(statuses=frozenset({"published"})),
        "profile": PostsFilter(profiles=frozenset({("x", "@client4")})),
        "platform_and_search": PostsFilter(platforms=frozenset({"x"}), text="recipe"),
        "all_but_cancelled": PostsFilter(),
    }
    answers: dict[str, Any] = {}
    for name, f in filters.items():
        samples = [
            ui_and_wall_ms(model, lambda f=f: model.set_filter(f), lambda: first_screen(model))
            for _ in range(runs)
        ]
        answers[name] = {
            **medians(samples), "rows": model.rowCount(), "plan": reader.explain(model._query())
        }  # fmt: skip
    out["filters"] = answers

    model.set_filter(PostsFilter())
    model.settle()

    def scroll_to_end() -> None:
        model._kept.clear()
        model.row_at(model.rowCount() - 1)

    out["scroll_to_end_ms"] = median_ms(scroll_to_end, runs)
    window.posts_page.table.scrollToBottom()
    app.processEvents()

    post = model.row_at(5)
    assert post is not None
    refreshes = [
        ui_and_wall_ms(model, lambda: model.refresh({post.id}), lambda: None) for _ in range(runs)
    ]
    out["refresh_unchanged"] = medians(refreshes)

    # What the calendar reads for the month shown (CalendarPage._span_around).
    now = datetime.now(UTC)
    span = (now - timedelta(days=22), now + timedelta(days=30))
    out["calendar_month_ms"] = median_ms(lambda: model.rows_between(*span), runs)
    out["calendar_month_rows"] = len(model.rows_between(*span))
    out["calendar_step"] = calendar_steps(model, runs)
    out["rss_mb"] = round(rss_mb(), 1)
    window.close()
    return out


def calendar_steps(model: Any, runs: int) -> dict[str, dict[str, float]]:
    """The calendar page stepping a month (› or ‹, alternately) over ``model``'s store: read in
    place (as before issue 17's item 4) and on the worker, interleaved; the UI thread's share
    (asking, then showing the rows: indexing them by day in place, swapping in the index the
    worker built otherwise) and the whole time, in ms."""
    from s200desk.config import Settings
    from s200desk.ui.calendar.page import CalendarPage
    from s200desk.ui.posts.model import BACKGROUND_FROM

    now = datetime.now(UTC)
    page = CalendarPage(posts_model=model, settings=Settings(time_zone="UTC"), clock=lambda: now)
    page.range_reader.settle()
    reader = page.range_reader
    samples: dict[str, list[tuple[float, float]]] = {"in_place": [], "worker": []}
    for i in range(2 * runs):
        way = "worker" if i % 2 else "in_place"
        reader.background_from = BACKGROUND_FROM if way == "worker" else 10**9
        step = page.go_next if i % 4 < 2 else page.go_prev
        started = time.perf_counter()
        step()
        asked = time.perf_counter()
        future = reader._future
        if future is not None:
            future.result(60)
        arrived = time.perf_counter()
        reader.settle()
        page.model.rows_on(page.anchor)  # in place: the index by day is built here
        done = time.perf_counter()
        samples[way].append(((asked - started + done - arrived) * 1000, (done - started) * 1000))
    from s200desk.ui.qt import QApplication

    QApplication.processEvents()  # the worker's answers, dropped (settle showed them)
    page.range_reader.close()
    page.deleteLater()
    return {way: medians(found) for way, found in samples.items()}


STARTUP = re.compile(
    r"startup ok window_ms=(?P<window_ms>\d+) first_rows=(?P<first_rows>\d+) "
    r"full_ms=(?P<full_ms>\d+) rows=(?P<rows>\d+) rss_mb=(?P<rss_mb>\d+)"
)


def app_startup(tmp: Path, posts: int, runs: int) -> dict[str, Any]:
    """Medians of ``runs`` offline starts of the app over a cache of ``posts`` posts."""
    home = tmp / f"home-{posts}"
    subprocess.run(
        [sys.executable, __file__, "--home", str(home), "--posts", str(posts)],
        check=True, cwd=ROOT,
    )  # fmt: skip
    sys.path.insert(0, str(ROOT / "tests" / "perf"))
    from bench_shell import precompile, run

    precompile(str(ROOT))
    env = {
        "S200DESK_HOME": str(home),
        "S200_API_KEY": "rl_benchmark_key_offline",
        "S200_BASE_URL": "http://127.0.0.1:9/functions/v1",
        "S200_SITE_URL": "http://127.0.0.1:9",
    }
    found = [run(["-m", "s200desk", "--measure-startup"], env, STARTUP.pattern, str(ROOT))[0]
             for _ in range(runs)]  # fmt: skip
    return {key: statistics.median(r[key] for r in found) for key in found[0]}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--posts", type=int, default=100_000)
    parser.add_argument("--small", type=int, default=10_000)
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--json", type=Path)
    parser.add_argument("--startup-runs", type=int, default=3)
    parser.add_argument("--fill", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--home", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.fill is not None:
        fill(args.fill, args.posts)
        return
    if args.home is not None:  # child: bench_shell's cached home (it sets S200DESK_HOME)
        sys.path.insert(0, str(ROOT / "tests" / "perf"))
        from bench_shell import make_cached_home

        make_cached_home(args.home, args.posts)
        return

    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    with tempfile.TemporaryDirectory(prefix="bench-views-") as tmp:
        paths = {}
        fill_s = {}
        for n in (args.small, args.posts):
            path = Path(tmp) / f"{n}.sqlite3"
            started = time.perf_counter()
            subprocess.run(
                [sys.executable, __file__, "--fill", str(path), "--posts", str(n)],
                check=True, cwd=ROOT,
            )  # fmt: skip
            fill_s[n] = round(time.perf_counter() - started, 1)
            paths[n] = path
        from s200desk.ui.qt import QApplication

        app = QApplication.instance() or QApplication([])
        rss_before = rss_mb()
        results: dict[str, Any] = {"fill_s": fill_s, "rss_before_views_mb": round(rss_before, 1)}
        for n, path in paths.items():
            results[str(n)] = measure(path, args.runs, app)
        results["peak_rss_mb"] = round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)
        if args.startup_runs:
            results["app_startup"] = {
                str(n): app_startup(Path(tmp), n, args.startup_runs)
                for n in (args.small, args.posts)
            }
        results["command"] = " ".join(["tests/perf/bench_views.py", *sys.argv[1:]])
    text = json.dumps(results, indent=2)
    print(text)
    if args.json:
        args.json.write_text(text + "\n")


if __name__ == "__main__":
    main()
