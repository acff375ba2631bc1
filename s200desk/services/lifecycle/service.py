"""``PostLifecycle``: move, edit, undo, cancel and duplicate a post, always through the outbox.

Replacement first (design.md "Rescheduling"): a move or an edit records a create that will be
built from the original *read by id when it is sent* (``outbox.derive``) and a cancel of the
original that waits for it. Undo and redo are moves of whichever post holds the content now.
Nothing here sends anything: whoever runs the outbox's sender (the main window, or the command
line's ``drain``) does, and ``settle`` waits for the answer.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime

from s200desk.services.lifecycle.outcome import (
    Outcome,
    cancel_outcome,
    copy_outcome,
    replacement_outcome,
)
from s200desk.services.lifecycle.queued import Source, follow, merge
from s200desk.services.outbox.derive import PostChanges, derived_payload, refusal
from s200desk.services.outbox.model import (
    SETTLED_STATES,
    Intent,
    IntentKind,
    IntentState,
    MediaRef,
    cancel_intent,
    media_upload_intent,
    new_id,
)
from s200desk.services.outbox.service import OutboxService
from s200desk.services.platform_names import platform_name
from s200desk.services.scheduling import parse_iso_utc, to_iso_z, utc_now
from s200desk.store.outbox_repo import TakenMeanwhile
from s200desk.store.repos import PostsRepo, ProfilesRepo

# What the profiles endpoint calls a profile that can post; anything else must be reconnected.
CONNECTED = ("active", "connected")

# Times to look again when the sender takes a queued move while a new change is recorded.
RACES = 5


class CannotChange(Exception):
    """The post can no longer be changed; ``str()`` says why in the user's words."""


@dataclass(frozen=True)
class Submitted:
    """What was recorded in the outbox for one operation."""

    kind: str  # "replace", "copy" or "cancel"
    post_id: str  # the post it acts on
    group_id: str
    intents: tuple[Intent, ...]

    @property
    def main(self) -> Intent:
        """The intent whose outcome is the operation's: the create, or the cancel."""
        for intent in self.intents:
            if intent.role in ("replacement", "copy") or self.kind == "cancel":
                return intent
        return self.intents[-1]


