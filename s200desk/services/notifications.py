"""Which changes deserve a desktop notification, and what it says (no Qt).

A creator wants to hear when a post fails, when Status 200 queued it for the next day (202
``queued_for_next_day``), and when it publishes. The evidence is what the app already records:
outbox intents changing state (a send's outcome) and synced posts changing status (a scheduled
post published or failed on the server). Only a change seen happening counts: what was already
failed or published when the app started is not news. Each post is announced once per kind.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum
from typing import Any
from zoneinfo import ZoneInfo

from s200desk.services.outbox import Intent, IntentKind, IntentState
from s200desk.services.outbox.derive import derived_from
from s200desk.services.platform_names import platform_name
from s200desk.services.scheduling import local_words, parse_iso_utc

ATTENTION_STATES = (IntentState.FAILED, IntentState.NEEDS_ATTENTION)
WAITING_POST_STATUSES = frozenset({"scheduled", "pending"})


class NoticeKind(StrEnum):
    FAILED = "failed"
    QUEUED = "queued"
    PUBLISHED = "published"


@dataclass(frozen=True)
class NotifyPrefs:
    """Which kinds the user wants (Settings: notify_on_failure / _queued / _published)."""

    failed: bool = True
    queued: bool = True
    published: bool = True

    @classmethod
    def from_settings(cls, settings: Any) -> NotifyPrefs:
        return cls(
            failed=bool(getattr(settings, "notify_on_failure", True)),
            queued=bool(getattr(settings, "notify_on_queued", True)),
            published=bool(getattr(settings, "notify_on_published", True)),
        )

    def wants(self, kind: NoticeKind) -> bool:
        return bool(getattr(self, kind.value))


@dataclass(frozen=True)
class Notice:
    kind: NoticeKind
    title: str
    body: str
    post_id: str | None = None  # what a click opens (None: the outbox)
    intent_id: str | None = None
    moving: str | None = None  # a failed move: the post that stays where it was


def _profile(platform: str | None, account: str | None) -> str:
    return f"{platform_name(platform or '')} {account or ''}".strip()


def _short(text: str, limit: int = 60) -> str:
    words = " ".join(text.split())
    return words if len(words) <= limit else words[: limit - 1] + "…"


def _local(value: str | datetime | None, zone: str) -> str:
    if not value:
        return "the next day"
    moment = parse_iso_utc(value) if isinstance(value, str) else value
    return local_words(moment.astimezone(ZoneInfo(zone)), year=False, zone=False)


class NoticeRule:
    """Remembers what it has seen; ``for_intent``/``for_post`` give the notice a change earns."""

    def __init__(self, zone: str = "UTC") -> None:
        self.zone = zone
        self._intent_states: dict[str, IntentState] = {}
        self._post_statuses: dict[str, str] = {}
        self._told: set[tuple[str, NoticeKind]] = set()

    def know_intents(self, intents: Iterable[Intent]) -> None:
        """The state of things at start: remembered, not announced."""
        for intent in intents:
            self._intent_states[intent.id] = intent.state

    def know_posts(self, posts: Iterable[Any]) -> None:
        for post in posts:
            self._post_statuses[str(post.id)] = str(post.status)

    def is_waiting(self, post_id: str) -> bool:
        """A post known as scheduled or pending: only its changes can be news."""
        return self._post_statuses.get(post_id) in WAITING_POST_STATUSES

    def for_intent(self, intent: Intent, prefs: NotifyPrefs) -> Notice | None:
        before = self._intent_states.get(intent.id)
        self._intent_states[intent.id] = intent.state
        if intent.kind is not IntentKind.CREATE or before is None or before == intent.state:
            return None
        who = _profile(intent.platform, intent.account_id)
        what = _short(str(intent.payload.get("text", "")))
        moving = intent.role == "replacement"
        if intent.state in ATTENTION_STATES:
            title = "A post could not be moved" if moving else "A post failed"
            reason = intent.last_error or "no reason given"
            notice = Notice(NoticeKind.FAILED, title, f"{who}: “{what}”. {reason}",
                            intent.target_post_id if moving else intent.post_id, intent.id,
                            moving=derived_from(intent) if moving else None)
        elif intent.state is IntentState.QUEUED_FOR_NEXT_DAY:
            notice = Notice(
                NoticeKind.QUEUED, "Queued for the next day",
                f"{who}: the day was full, so Status 200 queued “{what}” for "
                f"{_local(intent.queued_for, self.zone)}.", intent.post_id, intent.id,
            )  # fmt: skip
        elif (
            intent.state is IntentState.DONE
            and not intent.payload.get("scheduled_for")
            and not moving
        ):
            notice = Notice(NoticeKind.PUBLISHED, "Published", f"{who}: “{what}” is live.",
                            intent.post_id, intent.id)
        else:
            return None
        return self._once(notice, prefs)

    def for_post(self, post: Any, prefs: NotifyPrefs) -> Notice | None:
        """A synced post: a scheduled one that has now published or failed on the server."""
        post_id, status = str(post.id), str(post.status)
        before = self._post_statuses.get(post_id)
        self._post_statuses[post_id] = status
        if before not in WAITING_POST_STATUSES or before == status:
            return None
        who = _profile(post.platform, post.account_id)
        what = _short(str(post.caption or ""))
        if status == "published":
            notice = Notice(NoticeKind.PUBLISHED, "Published", f"{who}: “{what}” is live.", post_id)
        elif status == "failed":
            notice = Notice(NoticeKind.FAILED, "A scheduled post failed",
                            f"{who}: “{what}” did not publish.", post_id)
        else:
            return None
        return self._once(notice, prefs)

    def _once(self, notice: Notice, prefs: NotifyPrefs) -> Notice | None:
        key = (notice.post_id or notice.intent_id or "", notice.kind)
        if key in self._told or not prefs.wants(notice.kind):
            return None
        self._told.add(key)
        return notice


def attention_count(intents: Iterable[Intent]) -> int:
    """Posts that failed or need a person to look (what the tray's number says)."""
    return sum(
        1 for i in intents if i.kind is IntentKind.CREATE and i.state in ATTENTION_STATES
    )


__all__ = ["Notice", "NoticeKind", "NoticeRule", "NotifyPrefs", "attention_count"]
