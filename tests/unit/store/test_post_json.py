"""The store reads pages of posts out of the server's JSON in SQLite: times come out in the one
stored form whatever shape they arrive in, and a page the API's Post model would refuse is
refused whole, with the problem in words, and stores nothing."""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from s200desk.store import Database, PostsRepo, to_utc_iso
from s200desk.store.post_json import MalformedPostsError, upsert_posts_json

# Fixed dates here are data (stored and compared with each other), never the real clock.


@pytest.fixture(scope="module")
def db(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Database]:
    database = Database.open(Path(tmp_path_factory.mktemp("json")) / "s.sqlite3")
    yield database
    database.close()


def _page(*posts: dict[str, Any]) -> str:
    return json.dumps({"posts": list(posts), "total": len(posts), "limit": 100, "offset": 0})


def _post(post_id: str, **over: Any) -> dict[str, Any]:
    return {"id": post_id, "platform": "x", "account_id": "@me", "caption": "hi",
            "status": "published", **over}  # fmt: skip


def _times(db: Database, post_id: str) -> tuple[str | None, ...]:
    return db.call(
        lambda c: tuple(c.execute(
            "SELECT created_at, published_at, scheduled_for FROM posts WHERE id = ?", (post_id,)
        ).fetchone())
    )  # fmt: skip


_AWARE = st.datetimes(
    min_value=datetime(1971, 1, 1), max_value=datetime(2200, 1, 1),
    timezones=st.sampled_from([UTC, timezone(timedelta(hours=5, minutes=30)),
                               timezone(timedelta(hours=-8))]),
)  # fmt: skip


@settings(max_examples=150, deadline=None)
@given(
    when=_AWARE,
    shape=st.sampled_from(["iso", "z", "whole_z", "millis_z", "naive", "space"]),
)
def test_every_time_shape_is_stored_as_to_utc_iso_would(
    db: Database, when: datetime, shape: str
) -> None:
    utc = when.astimezone(UTC)
    text = {
        "iso": when.isoformat(),
        "z": utc.isoformat().replace("+00:00", "Z"),
        "whole_z": utc.strftime("%Y-%m-%dT%H:%M:%SZ"),
        "millis_z": utc.strftime("%Y-%m-%dT%H:%M:%S.") + f"{utc.microsecond // 1000:03d}Z",
        "naive": utc.replace(tzinfo=None).isoformat(),
        "space": when.isoformat(sep=" "),
    }[shape]
    post = _post("t", created_at=text, published_at=text, scheduled_for=None)
    db.call(upsert_posts_json, [_page(post)], pages=True)
    assert _times(db, "t") == (to_utc_iso(text), to_utc_iso(text), None)


@pytest.mark.parametrize(
    ("page", "words"),
    [
        ("not json", "not JSON"),
        (json.dumps({"posts": [], "limit": 100}), "without its posts or their total"),
        (json.dumps({"posts": {"id": "a"}, "total": 1}), "without its posts or their total"),
        (_page("a string"), "not a JSON object"),  # type: ignore[arg-type]
        (_page(_post("ok"), {"platform": "x", "status": "published"}), "a post without an id"),
        (_page(_post("ok"), _post("")), "a post without an id"),
        (_page(_post(7)), "a post without an id"),  # type: ignore[arg-type]
        (_page(_post("b", platform=None)), "post b without a platform"),
        (_page(_post("b", status=3)), "post b without a status"),
        (_page(_post("b", caption=["x"])), "post b with a number or a list where text belongs"),
        (_page(_post("b", platform_post_id=12)), "where text belongs"),
        (_page(_post("b", created_at="yesterday")), "post b with a time that is not"),
        (_page(_post("b", scheduled_for=1767225600)), "post b with a time that is not"),
        (_page(_post("b", media={"file_id": "f"})), "post b with media or platform options"),
        (_page(_post("b", platform_options=[1])), "post b with media or platform options"),
        (_page(_post("b", media=[{"type": "image/png"}])), "post b with a media item without"),
    ],
)
def test_a_malformed_page_is_refused_whole(tmp_path: Path, page: str, words: str) -> None:
    db = Database.open(tmp_path / "s.sqlite3")
    try:
        with pytest.raises(MalformedPostsError, match=words):
            db.call(upsert_posts_json, [_page(_post("first")), page], pages=True)
        assert db.call(lambda c: c.execute("SELECT count(*) FROM posts").fetchone()[0]) == 0
    finally:
        db.close()


