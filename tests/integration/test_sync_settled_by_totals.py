"""Old scheduled posts cancelled on the server: the quick sync stores them cancelled on the word of
the listing's totals, without reading each (issue 17's request bound), and reads them as before
whenever the totals do not balance (a post published or failed instead, a post removed).

The emulator's manual clock is the sync's clock too, so "still well before its time" holds on any
date; the bulk history (``add_bulk_posts``) scatters its scheduled posts through ~3,000 posts."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import timedelta
from typing import Any

import httpx
import pytest

from s200desk.api import AsyncStatus200Client
from s200desk.services import events
from s200desk.services.events import Change, ChangeBus
from s200desk.services.sync import SyncService
from s200desk.services.sync_balance import BALANCE_REQUESTS
from s200desk.store import Database
from tests.integration.server_access import server_http as _http
from tests.integration.server_access import workspace_store

HISTORY = 3000
POSTS_BY_ID = "/functions/v1/api-posts/{post_id}"
# Profiles, platforms, the newest page, the scheduled and pending listings (a page each here)
# and the three totals.
SETTLED_BY_TOTALS = 2 + 1 + 1 + 1 + BALANCE_REQUESTS


@pytest.fixture
async def db() -> AsyncIterator[Database]:
    async with workspace_store("settled") as database:
        yield database


def _deep_scheduled(http: httpx.Client, count: int) -> list[str]:
    """``count`` scheduled posts of the bulk history, none on the newest pages: spread through
    it, one in every ~50 posts."""
    page = http.get("/api-posts", params={"status": "scheduled", "limit": 100}).json()
    ids = [p["id"] for p in page["posts"]]
    top = {p["id"] for p in http.get("/api-posts", params={"limit": 100}).json()["posts"]}
    deep = [pid for pid in ids if pid not in top]
    assert len(deep) >= count, len(deep)
    return deep[:count]


def _cancel_deep(http: httpx.Client, count: int, *, spare: int = 0) -> list[str]:
    """``_deep_scheduled(count)``, every one but the first ``spare`` cancelled on the server."""
    deep = _deep_scheduled(http, count)
    for pid in deep[spare:]:
        assert http.delete(f"/api-posts/{pid}").status_code == 200
    return deep


def _truth(http: httpx.Client) -> dict[str, str]:
    statuses: dict[str, str] = {}
    offset = 0
    while True:
        page = http.get("/api-posts", params={"limit": 100, "offset": offset}).json()
        statuses.update({p["id"]: p["status"] for p in page["posts"]})
        offset += 100
        if offset >= page["total"]:
            return statuses


async def _stored(service: SyncService) -> dict[str, str]:
    return {p.id: p.status for p in await service.posts.query()}


def _count(emulator: Any, *key: str) -> int:
    """The server's tally (a request is in it by the time its answer arrives)."""
    return int(emulator.request_count(*key))


async def _quick(emulator: Any, service: SyncService) -> tuple[Any, int, int]:
    """A quick sync; its result, and the requests the server received and GETs by id."""
    before, by_id = _count(emulator), _count(emulator, "GET", POSTS_BY_ID)
    result = await service.sync_all(full=False)
    return (
        result, _count(emulator) - before, _count(emulator, "GET", POSTS_BY_ID) - by_id,
    )  # fmt: skip


@pytest.fixture
async def synced(emulator: Any, db: Database) -> AsyncIterator[tuple[SyncService, list[Change]]]:
    emulator.add_bulk_posts(HISTORY)
    bus = ChangeBus()
    heard: list[Change] = []
    bus.subscribe(heard.append)
    async with AsyncStatus200Client(
        api_key=emulator.api_key, base_url=emulator.base_url, site_url=emulator.site_url
    ) as client:
        service = SyncService(client, db, bus, clock=emulator.clock.now)
        assert (await service.sync_all(full=True)).full
        heard.clear()
        yield service, heard


