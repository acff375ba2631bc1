"""Typed access to the outbox table, telling the change bus about every transition."""

from __future__ import annotations

import asyncio
import builtins
from collections.abc import Callable, Iterable, Sequence
from datetime import datetime
from typing import Any, Final

from s200desk.services.events import Change, ChangeBus
from s200desk.services.outbox.identity import KeyIdentity, WaitingIntents
from s200desk.services.outbox.model import Intent, IntentKind, IntentState
from s200desk.services.outbox.posts_mirror import PostsMirror
from s200desk.store.database import Database
from s200desk.store.outbox_repo import OutboxRepo, OutboxRow
from s200desk.store.timefmt import to_utc_iso

# Change kind for the outbox panel: ids are intent ids. Others may listen for "posts" instead.
OUTBOX: Final = "outbox"


def to_intent(row: OutboxRow) -> Intent:
    return Intent(
        id=row["id"],
        kind=IntentKind(row["kind"]),
        state=IntentState(row["state"]),
        payload=row["payload"],
        account_id=row["account_id"],
        platform=row["platform"],
        group_id=row["group_id"],
        role=row["role"],
        depends_on=tuple(row["depends_on"]),
        source_key=row["source_key"],
        fingerprint=row["fingerprint"],
        attempts=row["attempts"],
        last_error=row["last_error"],
        last_error_code=row["last_error_code"],
        result=row["result"],
        post_id=row["post_id"],
        target_post_id=row["target_post_id"],
        queued_for=row["queued_for"],
        watermark=row["watermark"],
        next_attempt_at=row["next_attempt_at"],
        created_at=row["created_at"],
        updated_at=row["updated_at"],
        first_sent_at=row["first_sent_at"],
        last_sent_at=row["last_sent_at"],
        finished_at=row["finished_at"],
        key_fp=row["key_fp"],
        base_url=row["base_url"],
    )


def to_row(intent: Intent) -> OutboxRow:
    return {
        "id": intent.id,
        "kind": intent.kind.value,
        "state": intent.state.value,
        "account_id": intent.account_id,
        "platform": intent.platform,
        "payload": intent.payload,
        "group_id": intent.group_id,
        "role": intent.role,
        "depends_on": list(intent.depends_on),
        "source_key": intent.source_key,
        "target_post_id": intent.target_post_id,
        "next_attempt_at": intent.next_attempt_at,
        "key_fp": intent.key_fp,
        "base_url": intent.base_url,
    }


def _maybe(row: OutboxRow | None) -> Intent | None:
    return to_intent(row) if row is not None else None


