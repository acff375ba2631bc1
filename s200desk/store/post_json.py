"""Posts written from the server's JSON text by SQLite itself.

One statement reads every post of a page out of the text (``json_each``) and builds its row: the
work runs in SQLite's C code with the interpreter lock released, so a sync of 100,000 posts
neither validates them one by one in Python nor makes the event loop wait for the lock (see
"Sync at 100,000 posts" in docs/performance.md). The checks are the ones the API's ``Post``
model makes: a post without an id, platform or status, or with a field of the wrong kind or a
time that is not a time, refuses the whole batch with ``MalformedPostsError``.

A post's ``raw`` is its JSON as the server sent it (compact); a row read in full before (GET
by id, ``details_at`` set) keeps its media and platform options, which listings do not carry.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from s200desk.store.timefmt import to_utc_iso
from s200desk.store.transactions import transaction


def _utc_time(c: str) -> str:
    """SQL normalising the JSON value ``c`` as ``to_utc_iso`` does, for the server's usual
    shapes: UTC "Z" with whole seconds or a fraction (cut to milliseconds). Any other goes
    through ``to_utc_iso`` itself, a Python function called back with the interpreter lock
    held, so only for the rare post that needs it."""
    fraction = f"substr({c}, 21, length({c}) - 21)"
    return (
        f"CASE WHEN {c} IS NULL THEN NULL"
        f" WHEN typeof({c}) = 'text' AND length({c}) BETWEEN 20 AND 27"
        f" AND substr({c}, 11, 1) = 'T' AND substr({c}, -1) = 'Z'"
        f" AND julianday({c}) IS NOT NULL AND date({c}) = substr({c}, 1, 10)"
        f" THEN CASE WHEN length({c}) = 20 THEN substr({c}, 1, 19) || '.000Z'"
        f" WHEN substr({c}, 20, 1) = '.'"
        f" THEN substr({c}, 1, 20) || substr({fraction} || '00', 1, 3) || 'Z' END"
        f" ELSE s200_utc_iso({c}) END"
    )


def _python_utc_iso(value: Any) -> str | None:
    try:
        return to_utc_iso(value) if isinstance(value, str) else None
    except (TypeError, ValueError, OverflowError):
        return None


_CREATE_STAGE = """
CREATE TEMP TABLE IF NOT EXISTS post_stage (
    id TEXT, platform TEXT, account_id TEXT, caption TEXT, status TEXT, platform_post_id TEXT,
    created_at TEXT, published_at TEXT, scheduled_for TEXT, media TEXT, platform_options TEXT,
    raw TEXT, problem TEXT
)"""

# One row per post of the JSON: its columns and, when the API's Post model would refuse it,
# what is wrong (the first problem found).
# The fields the store reads from a post, in the order of the array ``json_extract`` returns
# when given all their paths at once (one parse of the post instead of one per field).
_FIELDS = (
    "id", "platform", "status", "account_id", "caption", "platform_post_id", "created_at",
    "published_at", "scheduled_for", "media", "platform_options",
)  # fmt: skip
_AT = {name: i for i, name in enumerate(_FIELDS)}


def _field(name: str) -> str:
    return f"json_extract(v, '$[{_AT[name]}]')"


def _kind(name: str) -> str:
    return f"json_type(v, '$[{_AT[name]}]')"


def _text_or_null(name: str) -> str:
    return f"{_kind(name)} NOT IN ('text', 'null')"


_PATHS = ", ".join(f"'$.{name}'" for name in _FIELDS)

# One row per post of the JSON: its columns and, when the API's Post model would refuse it,
# what is wrong (the first problem found). An absent field reads as null.
_STAGE = f"""
WITH e AS MATERIALIZED (
    SELECT e.type AS kind, e.value AS raw,
           CASE WHEN e.type = 'object' THEN json_extract(e.value, {_PATHS}) END AS v
    FROM json_each(:batch) AS b, json_each(b.value, :path) AS e ORDER BY b.key, e.key
), f AS MATERIALIZED (
    SELECT kind, raw, v, {_field("id")} AS id, {_field("created_at")} AS created_at,
           {_field("published_at")} AS published_at, {_field("scheduled_for")} AS scheduled_for,
           {_kind("media")} AS media_kind, {_kind("platform_options")} AS options_kind
    FROM e
), t AS MATERIALIZED (
    SELECT *, {_utc_time("created_at")} AS created_norm,
           {_utc_time("published_at")} AS published_norm,
           {_utc_time("scheduled_for")} AS scheduled_norm
    FROM f
)
INSERT INTO temp.post_stage
SELECT id, {_field("platform")}, COALESCE({_field("account_id")}, ''),
       COALESCE({_field("caption")}, ''), {_field("status")}, {_field("platform_post_id")},
       created_norm, published_norm, scheduled_norm,
       CASE WHEN media_kind = 'array' THEN {_field("media")} ELSE '[]' END,
       CASE WHEN options_kind = 'object' THEN {_field("platform_options")} ELSE '{{}}' END,
       raw,
       CASE
         WHEN kind IS NOT 'object' THEN 'a post that is not a JSON object'
         WHEN {_kind("id")} IS NOT 'text' OR id = '' THEN 'a post without an id'
         WHEN {_kind("platform")} IS NOT 'text' THEN 'post ' || id || ' without a platform'
         WHEN {_kind("status")} IS NOT 'text' THEN 'post ' || id || ' without a status'
         WHEN {_text_or_null("account_id")} OR {_text_or_null("caption")}
           OR {_text_or_null("platform_post_id")}
           THEN 'post ' || id || ' with a number or a list where text belongs'
         WHEN (created_at IS NOT NULL AND created_norm IS NULL)
           OR (published_at IS NOT NULL AND published_norm IS NULL)
           OR (scheduled_for IS NOT NULL AND scheduled_norm IS NULL)
           THEN 'post ' || id || ' with a time that is not an ISO-8601 time'
         WHEN media_kind NOT IN ('array', 'null') OR options_kind NOT IN ('object', 'null')
           THEN 'post ' || id || ' with media or platform options of the wrong kind'
         WHEN media_kind = 'array' AND EXISTS (
             SELECT 1 FROM json_each(v, '$[{_AT["media"]}]') AS m
             WHERE json_type(m.value, '$.file_id') IS NOT 'text')
           THEN 'post ' || id || ' with a media item without a file id'
       END
