"""The outbox table: every state change of an intent is one short transaction.

The functions ``*_tx`` take the connection and run on the database thread (``db.call(get_tx, id)``
from plain code); ``OutboxRepo`` wraps them for asyncio (``await repo.get(id)``). Rows are plain
dicts: the service layer (``s200desk.services.outbox``) gives them meaning.

Crash safety rests on two rules: a row exists before its request is sent (``insert_many``), and the
row is ``sending`` with its attempt counted before the request goes out (``mark_sending``). After a
SIGKILL at any instant the row is therefore ``pending`` (nothing was sent), ``sending`` (the outcome
is unknown: reconcile) or settled (nothing to do).
"""

from __future__ import annotations

import builtins
import json
import sqlite3
from collections.abc import Callable, Iterable, Sequence
from typing import Any

from s200desk.store.database import Database
from s200desk.store.timefmt import utc_now_iso
from s200desk.store.transactions import transaction

_COLUMNS = (
    "id, kind, state, account_id, platform, payload, group_id, role, depends_on, source_key, "
    "fingerprint, attempts, last_error, last_error_code, result, post_id, target_post_id, "
    "queued_for, watermark, next_attempt_at, created_at, updated_at, first_sent_at, "
    "last_sent_at, finished_at, key_fp, base_url"
)

# Whose an intent is: (key fingerprint, canonical base URL). Only that identity may send it.
Identity = tuple[str, str]
_ACTIVE = ("pending", "sending")


# One intent as stored: the columns, with the JSON ones decoded. The service layer turns it into
# a typed ``Intent``; the store stays ignorant of what an intent means.
OutboxRow = dict[str, Any]
IntentState = str

_STATES = frozenset({"pending", "sending", "done", "queued_for_next_day", "failed",
                     "needs_attention", "discarded"})


def dumps(value: Any) -> str:
    """Canonical JSON (sorted keys, no spaces)."""
    return json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False)


class ClaimConflict(Exception):
    """The server post is already claimed by another intent."""


def _row(row: sqlite3.Row) -> OutboxRow:
    out = {key: row[key] for key in row.keys()}  # noqa: SIM118 - sqlite3.Row is not a Mapping
    out["payload"] = json.loads(out["payload"])
    out["depends_on"] = json.loads(out["depends_on"] or "[]")
    out["result"] = json.loads(out["result"]) if out["result"] else None
    return out


def _now(now: str | None) -> str:
    return now or utc_now_iso()


# ---------------------------------------------------------------------------- reading


def get_tx(conn: sqlite3.Connection, intent_id: str) -> OutboxRow | None:
    sql = f"SELECT {_COLUMNS} FROM outbox_intents WHERE id = ?"
    row = conn.execute(sql, (intent_id,)).fetchone()
    return _row(row) if row else None


def get_many_tx(conn: sqlite3.Connection, ids: Sequence[str]) -> dict[str, OutboxRow]:
    out: dict[str, OutboxRow] = {}
    for start in range(0, len(ids), 500):
        chunk = list(ids[start : start + 500])
        marks = ",".join("?" * len(chunk))
        for row in conn.execute(
            f"SELECT {_COLUMNS} FROM outbox_intents WHERE id IN ({marks})", chunk
        ):
            out[row["id"]] = _row(row)
    return out


def list_tx(
    conn: sqlite3.Connection,
    states: Iterable[IntentState] | None = None,
    group_id: str | None = None,
    limit: int | None = None,
) -> list[OutboxRow]:
    sql = f"SELECT {_COLUMNS} FROM outbox_intents"
    where: list[str] = []
    args: list[Any] = []
    if states is not None:
        wanted = [str(s) for s in states]
        where.append(f"state IN ({','.join('?' * len(wanted))})")
        args.extend(wanted)
    if group_id is not None:
        where.append("group_id = ?")
        args.append(group_id)
    if where:
        sql += " WHERE " + " AND ".join(where)
    sql += " ORDER BY created_at, rowid"
    if limit is not None:
        sql += " LIMIT ?"
        args.append(limit)
    return [_row(r) for r in conn.execute(sql, args)]


