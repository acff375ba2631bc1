"""Whose an intent is: the key that recorded it (as a one-way fingerprint) and the server.

An intent is only ever sent with the key and to the server it was recorded under. The key itself
is never stored with it: ``key_fingerprint`` is an HMAC-SHA-256 of the key under a fixed label,
truncated to 64 bits, enough to tell keys apart and useless for getting the key back.
"""

from __future__ import annotations

import hashlib
import hmac
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit, urlunsplit

_LABEL = b"s200desk outbox key fingerprint v1"


def key_fingerprint(api_key: str) -> str:
    """16 hex digits naming ``api_key`` without revealing it."""
    return hmac.new(_LABEL, api_key.strip().encode(), hashlib.sha256).hexdigest()[:16]


def canonical_url(url: str) -> str:
    """The base URL as compared: scheme and host lower-case, no trailing slash."""
    parts = urlsplit(url.strip())
    path = parts.path.rstrip("/")
    return urlunsplit((parts.scheme.lower(), parts.netloc.lower(), path, "", ""))


@dataclass(frozen=True, slots=True)
class KeyIdentity:
    """One key at one server (the functions base URL)."""

    key_fp: str
    base_url: str

    @classmethod
    def of(cls, api_key: str, base_url: str) -> KeyIdentity:
        return cls(key_fingerprint(api_key), canonical_url(base_url))

    @classmethod
    def of_client(cls, client: Any) -> KeyIdentity | None:
        """The identity an ``AsyncStatus200Client`` (or a wrapper forwarding to one) sends as."""
        key = getattr(client, "_api_key", None)
        base_url = getattr(client, "base_url", None)
        if not isinstance(key, str) or not isinstance(base_url, str):
            return None
        return cls.of(key, base_url)

    @property
    def host(self) -> str:
        return urlsplit(self.base_url).netloc or self.base_url

    def describe(self) -> str:
        """What the user is shown: never the key, only its fingerprint's start and the host."""
        return f"key #{self.key_fp[:8]} at {self.host}"


@dataclass(frozen=True, slots=True)
class WaitingIntents:
    """Intents that wait because they belong to another key or server (``identity`` None:
    recorded before s200desk noted identities, and this session may not adopt them)."""

    identity: KeyIdentity | None
    count: int
    posts: int  # how many of them are new posts (the rest: cancels, media uploads)


def profile_set(profiles: Iterable[Any]) -> list[str]:
    """The account as the API shows it: its connected profiles as sorted ``platform:handle``."""
    out: set[str] = set()
    for profile in profiles:
        if isinstance(profile, dict):
            platform, handle = profile.get("platform"), profile.get("account_id")
        else:
            platform = getattr(profile, "platform", None)
            handle = getattr(profile, "account_id", None)
        out.add(f"{getattr(platform, 'value', platform)}:{handle}")
    return sorted(out)


def waiting_message(waiting: Iterable[WaitingIntents], current: KeyIdentity) -> str | None:
    """Plain words for the user about intents that will not be sent now; None when none wait."""
    groups = [w for w in waiting if w.count]
    if not groups:
        return None
    total = sum(w.count for w in groups)
    all_posts = all(w.count == w.posts for w in groups)
    noun = ("post" if total == 1 else "posts") if all_posts else (
        "outbox item" if total == 1 else "outbox items"
    )
    one = total == 1
    verb, were, them = ("waits", "it was", "it") if one else ("wait", "they were", "them")
    owners = [w.identity.describe() for w in groups if w.identity is not None]
    parts: list[str] = []
    if owners:
        parts.append(
            f"queued for another account or server ({', '.join(owners)}), while this session "
            f"uses {current.describe()}"
        )
    if any(w.identity is None for w in groups):
        parts.append(
            "queued before s200desk noted which key it belongs to (open this workspace with "
            f"its own saved key, not S200_API_KEY, to send {them})"
        )
    return (
        f"{total} {noun} {verb}: {were} {'; and '.join(parts)}. Nothing was sent with this "
        f"key. Switch back to that key, or discard {them} in the outbox."
    )