def test_page_heads_counts_and_a_post_listed_twice(db: Database) -> None:
    first = json.dumps({"posts": [_post("d1", caption="old"), _post("d2")], "total": 7,
                        "limit": 2, "offset": 0})  # fmt: skip
    second = json.dumps({"posts": [_post("d1", caption="new")], "total": 8, "offset": 2})
    write = db.call(upsert_posts_json, [first, second], pages=True)
    assert [(h.total, h.limit) for h in write.pages] == [(7, 2), (8, None)]
    assert write.ids == ["d1", "d2"] and write.posts == 3
    stored = db.call(lambda c: c.execute("SELECT caption FROM posts WHERE id = 'd1'").fetchone())
    assert stored[0] == "new"  # the later copy wins, as the listing moved on


async def test_unchanged_posts_are_not_reported_and_others_are(tmp_path: Path) -> None:
    db = await Database.open_async(tmp_path / "s.sqlite3")
    try:
        repo = PostsRepo(db)
        page = _page(_post("u1", media=[{"file_id": "f", "type": "image/png"}]), _post("u2"))
        assert (await repo.upsert_pages([page])).changed == ["u1", "u2"]
        assert (await repo.upsert_pages([page])).changed == []
        moved = _page(_post("u1", media=[{"file_id": "f", "type": "image/png"}]),
                      _post("u2", status="failed"))  # fmt: skip
        assert (await repo.upsert_pages([moved])).changed == ["u2"]
        stored = await repo.get("u1")
        assert stored is not None and stored.media == [{"file_id": "f", "type": "image/png"}]
    finally:
        await db.aclose()


async def test_only_a_full_pass_marks_the_unchanged_posts_and_prunes_by_the_mark(
    tmp_path: Path,
) -> None:
    """A quick sync's unchanged posts keep their old write mark (no update of ~2,000 rows per
    sync); a full pass marks them, so what it did not see is still what it removes."""
    db = await Database.open_async(tmp_path / "s.sqlite3")
    try:
        repo = PostsRepo(db)
        await repo.upsert_pages([_page(_post("kept"), _post("gone"))])

        def marks() -> dict[str, int]:
            rows = db.call(lambda c: c.execute("SELECT id, upsert_seq FROM posts").fetchall())
            return dict(rows)

        before = marks()
        await repo.upsert_pages([_page(_post("kept"), _post("gone"))], mark_unchanged=False)
        assert marks() == before
        mark = await repo.write_mark()
        await repo.upsert_pages([_page(_post("kept"))])  # a full pass: "gone" is not listed
        assert await repo.prune_not_upserted_since(mark) == ["gone"]
        assert set(marks()) == {"kept"}
    finally:
        await db.aclose()


def test_a_pages_head_is_read_from_its_text_or_left_to_the_store() -> None:
    from s200desk.store.post_json import PageHead, page_head

    assert page_head(json.dumps({"posts": [], "total": 7, "limit": 100})) == PageHead(7, 100)
    assert page_head(json.dumps({"posts": [], "total": 7})) == PageHead(7, None)
    for bad in ("<html>", "[]", '{"posts": {}, "total": 1}', '{"posts": [], "total": -1}',
                '{"posts": [], "total": true}', '{"posts": [], "total": 1.5}', '{"total": 3}'):
        assert page_head(bad) is None, bad