def _of(identity: Identity | None) -> tuple[str, list[Any]]:
    """The SQL (and its arguments) that keeps only ``identity``'s rows; nothing when None."""
    if identity is None:
        return "", []
    return " AND key_fp = ? AND base_url = ?", list(identity)


def due_tx(
    conn: sqlite3.Connection,
    now: str | None = None,
    limit: int = 200,
    identity: Identity | None = None,
) -> list[OutboxRow]:
    """Pending intents whose wait is over, oldest first (dependencies are checked by the caller);
    with ``identity``, only the intents that identity may send."""
    mine, args = _of(identity)
    rows = conn.execute(
        f"SELECT {_COLUMNS} FROM outbox_intents WHERE state = 'pending'{mine} "
        "AND (next_attempt_at IS NULL OR next_attempt_at <= ?) ORDER BY created_at, rowid LIMIT ?",
        (*args, _now(now), limit),
    )
    return [_row(r) for r in rows]


def next_wake_tx(conn: sqlite3.Connection) -> str | None:
    """The earliest ``next_attempt_at`` of pending intents (None: one is due now, or none)."""
    row = conn.execute(
        "SELECT MIN(COALESCE(next_attempt_at, '')) FROM outbox_intents WHERE state = 'pending'"
    ).fetchone()
    return row[0] if row and row[0] else None


def count_by_state_tx(conn: sqlite3.Connection, group_id: str | None = None) -> dict[str, int]:
    if group_id is None:
        rows = conn.execute("SELECT state, COUNT(*) FROM outbox_intents GROUP BY state")
    else:
        rows = conn.execute(
            "SELECT state, COUNT(*) FROM outbox_intents WHERE group_id = ? GROUP BY state",
            (group_id,),
        )
    return {r[0]: r[1] for r in rows}


def claimed_post_ids_tx(conn: sqlite3.Connection, post_ids: Sequence[str]) -> dict[str, str]:
    """Which of ``post_ids`` are claimed already, and by which intent."""
    out: dict[str, str] = {}
    for start in range(0, len(post_ids), 500):
        chunk = list(post_ids[start : start + 500])
        marks = ",".join("?" * len(chunk))
        for row in conn.execute(
            f"SELECT post_id, id FROM outbox_intents WHERE kind = 'create' "
            f"AND post_id IN ({marks})",
            chunk,
        ):
            out[row[0]] = row[1]
    return out


def by_source_keys_tx(conn: sqlite3.Connection, keys: Sequence[str]) -> dict[str, OutboxRow]:
    out: dict[str, OutboxRow] = {}
    for start in range(0, len(keys), 500):
        chunk = list(keys[start : start + 500])
        marks = ",".join("?" * len(chunk))
        for row in conn.execute(
            f"SELECT {_COLUMNS} FROM outbox_intents WHERE source_key IN ({marks})", chunk
        ):
            out[row["source_key"]] = _row(row)
    return out


# ---------------------------------------------------------------------------- writing


# Why an intent taken back by a later change to the same post was discarded (the outbox shows it).
REPLACED = "a later change to the same post took its place before it was sent"


class TakenMeanwhile(Exception):
    """An intent to be taken back was no longer pending (the sender took it): nothing changed."""


def insert_many_tx(
    conn: sqlite3.Connection, intents: Sequence[OutboxRow], now: str | None = None
) -> list[OutboxRow]:
    """Record intents in one transaction; an intent whose ``source_key`` exists is not re-added.

    Returns the stored rows in the order given (the existing row where the key was known).
    """
    return insert_replacing_tx(conn, intents, (), (), now)


