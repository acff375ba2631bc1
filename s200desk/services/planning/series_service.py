"""Recurring posts as real scheduled posts: each occurrence within the horizon is an outbox
intent keyed by the occurrence, so topping up again (at start-up, after each sync, after a kill
half-way) adds only what is missing. Skipping or cancelling takes back what was created.

One occurrence changed on its own (edited in the composer, moved on the calendar: a replacement
through ``PostLifecycle``) stays in the series as an exception, as "this event" does in a
calendar: changing every future post leaves it as the user made it and never makes a second post
for its date; skipping it or ending the series takes back the post that holds it now. One
cancelled on its own is left out, as a skip is. Both are read from the outbox, which records
every edit and cancel, so no path that changes a post needs to know about series.
"""

from __future__ import annotations

import builtins
import uuid
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime, timedelta
from typing import Protocol

from s200desk.services.outbox.model import (
    Intent,
    IntentKind,
    IntentState,
    PostSpec,
    cancel_intent,
)
from s200desk.services.outbox.service import plan_posts
from s200desk.services.planning.recurrence import DEFAULT_HORIZON, Occurrence, Series
from s200desk.services.scheduling import parse_iso_utc, to_iso_z
from s200desk.store.database import Database
from s200desk.store.planning_repo import SeriesRepo, StoredSeries, cancels_of_posts
from s200desk.store.timefmt import utc_now_iso

WALL_FORMAT = "%Y-%m-%dT%H:%M"
# An intent in one of these states will not act any more: an edit or cancel that ended so
# changed nothing.
REFUSED = frozenset({IntentState.FAILED, IntentState.NEEDS_ATTENTION, IntentState.DISCARDED})


class Outbox(Protocol):
    async def submit(self, intents: list[Intent]) -> list[Intent]: ...
    async def list(
        self, states: list[IntentState] | None = None, group_id: str | None = None
    ) -> list[Intent]: ...
    async def discard(self, intent_id: str) -> Intent | None: ...
    async def get(self, intent_id: str) -> Intent | None: ...


class SeriesNotFound(LookupError):
    """No series has that id; the message is for the user."""


@dataclass(frozen=True)
class SeriesView:
    """A series as the calendar and ``s200desk series list`` show it."""

    stored: StoredSeries
    next: Occurrence | None

    def as_json(self) -> dict[str, object]:
        return {
            "id": self.stored.id,
            "platform": self.stored.platform,
            "account_id": self.stored.account_id,
            "rule": self.stored.rule,
            "zone": self.stored.zone,
            "next": to_iso_z(self.next.utc) if self.next else None,
        }


def group_of(series_id: str) -> str:
    return f"series:{series_id}"


def _series(stored: StoredSeries) -> Series:
    return Series(
        stored.id, stored.rule, datetime.strptime(stored.first_wall, WALL_FORMAT), stored.zone,
        frozenset(datetime.strptime(w, WALL_FORMAT) for w in stored.skipped),
    )  # fmt: skip


def occurrence_key(stored: StoredSeries, occurrence: Occurrence) -> str:
    return f"{group_of(stored.id)}:v{stored.version}:{occurrence.wall.strftime(WALL_FORMAT)}"


def wall_of(source_key: str | None, series_id: str) -> str | None:
    """The occurrence (its wall time, as text) an intent of the series was made for."""
    prefix = f"{group_of(series_id)}:v"
    if not (source_key or "").startswith(prefix):
        return None
    _version, sep, wall = (source_key or "")[len(prefix):].partition(":")
    return wall if sep else None


@dataclass
class ChangedOnTheirOwn:
    """Occurrences changed outside the series, by wall time: ``edited`` maps each to the
    replacement create that holds it now; ``cancelled`` ones were cancelled by themselves (or,
    once edited, taken back by the series): nothing is left to take back or to make."""

    edited: dict[str, str] = field(default_factory=dict)
    cancelled: set[str] = field(default_factory=set)

    def __contains__(self, wall: object) -> bool:
        return wall in self.edited or wall in self.cancelled


