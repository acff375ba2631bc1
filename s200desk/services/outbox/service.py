"""The outbox as the UI and the command line use it: submit, watch, retry, discard, run.

``OutboxService(db, client, bus, identity=...)``. ``submit`` writes intents (nothing is sent
there), each stamped with the identity (key fingerprint + server) it is recorded under; ``run`` is
the sender loop: it first settles which intents this identity may send (``binding``), reconciles
what a previous run left ``sending`` (``resume``), then sends due intents concurrently (fan-out: one
intent per profile), at most ``concurrency`` at a time. Intents of another identity are never
sent; ``waiting`` (and ``on_waiting``) say what waits for another key or server.
"""

from __future__ import annotations

import asyncio
import builtins
import contextlib
import hashlib
import logging
from collections.abc import Awaitable, Callable, Iterable, Sequence
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from s200desk.services.events import ChangeBus
from s200desk.services.outbox.backoff import BackoffPolicy
from s200desk.services.outbox.binding import IdentityBinding
from s200desk.services.outbox.identity import KeyIdentity, WaitingIntents, waiting_message
from s200desk.services.outbox.lock import OutboxBusy, SenderLock
from s200desk.services.outbox.model import (
    SETTLED_STATES,
    SUCCESS_STATES,
    Intent,
    IntentKind,
    IntentState,
    MediaRef,
    PostSpec,
    cancel_intent,
    create_intent,
    media_upload_intent,
    new_id,
)
from s200desk.services.outbox.recorded import onto_recorded
from s200desk.services.outbox.sender import OFFLINE, OutboxSender, SenderBlocked
from s200desk.services.outbox.store import IntentStore
from s200desk.store.database import Database

log = logging.getLogger(__name__)

# How long the steps still in flight may take to record their answers once the sender must stop.
STOP_GRACE_SECONDS = 5.0
FAILED_DEP_STATES = frozenset(
    {IntentState.FAILED, IntentState.DISCARDED, IntentState.NEEDS_ATTENTION}
)


def plan_posts(
    specs: Sequence[PostSpec],
    *,
    group_id: str | None = None,
    source_keys: Sequence[str | None] | None = None,
    media_key_prefix: str | None = None,
) -> list[Intent]:
    """The intents for some posts: one media upload per distinct URL, then one create per post.

    ``source_keys[i]`` names post ``i`` durably (an import: file hash and row), so submitting the
    same plan twice adds nothing; media uploads are keyed by ``media_key_prefix`` and the URL.
    """
    group = group_id or new_id()
    uploads: dict[str, Intent] = {}
    out: list[Intent] = []
    for index, spec in enumerate(specs):
        media: list[MediaRef] = []
        deps: list[str] = []
        for ref in spec.media:
            if ref.url and not ref.file_id:
                upload = uploads.get(ref.url)
                if upload is None:
                    key = None
                    if media_key_prefix:
                        digest = hashlib.sha256(ref.url.encode()).hexdigest()[:32]
                        key = f"{media_key_prefix}:media:{digest}"
                    upload = media_upload_intent(ref.url, group_id=group, source_key=key)
                    uploads[ref.url] = upload
                    out.append(upload)
                media.append(MediaRef(url=ref.url, upload_intent=upload.id))
                deps.append(upload.id)
            else:
                media.append(ref)
        planned = PostSpec(
            account_id=spec.account_id, platform=spec.platform, text=spec.text,
            media=tuple(media), scheduled_for=spec.scheduled_for, options=spec.options,
        )  # fmt: skip
        key = source_keys[index] if source_keys else None
        out.append(
            create_intent(planned, group_id=group, source_key=key, depends_on=tuple(deps))
        )
    return out


