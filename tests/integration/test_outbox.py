"""The outbox against the real emulator over loopback: nothing lost, nothing posted twice."""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable
from datetime import timedelta
from typing import Any

import httpx
import pytest

from s200desk.api import AsyncStatus200Client
from s200desk.services.events import ChangeBus
from s200desk.services.lifecycle.service import PostLifecycle
from s200desk.services.outbox import (
    OUTBOX,
    BackoffPolicy,
    IntentState,
    MediaRef,
    OutboxService,
    PostSpec,
    create_intent,
)
from s200desk.services.outbox.store import to_row
from s200desk.services.scheduling import parse_iso_utc, resolve_schedule
from s200desk.store import outbox_repo

HANDLE = "@lumenstudio"
# After the emulator's manual clock (tests/conftest.py, May 2026), which is the only clock these
# tests' times meet: the outbox itself never compares a scheduled time with the wall clock.
WHEN = "2026-12-01T09:00:00Z"
VIDEO = "https://example.com/clip.mp4"
IMAGE = "https://example.com/photo.jpg"
FAST = BackoffPolicy(base=0.02, cap=0.1, cooldown=0.1)


def admin_posts(server: Any) -> list[dict[str, Any]]:
    response = httpx.get(f"{server.site_url}/__admin/posts", timeout=10)
    response.raise_for_status()
    return list(response.json()["posts"])


def ours(server: Any, token: str) -> list[dict[str, Any]]:
    return [p for p in admin_posts(server) if token in (p.get("caption") or "")]


class FaultOnCreate:
    """Wraps a client so the emulator injects ``faults`` for the next N creates only."""

    def __init__(self, client: AsyncStatus200Client, server: Any, times: int = 1, **faults: float):
        self._client = client
        self._server = server
        self._faults = faults
        self.left = times
        self.posts = self
        self.creates = 0
        self._one_at_a_time = asyncio.Lock()  # so a fault meant for one create hits only it

    def __getattr__(self, name: str) -> Any:
        return getattr(self._client.posts, name) if name in {"list", "get", "cancel"} else (
            getattr(self._client, name)
        )

    async def _wrap(self, real: Callable[..., Any], **kwargs: Any) -> Any:
        async with self._one_at_a_time:
            self.creates += 1
            if self.left <= 0:
                return await real(**kwargs)
            self.left -= 1
            self._server.set_faults(**self._faults)
            try:
                return await real(**kwargs)
            finally:
                self._server.set_faults(**dict.fromkeys(self._faults, 0.0))

    async def create(self, **kwargs: Any) -> Any:
        return await self._wrap(self._client.posts.create, **kwargs)

    async def create_v2(self, **kwargs: Any) -> Any:
        return await self._wrap(self._client.posts.create_v2, **kwargs)




def spec(platform: str, text: str, **kw: Any) -> PostSpec:
    return PostSpec(account_id=HANDLE, platform=platform, text=text, scheduled_for=WHEN, **kw)


async def test_fan_out_sends_exactly_the_right_bodies(emulator: Any, client: Any, db: Any) -> None:
    bus = ChangeBus()
    seen: list[str] = []
    bus.subscribe(lambda change: seen.extend(change.ids) if change.kind == OUTBOX else None)
    service = OutboxService(db, client, bus, policy=FAST)
    token = "fanout-7f3a"
    specs = [
        spec("tiktok", f"Launch {token}", media=(MediaRef(url=VIDEO),),
             options={"privacyLevel": "SELF_ONLY"}),
        spec("instagram", f"Launch {token}", media=(MediaRef(url=VIDEO),),
             options={"postType": "reel", "shareToFeed": True}),
        spec("x", f"Launch {token}", options={"replySettings": "following"}),
        spec("pinterest", f"Launch {token}", media=(MediaRef(url=IMAGE),),
             options={"boardId": "studio-inspiration"}),
    ]  # fmt: skip
    intents = await service.submit_posts(specs, group_id="g1")
    # One upload per distinct URL, written before anything was sent.
    assert [i.kind.value for i in intents].count("media_upload") == 2
    assert all(i.state is IntentState.PENDING for i in intents)
    counts = await service.drain("g1")
    assert counts == {"done": 6}
    posts = {p["platform"]: p for p in ours(emulator, token)}
    assert sorted(posts) == ["instagram", "pinterest", "tiktok", "x"]
    for p in posts.values():
        assert p["account_id"] == HANDLE and p["status"] == "scheduled"
        assert parse_iso_utc(p["scheduled_for"]) == parse_iso_utc(WHEN)
    assert posts["tiktok"]["platform_options"] == {"privacyLevel": "SELF_ONLY"}
    assert posts["instagram"]["platform_options"] == {"postType": "reel", "shareToFeed": True}
    assert posts["pinterest"]["platform_options"] == {"boardId": "studio-inspiration"}
    assert posts["x"]["media"] == []
    assert posts["tiktok"]["media"][0]["type"] == "video/mp4"
    assert posts["tiktok"]["media"][0]["file_id"] == posts["instagram"]["media"][0]["file_id"]
    assert posts["pinterest"]["media"][0]["type"] == "image/jpeg"
    done = await service.list(group_id="g1")
    created = {i.post_id for i in done if i.kind.value == "create"}
    assert created == {p["id"] for p in posts.values()}
    assert set(seen) >= {i.id for i in done}  # the panel heard about every intent