class IntentStore:
    """The outbox of one workspace database, as ``Intent`` objects, seen by one identity: what
    it records is stamped with that identity, and only that identity's intents are due."""

    def __init__(
        self,
        db: Database,
        bus: ChangeBus | None = None,
        identity: KeyIdentity | None = None,
        now: Callable[[], datetime] | None = None,
    ) -> None:
        """``now``: the outbox's clock, for its stamps and for what is due (the system's by
        default)."""
        self.repo = OutboxRepo(db, None if now is None else (lambda: to_utc_iso(now()) or ""))
        self.bus = bus
        self.posts = PostsMirror(db, bus)
        self.identity = identity

    @property
    def _mine(self) -> tuple[str, str] | None:
        return (self.identity.key_fp, self.identity.base_url) if self.identity else None

    def owns(self, intent: Intent) -> bool:
        """May this store's identity send ``intent``?"""
        mine = self._mine
        return mine is None or (intent.key_fp, intent.base_url) == mine

    def _stamped(self, intent: Intent) -> Intent:
        if self.identity is None or intent.key_fp is not None:
            return intent
        return intent.with_(key_fp=self.identity.key_fp, base_url=self.identity.base_url)

    def _tell(self, *ids: str) -> None:
        if self.bus is not None and ids:
            self.bus.publish(Change(OUTBOX, tuple(ids)))

    def _told(self, row: OutboxRow | None) -> Intent | None:
        intent = _maybe(row)
        if intent is not None:
            self._tell(intent.id)
        return intent

    async def insert_many(self, intents: Sequence[Intent]) -> builtins.list[Intent]:
        rows = await self.repo.insert_many([to_row(self._stamped(i)) for i in intents])
        out = [to_intent(r) for r in rows]
        self._tell(*(i.id for i in out))
        return out

    async def insert_replacing(
        self, intents: Sequence[Intent], take_back: Sequence[str], along: Sequence[str]
    ) -> builtins.list[Intent]:
        """``insert_many``, discarding in the same transaction the pending intents they replace
        (``TakenMeanwhile`` if one of ``take_back`` was taken by the sender meanwhile)."""
        rows = await self.repo.insert_replacing(
            [to_row(self._stamped(i)) for i in intents], take_back, along
        )
        out = [to_intent(r) for r in rows]
        self._tell(*(i.id for i in out), *take_back, *along)
        return out

    async def add(self, intent: Intent) -> Intent:
        return (await self.insert_many([intent]))[0]

    async def get(self, intent_id: str) -> Intent | None:
        return _maybe(await self.repo.get(intent_id))

    async def get_many(self, ids: Sequence[str]) -> builtins.list[Intent]:
        rows = await self.repo.get_many(ids)
        return [to_intent(rows[i]) for i in ids if i in rows]

    async def list(
        self,
        states: Iterable[IntentState] | None = None,
        group_id: str | None = None,
        limit: int | None = None,
    ) -> builtins.list[Intent]:
        return [to_intent(r) for r in await self.repo.list(states, group_id, limit)]

    async def due(self, limit: int = 200) -> builtins.list[Intent]:
        return [to_intent(r) for r in await self.repo.due(limit, self._mine)]

    async def sending_due(self, limit: int = 200) -> builtins.list[Intent]:
        return [to_intent(r) for r in await self.repo.sending_due(limit, self._mine)]

    async def sending_mine(self) -> builtins.list[Intent]:
        """Every intent this identity left ``sending`` (all of them without an identity)."""
        mine = self._mine
        if mine is None:
            return await self.list([IntentState.SENDING])
        return [to_intent(r) for r in await self.repo.sending_of(mine)]

    async def count_active_mine(self) -> int:
        mine = self._mine
        if mine is None:
            counts = await self.count_by_state()
            return counts.get("pending", 0) + counts.get("sending", 0)
        return await self.repo.count_active(mine)

    async def adopt_unbound(self) -> int:
        mine = self._mine
        return await self.repo.adopt_unbound(mine) if mine else 0

    async def waiting_elsewhere(self) -> builtins.list[WaitingIntents]:
        """Pending or sending intents of other identities, which this one will not send."""
        mine = self._mine
        if mine is None:
            return []
        out = []
        for key_fp, base_url, count, posts in await self.repo.waiting_elsewhere(mine):
            owner = KeyIdentity(key_fp, base_url) if key_fp and base_url else None
            out.append(WaitingIntents(owner, count, posts))
        return out

    async def rebind(self, old: KeyIdentity) -> int:
        mine = self._mine
        if mine is None:
            return 0
        return await self.repo.rebind((old.key_fp, old.base_url), mine)

    async def save_profiles(self, profiles: builtins.list[str]) -> None:
        mine = self._mine
        if mine is not None:
            await self.repo.save_profiles(mine, profiles)

    async def profiles_of(self, identity: KeyIdentity) -> builtins.list[str] | None:
        return await self.repo.profiles_of((identity.key_fp, identity.base_url))

    async def next_wake(self) -> str | None:
        return await self.repo.next_wake()

    async def count_by_state(self, group_id: str | None = None) -> dict[str, int]:
        return await self.repo.count_by_state(group_id)

    async def claimed(self, post_ids: Sequence[str]) -> dict[str, str]:
        return await self.repo.claimed(post_ids) if post_ids else {}

    async def by_source_keys(self, keys: Sequence[str]) -> dict[str, Intent]:
        rows = await self.repo.by_source_keys(keys)
        return {k: to_intent(r) for k, r in rows.items()}

    async def mark_sending(self, intent_id: str, **kw: Any) -> Intent | None:
        """``sending`` now, if it is still due and this store's identity owns it."""
        return self._told(await self.repo.mark_sending(intent_id, identity=self._mine, **kw))

    async def settle(self, intent_id: str, state: IntentState, **kw: Any) -> Intent | None:
        intent = self._told(await self.repo.settle(intent_id, state, **kw))
        if intent is not None:
            # Shielded: whoever waits for this intent may stop its sender the moment it reads
            # DONE, and the post's new state must still reach the store.
            await asyncio.shield(self.posts.settled(intent))
        return intent

    async def remember_post(self, post: Any) -> None:
        """Keep a full post read from the server (media, options) in the workspace's store."""
        await self.posts.remember(post)

    async def requeue(self, intent_id: str, **kw: Any) -> Intent | None:
        return self._told(await self.repo.requeue(intent_id, **kw))

    async def defer(self, intent_id: str, **kw: Any) -> Intent | None:
        return self._told(await self.repo.defer(intent_id, **kw))

    async def due_now(self, error_code: str) -> builtins.list[str]:
        """The pending intents put back with ``error_code`` are due now (their ids)."""
        ids = await self.repo.due_now(error_code)
        self._tell(*ids)
        return ids

    async def reassign_claim(self, post_id: str, owner_id: str, **kw: Any) -> Intent | None:
        return self._told(await self.repo.reassign_claim(post_id, owner_id, **kw))

    async def retry(self, intent_id: str) -> Intent | None:
        return self._told(await self.repo.retry(intent_id))

    async def discard(self, intent_id: str) -> Intent | None:
        return self._told(await self.repo.discard(intent_id))

    async def update_payload(self, intent_id: str, payload: dict[str, Any]) -> Intent | None:
        return self._told(await self.repo.update_payload(intent_id, payload))
