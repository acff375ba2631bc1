"""The calendar, the posts list and the command line put a post on the same day: one rule
(``store.records.happens_at`` = the store's ``sort_at``) for a late-published post and a 202-queued
one. Times come from the emulator's manual clock."""

from __future__ import annotations

import asyncio
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path
from typing import Any

from full_posts import ACCOUNT, DOCS_KEY

from s200desk.api import AsyncStatus200Client
from s200desk.api.types.posts import Post
from s200desk.cli.output import posts_table
from s200desk.cli.posts_commands import post_json
from s200desk.store import Database, PostFilter, PostsRepo
from s200desk.ui.calendar.model import CalendarModel
from s200desk.ui.posts.model import PostRow, PostsTableModel


def _day_bounds(day: date) -> tuple[datetime, datetime]:
    start = datetime.combine(day, time(0), tzinfo=UTC)
    return start, start + timedelta(days=1)


def _where_everyone_puts(db: Database, post_id: str, qtbot: Any) -> dict[str, date]:
    posts = PostsRepo(db)
    stored = asyncio.run(posts.get(post_id))
    assert stored is not None and stored.when is not None
    days: dict[str, date] = {"store": stored.when.date()}
    # The store's SQL (sort_at): the day whose window finds it.
    for offset in (-1, 0, 1):
        day = stored.when.date() + timedelta(days=offset)
        since, until = _day_bounds(day)
        found = asyncio.run(posts.query(PostFilter(since=since, until=until)))
        if any(p.id == post_id for p in found):
            days["sql"] = day
    # The posts list (a row built from the stored record and from the API model).
    table = PostsTableModel(time_zone="UTC")
    table.set_posts(asyncio.run(posts.query()))
    row = table.row_at(table.row_of(post_id))
    assert row is not None and row.when is not None
    days["list"] = row.when.date()
    # The calendar.
    cal = CalendarModel(UTC)
    cal.set_rows([PostRow.from_post(p) for p in asyncio.run(posts.query())])
    days["calendar"] = next(d for d in (stored.when.date() + timedelta(days=o) for o in (-1, 0, 1))
                            if any(r.id == post_id for r in cal.rows_on(d)))
    # The command line (its table and --json), from the server's model of the same post.
    api = Post.model_validate(stored.raw)
    line = next(li for li in posts_table([api], "UTC").splitlines() if post_id in li)
    days["cli table"] = date.fromisoformat(line.split()[4])
    days["cli json"] = date.fromisoformat(post_json(api)["happens_at"][:10])
    return days


def test_a_late_published_post_is_on_the_day_it_went_out(tmp_path: Path, qtbot: Any) -> None:
    planned = datetime(2027, 3, 1, 23, 50, tzinfo=UTC)  # any instant: no clock is read here
    went_out = planned + timedelta(minutes=25)  # after midnight: the next day
    db = Database.open(tmp_path / "ws.sqlite3")
    try:
        asyncio.run(PostsRepo(db).upsert_many([{
            "id": "late-1", "platform": "x", "account_id": ACCOUNT, "caption": "late",
            "status": "published", "created_at": (planned - timedelta(days=2)).isoformat(),
            "scheduled_for": planned.isoformat(), "published_at": went_out.isoformat(),
            "media": [], "platform_post_id": "1",
        }]))
        days = _where_everyone_puts(db, "late-1", qtbot)
    finally:
        db.close()
    assert set(days.values()) == {went_out.date()}, days


def test_a_post_queued_by_the_daily_cap_is_on_the_day_it_was_queued_to(
    emulator: Any, tmp_path: Path, qtbot: Any
) -> None:
    emulator.set_plan("free")
    day = (emulator.clock.now() + timedelta(days=2)).replace(hour=9, minute=0, second=0,
                                                            microsecond=0)

    async def fill_and_queue() -> str:
        async with AsyncStatus200Client(api_key=DOCS_KEY, base_url=emulator.base_url,
                                        site_url=emulator.site_url) as client:
            for n in range(5):
                await client.posts.create_v2(
                    account_id=ACCOUNT, platform="facebook", content={"text": f"fill {n}"},
                    scheduled_for=day)
            queued = await client.posts.create_v2(
                account_id=ACCOUNT, platform="facebook", content={"text": "sixth"},
                scheduled_for=day)
            assert getattr(queued, "scheduled_post_id", None), queued
            db = Database.open(tmp_path / "ws.sqlite3")
            try:
                await PostsRepo(db).upsert_many(await client.posts.list_all())
            finally:
                db.close()
            return str(queued.post_id)

    post_id = asyncio.run(fill_and_queue())
    db = Database.open(tmp_path / "ws.sqlite3")
    try:
        days = _where_everyone_puts(db, post_id, qtbot)
    finally:
        db.close()
    assert set(days.values()) == {(day + timedelta(days=1)).date()}, days


def test_the_calendar_counts_the_day_cap_with_the_outbox(qtbot: Any) -> None:
    """A move in flight (services.quotas.outbox_use): its new day counts it, its old day not."""
    day = datetime(2030, 1, 7, 9, tzinfo=UTC)  # any instant: no clock is read here
    cal = CalendarModel(UTC, daily_cap=1)
    row = PostRow.from_post({"id": "a", "platform": "x", "account_id": "@me", "caption": "",
                             "status": "scheduled", "scheduled_for": day})
    cal.set_rows([row])
    assert cal.usage(day.date()) == {"x": 1}
    next_day = day + timedelta(days=1)
    cal.set_outbox_use({("x", "@me", day.date()): -1, ("x", "@me", next_day.date()): 1})
    assert cal.usage(day.date()) == {}
    assert cal.usage(next_day.date()) == {"x": 1}
    other = PostRow.from_post({"id": "b", "platform": "x", "account_id": "@me", "caption": "",
                               "status": "scheduled", "scheduled_for": day - timedelta(days=3)})
    assert cal.cap_full(other, next_day)  # the outbox's post fills the plan's 1 a day
    assert not cal.cap_full(other, day)
