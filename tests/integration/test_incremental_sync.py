"""The quick sync reads what can have changed, not the whole history, and still misses nothing:
posts published, cancelled, failed or removed on the server between syncs show up after the next
sync (removals of posts that could no longer change: after the daily full pass)."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta
from typing import Any

import httpx
import pytest

from s200desk.api import AsyncStatus200Client
from s200desk.services.events import ChangeBus
from s200desk.services.sync import FULL_PASS, FULL_PASS_EVERY, SyncService
from s200desk.store import Database, to_utc_iso
from tests.integration.server_access import server_http as _http
from tests.integration.server_access import workspace_store


@pytest.fixture
async def db() -> AsyncIterator[Database]:
    async with workspace_store("incremental") as database:
        yield database


def _post(http: httpx.Client, text: str, when: datetime | None = None, platform: str = "x") -> str:
    body: dict[str, Any] = {
        "accountId": "@lumenstudio", "platform": platform, "content": {"text": text},
    }
    if when is not None:
        body["scheduledFor"] = when.strftime("%Y-%m-%dT%H:%M:%SZ")
    resp = http.post("/api-posts", json={"post": body})
    assert resp.status_code == 200, resp.text
    return str(resp.json()["post_id"])


def _truth(http: httpx.Client) -> dict[str, dict[str, Any]]:
    posts: dict[str, dict[str, Any]] = {}
    offset = 0
    while True:
        page = http.get("/api-posts", params={"limit": 100, "offset": offset}).json()
        posts.update({p["id"]: p for p in page["posts"]})
        offset += 100
        if offset >= page["total"]:
            return posts


async def _stored(service: SyncService) -> dict[str, Any]:
    return {p.id: p for p in await service.posts.query()}


def _same(stored: Any, listed: dict[str, Any]) -> bool:
    def iso(v: Any) -> str | None:
        return to_utc_iso(v) if v else None

    return (stored.status, stored.caption, iso(stored.published_at), iso(stored.scheduled_for)) == (
        listed["status"], listed["caption"], iso(listed.get("published_at")),
        iso(listed.get("scheduled_for")),
    )


async def test_quick_sync_sees_every_change_with_few_requests(emulator: Any, db: Database) -> None:
    now = emulator.clock.now()
    with _http(emulator) as http:
        # Scheduled long ago, so the newest pages of the listing do not hold them.
        soon = [_post(http, f"soon {n}", now + timedelta(hours=1 + n)) for n in range(4)]
        later = [_post(http, f"later {n}", now + timedelta(days=20 + n)) for n in range(30)]
        history = [_post(http, f"old post {n}") for n in range(250)]
    async with AsyncStatus200Client(
        api_key=emulator.api_key, base_url=emulator.base_url, site_url=emulator.site_url
    ) as client:
        service = SyncService(client, db, ChangeBus())
        first = await service.sync_all()
        assert first.full and first.fetched >= 284

        # Between syncs: new posts, one cancelled, two published, one failed, one removed.
        with _http(emulator) as http:
            fresh = [_post(http, f"fresh {n}") for n in range(3)]
            assert http.delete(f"/api-posts/{later[0]}").status_code == 200
        emulator.advance(timedelta(hours=2, minutes=30))  # soon[0] and soon[1] publish
        emulator.state.update_post(soon[2], status="failed", error_code="X", error_message="no")
        assert emulator.state.delete_post(later[1])
        assert emulator.state.delete_post(history[100])

        quick = await service.sync_all()
        assert not quick.full
        # profiles + platforms + 2 top pages + 1 scheduled page + 1 pending page + the 5 active
        # posts no active listing names any more (2 published, failed, cancelled, removed).
        assert quick.requests <= 2 + 2 + 1 + 1 + 5, quick.summary()
        assert quick.fetched <= 200 + 30 + 5 < first.fetched
        with _http(emulator) as http:
            truth = _truth(http)
        stored = await _stored(service)
        assert set(fresh) <= set(stored)
        assert later[1] not in stored and later[1] in quick.removed_post_ids
        for pid, listed in truth.items():
            assert _same(stored[pid], listed), pid
        assert {stored[p].status for p in soon[:2]} == {"published"}
        assert stored[soon[2]].status == "failed"
        assert stored[later[0]].status == "cancelled"
        # A published post removed on the server can only be seen by reading everything.
        assert history[100] in stored

        full = await service.sync_all(full=True)
        assert full.full and full.removed_post_ids == (history[100],)
        assert set(await _stored(service)) == set(truth)


async def test_a_full_pass_comes_once_a_day(emulator: Any, db: Database) -> None:
    async with AsyncStatus200Client(
        api_key=emulator.api_key, base_url=emulator.base_url, site_url=emulator.site_url
    ) as client:
        service = SyncService(client, db, ChangeBus())
        assert (await service.sync_all()).full
        assert not (await service.sync_all()).full
        old = (datetime.now(UTC) - FULL_PASS_EVERY - timedelta(minutes=1)).isoformat()
        await db.run(
            lambda c: c.execute(
                "UPDATE sync_state SET last_success_at = ? WHERE name = ?", (old, FULL_PASS)
            )
        )
        assert (await service.sync_all()).full


async def test_summary_is_what_scripts_read(emulator: Any, db: Database) -> None:
    async with AsyncStatus200Client(
        api_key=emulator.api_key, base_url=emulator.base_url, site_url=emulator.site_url
    ) as client:
        result = await SyncService(client, db, ChangeBus()).sync_all(full=True)
    summary = result.summary()
    assert set(summary) == {"requests", "fetched", "changed", "removed", "seconds", "full"}
    assert summary["full"] is True and summary["requests"] >= 3
    assert summary["fetched"] == result.posts and summary["changed"] == len(result.changed_post_ids)


async def test_a_campaign_changed_deep_in_the_history_costs_a_page_not_a_read_each(
    emulator: Any, db: Database
) -> None:
    now = emulator.clock.now()
    with _http(emulator) as http:
        # Created a second apart (the listing's order), scheduled a month ahead, then buried
        # under 300 newer posts: no page the quick sync reads anyway holds them.
        campaign = []
        for n in range(40):
            campaign.append(_post(http, f"campaign {n}", now + timedelta(days=30, hours=n)))
            emulator.advance(timedelta(seconds=1))
        history = []
        for n in range(300):
            history.append(_post(http, f"old post {n}"))
            emulator.advance(timedelta(seconds=1))
    async with AsyncStatus200Client(
        api_key=emulator.api_key, base_url=emulator.base_url, site_url=emulator.site_url
    ) as client:
        service = SyncService(client, db, ChangeBus())
        assert (await service.sync_all()).full

        # 25 of the campaign cancelled, 2 failed, 1 removed; a newer post removed too, which
        # moves the campaign one place up the listing.
        with _http(emulator) as http:
            for pid in campaign[5:30]:
                assert http.delete(f"/api-posts/{pid}").status_code == 200
        for pid in campaign[30:32]:
            emulator.state.update_post(pid, status="failed", error_code="X", error_message="no")
        assert emulator.state.delete_post(campaign[32])
        assert emulator.state.delete_post(history[7])

        quick = await service.sync_all()
        assert not quick.full
        # profiles + platforms + the top page + the scheduled and pending listings + the
        # campaign's page + the removed post read by id: 28 reads by id before.
        assert quick.requests <= 2 + 1 + 1 + 1 + 2 + 1, quick.summary()
        assert campaign[32] in quick.removed_post_ids
        with _http(emulator) as http:
            truth = _truth(http)
        stored = await _stored(service)
        for pid in campaign:
            if pid != campaign[32]:
                assert _same(stored[pid], truth[pid]), pid
        assert {stored[p].status for p in campaign[5:30]} == {"cancelled"}
        assert {stored[p].status for p in campaign[30:32]} == {"failed"}
        assert campaign[32] not in stored
