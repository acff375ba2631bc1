"""The shortcuts on the emulator's storage path give what the long way gives."""

from __future__ import annotations

# Fixed instants here are data (converted and compared with each other), never with the real
# clock: this file passes at any date (checked with faketime +400d, +3y and +10y).
import random
from datetime import UTC, datetime, timedelta, timezone
from typing import Any

import pytest

from s200desk.emulator.state import POST_COLUMNS, State
from s200desk.emulator.timefmt import db_to_iso, from_db, iso, to_db


def _instants() -> list[datetime]:
    rng = random.Random(5)
    zones = [UTC, timezone(timedelta(hours=-7)), timezone(timedelta(hours=5, minutes=30))]
    found = [datetime(2026, 5, 16, 12, 0, tzinfo=UTC), datetime(2026, 5, 16, 12, 0, 0, 1, UTC)]
    for _ in range(2000):
        found.append(
            datetime(
                rng.choice([1970, 2026, 2099, 9999]), rng.randint(1, 12), rng.randint(1, 28),
                rng.randint(0, 23), rng.randint(0, 59), rng.randint(0, 59),
                rng.choice([0, 0, 1, 500_000, 999_999, rng.randint(0, 999_999)]),
                tzinfo=rng.choice(zones),
            )
        )
    return found


def test_db_to_iso_is_iso_of_from_db() -> None:
    for instant in _instants():
        stored = to_db(instant)
        assert db_to_iso(stored) == iso(from_db(stored)), stored
    for text in ("2026-04-15T10:30:00Z", "2026-04-15T10:30:00+02:00", "2026-04-15T10:30:00.5Z"):
        assert db_to_iso(text) == iso(from_db(text)), text
    assert db_to_iso(None) is None


def _post(n: int, **fields: Any) -> dict[str, Any]:
    at = datetime(2026, 5, 16, 12, n, tzinfo=UTC)
    post: dict[str, Any] = {
        "id": f"p{n}", "account_id": "acct", "handle": "@h", "platform": "x",
        "caption": f"post {n} ✨", "status": "published", "platform_post_id": f"x{n}",
        "media": [{"file_id": f"f{n}", "type": "image/png", "size": n}],
        "platform_options": {"n": n}, "created_at": at, "published_at": at,
        "scheduled_for": None, "cap_day": "2026-05-16", "error_code": None,
        "error_message": None, "via": "seed",
    }
    post.update(fields)
    return post


def _rows(state: State, table: str) -> list[tuple[Any, ...]]:
    return [tuple(r) for r in state._db.execute(f"SELECT * FROM {table} ORDER BY rowid")]


def test_insert_posts_stores_what_insert_post_stores() -> None:
    posts = [_post(n) for n in range(5)] + [_post(9, status="scheduled", published_at=None)]
    one_by_one, at_once = State(), State()
    for post in posts:
        one_by_one.insert_post(post)
    at_once.insert_posts(posts)
    assert _rows(at_once, "posts") == _rows(one_by_one, "posts")
    assert set(POST_COLUMNS) == set(posts[0])


def test_insert_posts_wants_every_column() -> None:
    partial = _post(1)
    del partial["via"]
    with pytest.raises(ValueError):
        State().insert_posts([partial])
    with pytest.raises(ValueError):
        State().insert_posts([_post(1, unknown=1)])


def test_add_media_many_stores_what_add_media_stores() -> None:
    rows = [
        (f"f{n}", "acct", n * 1000, "image/png", f"https://example.com/{n}.png",
         datetime(2026, 5, 16, 12, n, n, tzinfo=UTC))
        for n in range(4)
    ]
    one_by_one, at_once = State(), State()
    for row in rows:
        one_by_one.add_media(*row)
    at_once.add_media_many(rows)
    assert _rows(at_once, "media") == _rows(one_by_one, "media")
