"""Deep pages and filtered totals come from indexes and remembered positions: the answers must be
exactly those of a plain scan, before and after the listing changes."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from typing import Any

import httpx

from s200desk.emulator import EmulatorServer
from s200desk.emulator.state import ANCHOR_STEP

from .conftest import client_for, post_body

FILTERS: list[dict[str, str]] = [
    {},
    {"platform": "x"},
    {"status": "scheduled"},
    {"status": "published"},
    {"platform": "instagram", "status": "published"},
]


def _everything(server: EmulatorServer) -> list[dict[str, Any]]:
    """The main account's posts in listing order, read straight from the table (the reference)."""
    with server.state.lock:
        rows = server.state._db.execute(
            "SELECT id, platform, status FROM posts WHERE account_id = ? "
            "ORDER BY created_at DESC, seq DESC",
            (server.emu.primary_account,),
        ).fetchall()
    return [dict(r) for r in rows]


def _expected(server: EmulatorServer, f: dict[str, str]) -> list[str]:
    return [
        r["id"] for r in _everything(server)
        if all(r[k] == v for k, v in f.items())
    ]


def _listed(api: httpx.Client, f: dict[str, str]) -> tuple[list[str], set[int]]:
    ids: list[str] = []
    totals: set[int] = set()
    offset = 0
    while True:
        page = api.get("/api-posts", params={**f, "limit": 100, "offset": offset}).json()
        totals.add(page["total"])
        ids += [p["id"] for p in page["posts"]]
        if not page["posts"]:
            return ids, totals
        offset += 100


def _check_all_filters(server: EmulatorServer, api: httpx.Client) -> None:
    for f in FILTERS:
        expected = _expected(server, f)
        ids, totals = _listed(api, f)
        assert ids == expected, f
        assert totals == {len(expected)}, f


def test_deep_pages_and_totals_match_a_plain_scan(
    make_server: Callable[..., EmulatorServer],
) -> None:
    server = make_server(seed="demo")
    server.add_bulk_posts(3 * ANCHOR_STEP + 37)
    with client_for(server) as api:
        _check_all_filters(server, api)
        # A page that starts between remembered positions, and one past the end.
        odd = api.get("/api-posts", params={"limit": 7, "offset": ANCHOR_STEP + 3}).json()
        assert [p["id"] for p in odd["posts"]] == _expected(server, {})[
            ANCHOR_STEP + 3 : ANCHOR_STEP + 10
        ]
        beyond = api.get("/api-posts", params={"limit": 100, "offset": 10**6}).json()
        assert beyond["posts"] == []
        assert beyond["total"] == len(_expected(server, {}))


def test_listing_follows_creates_cancels_and_publishing(
    make_server: Callable[..., EmulatorServer],
) -> None:
    server = make_server(seed="demo")
    server.add_bulk_posts(2 * ANCHOR_STEP + 11)
    with client_for(server) as api:
        _check_all_filters(server, api)  # remembers positions for every filter
        when = (server.clock.now() + timedelta(hours=2)).strftime("%Y-%m-%dT%H:%M:%SZ")
        created = api.post("/api-posts", json=post_body(scheduledFor=when)).json()
        scheduled = _expected(server, {"status": "scheduled"})
        victim = next(pid for pid in scheduled if pid != created.get("post_id"))
        assert api.delete(f"/api-posts/{victim}").status_code == 200
        server.advance(timedelta(days=3))  # publishes what came due
        _check_all_filters(server, api)


def test_equal_creation_times_keep_one_order(make_server: Callable[..., EmulatorServer]) -> None:
    server = make_server()
    server.add_bulk_posts(ANCHOR_STEP * 2)
    ids = _expected(server, {})
    # Give a run of posts that straddles a remembered position the same creation time.
    same = server.state.post(ids[ANCHOR_STEP - 5])
    assert same is not None
    for pid in ids[ANCHOR_STEP - 5 : ANCHOR_STEP + 5]:
        server.state.update_post(pid, created_at=same["created_at"])
    with client_for(server) as api:
        _check_all_filters(server, api)


def test_a_database_from_before_the_counts_gets_them(tmp_path: Any) -> None:
    path = str(tmp_path / "emulator.sqlite3")
    first = EmulatorServer(db_path=path, seed="demo")
    expected = len(_expected(first, {}))
    first.state._db.execute("DELETE FROM post_counts")
    first.stop()
    again = EmulatorServer(db_path=path).start()
    try:
        with client_for(again) as api:
            assert api.get("/api-posts", params={"limit": 1}).json()["total"] == expected
    finally:
        again.stop()


def test_bulk_seed_by_admin_route(make_server: Callable[..., EmulatorServer]) -> None:
    server = make_server()
    with client_for(server) as api:
        before = api.get("/api-posts", params={"limit": 1}).json()["total"]
        with httpx.Client(base_url=server.site_url, trust_env=False) as admin:
            assert admin.post("/__admin/posts/bulk", json={"count": 250}).status_code == 201
            assert admin.post("/__admin/posts/bulk", json={"count": 0}).status_code == 400
            assert admin.post("/__admin/posts/bulk", json={"count": "9"}).status_code == 400
        after = api.get("/api-posts", params={"limit": 1}).json()["total"]
    assert after == before + 250


def test_bulk_seed_is_a_realistic_mix() -> None:
    server_like = EmulatorServer(seed="basic")
    try:
        added = server_like.add_bulk_posts(1000)
        statuses = [r["status"] for r in _everything(server_like)]
    finally:
        server_like.stop()
    assert added == 1000
    assert statuses.count("scheduled") > 0
    assert statuses.count("failed") > 0
    assert statuses.count("published") > 900