def insert_replacing_tx(
    conn: sqlite3.Connection,
    intents: Sequence[OutboxRow],
    take_back: Sequence[str],
    along: Sequence[str],
    now: str | None = None,
) -> list[OutboxRow]:
    """Record ``intents`` and, in the same transaction, discard the pending ``take_back`` ones
    they replace (``TakenMeanwhile``, and nothing done, if one is pending no more) and those of
    ``along`` still pending; so a change never replaces what it took back only halfway."""
    now = _now(now)
    with transaction(conn):
        for intent_id in (*take_back, *along):
            cur = conn.execute(
                "UPDATE outbox_intents SET state = 'discarded', finished_at = ?, updated_at = ?, "
                "last_error = ?, last_error_code = 'replaced' WHERE id = ? AND state = 'pending'",
                (now, now, REPLACED, intent_id),
            )
            if cur.rowcount != 1 and intent_id in take_back:
                raise TakenMeanwhile(intent_id)
        for it in intents:
            conn.execute(
                "INSERT INTO outbox_intents (id, kind, state, account_id, platform, payload, "
                "group_id, role, depends_on, source_key, target_post_id, next_attempt_at, "
                "created_at, updated_at, key_fp, base_url) "
                "VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?) "
                "ON CONFLICT DO NOTHING",
                (
                    it["id"],
                    str(it["kind"]),
                    str(it.get("state") or "pending"),
                    it.get("account_id"),
                    it.get("platform"),
                    dumps(it["payload"]),
                    it.get("group_id"),
                    it.get("role"),
                    dumps(list(it.get("depends_on") or ())),
                    it.get("source_key"),
                    it.get("target_post_id"),
                    it.get("next_attempt_at"),
                    now,
                    now,
                    it.get("key_fp"),
                    it.get("base_url"),
                ),
            )
    stored = get_many_tx(conn, [it["id"] for it in intents])
    keyed = by_source_keys_tx(conn, [it["source_key"] for it in intents if it.get("source_key")])
    out: list[OutboxRow] = []
    for it in intents:
        key = it.get("source_key")
        row = stored.get(it["id"]) or (keyed.get(key) if key else None)
        if row is not None:
            out.append(row)
    return out


def mark_sending_tx(
    conn: sqlite3.Connection,
    intent_id: str,
    *,
    fingerprint: str | None = None,
    watermark: str | None = None,
    target_post_id: str | None = None,
    from_state: IntentState = "pending",
    identity: Identity | None = None,
    now: str | None = None,
) -> OutboxRow | None:
    """Take a pending intent for one request: count the attempt, stamp it. None if someone else did
    (or, with ``identity``, if the intent belongs to another key or server).

    Committed before the request leaves, so a crash after this point is always reconciled.
    """
    now = _now(now)
    mine, args = _of(identity)
    with transaction(conn):
        cur = conn.execute(
            "UPDATE outbox_intents SET state = 'sending', attempts = attempts + 1, "
            "fingerprint = COALESCE(?, fingerprint), watermark = COALESCE(watermark, ?), "
            "target_post_id = COALESCE(?, target_post_id), "
            "first_sent_at = COALESCE(first_sent_at, ?), last_sent_at = ?, updated_at = ? "
            f"WHERE id = ? AND state = ?{mine}",
            (fingerprint, watermark, target_post_id, now, now, now, intent_id, str(from_state),
             *args),
        )
        if cur.rowcount != 1:
            return None
    return get_tx(conn, intent_id)


def settle_tx(
    conn: sqlite3.Connection,
    intent_id: str,
    state: IntentState,
    *,
    result: dict[str, Any] | None = None,
    post_id: str | None = None,
    queued_for: str | None = None,
    error: str | None = None,
    error_code: str | None = None,
    expect: Iterable[IntentState] = ("sending",),
    now: str | None = None,
) -> OutboxRow | None:
    """Record how an intent ended (done, queued, failed, needs attention) in one transaction.

    Raises ClaimConflict if ``post_id`` is claimed by another intent already.
    """
    now = _now(now)
    wanted = [str(s) for s in expect]
    try:
        with transaction(conn):
            cur = conn.execute(
                "UPDATE outbox_intents SET state = ?, result = COALESCE(?, result), "
                "post_id = COALESCE(?, post_id), queued_for = COALESCE(?, queued_for), "
                "last_error = ?, last_error_code = ?, next_attempt_at = NULL, "
                "finished_at = ?, updated_at = ? "
                f"WHERE id = ? AND state IN ({','.join('?' * len(wanted))})",
                (
                    str(state),
                    dumps(result) if result is not None else None,
                    post_id,
                    queued_for,
                    error,
                    error_code,
                    now,
                    now,
                    intent_id,
                    *wanted,
                ),
            )
            if cur.rowcount != 1:
                return None
    except sqlite3.IntegrityError as exc:
        raise ClaimConflict(f"post {post_id} is claimed by another intent") from exc
    return get_tx(conn, intent_id)