FROM t
"""

# A listed post whose full read is stored keeps that read's media (when the listing has none)
# and platform options: a post never changes on the server once created, so they stay true.
_KEEP_DETAILS = """
UPDATE temp.post_stage AS s SET
    media = CASE WHEN s.media = '[]' THEN p.media ELSE s.media END,
    platform_options = p.platform_options,
    raw = json_set(s.raw,
                   '$.media', json(CASE WHEN s.media = '[]' THEN p.media ELSE s.media END),
                   '$.platform_options', json(p.platform_options))
FROM posts AS p
WHERE p.id = s.id AND p.details_at IS NOT NULL
"""

_COLUMNS = (
    "id, platform, account_id, caption, status, platform_post_id, created_at, published_at,"
    " scheduled_for, media, platform_options, raw"
)
_UPDATES = ", ".join(
    f"{c} = excluded.{c}"
    for c in (
        "platform", "account_id", "caption", "status", "platform_post_id", "created_at",
        "published_at", "scheduled_for", "media", "platform_options", "raw", "upsert_seq",
    )
)  # fmt: skip

# What a user can see changed: any column but the JSON kept whole, whose form may differ
# (a full read stored from the API's model, a store written by an older version) while
# saying the same.
_SHOWN = (
    "platform", "account_id", "caption", "status", "platform_post_id", "created_at",
    "published_at", "scheduled_for", "media", "platform_options",
)  # fmt: skip
_CHANGED = f"""
SELECT json_group_array(id) FROM (
    SELECT s.id FROM temp.post_stage AS s LEFT JOIN posts AS p ON p.id = s.id
    WHERE p.id IS NULL
       OR ({", ".join(f"s.{c}" for c in _SHOWN)}) IS NOT ({", ".join(f"p.{c}" for c in _SHOWN)})
    ORDER BY s.rowid
)
"""

_WRITE = f"""
INSERT INTO posts ({_COLUMNS}, upsert_seq, details_at)
SELECT {_COLUMNS}, :seq, :details_at FROM temp.post_stage AS s
WHERE :details_at IS NOT NULL
   OR NOT EXISTS (SELECT 1 FROM posts AS p WHERE p.id = s.id AND p.raw = s.raw)
ORDER BY s.rowid
ON CONFLICT (id) DO UPDATE SET {_UPDATES},
    details_at = COALESCE(excluded.details_at, posts.details_at)
"""


class MalformedPostsError(ValueError):
    """The server's JSON is not the documented page or post; nothing of it was stored."""


@dataclass(frozen=True, slots=True)
class PageHead:
    """A page's ``total`` and ``limit`` (None when it did not say)."""

    total: int
    limit: int | None


@dataclass(frozen=True, slots=True)
class JsonWrite:
    """What one write of posts JSON did."""

    ids: list[str]  # every post it held, in order (a post listed twice: once)
    changed: list[str]  # the ids whose stored data changed
    posts: int  # how many posts the JSON held (a post listed twice counts twice)
    pages: list[PageHead]  # one per page given; empty for plain arrays


