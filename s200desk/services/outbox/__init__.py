"""The durable outbox: every write is recorded before it is sent; nothing lost, nothing twice.

See ``sender`` for the crash-point reasoning and ``reconciler`` for how a lost answer is found.
"""

from s200desk.services.outbox.backoff import BackoffPolicy
from s200desk.services.outbox.fingerprint import Fingerprint, fingerprint
from s200desk.services.outbox.identity import KeyIdentity, WaitingIntents, key_fingerprint
from s200desk.services.outbox.lock import OutboxBusy, SenderLock
from s200desk.services.outbox.model import (
    ACTIVE_STATES,
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
)
from s200desk.services.outbox.sender import OutboxSender, SenderBlocked
from s200desk.services.outbox.service import OutboxService, plan_posts
from s200desk.services.outbox.store import OUTBOX, IntentStore

__all__ = [
    "ACTIVE_STATES",
    "OUTBOX",
    "SETTLED_STATES",
    "SUCCESS_STATES",
    "BackoffPolicy",
    "Fingerprint",
    "Intent",
    "IntentKind",
    "IntentState",
    "IntentStore",
    "KeyIdentity",
    "MediaRef",
    "OutboxBusy",
    "OutboxSender",
    "OutboxService",
    "PostSpec",
    "SenderBlocked",
    "SenderLock",
    "WaitingIntents",
    "cancel_intent",
    "create_intent",
    "fingerprint",
    "key_fingerprint",
    "media_upload_intent",
    "plan_posts",
]
