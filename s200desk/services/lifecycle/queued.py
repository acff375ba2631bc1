"""Where a post's content will be once the moves already queued for it have gone through.

A move is a replacement plus a cancel of the original, sent later (offline, or simply not yet).
Until it settles, the user still sees the original — in the calendar after the window was
reopened, in the posts list, from the command line — and may move, edit or cancel it again. Acting
on the original then would build a second replacement from it (two live copies once both are
sent), or cancel it while its replacement survives. So a new operation acts where the content
is going:

* a queued replacement not sent yet is taken back (``discarded`` in the same transaction that
  records the new operation: nothing of it reaches the server, and nothing is lost if recording
  fails) and its changes are carried into the new operation, which starts from its source;
* a replacement already on its way (``sending``) is built upon: the new operation waits for it
  and acts on the post it creates;
* a replacement the server has (``done``) while its original's cancel is still queued: the new
  operation acts on that post.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from s200desk.services.outbox.derive import DERIVE, PostChanges
from s200desk.services.outbox.model import (
    ACTIVE_STATES,
    SUCCESS_STATES,
    Intent,
    IntentKind,
    IntentState,
)
from s200desk.services.outbox.service import OutboxService

MOVE_ROLES = frozenset({"replacement", "cancel_original"})


@dataclass(frozen=True)
class Source:
    """What a new operation on a post acts on."""

    post_id: str | None  # an existing post (None: the one ``intent_id`` will create)
    intent_id: str | None = None  # a replacement on its way: wait for it, act on its post
    carried: PostChanges | None = None  # changes of a move taken back, still wanted
    carried_uploads: tuple[str, ...] = ()  # uploads those changes' media wait for
    fallback_post: str | None = None  # the last post known to carry the content
    take_back: tuple[str, ...] = ()  # pending replacements to discard as the operation is recorded
    along: tuple[str, ...] = ()  # the cancels that waited for them


def merge(first: PostChanges | None, then: PostChanges) -> PostChanges:
    """``first`` and then ``then`` as one change (``then`` wins where both changed something)."""
    if first is None:
        return then
    options: dict[str, Any] | None
    updates: dict[str, Any] | None
    if then.options is not None:
        options, updates = then.options, then.option_updates
    else:
        options = first.options
        updates = {**(first.option_updates or {}), **(then.option_updates or {})} or None
    return PostChanges(
        text=then.text if then.text is not None else first.text,
        scheduled_for=then.scheduled_for or first.scheduled_for,
        media=then.media if then.media is not None else first.media,
        options=options,
        option_updates=updates,
    )


def _derive(intent: Intent) -> Mapping[str, Any]:
    spec = intent.payload.get(DERIVE)
    return spec if isinstance(spec, Mapping) else {}


def _starts_from(intent: Intent, post_id: str | None, intent_id: str | None) -> bool:
    spec = _derive(intent)
    if spec.get("copy"):
        return False
    return bool(
        (post_id and spec.get("from_post") == post_id)
        or (intent_id and spec.get("from_intent") == intent_id)
    )


async def _moves_in_flight(outbox: OutboxService) -> list[Intent]:
    """Replacements of moves not settled yet (their group still has something to send).

    Only this key's: a move queued under another key waits for that key, untouched."""
    active = [i for i in await outbox.list(ACTIVE_STATES) if outbox.store.owns(i)]
    groups = sorted({i.group_id for i in active if i.role in MOVE_ROLES and i.group_id})
    out: list[Intent] = []
    for group in groups:
        out.extend(
            i for i in await outbox.list(group_id=group)
            if i.role == "replacement" and i.kind is IntentKind.CREATE
        )  # fmt: skip
    return sorted(out, key=lambda i: i.created_at)


async def follow(outbox: OutboxService, post_id: str) -> Source:
    """Where an operation asked for on ``post_id`` must act (see the module's docstring).

    Writes nothing: what it plans to take back is discarded as the operation is recorded."""
    moves = await _moves_in_flight(outbox)
    post: str | None = post_id
    via: str | None = None
    known = post_id
    carried: PostChanges | None = None
    uploads: tuple[str, ...] = ()
    take_back: tuple[str, ...] = ()
    along: tuple[str, ...] = ()
    while True:
        nexts = [m for m in moves if _starts_from(m, post, via)]
        if not nexts:
            return Source(post, via, carried, uploads, known, take_back, along)
        move = (await outbox.get(nexts[-1].id)) or nexts[-1]
        moves = [m for m in moves if m.id != move.id]
        if move.state is IntentState.PENDING:
            # Nobody sent it: taken back when the new operation is recorded (service.py).
            spec = _derive(move)
            carried = merge(carried, PostChanges.from_json(dict(spec.get("changes") or {})))
            uploads = (*uploads, *(d for d in move.depends_on if d != spec.get("from_intent")))
            take_back = (*take_back, move.id)
            group = await outbox.list(group_id=move.group_id) if move.group_id else []
            along = (*along, *(o.id for o in group
                               if o.role == "cancel_original" and move.id in o.depends_on))
            continue
        # Changes carried from a move taken back still apply: they are values, not steps.
        if move.state in SUCCESS_STATES and move.post_id:
            post, via, known = move.post_id, move.id, move.post_id
        elif move.state in ACTIVE_STATES:
            post, via = None, move.id
        # A replacement that failed leaves its source where it was: keep acting on that.