@pytest.mark.parametrize(
    "fault",
    [{"drop_rate": 1.0}, {"malformed_rate": 1.0}, {"error_rate": 1.0}],
    ids=["dropped-after-commit", "malformed-2xx", "500"],
)
async def test_ambiguous_outcomes_are_reconciled_not_resent(
    emulator: Any, client: Any, db: Any, fault: dict[str, float]
) -> None:
    flaky = FaultOnCreate(client, emulator, **fault)
    service = OutboxService(db, flaky, policy=FAST)
    token = f"ambiguous-{next(iter(fault))}"
    await service.submit_posts([spec("x", f"Hello {token}"), spec("linkedin", f"Hi {token}")],
                               group_id="g")
    assert await service.drain("g") == {"done": 2}
    posts = ours(emulator, token)
    assert sorted(p["platform"] for p in posts) == ["linkedin", "x"]  # exactly one each
    intents = {i.platform: i for i in await service.list(group_id="g")}
    assert {i.post_id for i in intents.values()} == {p["id"] for p in posts}
    if next(iter(fault)) == "error_rate":
        # The injected 500 committed nothing: reconciliation found nothing, so it was re-sent.
        assert flaky.creates == 3
    else:
        # The post was committed: reconciliation found it; no second create was sent.
        assert flaky.creates == 2
        hit = [i for i in intents.values() if (i.result or {}).get("reconciled")]
        assert len(hit) == 1 and hit[0].attempts == 1


async def test_429_waits_for_retry_after(emulator: Any, client: Any, db: Any) -> None:
    flaky = FaultOnCreate(client, emulator, burst_429_rate=1.0)
    service = OutboxService(db, flaky, policy=FAST)
    await service.submit_posts([spec("x", "rate limited 429tok")], group_id="g")
    started = time.monotonic()
    assert await service.drain("g") == {"done": 1}
    assert time.monotonic() - started >= 0.9  # the emulator says Retry-After: 1
    (intent,) = await service.list(group_id="g")
    assert intent.attempts == 1  # a 429 is "not yet", not a failed try
    assert emulator.request_count("POST", "/functions/v1/api-posts", status=429) == 1
    assert len(ours(emulator, "429tok")) == 1


async def test_clear_refusals_fail_with_the_servers_reason(
    emulator: Any, client: Any, db: Any
) -> None:
    service = OutboxService(db, client, policy=FAST)
    await service.submit_posts(
        [
            spec("facebook", "to a disconnected profile refusetok"),  # 403
            spec("x", "x" * 281 + " refusetok"),  # 400 caption too long
            spec("linkedin", "fine refusetok"),
        ],
        group_id="g",
    )
    assert await service.drain("g") == {"failed": 2, "done": 1}
    by_platform = {i.platform: i for i in await service.list(group_id="g")}
    assert by_platform["facebook"].last_error_code == "403"
    assert "disconnected" in (by_platform["facebook"].last_error or "")
    assert by_platform["x"].last_error_code == "400"
    assert "280" in (by_platform["x"].last_error or "")
    assert [p["platform"] for p in ours(emulator, "refusetok")] == ["linkedin"]
    # A failed intent stays editable and can be retried.
    fixed = dict(by_platform["x"].payload, text="shorter now refusetok")
    assert await service.edit(by_platform["x"].id, fixed) is not None
    assert await service.retry(by_platform["x"].id) is not None
    assert await service.drain("g") == {"failed": 1, "done": 2}
    assert sorted(p["platform"] for p in ours(emulator, "refusetok")) == ["linkedin", "x"]