def requeue_tx(
    conn: sqlite3.Connection,
    intent_id: str,
    *,
    next_attempt_at: str | None,
    error: str | None,
    error_code: str | None,
    uncount: bool = False,
    expect: Iterable[IntentState] = ("sending",),
    now: str | None = None,
) -> OutboxRow | None:
    """Back to pending (a transient failure, a 429, or reconciliation found nothing)."""
    now = _now(now)
    wanted = [str(s) for s in expect]
    with transaction(conn):
        cur = conn.execute(
            "UPDATE outbox_intents SET state = 'pending', next_attempt_at = ?, last_error = ?, "
            "last_error_code = ?, attempts = attempts - ?, updated_at = ? "
            f"WHERE id = ? AND state IN ({','.join('?' * len(wanted))})",
            (next_attempt_at, error, error_code, 1 if uncount else 0, now, intent_id, *wanted),
        )
        if cur.rowcount != 1:
            return None
    return get_tx(conn, intent_id)


def due_now_tx(conn: sqlite3.Connection, error_code: str, now: str | None = None) -> list[str]:
    """Pending intents put back with ``error_code`` for a later try become due now; their ids."""
    with transaction(conn):
        rows = conn.execute(
            "UPDATE outbox_intents SET next_attempt_at = NULL, updated_at = ? "
            "WHERE state = 'pending' AND last_error_code = ? AND next_attempt_at IS NOT NULL "
            "RETURNING id",
            (_now(now), error_code),
        ).fetchall()
    return [str(r[0]) for r in rows]


def defer_tx(
    conn: sqlite3.Connection,
    intent_id: str,
    *,
    next_attempt_at: str | None,
    error: str | None,
    error_code: str | None,
    now: str | None = None,
) -> OutboxRow | None:
    """Stay ``sending`` (outcome still unknown) but try to find out again later."""
    now = _now(now)
    with transaction(conn):
        cur = conn.execute(
            "UPDATE outbox_intents SET next_attempt_at = ?, last_error = ?, last_error_code = ?, "
            "updated_at = ? WHERE id = ? AND state = 'sending'",
            (next_attempt_at, error, error_code, now, intent_id),
        )
        if cur.rowcount != 1:
            return None
    return get_tx(conn, intent_id)


def sending_due_tx(
    conn: sqlite3.Connection,
    now: str | None = None,
    limit: int = 200,
    identity: Identity | None = None,
) -> list[OutboxRow]:
    """Intents left ``sending`` (by a crash, or a reconciliation that could not finish); with
    ``identity``, only that identity's."""
    mine, args = _of(identity)
    rows = conn.execute(
        f"SELECT {_COLUMNS} FROM outbox_intents WHERE state = 'sending'{mine} "
        "AND (next_attempt_at IS NULL OR next_attempt_at <= ?) ORDER BY created_at, rowid LIMIT ?",
        (*args, _now(now), limit),
    )
    return [_row(r) for r in rows]


def sending_of_tx(conn: sqlite3.Connection, identity: Identity) -> list[OutboxRow]:
    """Every intent of ``identity`` left ``sending``, due or not (what start-up reconciles)."""
    mine, args = _of(identity)
    rows = conn.execute(
        f"SELECT {_COLUMNS} FROM outbox_intents WHERE state = 'sending'{mine} "
        "ORDER BY created_at, rowid",
        args,
    )
    return [_row(r) for r in rows]


# ---------------------------------------------------------------------------- identities