async def test_old_scheduled_posts_cancelled_are_stored_cancelled_without_reading_each(
    emulator: Any, synced: tuple[SyncService, list[Change]]
) -> None:
    service, heard = synced
    with _http(emulator) as http:
        cancelled = _cancel_deep(http, 20)
    active = len(await service.posts.ids_with_status(("scheduled", "pending"))) - len(cancelled)

    quick, received, by_id = await _quick(emulator, service)

    assert not quick.full and quick.removed_post_ids == ()
    # No post read by id or by page of the history; the server saw issue 17's bound kept.
    assert quick.requests == SETTLED_BY_TOTALS, quick.summary()
    assert received <= 10 + -(-active // 100), received
    assert by_id == 0
    with _http(emulator) as http:
        truth = _truth(http)
    assert await _stored(service) == truth
    assert {truth[pid] for pid in cancelled} == {"cancelled"}
    # The views hear of each: the relay gets the changed ids.
    told = {pid for c in heard if c.kind == events.POSTS for pid in c.ids}
    assert set(cancelled) <= told and set(cancelled) <= set(quick.changed_post_ids)


@pytest.mark.parametrize("instead", ["published", "failed"])
async def test_one_of_them_published_or_failed_instead_means_each_is_read(
    emulator: Any, synced: tuple[SyncService, list[Change]], instead: str
) -> None:
    service, _ = synced
    with _http(emulator) as http:
        moved = _cancel_deep(http, 20, spare=1)
    now = emulator.clock.now()
    if instead == "published":
        emulator.state.update_post(moved[0], status="published", published_at=now)
    else:
        emulator.state.update_post(moved[0], status="failed", error_code="X", error_message="no")

    quick, received, _ = await _quick(emulator, service)

    # The published count (or the failed one) no longer balances: the moved posts are read.
    assert received > SETTLED_BY_TOTALS, quick.summary()
    with _http(emulator) as http:
        truth = _truth(http)
    stored = await _stored(service)
    assert stored == truth
    assert stored[moved[0]] == instead
    assert {stored[pid] for pid in moved[1:]} == {"cancelled"}
    assert moved[0] in quick.changed_post_ids


async def test_a_post_removed_on_the_server_means_each_is_read(
    emulator: Any, synced: tuple[SyncService, list[Change]]
) -> None:
    service, _ = synced
    with _http(emulator) as http:
        moved = _cancel_deep(http, 20, spare=1)
        page = http.get("/api-posts", params={"status": "published", "limit": 1, "offset": 500})
        published = page.json()["posts"][0]["id"]
    # One published post removed and one moved post published instead: the published count
    # balances, the number of posts does not.
    assert emulator.state.delete_post(published)
    emulator.state.update_post(moved[0], status="published", published_at=emulator.clock.now())

    quick, received, _ = await _quick(emulator, service)

    assert received > SETTLED_BY_TOTALS, quick.summary()
    stored = await _stored(service)
    assert stored[moved[0]] == "published"
    assert {stored[pid] for pid in moved[1:]} == {"cancelled"}
    # Removals still only by the full pass (or a 404): the removed post is kept until then.
    assert published in stored and quick.removed_post_ids == ()
    full = await service.sync_all(full=True)
    assert full.removed_post_ids == (published,)
    with _http(emulator) as http:
        assert await _stored(service) == _truth(http)


async def test_a_post_due_soon_is_read_not_presumed(
    emulator: Any, synced: tuple[SyncService, list[Change]]
) -> None:
    service, _ = synced
    with _http(emulator) as http:
        moved = _cancel_deep(http, 20)
    # One of them is due within minutes: it could be publishing ("processing") rather than
    # cancelled, which no total tells apart, so it is read.
    soon = emulator.clock.now() + timedelta(minutes=5)
    await service.db.run(
        lambda c: c.execute(
            "UPDATE posts SET scheduled_for = ? WHERE id = ?",
            (soon.strftime("%Y-%m-%dT%H:%M:%S.000Z"), moved[0]),
        )
    )

    _, _, by_id = await _quick(emulator, service)

    assert by_id == 1
    stored = await _stored(service)
    assert {stored[pid] for pid in moved} == {"cancelled"}


class _CancelsWhileListing(SyncService):
    """A sync during which, right after the scheduled listing's first page, someone else
    cancels a post of that page: the rest of the listing moves up one place under the sync."""

    after_first_scheduled_page: Any = None

    async def _fetch_page(self, offset: int, limit: int, status: str | None = None) -> str:
        text = await super()._fetch_page(offset, limit, status)
        if status == "scheduled" and offset == 0 and self.after_first_scheduled_page:
            self.after_first_scheduled_page()
            self.after_first_scheduled_page = None
        return text


async def test_a_cancel_while_the_listing_is_read_means_each_is_read(
    emulator: Any, db: Database
) -> None:
    emulator.add_bulk_posts(HISTORY)
    async with AsyncStatus200Client(
        api_key=emulator.api_key, base_url=emulator.base_url, site_url=emulator.site_url
    ) as client:
        # Pages of 20, so that the scheduled listing takes several.
        service = _CancelsWhileListing(
            client, db, ChangeBus(), page_size=20, clock=emulator.clock.now
        )
        assert (await service.sync_all(full=True)).full
        with _http(emulator) as http:
            listing = [p["id"] for p in http.get(
                "/api-posts", params={"status": "scheduled", "limit": 100}
            ).json()["posts"]]  # fmt: skip
            for pid in listing[30:40]:
                assert http.delete(f"/api-posts/{pid}").status_code == 200
        # The post first on the listing's second page slips to the first once listing[5] is
        # cancelled, which the sync has already read: no page of the listing names it.
        slipped = listing[20]
        service.after_first_scheduled_page = lambda: emulator.state.update_post(
            listing[5], status="cancelled"
        )

        await service.sync_all(full=False)

        stored = await _stored(service)
        assert stored[slipped] == "scheduled"
        assert {stored[pid] for pid in listing[30:40]} == {"cancelled"}