async def _left_sending(db: Any, client: Any, text: str) -> str:
    """Simulate a kill after ``mark_sending``: an intent in ``sending`` with its watermark."""
    intent = create_intent(spec("x", text))
    db.call(outbox_repo.insert_many_tx, [to_row(intent)])
    page = await client.posts.list(platform="x", limit=1)
    mark = page.posts[0].created_at.strftime("%Y-%m-%dT%H:%M:%S.000Z") if page.posts else None
    db.call(outbox_repo.mark_sending_tx, intent.id, fingerprint="x", watermark=mark)
    return intent.id


async def test_resume_after_a_crash_with_the_post_on_the_server(
    emulator: Any, client: Any, db: Any
) -> None:
    intent_id = await _left_sending(db, client, "crashed after send resumetok1")
    created = await client.posts.create(
        account_id=HANDLE, platform="x", content={"text": "crashed after send resumetok1"},
        scheduled_for=WHEN,
    )  # fmt: skip
    service = OutboxService(db, client, policy=FAST)
    assert await service.resume() == 1
    intent = await service.get(intent_id)
    assert intent and intent.state is IntentState.DONE and intent.post_id == created.post_id
    await service.run(stop_when_idle=True)
    assert len(ours(emulator, "resumetok1")) == 1


async def test_resume_after_a_crash_before_the_post_reached_the_server(
    emulator: Any, client: Any, db: Any
) -> None:
    intent_id = await _left_sending(db, client, "crashed before send resumetok2")
    service = OutboxService(db, client, policy=FAST)
    await service.run(stop_when_idle=True)
    intent = await service.get(intent_id)
    assert intent and intent.state is IntentState.DONE and intent.attempts == 2
    assert len(ours(emulator, "resumetok2")) == 1


async def test_identical_intents_are_two_posts(emulator: Any, client: Any, db: Any) -> None:
    # Both answers are lost: each intent must claim its own post, not both the first one.
    flaky = FaultOnCreate(client, emulator, times=2, drop_rate=1.0)
    service = OutboxService(db, flaky, policy=FAST)
    twin = spec("x", "same words twintok")
    await service.submit_posts([twin, twin], group_id="g")
    assert await service.drain("g") == {"done": 2}
    posts = ours(emulator, "twintok")
    assert len(posts) == 2
    assert {i.post_id for i in await service.list(group_id="g")} == {p["id"] for p in posts}


async def test_reschedule_is_replacement_first(emulator: Any, client: Any, db: Any) -> None:
    original = await client.posts.create(
        account_id=HANDLE, platform="x", content={"text": "move me movetok"}, scheduled_for=WHEN
    )
    service = OutboxService(db, client, policy=FAST)
    later = "2026-12-02T10:00:00Z"
    moved = await PostLifecycle(service, now=emulator.clock.now).reschedule(
        original.post_id, parse_iso_utc(later), account_id=HANDLE, platform="x"
    )
    group = moved.group_id
    assert group and await service.drain(group) == {"done": 2}
    posts = {p["id"]: p for p in ours(emulator, "movetok")}
    assert posts[original.post_id]["status"] == "cancelled"
    (replacement,) = [p for p in posts.values() if p["id"] != original.post_id]
    assert replacement["status"] == "scheduled"
    assert parse_iso_utc(replacement["scheduled_for"]) == parse_iso_utc(later)