def count_active_tx(conn: sqlite3.Connection, identity: Identity) -> int:
    """Pending or sending intents that ``identity`` may send."""
    mine, args = _of(identity)
    row = conn.execute(
        f"SELECT COUNT(*) FROM outbox_intents WHERE state IN {_ACTIVE}{mine}", args
    ).fetchone()
    return int(row[0])


def adopt_unbound_tx(conn: sqlite3.Connection, identity: Identity, now: str | None = None) -> int:
    """Give every intent recorded before identities were noted to ``identity``; how many."""
    with transaction(conn):
        cur = conn.execute(
            "UPDATE outbox_intents SET key_fp = ?, base_url = ?, updated_at = ? "
            "WHERE key_fp IS NULL OR base_url IS NULL",
            (*identity, _now(now)),
        )
    return cur.rowcount


def waiting_elsewhere_tx(
    conn: sqlite3.Connection, identity: Identity
) -> list[tuple[str | None, str | None, int, int]]:
    """Pending or sending intents of any other identity (or none): key_fp, base_url, how many,
    how many of them are posts."""
    rows = conn.execute(
        "SELECT key_fp, base_url, COUNT(*), SUM(kind = 'create') FROM outbox_intents "
        f"WHERE state IN {_ACTIVE} AND NOT (key_fp IS ? AND base_url IS ?) "
        "GROUP BY key_fp, base_url ORDER BY MIN(created_at)",
        identity,
    )
    return [(r[0], r[1], int(r[2]), int(r[3] or 0)) for r in rows]


def rebind_tx(
    conn: sqlite3.Connection, old: Identity, new: Identity, now: str | None = None
) -> int:
    """Move every intent of ``old`` to ``new`` (a rotated key of the same account); how many."""
    with transaction(conn):
        cur = conn.execute(
            "UPDATE outbox_intents SET key_fp = ?, base_url = ?, updated_at = ? "
            "WHERE key_fp = ? AND base_url = ?",
            (*new, _now(now), *old),
        )
    return cur.rowcount


def save_profiles_tx(
    conn: sqlite3.Connection, identity: Identity, profiles: list[str], now: str | None = None
) -> None:
    """Remember which profiles ``identity``'s key saw (how a rotated key is recognised)."""
    with transaction(conn):
        conn.execute(
            "INSERT INTO outbox_identities (key_fp, base_url, profiles, checked_at) "
            "VALUES (?, ?, ?, ?) ON CONFLICT (key_fp, base_url) DO UPDATE SET "
            "profiles = excluded.profiles, checked_at = excluded.checked_at",
            (*identity, dumps(sorted(profiles)), _now(now)),
        )


def profiles_of_tx(conn: sqlite3.Connection, identity: Identity) -> list[str] | None:
    """The profiles ``identity``'s key saw when last checked; None if never."""
    row = conn.execute(
        "SELECT profiles FROM outbox_identities WHERE key_fp = ? AND base_url = ?", identity
    ).fetchone()
    return list(json.loads(row[0])) if row else None


def reassign_claim_tx(
    conn: sqlite3.Connection,
    post_id: str,
    owner_id: str,
    *,
    state: IntentState,
    result: dict[str, Any] | None,
    queued_for: str | None = None,
    now: str | None = None,
) -> OutboxRow | None:
    """The server said ``owner_id`` created ``post_id``: take the claim from whoever guessed it.

    The intent that had claimed it by reconciliation goes back to ``sending`` to look again.
    Both changes commit together.
    """
    now = _now(now)
    try:
        with transaction(conn):
            _reassign(conn, post_id, owner_id, state, result, queued_for, now)
    except _NothingToDo:
        return None
    return get_tx(conn, owner_id)


class _NothingToDo(Exception):
    """Raised inside a transaction to roll it back when its guard did not hold."""