class SeriesService:
    def __init__(self, db: Database, outbox: Outbox) -> None:
        self.db = db
        self.repo = SeriesRepo(db)
        self.outbox = outbox

    async def create(
        self,
        post: PostSpec,
        rule: str,
        first: datetime,
        zone: str,
        *,
        horizon: timedelta = DEFAULT_HORIZON,
        now: datetime | None = None,
    ) -> StoredSeries:
        """A new series (its rule checked first), with its occurrences up to the horizon."""
        series_id = uuid.uuid4().hex[:12]
        wall = first.replace(tzinfo=None, second=0, microsecond=0)
        Series(series_id, rule, wall, zone)  # refuses a bad rule before anything is stored
        body = replace(post, scheduled_for=None).to_json()
        stored = await self.repo.add(StoredSeries(
            id=series_id, platform=post.platform, account_id=post.account_id, post=body,
            rule=rule, first_wall=wall.strftime(WALL_FORMAT), zone=zone,
            horizon_days=max(1, horizon.days),
        ))  # fmt: skip
        await self.top_up(now=now)
        return stored

    async def list(self, now: datetime | None = None) -> list[SeriesView]:
        """The running series, each with its next post; one cancelled on its own is not it."""
        moment = now or datetime.now(UTC)
        views = []
        for stored in await self.repo.active():
            own = await self.changed_on_their_own(stored.id)
            gone = frozenset(datetime.strptime(w, WALL_FORMAT) for w in own.cancelled)
            series = _series(stored)
            views.append(SeriesView(stored, replace(series, skipped=series.skipped | gone)
                                    .next_after(moment)))  # fmt: skip
        return views

    async def top_up(self, now: datetime | None = None) -> int:
        """Record every missing occurrence within each series' horizon; returns how many were
        new. Safe to run any number of times, and after a kill half-way. An occurrence changed
        or cancelled on its own is never made again."""
        moment = now or datetime.now(UTC)
        added = 0
        for stored in await self.repo.active():
            end = moment + timedelta(days=stored.horizon_days)
            occurrences = list(_series(stored).occurrences(moment, end))
            if not occurrences:
                continue
            group = await self.outbox.list(group_id=group_of(stored.id))
            own = await self.changed_on_their_own(stored.id, group)
            occurrences = [o for o in occurrences if o.wall.strftime(WALL_FORMAT) not in own]
            if not occurrences:
                continue
            base = PostSpec.from_json(stored.post)
            specs = [replace(base, scheduled_for=to_iso_z(o.utc)) for o in occurrences]
            keys = [occurrence_key(stored, o) for o in occurrences]
            before = {i.source_key for i in group}
            await self.outbox.submit(plan_posts(
                specs, group_id=group_of(stored.id), source_keys=keys,
                media_key_prefix=group_of(stored.id),
            ))  # fmt: skip
            added += sum(1 for k in keys if k not in before)
        return added

    async def skip(self, series_id: str, wall: datetime) -> bool:
        """Leave one occurrence out (by its wall-clock start); takes back its post if it was
        already created (the edited one, if it was changed on its own). Returns whether such
        an occurrence was planned."""
        stored = await self._get(series_id)
        wall = wall.replace(tzinfo=None, second=0, microsecond=0)
        text = wall.strftime(WALL_FORMAT)
        await self.repo.update(series_id, skipped=sorted({*stored.skipped, text}))
        group = await self.outbox.list(group_id=group_of(series_id))
        own = await self.changed_on_their_own(series_id, group)
        if text in own.cancelled:
            return True
        if text in own.edited:
            await self._take_back_replacement(own.edited[text], series_id)
            return True
        taken_back = False
        done = _taken_back(group)
        for intent in group:
            if intent.kind is IntentKind.CREATE and wall_of(intent.source_key, series_id) == text:
                if intent.id not in done:
                    await self._take_back(intent)
                taken_back = True
        return taken_back

    async def cancel(self, series_id: str, now: datetime | None = None) -> int:
        """End a series: no more occurrences, and every future one taken back (cancelled on the
        server, or never sent). Returns how many were taken back."""
        stored = await self._get(series_id)
        await self.repo.update(stored.id, cancelled_at=utc_now_iso())
        return await self._take_back_future(stored.id, now or datetime.now(UTC), keep_edited=False)

    async def edit_future(
        self,
        series_id: str,
        *,
        text: str | None = None,
        rule: str | None = None,
        now: datetime | None = None,
    ) -> int:
        """Change every future occurrence (its caption, or the rule): those already made are
        taken back and made again from the new version; the past ones stay as they went out,
        and so do the ones changed on their own. Returns how many were taken back."""
        stored = await self._get(series_id)
        if stored.cancelled_at:
            raise SeriesNotFound(f"series {series_id!r} was cancelled; it has no future posts")
        first = datetime.strptime(stored.first_wall, WALL_FORMAT)
        Series(stored.id, rule or stored.rule, first, stored.zone)  # a bad rule changes nothing
        moment = now or datetime.now(UTC)
        count = await self._take_back_future(stored.id, moment, keep_edited=True)
        post = dict(stored.post)
        if text is not None:
            post["text"] = text
        await self.repo.update(
            stored.id, post=post, rule=rule or stored.rule, version=stored.version + 1
        )
        await self.top_up(now=moment)
        return count

    async def _take_back_future(
        self, series_id: str, moment: datetime, *, keep_edited: bool
    ) -> int:
        count = 0
        group = await self.outbox.list(group_id=group_of(series_id))
        done = _taken_back(group)
        own = await self.changed_on_their_own(series_id, group)
        for intent in group:
            if intent.kind is not IntentKind.CREATE or intent.id in done:
                continue
            when = intent.payload.get("scheduled_for")
            if not when or parse_iso_utc(str(when)) <= moment:
                continue
            wall = wall_of(intent.source_key, series_id)
            if wall in own.cancelled:
                continue  # cancelled already, by itself
            if wall in own.edited:
                if not keep_edited:
                    count += await self._take_back_replacement(own.edited[wall], series_id)
                continue
            count += await self._take_back(intent)
        return count

    async def changed_on_their_own(
        self, series_id: str, group: builtins.list[Intent] | None = None
    ) -> ChangedOnTheirOwn:
        """The series' occurrences edited, moved or cancelled outside it, read from the outbox:
        each post the series made is followed through the edits that replaced it."""
        if group is None:
            group = await self.outbox.list(group_id=group_of(series_id))
        done = _taken_back(group)
        frontier: dict[str, str] = {}  # post id -> the wall time of its occurrence
        for intent in group:
            wall = wall_of(intent.source_key, series_id)
            mine = intent.kind is IntentKind.CREATE and intent.id not in done
            if mine and intent.post_id and wall:
                frontier[intent.post_id] = wall
        own = ChangedOnTheirOwn()
        seen: set[str] = set()
        while frontier:
            seen.update(frontier)
            following: dict[str, str] = {}
            for cancel in await cancels_of_posts(self.db, list(frontier)):
                wall = frontier[cancel.post_id]
                if IntentState(cancel.cancel_state) in REFUSED:
                    continue  # it changed nothing
                if cancel.replacement is None:  # a cancel (or the series took an edit back)
                    own.cancelled.add(wall)
                    own.edited.pop(wall, None)
                    continue
                if cancel.replacement_state is None or (
                    IntentState(cancel.replacement_state) in REFUSED
                ):
                    continue  # the edit did not go through: the post it meant to replace stays
                own.edited[wall] = cancel.replacement
                if cancel.replacement_post and cancel.replacement_post not in seen:
                    following[cancel.replacement_post] = wall
            frontier = following
        return own

    async def _take_back_replacement(self, intent_id: str, series_id: str) -> int:
        """Make sure the post an edit put in an occurrence's place will not go out."""
        intent = await self.outbox.get(intent_id)
        if intent is None or intent.state in REFUSED:
            return 0
        target, target_from = intent.post_id, None
        depends: tuple[str, ...] = ()
        if intent.state in (IntentState.PENDING, IntentState.SENDING) or not target:
            # Not made yet: never discarded (the edit's cancel of the original waits for it),
            # but cancelled once it exists.
            target, depends, target_from = None, (intent.id,), intent.id
        await self.outbox.submit([cancel_intent(
            target, platform=intent.platform, account_id=intent.account_id,
            group_id=group_of(series_id), depends_on=depends,
            source_key=f"cancel:{intent.id}", target_from=target_from,
        )])  # fmt: skip
        return 1

    async def _take_back(self, intent: Intent) -> int:
        """Make sure ``intent``'s post will not go out: discard it, or cancel what it made."""
        if intent.state is IntentState.PENDING:
            if await self.outbox.discard(intent.id):
                return 1
            # The sender took it meanwhile: act on what it is now.
            fresh = await self.outbox.get(intent.id)
            if fresh is None or fresh.state is IntentState.PENDING:
                return 0
            intent = fresh
        if intent.state in (IntentState.DONE, IntentState.QUEUED_FOR_NEXT_DAY) and intent.post_id:
            await self.outbox.submit([cancel_intent(
                intent.post_id, platform=intent.platform, account_id=intent.account_id,
                group_id=intent.group_id, source_key=f"cancel:{intent.id}",
            )])  # fmt: skip
            return 1
        if intent.state is IntentState.SENDING:
            # Its outcome is not known yet: cancel whatever post it turns out to have made.
            await self.outbox.submit([cancel_intent(
                None, platform=intent.platform, account_id=intent.account_id,
                group_id=intent.group_id, depends_on=(intent.id,),
                source_key=f"cancel:{intent.id}", target_from=intent.id,
            )])  # fmt: skip
            return 1
        return 0

    async def _get(self, series_id: str) -> StoredSeries:
        stored = await self.repo.get(series_id)
        if stored is None:
            raise SeriesNotFound(f"no series {series_id!r}: `s200desk series list` shows them")
        return stored