class OutboxService:
    """Submit, list, retry, discard, and run the sender of one workspace's outbox."""

    def __init__(
        self,
        db: Database,
        client: Any,
        bus: ChangeBus | None = None,
        *,
        policy: BackoffPolicy | None = None,
        concurrency: int = 8,
        now: Callable[[], datetime] | None = None,
        identity: KeyIdentity | None = None,
        adopt_unbound: bool = True,
        on_waiting: Callable[[str], None] | None = None,
    ) -> None:
        """``identity``: the key and server this outbox records and sends as (default: the
        client's own). ``adopt_unbound``: whether intents recorded before identities were noted
        are this key's; False when the key does not come from the workspace (``S200_API_KEY``).
        ``on_waiting`` is told, in plain words, when intents wait for another key or server."""
        self.db = db
        identity = identity or KeyIdentity.of_client(client)
        if identity is None:
            raise ValueError("the outbox needs the key and server it sends with (identity=...)")
        self.identity = identity
        self.policy = policy or BackoffPolicy()
        self._now = now or (lambda: datetime.now(UTC))
        self.store = IntentStore(db, bus, identity, now=self._now)
        self.binding = IdentityBinding(
            self.store, client, identity, adopt_unbound=adopt_unbound, now=self._now
        )
        self.on_waiting = on_waiting
        self.sender = OutboxSender(self.store, client, policy=self.policy, now=self._now)
        self.concurrency = max(1, concurrency)
        self._wake = asyncio.Event()
        self._lock = SenderLock.for_database(Path(db.path))

    # ------------------------------------------------------------------ the UI's verbs

    async def submit(
        self,
        intents: Sequence[Intent],
        *,
        take_back: Sequence[str] = (),
        along: Sequence[str] = (),
    ) -> builtins.list[Intent]:
        """Record intents (before any request); the running sender picks them up at once.

        ``take_back``: pending intents they replace, discarded in the same transaction
        (``TakenMeanwhile`` and nothing recorded if one is no longer pending); ``along``: ones
        discarded with them if still pending (a cancel that waited for one taken back)."""
        keys = [i.source_key for i in intents if i.source_key]
        if keys:  # an upload recorded by an earlier submission is the one to wait for
            intents = onto_recorded(intents, await self.store.by_source_keys(keys))
        if take_back or along:
            stored = await self.store.insert_replacing(intents, take_back, along)
        else:
            stored = await self.store.insert_many(intents)
        self._wake.set()
        return stored

    async def submit_posts(
        self, specs: Sequence[PostSpec], *, group_id: str | None = None
    ) -> builtins.list[Intent]:
        """One post to several profiles (or several posts): uploads first, fanned-out creates."""
        return await self.submit(plan_posts(specs, group_id=group_id))

    async def cancel(self, post_id: str, *, platform: str | None = None) -> Intent:
        return (await self.submit([cancel_intent(post_id, platform=platform)]))[0]

    async def list(
        self, states: Iterable[IntentState] | None = None, group_id: str | None = None
    ) -> builtins.list[Intent]:
        return await self.store.list(states, group_id)

    async def get(self, intent_id: str) -> Intent | None:
        return await self.store.get(intent_id)

    async def wait_settled(self, intent_id: str, *, poll: float = 0.1) -> Intent | None:
        """The intent once the sender has settled it (done, failed …); None if it is gone."""
        while True:
            intent = await self.store.get(intent_id)
            if intent is None or intent.state in SETTLED_STATES:
                return intent
            await asyncio.sleep(poll)

    async def retry(self, intent_id: str) -> Intent | None:
        """Send a failed / needs-attention / discarded intent again (and the uploads it needs)."""
        intent = await self.store.get(intent_id)
        if intent is None:
            return None
        for dep in await self.store.get_many(list(intent.depends_on)):
            if dep.state in FAILED_DEP_STATES:
                await self.store.retry(dep.id)
        again = await self.store.retry(intent_id)
        self._wake.set()
        return again

    async def discard(self, intent_id: str) -> Intent | None:
        return await self.store.discard(intent_id)

    async def edit(self, intent_id: str, payload: dict[str, Any]) -> Intent | None:
        """Change what a refused (or not yet sent) intent will send."""
        return await self.store.update_payload(intent_id, payload)

    async def counts(self, group_id: str | None = None) -> dict[str, int]:
        return await self.store.count_by_state(group_id)

    def wake(self) -> None:
        self._wake.set()

    async def server_reached(self) -> None:
        """Another request reached the server (a sync after being offline): what waits only
        because it could not be reached is sent now, not when its growing wait (up to the
        policy's ``offline_cap``) runs out."""
        self.sender.server_reached()
        if await self.store.due_now(OFFLINE):
            self.wake()

    # ------------------------------------------------------------------ the sender loop

    @property
    def waiting(self) -> builtins.list[WaitingIntents]:
        """Intents held back at the last start because another key or server owns them."""
        return self.binding.waiting

    def waiting_message(self) -> str | None:
        """``waiting`` in the user's words; None when nothing waits."""
        return waiting_message(self.binding.waiting, self.identity)

    async def resume(self) -> int:
        """Settle which intents are this identity's, then reconcile every one of them that a
        previous run left ``sending``; returns how many there were."""
        await self.binding.settle()
        message = self.waiting_message()
        if message and self.on_waiting is not None:
            self.on_waiting(message)
        left = await self.store.sending_mine()
        semaphore = asyncio.Semaphore(self.concurrency)

        async def one(intent: Intent) -> None:
            async with semaphore:
                await self.sender.reconcile(intent)

        results = await asyncio.gather(*(one(i) for i in left), return_exceptions=True)
        for result in results:
            if isinstance(result, SenderBlocked):
                raise result
            if isinstance(result, BaseException):
                log.error("reconciling at start-up failed: %r", result)
        return len(left)

    async def _ready(self, intent: Intent) -> bool:
        """Dependencies done? Fails the intent when one of them failed."""
        if not intent.depends_on:
            return True
        deps = await self.store.get_many(list(intent.depends_on))
        if intent.kind is IntentKind.CANCEL and intent.payload.get("fallback_post"):
            # Whatever became of the move it waited for, the post is cancelled (sender.py).
            return len(deps) == len(intent.depends_on) and all(d.settled for d in deps)
        for dep in deps:
            if dep.state in FAILED_DEP_STATES:
                what = "the replacement" if dep.role == "replacement" else dep.summary()
                await self.store.settle(
                    intent.id, IntentState.FAILED,
                    error=f"{what} did not succeed: {dep.last_error or dep.state.value}",
                    error_code="dependency", expect=(IntentState.PENDING,),
                )  # fmt: skip
                return False
        return len(deps) == len(intent.depends_on) and all(d.state in SUCCESS_STATES for d in deps)

    async def _pick(self, free: int, busy: set[str]) -> builtins.list[Intent]:
        picked: list[Intent] = []
        # Left "sending" (a lost answer whose check could not finish): look again first.
        for intent in await self.store.sending_due(limit=free + len(busy)):
            if intent.id not in busy and len(picked) < free:
                picked.append(intent)
        if len(picked) >= free:
            return picked
        for intent in await self.store.due(limit=max(200, 4 * free + len(busy))):
            if len(picked) >= free:
                break
            if intent.id in busy:
                continue
            create = intent.kind is IntentKind.CREATE
            if not self.sender.pacer.may_start(intent.platform, create=create):
                continue
            if await self._ready(intent):
                self.sender.pacer.start(intent.id, intent.platform, create=create)
                picked.append(intent)
        if picked:
            # What this key sees is noted before it first sends, so that a rotated key of the
            # same account can later be recognised (binding.py).
            try:
                await self.binding.note_profiles()
            except BaseException:
                # Stopped while looking (offline, the window closing): the picked ones never
                # started, so their platforms' lanes are free again for the next run.
                for intent in picked:
                    self.sender.pacer.finish(intent.id)
                raise
        return picked

    async def _step(self, intent: Intent) -> Intent | None:
        try:
            return await self.sender.process(intent)
        finally:
            self.sender.pacer.finish(intent.id)

    def _poll_within(self, poll: float) -> float:
        """``poll``, or less when a held platform frees up sooner."""
        moment = self.sender.pacer.next_change()
        if moment is None:
            return poll
        return max(0.0, min(poll, (moment - self._now()).total_seconds()))

    async def _idle(self) -> bool:
        # Intents of another identity are not ours to wait for: they are never sent here.
        return not await self.store.count_active_mine()

    async def run(
        self,
        *,
        until: Callable[[], Awaitable[bool]] | None = None,
        stop_when_idle: bool = False,
        poll: float = 0.25,
        idle_poll: float = 5.0,
    ) -> None:
        """The sender loop. Holds the workspace's sender lock (OutboxBusy if another has it).

        Returns when ``until()`` says so, or when nothing is left to do with ``stop_when_idle``;
        raises SenderBlocked when the key is refused. Cancelling it is safe at any point: an
        interrupted request leaves its intent ``sending``, and the next run reconciles it.
        """
        self._lock.acquire(owner=self._owner)
        inflight: dict[str, asyncio.Task[Any]] = {}
        try:
            await self.resume()
            while True:
                # Cleared before looking for work, so a submit() made while we look is not
                # missed until the next idle poll.
                self._wake.clear()
                if until is not None and await until():
                    return
                free = self.concurrency - len(inflight)
                if free > 0:
                    for intent in await self._pick(free, set(inflight)):
                        inflight[intent.id] = asyncio.create_task(
                            self._step(intent), name=f"outbox:{intent.id}"
                        )
                idle = not inflight and await self._idle()
                if idle and stop_when_idle:
                    return
                waker = asyncio.ensure_future(self._wake.wait())
                try:
                    # Idle, only submit() (or another process's rows, seen within idle_poll)
                    # brings work; otherwise look again soon for backoffs that ran out.
                    await asyncio.wait(
                        [*inflight.values(), waker],
                        timeout=idle_poll if idle else self._poll_within(poll),
                        return_when=asyncio.FIRST_COMPLETED,
                    )
                finally:
                    waker.cancel()
                for intent_id, task in list(inflight.items()):
                    if not task.done():
                        continue
                    del inflight[intent_id]
                    error = task.exception()
                    if isinstance(error, SenderBlocked):
                        # The others in flight record their own answer (a refused key puts
                        # them back untouched) rather than being left "sending".
                        await asyncio.wait(inflight.values(), timeout=STOP_GRACE_SECONDS)
                        raise error
                    if error is not None:
                        log.error("outbox step for %s failed: %r", intent_id, error)
        except SenderBlocked as exc:
            if exc.kind != "auth":
                raise
            raise SenderBlocked("auth", f"{exc} {await self._what_waits()}") from exc
        finally:
            for task in inflight.values():
                task.cancel()
            for task in inflight.values():
                with contextlib.suppress(BaseException):
                    await task
            for intent_id in inflight:
                # A step cancelled before it ever ran never freed its platform's lane: the next
                # run of this sender would wait for it forever.
                self.sender.pacer.finish(intent_id)
            self._lock.release()

    async def _what_waits(self) -> str:
        """What the user asked for that now waits for a working key, in their words."""
        changes = sum(
            1 for i in await self.store.list([IntentState.PENDING, IntentState.SENDING])
            if self.store.owns(i) and i.kind is not IntentKind.MEDIA_UPLOAD
            and i.role not in ("cancel_original", "cancel_replacement")
        )  # fmt: skip
        what = "1 change waits" if changes == 1 else f"{changes} changes wait"
        return f"Nothing is lost: {what} in the outbox and will be sent once a working key is set."

    @property
    def _owner(self) -> str:
        return f"{self.identity.key_fp} {self.identity.base_url}"

    def _other_sender_will_not_send_ours(self) -> None:
        holder = self._lock.holder()
        if holder is None or holder == self._owner:
            return
        key_fp, _, base_url = holder.partition(" ")
        raise SenderBlocked(
            "identity",
            f"another s200desk is sending this workspace's outbox with another key or server "
            f"({KeyIdentity(key_fp, base_url).describe()}), and it never sends what "
            f"{self.identity.describe()} queued. Nothing is lost: run this again once it has "
            "closed",
        )

    async def drain(
        self,
        group_id: str,
        *,
        on_progress: Callable[[dict[str, int]], None] | None = None,
        offline_timeout: float | None = None,
        poll: float = 0.25,
    ) -> dict[str, int]:
        """Run (or, if another process is sending, wait) until every intent of a group settled.

        Raises SenderBlocked("offline") when the server has not answered for ``offline_timeout``.
        """
        async def settled() -> bool:
            counts = await self.store.count_by_state(group_id)
            if on_progress is not None:
                on_progress(counts)
            since = self.sender.offline_since
            if (
                offline_timeout is not None
                and since is not None
                and (self._now() - since).total_seconds() > offline_timeout
            ):
                raise SenderBlocked("offline", "the server cannot be reached")
            return all(state in {s.value for s in SETTLED_STATES} for state in counts)

        while True:
            try:
                await self.run(until=settled, poll=poll)
                return await self.store.count_by_state(group_id)
            except OutboxBusy:
                # Someone else (the GUI) is sending; with our key it sends ours too, so watch
                # and wait; with another key it never will.
                self._other_sender_will_not_send_ours()
                if await settled():
                    return await self.store.count_by_state(group_id)
                await asyncio.sleep(1.0)


def is_settled(intent: Intent) -> bool:
    return intent.state in SETTLED_STATES


__all__ = ["IntentKind", "OutboxService", "is_settled", "plan_posts"]