# Each text's shape, all in one row: the posts' kind, total and limit (their kinds and
# values).
_HEADS = """
SELECT json_group_array(json_array(
    CASE WHEN b.type IN ('object', 'array') THEN json_type(b.value, :path) END,
    CASE WHEN b.type = 'object' THEN json_type(b.value, '$.total') END,
    CASE WHEN b.type = 'object' THEN json_extract(b.value, '$.total') END,
    CASE WHEN b.type = 'object' THEN json_type(b.value, '$.limit') END,
    CASE WHEN b.type = 'object' THEN json_extract(b.value, '$.limit') END
)) FROM json_each(:batch) AS b
"""


_STAGED_IDS = "SELECT json_group_array(id) FROM (SELECT id FROM temp.post_stage ORDER BY rowid)"
_NEXT_SEQ = "UPDATE counters SET value = value + 1 WHERE name = 'posts_upsert' RETURNING value"


def upsert_posts_json(
    conn: sqlite3.Connection,
    texts: Sequence[str],
    *,
    pages: bool,
    details_at: str | None = None,
    mark_unchanged: bool = True,
) -> JsonWrite:
    """Store the posts of ``texts`` in one transaction: pages of GET api-posts (``pages``),
    else JSON arrays of posts. ``details_at`` marks them as full reads (GET by id).
    ``mark_unchanged``: give the posts that did not change the write mark too, which only a
    full pass needs (it removes the posts it did not mark); a quick sync skips that update.

    Every statement returns one row at most: each row (and each statement) hands the
    interpreter lock back and forth with the event loop's thread, which can cost the switch
    interval (5 ms) each time the loop is busy.
    """
    batch = "[" + ",".join(texts) + "]"
    path = "$.posts" if pages else "$"
    if not _one(conn, "SELECT json_valid(?)", (batch,)):
        raise MalformedPostsError(
            "the server sent a page of posts that is not JSON"
            if pages
            else "the server sent posts that are not a JSON array"
        )
    shapes = json.loads(_one(conn, _HEADS, {"batch": batch, "path": path}))
    heads = [_head(shape, pages) for shape in shapes]
    conn.create_function("s200_utc_iso", 1, _python_utc_iso, deterministic=True)
    conn.execute(_CREATE_STAGE)
    with transaction(conn):
        conn.execute("DELETE FROM temp.post_stage")
        conn.execute(_STAGE, {"batch": batch, "path": path})
        bad = _one(conn, "SELECT problem FROM temp.post_stage WHERE problem IS NOT NULL LIMIT 1")
        if bad is not None:
            raise MalformedPostsError(f"the server sent {bad}")
        staged: list[str] = json.loads(_one(conn, _STAGED_IDS))
        ids = list(dict.fromkeys(staged))
        if not ids:
            return JsonWrite([], [], 0, [h for h in heads if h is not None])
        if details_at is None:
            conn.execute(_KEEP_DETAILS)
        seq = _one(conn, _NEXT_SEQ)
        if details_at is not None:  # a full read is stamped even when nothing else changed
            changed = ids
        else:
            changed = list(dict.fromkeys(json.loads(_one(conn, _CHANGED))))
        conn.execute(_WRITE, {"seq": seq, "details_at": details_at})
        if len(changed) == len(ids) or not mark_unchanged:  # every written row has the mark
            return JsonWrite(ids, changed, len(staged), [h for h in heads if h is not None])
        # Unchanged rows only get the write mark (a sync's common case): far less WAL traffic
        # than rewriting every row with its JSON.
        conn.execute(
            "UPDATE posts SET upsert_seq = :seq"
            " WHERE id IN (SELECT id FROM temp.post_stage) AND upsert_seq != :seq",
            {"seq": seq},
        )
    return JsonWrite(ids, changed, len(staged), [h for h in heads if h is not None])


def _one(conn: sqlite3.Connection, sql: str, args: Any = ()) -> Any:
    """The first column of the only row ``sql`` returns (None for no row)."""
    rows = conn.execute(sql, args).fetchall()
    return rows[0][0] if rows else None


def page_head(text: str) -> PageHead | None:
    """A page's total and limit read from its text (one small parse on the caller's thread),
    or None when they do not read as the documented page's: the store then says what is wrong."""
    try:
        page = json.loads(text)
    except ValueError:
        return None
    if not isinstance(page, dict) or not isinstance(page.get("posts"), list):
        return None
    total, limit = page.get("total"), page.get("limit")
    if not isinstance(total, int) or isinstance(total, bool) or total < 0:
        return None
    ok = isinstance(limit, int) and not isinstance(limit, bool) and limit >= 0
    return PageHead(total, limit if ok else None)


def _head(values: list[Any], page: bool) -> PageHead | None:
    posts_kind, total_kind, total, limit_kind, limit = values
    if not page:
        if posts_kind != "array":
            raise MalformedPostsError("the server sent posts that are not a JSON array")
    elif posts_kind != "array" or total_kind != "integer" or total < 0:
        raise MalformedPostsError("the server sent a page without its posts or their total")
    if not page:
        return None
    return PageHead(int(total), int(limit) if limit_kind == "integer" and limit >= 0 else None)