async def series_post_ids(outbox: Outbox) -> set[str]:
    """The server ids of posts a series made (their intents' source key starts ``series:``),
    and of the posts that replaced one of them (an occurrence edited or moved on its own stays
    in its series), for the calendar's marker."""
    intents = await outbox.list(
        states=[IntentState.DONE, IntentState.PENDING, IntentState.SENDING]
    )
    made = {i.id: i.post_id for i in intents if i.kind is IntentKind.CREATE and i.post_id}
    replaced: dict[str, str] = {}  # an edited post -> the post that took its place
    for intent in intents:
        if intent.kind is IntentKind.CANCEL and intent.role == "cancel_original":
            after = made.get(str(intent.payload.get("replacement") or ""))
            if intent.target_post_id and after:
                replaced[intent.target_post_id] = after
    marked = {
        i.post_id for i in intents
        if i.kind is IntentKind.CREATE and i.state is IntentState.DONE and i.post_id
        and (i.source_key or "").startswith("series:")
    }  # fmt: skip
    pending = list(marked)
    while pending:
        after = replaced.get(pending.pop())
        if after is not None and after not in marked:
            marked.add(after)
            pending.append(after)
    return marked


def _taken_back(group: list[Intent]) -> set[str]:
    """The create intents of a group already discarded or with a cancel of their own."""
    out = {i.id for i in group if i.kind is IntentKind.CREATE and i.state is IntentState.DISCARDED}
    for intent in group:
        key = intent.source_key or ""
        if intent.kind is IntentKind.CANCEL and key.startswith("cancel:"):
            out.add(key.removeprefix("cancel:"))
    return out