def _reassign(
    conn: sqlite3.Connection,
    post_id: str,
    owner_id: str,
    state: IntentState,
    result: dict[str, Any] | None,
    queued_for: str | None,
    now: str,
) -> None:
    conn.execute(
        "UPDATE outbox_intents SET state = 'sending', post_id = NULL, result = NULL, "
        "queued_for = NULL, finished_at = NULL, next_attempt_at = NULL, updated_at = ? "
        "WHERE kind = 'create' AND post_id = ? AND id != ?",
        (now, post_id, owner_id),
    )
    cur = conn.execute(
        "UPDATE outbox_intents SET state = ?, post_id = ?, result = ?, queued_for = ?, "
        "last_error = NULL, last_error_code = NULL, next_attempt_at = NULL, "
        "finished_at = ?, updated_at = ? WHERE id = ? AND state = 'sending'",
        (
            str(state),
            post_id,
            dumps(result) if result is not None else None,
            queued_for,
            now,
            now,
            owner_id,
        ),
    )
    if cur.rowcount != 1:
        raise _NothingToDo


def retry_tx(conn: sqlite3.Connection, intent_id: str, now: str | None = None) -> OutboxRow | None:
    """The user's "retry": a failed / needs-attention / discarded intent goes back to pending."""
    now = _now(now)
    with transaction(conn):
        cur = conn.execute(
            "UPDATE outbox_intents SET state = 'pending', next_attempt_at = NULL, "
            "finished_at = NULL, updated_at = ? WHERE id = ? "
            "AND state IN ('failed', 'needs_attention', 'discarded') AND post_id IS NULL",
            (now, intent_id),
        )
        if cur.rowcount != 1:
            return None
    return get_tx(conn, intent_id)


def discard_tx(
    conn: sqlite3.Connection, intent_id: str, now: str | None = None
) -> OutboxRow | None:
    """The user's "discard": only an intent that is not on the wire can be given up."""
    now = _now(now)
    with transaction(conn):
        cur = conn.execute(
            "UPDATE outbox_intents SET state = 'discarded', finished_at = ?, updated_at = ? "
            "WHERE id = ? AND state IN ('pending', 'failed', 'needs_attention')",
            (now, now, intent_id),
        )
        if cur.rowcount != 1:
            return None
    return get_tx(conn, intent_id)


def update_payload_tx(
    conn: sqlite3.Connection, intent_id: str, payload: dict[str, Any], now: str | None = None
) -> OutboxRow | None:
    """Edit what a not-yet-sent or refused intent will send (never one maybe on the server)."""
    now = _now(now)
    with transaction(conn):
        cur = conn.execute(
            "UPDATE outbox_intents SET payload = ?, account_id = COALESCE(?, account_id), "
            "platform = COALESCE(?, platform), fingerprint = NULL, watermark = NULL, "
            "first_sent_at = NULL, updated_at = ? "
            "WHERE id = ? AND state IN ('pending', 'failed', 'needs_attention') "
            "AND post_id IS NULL AND (state != 'pending' OR attempts = 0 OR "
            "last_error_code IN ('400', '401', '403', '404', '413', '422'))",
            (dumps(payload), payload.get("account_id"), payload.get("platform"), now, intent_id),
        )
        if cur.rowcount != 1:
            return None
    return get_tx(conn, intent_id)


def add_dependent_tx(
    conn: sqlite3.Connection, intent: OutboxRow, now: str | None = None
) -> OutboxRow:
    """Insert one intent (the sender adds a reschedule's compensating cancel this way)."""
    return insert_many_tx(conn, [intent], now)[0]


