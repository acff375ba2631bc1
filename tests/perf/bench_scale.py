"""Scale benchmark: 100,000 posts on the server, a first sync, then a quick one after 100 changes.

Run on demand (not part of the test suite)::

    .venv/bin/python tests/perf/bench_scale.py [--posts 100000] [--runs 3] [--json FILE]

The emulator runs in its own process (``python -m s200desk.emulator --plan agency --cooldown 0
--seed-posts N``) so it does not share this process's interpreter lock. In one run, against that
one emulator, it measures:

- the emulator's cost of the first and of the last page of the listing (median of 15 each);
- the raw concurrent fetch of every page (httpx, 4 in flight, 100 a page, each body decoded),
  and the app's first sync (``SyncService.sync_all(full=True)`` into a fresh store), both timed
  in-process the same way and alternated ``--runs`` times; their ratio, and the CPU seconds this
  process spent on each (a figure the machine's other load does not inflate); and, since a bulk
  first sync fills the search index after it returns (searches scan meanwhile), the time and
  CPU until that is done too (the next run starts after it);
- the longest gap of a 5 ms ticker on the sync's event loop (the loop the UI thread runs under
  qasync) during the first sync, and during the raw fetch (what the machine's load alone causes);
- after 100 posts are added or changed on the server, the quick sync's time (as a share of the
  first sync's), its requests against the bound "10 plus one per 100 active posts", and the
  same with 100 of the old scheduled posts cancelled instead (the listing's filters cannot
  name them: the listing's totals vouch for them, else each is read by id or by its page);
- this process's peak RSS, and the store's search and filter times with every post cached.

``--latency-ms N`` has the emulator wait N ms before each answer (its ``--latency-ms``), as a
server across a network does: the raw fetch then waits on the network, and the store's work can
go on meanwhile, where with none the emulator and this process fill both of this machine's cores.

Prints one JSON object; figures of record are in docs/performance.md.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import httpx

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from s200desk.api import AsyncStatus200Client  # noqa: E402
from s200desk.services.events import ChangeBus  # noqa: E402
from s200desk.services.sync import SyncService  # noqa: E402
from s200desk.store import Database, PostFilter, PostsRepo  # noqa: E402

PAGE = 100
IN_FLIGHT = 4


def start_emulator(
    posts: int, latency_ms: float = 0.0
) -> tuple[subprocess.Popen[str], dict[str, str]]:
    proc = subprocess.Popen(
        [sys.executable, "-m", "s200desk.emulator", "--seed", "basic", "--plan", "agency",
         "--cooldown", "0", "--seed-posts", str(posts), "--latency-ms", str(latency_ms)],
        cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True,
    )  # fmt: skip
    info: dict[str, str] = {}
    assert proc.stdout is not None
    while len(info) < 3:
        line = proc.stdout.readline()
        if not line:
            raise RuntimeError("the emulator did not start")
        key, _, value = line.strip().partition("=")
        if key in ("base_url", "api_key", "site_url"):
            info[key] = value
    return proc, info


def page_costs(info: dict[str, str], total: int) -> dict[str, float]:
    headers = {"Authorization": f"Bearer {info['api_key']}"}
    with httpx.Client(base_url=info["base_url"], headers=headers, trust_env=False) as http:

        def median_ms(offset: int) -> float:
            http.get("/api-posts", params={"limit": PAGE, "offset": offset})
            times = []
            for _ in range(15):
                t = time.perf_counter()
                http.get("/api-posts", params={"limit": PAGE, "offset": offset}).raise_for_status()
                times.append(time.perf_counter() - t)
            return statistics.median(times) * 1000

        first, last = median_ms(0), median_ms(max(0, total - PAGE))
    return {"first_page_ms": first, "last_page_ms": last, "last_over_first": last / first}


class Ticker:
    """The longest gap of a 5 ms ticker on this event loop while the block runs, in ms."""

    def __init__(self) -> None:
        self.gaps: list[float] = [0.0]
        self._stop = asyncio.Event()
        self._task: asyncio.Future[None] | None = None

    async def _tick(self) -> None:
        last = time.perf_counter()
        while not self._stop.is_set():
            await asyncio.sleep(0.005)
            now = time.perf_counter()
            self.gaps.append(now - last - 0.005)
            last = now

    async def __aenter__(self) -> Ticker:
        self._task = asyncio.ensure_future(self._tick())
        return self

    async def __aexit__(self, *exc: object) -> None:
        self._stop.set()
        assert self._task is not None
        await self._task

    @property
    def longest_ms(self) -> float:
        return max(self.gaps) * 1000


async def raw_fetch(info: dict[str, str]) -> tuple[float, int, float]:
    headers = {"Authorization": f"Bearer {info['api_key']}"}
    async with httpx.AsyncClient(
        base_url=info["base_url"], headers=headers, trust_env=False, timeout=60
    ) as http, Ticker() as ticker:
        started = time.perf_counter()
        first = (await http.get("/api-posts", params={"limit": PAGE, "offset": 0})).json()
        gate = asyncio.Semaphore(IN_FLIGHT)

        async def one(offset: int) -> int:
            async with gate:
                resp = await http.get("/api-posts", params={"limit": PAGE, "offset": offset})
                return len(resp.json()["posts"])

        counts = await asyncio.gather(*(one(o) for o in range(PAGE, first["total"], PAGE)))
        seconds = time.perf_counter() - started
    return seconds, len(first["posts"]) + sum(counts), ticker.longest_ms


async def first_sync(info: dict[str, str], home: Path) -> tuple[dict[str, float], Database, Any]:
    db = await Database.open_async(home / f"bench-{time.monotonic_ns()}.sqlite3")
    client = AsyncStatus200Client(
        api_key=info["api_key"], base_url=info["base_url"], site_url=info["site_url"]
    )
    service = SyncService(client, db, ChangeBus())
    async with Ticker() as ticker:
        cpu = time.process_time()
        started = time.perf_counter()
        result = await service.sync_all(full=True)
        seconds = time.perf_counter() - started
        sync_cpu = time.process_time() - cpu
    assert result.full and result.pruned, result.summary()
    # Every post is stored, listed and found by a search when sync_all returns; the search
    # index is filled after it (a search scans meanwhile): how long until that is done too.
    filled = getattr(service, "search_index_filled", None)  # absent before #17's bulk writes
    if filled is not None:
        await filled()
    times = {
        "seconds": seconds, "cpu": sync_cpu, "stall": ticker.longest_ms,
        "indexed": time.perf_counter() - started, "indexed_cpu": time.process_time() - cpu,
    }  # fmt: skip
    return times, db, (client, service)


def change_recent(info: dict[str, str], count: int) -> None:
    """``count`` new posts, half of them scheduled, and a few of those cancelled again."""
    headers = {"Authorization": f"Bearer {info['api_key']}"}
    now = datetime.now(UTC)
    with httpx.Client(base_url=info["base_url"], headers=headers, trust_env=False) as http:
        made: list[str] = []
        for n in range(count - count // 5):
            body: dict[str, Any] = {"accountId": "@lumenstudio", "platform": "x",
                                    "content": {"text": f"bench change {n}"}}
            if n % 2:
                when = now + timedelta(days=2, minutes=n)
                body["scheduledFor"] = when.strftime("%Y-%m-%dT%H:%M:%SZ")
            resp = http.post("/api-posts", json={"post": body})
            resp.raise_for_status()
            if n % 2:
                made.append(resp.json()["post_id"])
        for pid in made[: count // 5]:
            http.delete(f"/api-posts/{pid}").raise_for_status()


def cancel_old_scheduled(info: dict[str, str], count: int) -> None:
    headers = {"Authorization": f"Bearer {info['api_key']}"}
    with httpx.Client(base_url=info["base_url"], headers=headers, trust_env=False) as http:
        page = http.get("/api-posts", params={"status": "scheduled", "limit": 100,
                                              "offset": 1000}).json()  # fmt: skip
        for post in page["posts"][:count]:
            http.delete(f"/api-posts/{post['id']}").raise_for_status()


async def quick_sync(service: SyncService) -> dict[str, Any]:
    started = time.perf_counter()
    result = await service.sync_all(full=False)
    return {**result.summary(), "wall_seconds": time.perf_counter() - started}


async def store_queries(db: Database) -> dict[str, float]:
    repo = PostsRepo(db)
    out: dict[str, float] = {}
    cases = {
        "search_ms": PostFilter(text="tutorial", limit=200),
        "filter_platform_status_ms": PostFilter(
            platforms=["instagram"], statuses=["scheduled"], limit=200
        ),
        "month_range_ms": PostFilter(
            since=datetime.now(UTC) - timedelta(days=31), until=datetime.now(UTC)
        ),
        "count_ms": PostFilter(statuses=["published"]),
    }
    for name, f in cases.items():
        times = []
        for _ in range(5):
            t = time.perf_counter()
            if name == "count_ms":
                await repo.count(f)
            else:
                await repo.query(f)
            times.append(time.perf_counter() - t)
        out[name] = statistics.median(times) * 1000
    return out


async def main_async(args: argparse.Namespace) -> dict[str, Any]:
    proc, info = start_emulator(args.posts, args.latency_ms)
    home = Path(tempfile.mkdtemp(prefix="s200-bench-scale-"))
    try:
        report: dict[str, Any] = {
            "posts": args.posts, "latency_ms": args.latency_ms, **page_costs(info, args.posts)
        }  # fmt: skip
        raws, syncs, stalls, raw_stalls = [], [], [], []
        raw_cpu, sync_cpu, indexed, indexed_cpu = [], [], [], []
        db = handles = None
        for run in range(args.runs):
            cpu = time.process_time()
            raw, seen, raw_stall = await raw_fetch(info)
            raw_cpu.append(time.process_time() - cpu)
            raws.append(raw)
            raw_stalls.append(raw_stall)
            times, db_run, handles_run = await first_sync(info, home)
            sync_cpu.append(times["cpu"])
            indexed.append(times["indexed"])
            indexed_cpu.append(times["indexed_cpu"])
            syncs.append(times["seconds"])
            stalls.append(times["stall"])
            if run < args.runs - 1:
                await handles_run[0].close()
                await db_run.aclose()
            else:
                db, handles = db_run, handles_run
        report.update({
            "posts_listed": seen,
            "raw_fetch_s": statistics.median(raws),
            "first_sync_s": statistics.median(syncs),
            "first_over_raw": statistics.median(s / r for s, r in zip(syncs, raws, strict=True)),
            # CPU seconds of this process (every thread; the emulator is another process): what
            # the sync costs beyond the fetch, whatever else the machine is running.
            "raw_fetch_cpu_s": statistics.median(raw_cpu),
            "first_sync_cpu_s": statistics.median(sync_cpu),
            # Until the search index is filled too (the sync returns before; searches scan).
            "search_index_filled_s": statistics.median(indexed),
            "search_index_filled_over_raw": statistics.median(
                i / r for i, r in zip(indexed, raws, strict=True)
            ),
            "search_index_filled_cpu_s": statistics.median(indexed_cpu),
            "longest_loop_stall_ms": max(stalls),
            # The same ticker during the raw fetch: what the machine's load alone causes.
            "longest_loop_stall_raw_fetch_ms": max(raw_stalls),
        })
        assert db is not None and handles is not None
        client, service = handles
        active = await PostsRepo(db).count(PostFilter(statuses=["scheduled", "pending"]))
        report["active_posts"] = active
        report["request_bound"] = 10 + -(-active // 100)
        change_recent(info, 100)
        recent = await quick_sync(service)
        recent["share_of_first"] = recent["wall_seconds"] / report["first_sync_s"]
        report["quick_after_100_recent_changes"] = recent
        cancel_old_scheduled(info, 100)
        old = await quick_sync(service)
        old["share_of_first"] = old["wall_seconds"] / report["first_sync_s"]
        report["quick_after_100_old_scheduled_cancelled"] = old
        report.update(await store_queries(db))
        report["peak_rss_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        await client.close()
        await db.aclose()
        return report
    finally:
        proc.terminate()
        proc.wait(timeout=10)
        shutil.rmtree(home, ignore_errors=True)  # two stores of 130 MB each at 100,000


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--posts", type=int, default=100_000)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--json", type=Path, help="also write the report here")
    parser.add_argument(
        "--latency-ms", type=float, default=0.0,
        help="the emulator waits this long before each answer, as a server across a network"
             " does (0: none; the goal's figures are measured with none)",
    )  # fmt: skip
    args = parser.parse_args()
    report = asyncio.run(main_async(args))
    text = json.dumps(report, indent=2, default=float)
    print(text)
    if args.json:
        args.json.write_text(text + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
