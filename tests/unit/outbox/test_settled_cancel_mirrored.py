"""A cancel that settled is written into the store's post even when whoever settled it is
cancelled right then (the app closing, a test's sender stopped once its outcome is known)."""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest

from s200desk.services.outbox import IntentState
from s200desk.services.outbox.model import cancel_intent
from s200desk.services.outbox.store import IntentStore
from s200desk.store import Database, PostsRepo

POST = {"id": "p1", "platform": "x", "account_id": "@me", "caption": "hello",
        "status": "scheduled", "scheduled_for": "2030-01-07T09:00:00Z",
        "created_at": "2030-01-01T09:00:00Z"}


async def test_a_done_cancel_reaches_the_post_though_its_sender_stops(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    db = await Database.open_async(tmp_path / "ws.sqlite3")
    try:
        posts = PostsRepo(db)
        await posts.upsert_many([POST])
        store = IntentStore(db)
        [intent] = await store.insert_many([cancel_intent("p1", platform="x", account_id="@me")])
        assert await store.mark_sending(intent.id) is not None
        mark = store.posts.posts.mark_status

        async def slow_mark(post_id: str, status: str) -> bool:
            await asyncio.sleep(0.05)  # the store busy with something else for a moment
            return await mark(post_id, status)

        monkeypatch.setattr(store.posts.posts, "mark_status", slow_mark)
        sender = asyncio.create_task(store.settle(intent.id, IntentState.DONE))
        while (await store.get(intent.id)).state is not IntentState.DONE:  # type: ignore[union-attr]
            await asyncio.sleep(0)
        sender.cancel()  # its outcome is known: stopped, as world.run / aclose do
        await asyncio.gather(sender, return_exceptions=True)
        await asyncio.sleep(0.2)
        stored = await posts.get("p1")
        assert stored is not None and stored.status == "cancelled"
    finally:
        await db.aclose()
