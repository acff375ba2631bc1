"""The fingerprint of a post: "the same post" on the server, for an API without idempotency keys.

(account, platform, caption, scheduledFor, media file ids in order). Two intents with the same
fingerprint are still two posts: the reconciler tells them apart by *claims* (a server post id is
claimed by one intent only, enforced by a unique index), never by the fingerprint alone.
"""

from __future__ import annotations

import hashlib
import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from s200desk.services.outbox.model import dumps
from s200desk.services.scheduling import parse_iso_utc, to_iso_z


@dataclass(frozen=True)
class Fingerprint:
    account_id: str
    platform: str
    caption: str
    scheduled_for: str | None  # normalised ISO-8601 UTC, seconds precision, or None for "now"
    media: tuple[str, ...]  # file ids in order; () when none or unknown

    @property
    def digest(self) -> str:
        body = {
            "a": self.account_id,
            "p": self.platform,
            "c": self.caption,
            "s": self.scheduled_for,
            "m": list(self.media),
        }
        return hashlib.sha256(dumps(body).encode("utf-8")).hexdigest()


def normalise_caption(text: str) -> str:
    # Servers commonly normalise line endings and Unicode composition; compare what survives both.
    return unicodedata.normalize("NFC", text.replace("\r\n", "\n"))


def normalise_time(value: str | datetime | None) -> str | None:
    if value is None or value == "":
        return None
    moment = value if isinstance(value, datetime) else parse_iso_utc(str(value))
    return to_iso_z(moment.replace(microsecond=0))


def fingerprint(
    account_id: str,
    platform: str,
    caption: str,
    scheduled_for: str | datetime | None,
    media: Iterable[str] = (),
) -> Fingerprint:
    return Fingerprint(
        account_id=account_id.strip().lower(),
        platform=platform.strip().lower(),
        caption=normalise_caption(caption),
        scheduled_for=normalise_time(scheduled_for),
        media=tuple(media),
    )


def _get(post: Any, name: str) -> Any:
    if isinstance(post, Mapping):
        return post.get(name)
    return getattr(post, name, None)


def post_media_ids(post: Any) -> tuple[str, ...] | None:
    """File ids of a server post, or None when the listing did not include media at all."""
    media = _get(post, "media")
    if media is None:
        return None
    ids: list[str] = []
    for item in media:
        file_id = _get(item, "file_id") if not isinstance(item, str) else item
        if file_id:
            ids.append(str(file_id))
    return tuple(ids)


def match_level(want: Fingerprint, post: Any) -> str | None:
    """How a server post matches the wanted fingerprint.

    ``"exact"``: every field the post carries agrees. ``"needs_detail"``: account, platform and
    caption agree but the listing lacks media or scheduledFor to compare. ``"queued_later"``:
    all agree but scheduledFor is later than asked (a v2 202 moved it to the next free day).
    None: not this post.
    """
    if str(_get(post, "platform") or "").lower() != want.platform:
        return None
    if str(_get(post, "account_id") or "").strip().lower() != want.account_id:
        return None
    if normalise_caption(str(_get(post, "caption") or "")) != want.caption:
        return None
    missing = False
    media = post_media_ids(post)
    if media is None:
        missing = bool(want.media)
    elif media != want.media:
        return None
    got_time = _get(post, "scheduled_for")
    later = False
    if want.scheduled_for is not None:
        if got_time in (None, ""):
            # A listing without scheduled_for: cannot compare, ask for the detail.
            missing = True
        else:
            got = normalise_time(got_time)
            if got != want.scheduled_for:
                if got is not None and got > want.scheduled_for:
                    later = True
                else:
                    return None
    if missing:
        return "needs_detail"
    return "queued_later" if later else "exact"