class OutboxRepo:
    """Async access to the outbox table of one workspace database.

    ``now`` (UTC ISO text) is the one clock of every stamp and of what is due: the service's,
    so that a test's clock drives the whole outbox; the system's by default.
    """

    def __init__(self, db: Database, now: Callable[[], str] | None = None) -> None:
        self.db = db
        self.now = now or utc_now_iso

    async def insert_many(self, intents: Sequence[OutboxRow]) -> builtins.list[OutboxRow]:
        return await self.db.run(insert_many_tx, intents, self.now())

    async def insert_replacing(
        self, intents: Sequence[OutboxRow], take_back: Sequence[str], along: Sequence[str]
    ) -> builtins.list[OutboxRow]:
        return await self.db.run(insert_replacing_tx, intents, take_back, along, self.now())

    async def get(self, intent_id: str) -> OutboxRow | None:
        return await self.db.run(get_tx, intent_id)

    async def get_many(self, ids: Sequence[str]) -> dict[str, OutboxRow]:
        return await self.db.run(get_many_tx, ids)

    async def list(
        self,
        states: Iterable[IntentState] | None = None,
        group_id: str | None = None,
        limit: int | None = None,
    ) -> builtins.list[OutboxRow]:
        return await self.db.run(list_tx, states, group_id, limit)

    async def due(
        self, limit: int = 200, identity: Identity | None = None
    ) -> builtins.list[OutboxRow]:
        return await self.db.run(due_tx, self.now(), limit, identity)

    async def next_wake(self) -> str | None:
        return await self.db.run(next_wake_tx)

    async def count_by_state(self, group_id: str | None = None) -> dict[str, int]:
        return await self.db.run(count_by_state_tx, group_id)

    async def claimed(self, post_ids: Sequence[str]) -> dict[str, str]:
        return await self.db.run(claimed_post_ids_tx, post_ids)

    async def by_source_keys(self, keys: Sequence[str]) -> dict[str, OutboxRow]:
        return await self.db.run(by_source_keys_tx, keys)

    async def mark_sending(self, intent_id: str, **kw: Any) -> OutboxRow | None:
        return await self.db.run(mark_sending_tx, intent_id, now=self.now(), **kw)

    async def settle(self, intent_id: str, state: IntentState, **kw: Any) -> OutboxRow | None:
        return await self.db.run(settle_tx, intent_id, state, now=self.now(), **kw)

    async def requeue(self, intent_id: str, **kw: Any) -> OutboxRow | None:
        return await self.db.run(requeue_tx, intent_id, now=self.now(), **kw)

    async def defer(self, intent_id: str, **kw: Any) -> OutboxRow | None:
        return await self.db.run(defer_tx, intent_id, now=self.now(), **kw)

    async def due_now(self, error_code: str) -> builtins.list[str]:
        return await self.db.run(due_now_tx, error_code, self.now())

    async def sending_due(
        self, limit: int = 200, identity: Identity | None = None
    ) -> builtins.list[OutboxRow]:
        return await self.db.run(sending_due_tx, self.now(), limit, identity)

    async def sending_of(self, identity: Identity) -> builtins.list[OutboxRow]:
        return await self.db.run(sending_of_tx, identity)

    async def count_active(self, identity: Identity) -> int:
        return await self.db.run(count_active_tx, identity)

    async def adopt_unbound(self, identity: Identity) -> int:
        return await self.db.run(adopt_unbound_tx, identity, self.now())

    async def waiting_elsewhere(
        self, identity: Identity
    ) -> builtins.list[tuple[str | None, str | None, int, int]]:
        return await self.db.run(waiting_elsewhere_tx, identity)

    async def rebind(self, old: Identity, new: Identity) -> int:
        return await self.db.run(rebind_tx, old, new, self.now())

    async def save_profiles(self, identity: Identity, profiles: builtins.list[str]) -> None:
        await self.db.run(save_profiles_tx, identity, profiles, self.now())

    async def profiles_of(self, identity: Identity) -> builtins.list[str] | None:
        return await self.db.run(profiles_of_tx, identity)

    async def reassign_claim(self, post_id: str, owner_id: str, **kw: Any) -> OutboxRow | None:
        return await self.db.run(reassign_claim_tx, post_id, owner_id, now=self.now(), **kw)

    async def retry(self, intent_id: str) -> OutboxRow | None:
        return await self.db.run(retry_tx, intent_id, self.now())

    async def discard(self, intent_id: str) -> OutboxRow | None:
        return await self.db.run(discard_tx, intent_id, self.now())

    async def update_payload(self, intent_id: str, payload: dict[str, Any]) -> OutboxRow | None:
        return await self.db.run(update_payload_tx, intent_id, payload, self.now())

    async def add(self, intent: OutboxRow) -> OutboxRow:
        return await self.db.run(add_dependent_tx, intent, self.now())
