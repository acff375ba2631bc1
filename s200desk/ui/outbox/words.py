"""How the outbox's states and times read to the user (no Qt): shared by the panel and composer."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from s200desk.services.outbox import Intent, IntentKind, IntentState
from s200desk.services.outbox.derive import derived_from, derived_via
from s200desk.services.platform_names import platform_name
from s200desk.services.scheduling import local_words, parse_iso_utc

STATE_WORDS: dict[IntentState, str] = {
    IntentState.PENDING: "Pending",
    IntentState.SENDING: "Sending",
    IntentState.DONE: "Done",
    IntentState.QUEUED_FOR_NEXT_DAY: "Queued for next day",
    IntentState.FAILED: "Failed",
    IntentState.NEEDS_ATTENTION: "Needs attention",
    IntentState.DISCARDED: "Discarded",
}

def local_time(value: str | datetime | None, zone: str) -> str:
    """A UTC instant as the user reads it: "Wed 2 Dec 2026, 10:00 CET"."""
    if value is None or value == "":
        return ""
    moment = parse_iso_utc(value) if isinstance(value, str) else value
    try:
        local = moment.astimezone(ZoneInfo(zone))
    except (KeyError, ValueError):
        local = moment
    return local_words(local)


def what(intent: Intent) -> str:
    """The intent in a few words: "TikTok @lumenstudio — Launch day…"."""
    platform = platform_name(intent.platform or "")
    if intent.kind is IntentKind.CREATE:
        if "text" not in intent.payload and (derived_from(intent) or derived_via(intent)):
            # A move or an edit, built from the original when it is sent.
            source = derived_from(intent) or "moved earlier (once that move is through)"
            return f"{platform} {intent.account_id or ''} — new version of post {source}".strip()
        text = " ".join(str(intent.payload.get("text", "")).split())
        short = text if len(text) <= 48 else text[:47] + "…"
        return f"{platform} {intent.account_id or ''} — {short}".strip()
    if intent.kind is IntentKind.CANCEL:
        target = intent.target_post_id or intent.payload.get("post_id")
        if not target and intent.payload.get("target_from"):
            return f"Cancel the new version of a {platform} post, once it is made".replace(
                "  ", " ")
        return f"Cancel {platform} post {target or 'a post'}".replace("  ", " ")
    name = str(intent.payload.get("name") or "")
    url = str(intent.payload.get("url", ""))
    return f"Media {name or url.rsplit('/', 1)[-1] or url}"


def when(intent: Intent, zone: str) -> str:
    """When it goes out: the queued date, the scheduled time, "Now", or when it went."""
    if intent.queued_for:
        return local_time(intent.queued_for, zone)
    if intent.kind is IntentKind.CREATE:
        scheduled = intent.payload.get("scheduled_for")
        if not scheduled and (derived_from(intent) or derived_via(intent)):
            return "At the original's time"
        if scheduled:
            return local_time(scheduled, zone)
    # Published at once, a cancel or a media upload: as soon as it can, or when it went.
    if intent.state is IntentState.DONE and intent.finished_at:
        return local_time(intent.finished_at, zone)
    return "Now"


def detail(intent: Intent, zone: str) -> str:
    """The line under the state: the server's reason, the queued date, the post id."""
    state = intent.state
    if state is IntentState.QUEUED_FOR_NEXT_DAY:
        return f"The day was full: Status 200 queued it for {local_time(intent.queued_for, zone)}"
    if state in (IntentState.FAILED, IntentState.NEEDS_ATTENTION):
        return intent.last_error or "no reason given"
    if state is IntentState.PENDING and intent.last_error:
        retry = local_time(intent.next_attempt_at, zone) if intent.next_attempt_at else "soon"
        return f"Will try again {retry}: {intent.last_error}"
    if state is IntentState.DISCARDED and intent.last_error_code == "replaced":
        return f"Not sent: {intent.last_error}"
    if state is IntentState.SENDING:
        return "Checking with the server" if intent.attempts > 1 else "On its way"
    if state is IntentState.DONE and intent.post_id:
        return f"Post {intent.post_id}"
    if state is IntentState.DONE and intent.kind is IntentKind.MEDIA_UPLOAD:
        file_id = (intent.result or {}).get("file_id")
        return f"In the media library as {file_id}" if file_id else "In the media library"
    if state is IntentState.DONE and intent.kind is IntentKind.CANCEL:
        return "Cancelled on the server"
    return ""


def sentence(intent: Intent, zone: str) -> str:
    """One line for the composer's results: state, what, and when/why."""
    name = f"{platform_name(intent.platform or '')} {intent.account_id}"
    state = intent.state
    if state is IntentState.DONE:
        scheduled = intent.payload.get("scheduled_for")
        at = f"scheduled for {local_time(scheduled, zone)}" if scheduled else "published"
        return f"✓ {name}: {at}"
    if state is IntentState.QUEUED_FOR_NEXT_DAY:
        return f"⏳ {name}: the day was full — queued for {local_time(intent.queued_for, zone)}"
    if state is IntentState.FAILED:
        return f"✗ {name}: refused — {intent.last_error or 'no reason given'}"
    if state is IntentState.NEEDS_ATTENTION:
        return f"⚠ {name}: needs attention — {intent.last_error or ''} (see the outbox)"
    if state is IntentState.DISCARDED:
        return f"– {name}: discarded"
    return f"… {name}: {STATE_WORDS[state].lower()}"
