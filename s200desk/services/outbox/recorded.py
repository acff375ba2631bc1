"""Intents recorded before under the same source key: what is submitted again leans on those.

A submission may name an intent durably (``source_key``: an import's row, a series' occurrence,
a media upload keyed by its series or file and its URL); the store does not record a key twice.
When the upload an earlier submission recorded is the one a new post needs (a series topped up
days later, with the same video), the new post must wait for — and take its file id from — the
recorded upload, not from the one planned with it, which is never recorded: waiting for that
one, the post would wait for ever.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import replace

from s200desk.services.outbox.model import Intent, IntentKind


def onto_recorded(intents: Sequence[Intent], recorded: Mapping[str, Intent]) -> list[Intent]:
    """``intents`` with every dependency on one whose source key is ``recorded`` (key -> the
    intent stored under it) pointed at the recorded intent instead."""
    renamed = {}
    for i in intents:
        known = recorded.get(i.source_key) if i.source_key else None
        if known is not None and known.id != i.id:
            renamed[i.id] = known.id
    if not renamed:
        return list(intents)
    out = []
    for intent in intents:
        changes: dict[str, object] = {}
        deps = tuple(dict.fromkeys(renamed.get(d, d) for d in intent.depends_on))
        if deps != intent.depends_on:
            changes["depends_on"] = deps
        if intent.kind is IntentKind.CREATE:
            spec = intent.post_spec()
            media = tuple(
                replace(m, upload_intent=renamed[m.upload_intent])
                if m.upload_intent in renamed else m
                for m in spec.media
            )  # fmt: skip
            if media != spec.media:
                changes["payload"] = {**intent.payload, "media": [m.to_json() for m in media]}
        out.append(intent.with_(**changes) if changes else intent)
    return out