class PostLifecycle:
    """The one place a post's fate changes; the GUI and the command line both call it."""

    def __init__(
        self,
        outbox: OutboxService,
        *,
        poll: float = 0.1,
        now: Callable[[], datetime] | None = None,
    ) -> None:
        """``now``: the clock a new time must be after (the real one unless injected)."""
        self.outbox = outbox
        self.posts = PostsRepo(outbox.db)
        self.profiles = ProfilesRepo(outbox.db)
        self.poll = poll
        self.now = now or utc_now

    # -- the verbs -------------------------------------------------------------------------

    async def reschedule(
        self,
        post_id: str,
        when: datetime,
        *,
        account_id: str | None = None,
        platform: str | None = None,
    ) -> Submitted:
        """Move a scheduled post to ``when`` (aware): a replacement at ``when``, then the cancel."""
        changes = PostChanges(scheduled_for=to_iso_z(when))
        return await self.edit(post_id, changes, account_id=account_id, platform=platform)

    async def edit(
        self,
        post_id: str,
        changes: PostChanges,
        *,
        account_id: str | None = None,
        platform: str | None = None,
    ) -> Submitted:
        """Replace a scheduled post by itself with ``changes`` (and anything else it had)."""
        if changes.scheduled_for and parse_iso_utc(changes.scheduled_for) <= self.now():
            # The server would refuse it anyway; said before anything is recorded or sent.
            raise CannotChange("the new time is in the past: pick a time still to come; "
                               "nothing was sent")
        account_id, platform = await self._identify(
            post_id, account_id, platform, check="changed"
        )
        for _ in range(RACES):
            # A move of this post may still be queued: act where the content is going.
            source = await follow(self.outbox, post_id)
            try:
                return await self._replace(post_id, source, changes, account_id, platform)
            except TakenMeanwhile:  # the sender took a move meanwhile: look again
                continue
        raise CannotChange("this post is being sent just now: try again in a moment")

    async def _replace(
        self,
        post_id: str,
        source: Source,
        changes: PostChanges,
        account_id: str | None,
        platform: str | None,
    ) -> Submitted:
        changes = merge(source.carried, changes)
        group = new_id()
        uploads, changes = _plan_media(changes, group)
        waits = (source.intent_id,) if source.post_id is None and source.intent_id else ()
        payload = derived_payload(
            source.post_id, changes, account_id=account_id, platform=platform,
            from_intent=waits[0] if waits else None,
        )  # fmt: skip
        create = Intent(
            id=new_id(),
            kind=IntentKind.CREATE,
            state=IntentState.PENDING,
            payload=payload,
            account_id=account_id,
            platform=platform,
            group_id=group,
            role="replacement",
            depends_on=(*waits, *source.carried_uploads, *(u.id for u in uploads)),
        )
        cancel = cancel_intent(
            source.post_id, platform=platform, account_id=account_id, group_id=group,
            role="cancel_original", depends_on=(create.id,),
            target_from=waits[0] if waits else None,
        )  # fmt: skip
        cancel = cancel.with_(payload={**cancel.payload, "replacement": create.id})
        stored = await self.outbox.submit(
            [*uploads, create, cancel], take_back=source.take_back, along=source.along
        )
        return Submitted("replace", post_id, group, tuple(stored))

    async def duplicate(self, post_id: str, changes: PostChanges | None = None) -> Submitted:
        """A new post with everything ``post_id`` has (and ``changes``); the original stays."""
        changes = changes or PostChanges()
        account_id, platform = await self._identify(post_id, None, None, check=None)
        group = new_id()
        uploads, changes = _plan_media(changes, group)
        payload = derived_payload(
            post_id, changes, account_id=account_id, platform=platform, copy=True
        )
        create = Intent(
            id=new_id(), kind=IntentKind.CREATE, state=IntentState.PENDING, payload=payload,
            account_id=account_id, platform=platform, group_id=group, role="copy",
            depends_on=tuple(u.id for u in uploads),
        )  # fmt: skip
        stored = await self.outbox.submit([*uploads, create])
        return Submitted("copy", post_id, group, tuple(stored))

    async def cancel(self, post_id: str, *, platform: str | None = None) -> Submitted:
        """Cancel a scheduled post; the store and every view hear once the server confirmed."""
        # Not refused from the store's copy: the server decides, and the outbox keeps its answer.
        account_id, platform = await self._identify(post_id, None, platform, check=None)
        for _ in range(RACES):
            # A move of this post still queued: taken back if not sent, else its post cancelled.
            source = await follow(self.outbox, post_id)
            try:
                return await self._cancel(post_id, source, account_id, platform)
            except TakenMeanwhile:
                continue
        raise CannotChange("this post is being sent just now: try again in a moment")

    async def _cancel(
        self, post_id: str, source: Source, account_id: str | None, platform: str | None
    ) -> Submitted:
        group = new_id()
        waits = (source.intent_id,) if source.post_id is None and source.intent_id else ()
        intent = cancel_intent(
            source.post_id, platform=platform, account_id=account_id, group_id=group,
            source_key=None, depends_on=waits, target_from=waits[0] if waits else None,
        )  # fmt: skip
        if waits:
            intent = intent.with_(payload={**intent.payload, "fallback_post": source.fallback_post})
        stored = await self.outbox.submit([intent], take_back=source.take_back, along=source.along)
        return Submitted("cancel", post_id, group, tuple(stored))

    # -- waiting for the answer ------------------------------------------------------------

    async def settle(self, submitted: Submitted, timeout: float | None = None) -> Outcome:
        """Wait until the operation settled; with ``timeout``, say it is still waiting."""
        try:
            intents = await asyncio.wait_for(self._settled(submitted.group_id), timeout)
        except TimeoutError:
            return Outcome(
                ok=False,
                waiting=True,
                reason="no answer from Status 200 yet: it is kept in the outbox and sent as "
                "soon as the connection is back",
            )
        return self.outcome(submitted, intents)

    def outcome(self, submitted: Submitted, intents: Sequence[Intent]) -> Outcome:
        if submitted.kind == "cancel":
            return cancel_outcome(intents[0] if intents else None)
        if submitted.kind == "copy":
            return copy_outcome(intents)
        return replacement_outcome(intents)

    async def _settled(self, group_id: str) -> list[Intent]:
        """Every intent of the group once none is pending or sending (more may be added)."""
        while True:
            intents = await self.outbox.list(group_id=group_id)
            if intents and all(i.state in SETTLED_STATES for i in intents):
                return intents
            await asyncio.sleep(self.poll)

    # -- helpers ---------------------------------------------------------------------------

    async def _identify(
        self,
        post_id: str,
        account_id: str | None,
        platform: str | None,
        *,
        check: str | None,
    ) -> tuple[str | None, str | None]:
        """Account and platform for the outbox's rows; refuses a post the store knows is final.

        The store may be behind (a post published a minute ago still reads scheduled): the
        sender checks the server's copy again before anything is sent.
        """
        stored = await self.posts.get(post_id)
        if stored is not None:
            if check and (why := refusal(stored)) is not None:
                raise CannotChange(f"This post can no longer be {check}: {why}.")
            account_id, platform = account_id or stored.account_id, platform or stored.platform
        if check and account_id and platform:
            # The server refuses a disconnected profile's replacement (403): say so before
            # anything is recorded, rather than after a round trip, in the outbox and a notice.
            profile = await self.profiles.get(platform, account_id)
            if profile is not None and profile.status not in CONNECTED:
                raise CannotChange(
                    f"{platform_name(platform)} {account_id} is {profile.status}: reconnect it "
                    "in your Status 200 dashboard, then sync (F5). Nothing was sent."
                )
        return account_id, platform


def _plan_media(changes: PostChanges, group: str) -> tuple[list[Intent], PostChanges]:
    """Uploads for new media given by URL; the changes then name those uploads."""
    if changes.media is None:
        return [], changes
    uploads: dict[str, Intent] = {}
    media: list[MediaRef] = []
    for ref in changes.media:
        if ref.url and not ref.file_id and not ref.upload_intent:
            upload = uploads.get(ref.url)
            if upload is None:
                upload = uploads[ref.url] = media_upload_intent(ref.url, group_id=group)
            media.append(MediaRef(url=ref.url, upload_intent=upload.id))
        else:
            media.append(ref)
    return list(uploads.values()), PostChanges(
        text=changes.text,
        scheduled_for=changes.scheduled_for,
        media=tuple(media),
        options=changes.options,
        option_updates=changes.option_updates,
    )