async def test_reschedule_after_the_original_was_published(
    emulator: Any, client: Any, db: Any
) -> None:
    soon = emulator.clock.now() + timedelta(minutes=5)
    original = await client.posts.create(
        account_id=HANDLE, platform="x", content={"text": "too late latetok"}, scheduled_for=soon
    )
    emulator.advance(timedelta(minutes=10))  # it publishes
    service = OutboxService(db, client, policy=FAST)
    moved_later = await PostLifecycle(service, now=emulator.clock.now).reschedule(
        original.post_id, parse_iso_utc(WHEN), account_id=HANDLE, platform="x"
    )
    group = moved_later.group_id
    assert group
    counts = await service.drain(group)
    # The full read by id shows it published: no replacement is made, and the move says why.
    assert counts == {"failed": 2}
    replacement = next(i for i in await service.list(group_id=group) if i.role == "replacement")
    assert "published" in (replacement.last_error or "")
    statuses = sorted(p["status"] for p in ours(emulator, "latetok"))
    assert statuses == ["published"]  # only the original, never a second copy


@pytest.mark.parametrize(
    ("wall", "expected"),
    [
        ("2027-03-28 02:30", "2027-03-28T01:30:00Z"),  # spring-forward gap -> 03:30 CEST
        ("2027-10-31 02:30", "2027-10-31T00:30:00Z"),  # fall-back overlap -> the earlier (CEST)
    ],
)
async def test_dst_times_land_at_the_documented_instant(
    emulator: Any, client: Any, db: Any, wall: str, expected: str
) -> None:
    # "In the future" means after the server's clock: the emulator's manual one, not today's date.
    when = resolve_schedule(wall, "Europe/Berlin", now=emulator.clock.now())
    assert when.note  # the user is told
    service = OutboxService(db, client, policy=FAST)
    token = f"dst-{wall[:10]}"
    await service.submit_posts(
        [PostSpec(account_id=HANDLE, platform="x", text=token, scheduled_for=when.iso_z)],
        group_id="g",
    )
    assert await service.drain("g") == {"done": 1}
    (post,) = ours(emulator, token)
    assert parse_iso_utc(post["scheduled_for"]) == parse_iso_utc(expected)


async def test_a_full_day_is_queued_for_the_next_with_its_date(
    emulator: Any, client: Any, db: Any
) -> None:
    emulator.set_plan("free")  # 5 posts per platform per day
    clip = (await client.media.upload(url=VIDEO)).file_id
    for n in range(5):
        await client.posts.create_v2(
            account_id=HANDLE, platform="tiktok", scheduled_for=WHEN,
            content={"text": f"filler {n}", "mediaID": [clip]},
            tiktok={"privacyLevel": "SELF_ONLY"},
        )  # fmt: skip
    # The answer to the 202 is lost too: reconciliation must recognise the moved post.
    flaky = FaultOnCreate(client, emulator, times=1, drop_rate=1.0)
    service = OutboxService(db, flaky, policy=FAST)
    opts = {"privacyLevel": "SELF_ONLY"}
    await service.submit_posts(
        [spec("tiktok", "sixth lost queuetok", options=opts, media=(MediaRef(file_id=clip),))],
        group_id="lost",
    )
    assert await service.drain("lost") == {"queued_for_next_day": 1}
    await service.submit_posts(
        [spec("tiktok", "seventh queuetok", options=opts, media=(MediaRef(file_id=clip),))],
        group_id="answered",
    )
    assert await service.drain("answered") == {"queued_for_next_day": 1}
    for group in ("lost", "answered"):
        (intent,) = await service.list(group_id=group)
        assert intent.queued_for and intent.post_id
    posts = {p["caption"]: p for p in ours(emulator, "queuetok")}
    assert len(posts) == 2
    for post in posts.values():  # the next day with room: 2026-12-02 has 2 of 5
        assert parse_iso_utc(post["scheduled_for"]) == parse_iso_utc("2026-12-02T09:00:00Z")
    (lost,) = await service.list(group_id="lost")
    assert lost.result and lost.result.get("reconciled") and lost.attempts == 1


async def test_one_sender_per_workspace(emulator: Any, client: Any, db: Any) -> None:
    from s200desk.services.outbox import OutboxBusy

    first = OutboxService(db, client, policy=FAST)
    second = OutboxService(db, client, policy=FAST)
    started = asyncio.Event()

    async def until() -> bool:
        started.set()
        await asyncio.sleep(0.05)
        return False

    task = asyncio.create_task(first.run(until=until))
    await started.wait()
    with pytest.raises(OutboxBusy):
        await second.run(stop_when_idle=True)
    task.cancel()
    with pytest.raises(asyncio.CancelledError):
        await task
    await second.run(stop_when_idle=True)  # free again once the first stopped
