"""One intent, one step: send it (or find out what became of it) and record the outcome.

Every step follows the same order, which is what makes a SIGKILL at any instant harmless:

1. the intent is ``pending`` in the table (written by ``submit`` before anything else);
2. ``mark_sending`` commits ``sending`` and counts the attempt BEFORE the request leaves;
3. the request;
4. one transaction records the outcome (``done`` + post id, ``queued_for_next_day`` + date,
   ``failed`` + the server's reason, or back to ``pending`` with a wait).

Killed before 2: still pending, sent on restart. Killed between 2 and 4: ``sending`` — the outcome
is unknown, so the reconciler looks on the server first and only re-sends when the post is not
there. Killed after 4: settled. Ambiguous answers (timeout, dropped connection, 5xx, malformed
2xx) are treated exactly like a kill between 2 and 4.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

from s200desk.api.errors import (
    APIConnectionError,
    APIStatusError,
    APITimeoutError,
    AuthenticationError,
    BadRequestError,
    MalformedResponseError,
    NotFoundError,
    RateLimitError,
    Status200Error,
)
from s200desk.services.outbox.backoff import BackoffPolicy
from s200desk.services.outbox.derive import (
    derived_from,
    derived_via,
    is_copy,
    materialised,
    needs_derive,
    refusal,
)
from s200desk.services.outbox.fingerprint import Fingerprint, fingerprint
from s200desk.services.outbox.model import (
    SUCCESS_STATES,
    V2_PLATFORMS,
    Intent,
    IntentKind,
    IntentState,
    cancel_intent,
)
from s200desk.services.outbox.pacing import PlatformPacer
from s200desk.services.outbox.reconciler import choose, find_candidates, newest_created_at
from s200desk.services.outbox.store import IntentStore
from s200desk.services.scheduling import parse_iso_utc
from s200desk.services.user_words import describe_error
from s200desk.store.outbox_repo import ClaimConflict
from s200desk.store.timefmt import to_utc_iso

log = logging.getLogger(__name__)

# Clear refusals: the server looked at the request and said no; nothing was created.
REFUSALS = (400, 403, 404, 413, 422)
# How long a per-platform watermark is reused before it is read again.
WATERMARK_TTL = timedelta(minutes=10)


class SenderBlocked(Exception):
    """The sender cannot go on without the user (the key was refused)."""

    def __init__(self, kind: str, message: str) -> None:
        super().__init__(message)
        self.kind = kind


class DependencyNotReady(Exception):
    """A media upload this post needs has not finished yet."""


@dataclass
class Resolved:
    media_ids: list[str]
    fingerprint: Fingerprint


def _iso(moment: datetime) -> str:
    return to_utc_iso(moment) or ""


# An intent put back because the server could not be reached (nothing was sent): what
# ``OutboxService.server_reached`` makes due at once.
OFFLINE = "offline"


def _code(exc: BaseException) -> str:
    if isinstance(exc, APIStatusError):
        return str(exc.status_code)
    if isinstance(exc, MalformedResponseError):
        return "malformed"
    if isinstance(exc, APITimeoutError):
        return "timeout"
    if isinstance(exc, APIConnectionError):
        return "connection"
    return type(exc).__name__


class OutboxSender:
    """Sends intents through an ``AsyncStatus200Client`` and records every step in the store."""

    def __init__(
        self,
        store: IntentStore,
        client: Any,
        *,
        policy: BackoffPolicy | None = None,
        now: Callable[[], datetime] | None = None,
    ) -> None:
        self.store = store
        self.client = client
        self.policy = policy or BackoffPolicy()
        self._now = now or (lambda: datetime.now(UTC))
        self._watermarks: dict[str, tuple[datetime, str]] = {}
        self._fp_locks: dict[str, asyncio.Lock] = {}
        # A platform whose creates go to the legacy endpoint (which has a cooldown) gets them one
        # at a time, spaced by the cooldown its 429s have shown; any 429 holds its platform for
        # its Retry-After.
        self.pacer = PlatformPacer(
            self._now, has_cooldown=lambda platform: platform not in V2_PLATFORMS
        )
        self.last_contact: datetime | None = None  # last time the server answered anything
        self.offline_since: datetime | None = None

    # ------------------------------------------------------------------ helpers

    def _later(self, seconds: float) -> str:
        return _iso(self._now() + timedelta(seconds=seconds))

    def _answered(self) -> None:
        self.last_contact = self._now()
        self.offline_since = None

    def server_reached(self) -> None:
        """Something else reached the server (a sync): it is not unreachable any more."""
        self._answered()

    def _unreachable(self) -> float:
        """The server could not be reached: note since when, and how long to wait now."""
        now = self._now()
        self.offline_since = self.offline_since or now
        return self.policy.while_offline((now - self.offline_since).total_seconds())

    def _lock_for(self, digest: str) -> asyncio.Lock:
        # Two intents with one fingerprint never send and reconcile at the same time, so one cannot
        # claim the post the other is still waiting to hear about.
        lock = self._fp_locks.get(digest)
        if lock is None:
            lock = self._fp_locks[digest] = asyncio.Lock()
        return lock

    async def _watermark(self, platform: str) -> str:
        cached = self._watermarks.get(platform)
        if cached and self._now() - cached[0] < WATERMARK_TTL:
            return cached[1]
        value = await newest_created_at(self.client.posts, platform)
        self._watermarks[platform] = (self._now(), value)
        return value

    async def resolve(self, intent: Intent) -> Resolved:
        """The file ids this post will carry, and its fingerprint."""
        spec = intent.post_spec()
        ids: list[str] = []
        deps = {d.id: d for d in await self.store.get_many(list(intent.depends_on))}
        for ref in spec.media:
            if ref.file_id:
                ids.append(ref.file_id)
            elif ref.upload_intent:
                dep = deps.get(ref.upload_intent)
                file_id = (dep.result or {}).get("file_id") if dep else None
                if dep is None or dep.state is not IntentState.DONE or not file_id:
                    raise DependencyNotReady(ref.upload_intent)
                ids.append(str(file_id))
            else:
                raise ValueError(
                    f"media {ref.path or ref.url} has no file id: local files need a media host"
                )
        fp = fingerprint(spec.account_id, spec.platform, spec.text, spec.scheduled_for, ids)
        return Resolved(media_ids=ids, fingerprint=fp)

    # ------------------------------------------------------------------ entry points

    def _foreign(self, intent: Intent) -> bool:
        # The last guard: an intent recorded under another key or server is never sent, nor
        # checked against this key's account (binding.py decides what is ours).
        if self.store.owns(intent):
            return False
        log.warning("outbox: %s belongs to another key or server; not sent", intent.id)
        return True

    async def process(self, intent: Intent) -> Intent | None:
        """Take one due intent one step further. Returns the stored row afterwards."""
        if self._foreign(intent):
            return intent
        if intent.state is IntentState.SENDING:
            return await self.reconcile(intent)
        if intent.kind is IntentKind.CREATE:
            return await self._send_create(intent)
        if intent.kind is IntentKind.CANCEL:
            return await self._send_cancel(intent)
        return await self._send_upload(intent)

    async def reconcile(self, intent: Intent) -> Intent | None:
        """An intent left ``sending``: find out what happened before anything is re-sent."""
        if self._foreign(intent):
            return intent
        if intent.kind is IntentKind.CREATE:
            if needs_derive(intent):  # built before it is ever sent: nothing went out
                return await self.store.requeue(
                    intent.id, next_attempt_at=None, error=intent.last_error, error_code="derive"
                )
            try:
                resolved = await self.resolve(intent)
            except (DependencyNotReady, ValueError) as exc:
                # Cannot have been sent without its media: nothing went out.
                return await self.store.requeue(
                    intent.id, next_attempt_at=None, error=str(exc), error_code="dependency"
                )
            async with self._lock_for(resolved.fingerprint.digest):
                return await self._reconcile_create(intent, resolved, None)
        if intent.kind is IntentKind.CANCEL:
            return await self._reconcile_cancel(intent, None)
        # A media upload whose answer was lost: uploading again only adds a library file, never
        # a post, so it is simply sent again.
        return await self.store.requeue(
            intent.id, next_attempt_at=None, error=intent.last_error, error_code="resend"
        )

    # ------------------------------------------------------------------ create

    async def _send_create(self, intent: Intent) -> Intent | None:
        if needs_derive(intent):
            built = await self._derive(intent)
            if built is None or needs_derive(built) or built.state is not IntentState.PENDING:
                return built
            intent = built
        try:
            resolved = await self.resolve(intent)
        except DependencyNotReady:
            return intent
        except ValueError as exc:
            return await self.store.settle(
                intent.id, IntentState.FAILED, error=str(exc), error_code="invalid",
                expect=(IntentState.PENDING,),
            )  # fmt: skip
        spec = intent.post_spec()
        try:
            watermark = await self._watermark(spec.platform)
        except Status200Error as exc:
            return await self._before_send_failed(intent, exc)
        async with self._lock_for(resolved.fingerprint.digest):
            taken = await self.store.mark_sending(
                intent.id, fingerprint=resolved.fingerprint.digest, watermark=watermark
            )
            if taken is None:
                return None
            content: dict[str, Any] = {"text": spec.text}
            if resolved.media_ids:
                content["mediaID"] = resolved.media_ids
            kwargs: dict[str, Any] = {
                "account_id": spec.account_id,
                "platform": spec.platform,
                "content": content,
                "scheduled_for": spec.scheduled_for,
            }
            if spec.options:
                kwargs[spec.platform] = spec.options
            create = (
                self.client.posts.create_v2
                if spec.platform in V2_PLATFORMS
                else self.client.posts.create
            )
            try:
                answer = await create(**kwargs)
            except ValueError as exc:  # refused by the client's own model: nothing was sent
                return await self.store.settle(
                    taken.id, IntentState.FAILED, error=str(exc), error_code="invalid"
                )
            except (APIConnectionError, MalformedResponseError) as exc:
                if isinstance(exc, APIConnectionError) and not exc.request_sent:
                    return await self._never_left(taken, exc)
                if isinstance(exc, MalformedResponseError):
                    self._answered()
                self.pacer.landed(spec.platform)  # it may have: the cooldown may be running
                return await self._reconcile_create(taken, resolved, exc)
            except APIStatusError as exc:
                self._answered()
                if not isinstance(exc, RateLimitError):
                    self.pacer.landed(spec.platform)
                if exc.status_code >= 500:
                    return await self._reconcile_create(taken, resolved, exc)
                return await self._refused(taken, exc)
            self._answered()
            self.pacer.landed(spec.platform)
            return await self._record_created(taken, answer)

    async def _derive(self, intent: Intent) -> Intent | None:
        """Build a replacement from the original read by id now (``derive``); never from less."""
        source = derived_from(intent) or await self._post_made_by(derived_via(intent))
        if not source:
            return await self.store.settle(
                intent.id, IntentState.FAILED, error="the post it replaces was never created",
                error_code="dependency", expect=(IntentState.PENDING,),
            )  # fmt: skip
        try:
            post = await self.client.posts.get(source)
        except NotFoundError:
            return await self.store.settle(
                intent.id, IntentState.FAILED, error="the original post no longer exists",
                error_code="404", expect=(IntentState.PENDING,),
            )  # fmt: skip
        except Status200Error as exc:
            # Nothing was sent: wait and read again (the move waits, it is never sent partial).
            return await self._before_send_failed(intent, exc)
        self._answered()
        await self.store.remember_post(post)
        why = None if is_copy(intent) else refusal(post)
        if why is not None:
            return await self.store.settle(
                intent.id, IntentState.FAILED, error=f"the post can no longer be changed: {why}",
                error_code="too_late", expect=(IntentState.PENDING,),
            )  # fmt: skip
        return await self.store.update_payload(intent.id, materialised(intent, post))

    async def _post_made_by(self, intent_id: str | None) -> str | None:
        """The post a create made, once it made one (a move built on a move on its way)."""
        made = await self.store.get(intent_id) if intent_id else None
        return made.post_id if made is not None and made.state in SUCCESS_STATES else None

    async def _record_created(self, intent: Intent, answer: Any) -> Intent | None:
        queued = getattr(answer, "scheduled_post_id", None)
        post_id = str(queued or answer.post_id)
        result = answer.model_dump(mode="json") if hasattr(answer, "model_dump") else {}
        state = IntentState.QUEUED_FOR_NEXT_DAY if queued else IntentState.DONE
        queued_for = _iso(answer.scheduled_at) if queued else None
        try:
            return await self.store.settle(
                intent.id, state, post_id=post_id, result=result, queued_for=queued_for
            )
        except ClaimConflict:
            # Another identical intent guessed this post by reconciliation; the server has just
            # said whose it is. That one looks again.
            log.warning("post %s was claimed by reconciliation; now %s's", post_id, intent.id)
            return await self.store.reassign_claim(
                post_id, intent.id, state=state, result=result, queued_for=queued_for
            )

    async def _reconcile_create(
        self, intent: Intent, resolved: Resolved, cause: BaseException | None
    ) -> Intent | None:
        why = f"{describe_error(cause)} " if cause else ""
        try:
            found = await find_candidates(
                self.client.posts, resolved.fingerprint, intent.watermark
            )
            claimed = await self.store.claimed([f.post_id for f in found])
        except AuthenticationError as exc:
            await self.store.defer(
                intent.id, next_attempt_at=None, error=f"{why}{describe_error(exc)}",
                error_code="401",
            )  # fmt: skip
            raise SenderBlocked("auth", describe_error(exc)) from exc
        except Status200Error as exc:
            # Cannot tell yet: stay "sending" (never re-send blindly) and look again later.
            if isinstance(exc, APIConnectionError) and not exc.request_sent:
                wait = self._unreachable()
            else:
                self._answered()
                wait = self.policy.after_failure(max(intent.attempts, 1))
            return await self.store.defer(
                intent.id,
                next_attempt_at=self._later(wait),
                error=f"{why}Could not check the server yet. {describe_error(exc)}",
                error_code=_code(cause or exc),
            )
        self._answered()
        pick = choose(found, claimed, intent.id)
        if pick is not None:
            post = pick.post
            result = {"post_id": pick.post_id, "status": str(post.status), "reconciled": True}
            if pick.how == "queued_later" or (
                intent.post_spec().scheduled_for is None
                and str(post.status) == "scheduled"
                and post.scheduled_for is not None
            ):
                state, queued_for = IntentState.QUEUED_FOR_NEXT_DAY, _iso(post.scheduled_for)
            else:
                state, queued_for = IntentState.DONE, None
            try:
                return await self.store.settle(
                    intent.id, state, post_id=pick.post_id, result=result, queued_for=queued_for
                )
            except ClaimConflict:
                return await self.store.defer(
                    intent.id, next_attempt_at=None, error="claim race; looking again",
                    error_code="claim",
                )  # fmt: skip
        # Not on the server: the request never took effect, so sending again is safe.
        if intent.attempts >= self.policy.max_attempts:
            return await self.store.settle(
                intent.id, IntentState.NEEDS_ATTENTION,
                error=f"{why}Not on the server after {intent.attempts} attempts.",
                error_code=_code(cause) if cause else "unresolved",
            )  # fmt: skip
        wait = self.policy.after_failure(intent.attempts) if cause is not None else 0.0
        return await self.store.requeue(
            intent.id,
            next_attempt_at=self._later(wait) if wait else None,
            error=f"{why}Not on the server; sending again.",
            error_code=_code(cause) if cause else "resend",
        )

    # ------------------------------------------------------------------ shared outcomes

    async def _before_send_failed(self, intent: Intent, exc: Status200Error) -> Intent | None:
        """A read needed before sending failed: nothing was sent, try later."""
        if isinstance(exc, AuthenticationError):
            raise SenderBlocked("auth", describe_error(exc)) from exc
        code = _code(exc)
        if isinstance(exc, APIConnectionError) and not exc.request_sent:
            wait, code = self._unreachable(), OFFLINE
        else:
            self._answered()
            if isinstance(exc, RateLimitError):
                wait = self.policy.after_rate_limit(exc.retry_after)
            else:
                wait = self.policy.after_failure(intent.attempts + 1)
        return await self.store.requeue(
            intent.id, next_attempt_at=self._later(wait), error=describe_error(exc),
            error_code=code, expect=(IntentState.PENDING,),
        )  # fmt: skip

    async def _never_left(self, intent: Intent, exc: APIConnectionError) -> Intent | None:
        wait = self._unreachable()
        return await self.store.requeue(
            intent.id, next_attempt_at=self._later(wait), error=describe_error(exc),
            error_code=OFFLINE, uncount=True,
        )  # fmt: skip

    def _refusal_words(self, intent: Intent, exc: APIStatusError) -> str:
        """The server's refusal for the user; when the post's time went by while it waited
        (offline, a key refused), that is said too: the likely reason, in plain words."""
        words = describe_error(exc)
        when = intent.payload.get("scheduled_for") if intent.kind is IntentKind.CREATE else None
        if exc.status_code == 400 and when and parse_iso_utc(str(when)) <= self._now():
            words += (
                f" Its time ({when}) went by while it waited to be sent; nothing was posted: "
                "give it a new time and send it again."
            )
        return words

    async def _refused(self, intent: Intent, exc: APIStatusError) -> Intent | None:
        if isinstance(exc, RateLimitError):
            # A clear "not yet": nothing was done, so the attempt does not count toward giving
            # up, and the platform waits as long as the server asked (see pacing.py).
            wait = self.policy.after_rate_limit(exc.retry_after)
            if intent.platform:
                self.pacer.refused(
                    intent.platform, wait, learn=intent.kind is IntentKind.CREATE
                )
            return await self.store.requeue(
                intent.id, next_attempt_at=self._later(wait), error=describe_error(exc),
                error_code="429", uncount=True,
            )  # fmt: skip
        if isinstance(exc, AuthenticationError):
            # A refused key says nothing about the post: it waits, unchanged, for a good key.
            await self.store.requeue(
                intent.id, next_attempt_at=None, error=describe_error(exc), error_code="401",
                uncount=True,
            )  # fmt: skip
            raise SenderBlocked("auth", describe_error(exc)) from exc
        if exc.status_code in REFUSALS:
            return await self.store.settle(
                intent.id, IntentState.FAILED, error=self._refusal_words(intent, exc),
                error_code=str(exc.status_code),
                result={"status": exc.status_code, "code": exc.code, "body": exc.body},
            )  # fmt: skip
        # Any other 4xx: unexpected; a person should look rather than the app guessing.
        return await self.store.settle(
            intent.id, IntentState.NEEDS_ATTENTION, error=describe_error(exc),
            error_code=str(exc.status_code),
        )  # fmt: skip

    # ------------------------------------------------------------------ cancel

    async def _cancel_target(self, intent: Intent) -> str | None:
        target = intent.payload.get("post_id") or intent.target_post_id
        source = intent.payload.get("target_from")
        if not target and source:
            target = await self._post_made_by(str(source))
        # The user's cancel of a post whose move did not go through: the post stayed, cancel it.
        target = target or intent.payload.get("fallback_post")
        return str(target) if target else None

    async def _send_cancel(self, intent: Intent) -> Intent | None:
        target = await self._cancel_target(intent)
        if not target:
            return await self.store.settle(
                intent.id, IntentState.FAILED, error="no post to cancel", error_code="invalid",
                expect=(IntentState.PENDING,),
            )  # fmt: skip
        taken = await self.store.mark_sending(intent.id, target_post_id=target)
        if taken is None:
            return None
        try:
            answer = await self.client.posts.cancel(target)
        except APIConnectionError as exc:
            if not exc.request_sent:
                return await self._never_left(taken, exc)
            return await self._reconcile_cancel(taken, exc)
        except MalformedResponseError as exc:
            self._answered()
            return await self._reconcile_cancel(taken, exc)
        except BadRequestError as exc:
            self._answered()
            return await self._cancel_refused(taken, exc)
        except APIStatusError as exc:
            self._answered()
            if exc.status_code >= 500:
                return await self._reconcile_cancel(taken, exc)
            return await self._refused(taken, exc)
        self._answered()
        return await self.store.settle(
            taken.id, IntentState.DONE, result=answer.model_dump(mode="json")
        )

    async def _reconcile_cancel(
        self, intent: Intent, cause: BaseException | None
    ) -> Intent | None:
        target = intent.target_post_id or await self._cancel_target(intent)
        if not target:
            return await self.store.requeue(
                intent.id, next_attempt_at=None, error="no target yet", error_code="dependency"
            )
        try:
            post = await self.client.posts.get(target)
        except NotFoundError:
            return await self.store.settle(
                intent.id, IntentState.FAILED, error=f"post {target} does not exist",
                error_code="404",
            )  # fmt: skip
        except AuthenticationError as exc:
            raise SenderBlocked("auth", describe_error(exc)) from exc
        except Status200Error as exc:
            if isinstance(exc, APIConnectionError) and not exc.request_sent:
                wait = self._unreachable()
            else:
                wait = self.policy.after_failure(max(intent.attempts, 1))
            return await self.store.defer(
                intent.id, next_attempt_at=self._later(wait),
                error=f"Could not check the server yet. {describe_error(exc)}",
                error_code=_code(exc),
            )  # fmt: skip
        self._answered()
        status = str(post.status)
        if status == "cancelled":
            return await self.store.settle(
                intent.id, IntentState.DONE, result={"status": status, "reconciled": True}
            )
        if status == "scheduled":
            # Cancelling is idempotent on a scheduled post: asking again is safe.
            return await self.store.requeue(
                intent.id, next_attempt_at=None,
                error=describe_error(cause) if cause else "not cancelled yet", error_code="resend",
            )  # fmt: skip
        return await self._cancel_too_late(intent, status)

    async def _cancel_refused(self, intent: Intent, exc: BadRequestError) -> Intent | None:
        # 400: the post is no longer scheduled. Cancelled already (by an earlier attempt)? Done.
        target = intent.target_post_id or ""
        try:
            post = await self.client.posts.get(target)
            status = str(post.status)
        except Status200Error:
            status = "unknown"
        if status == "cancelled":
            return await self.store.settle(
                intent.id, IntentState.DONE, result={"status": status, "reconciled": True}
            )
        return await self._cancel_too_late(intent, status, reason=describe_error(exc))

    async def _cancel_too_late(
        self, intent: Intent, status: str, reason: str | None = None
    ) -> Intent | None:
        why = reason or f"the post is {status}"
        if intent.role == "cancel_original" and intent.group_id:
            # Reschedule: the original went out meanwhile, so the replacement must not follow.
            replacement_id = intent.payload.get("replacement")
            replacement = await self.store.get(replacement_id) if replacement_id else None
            if replacement is not None and replacement.post_id:
                undo = cancel_intent(
                    replacement.post_id, platform=replacement.platform,
                    account_id=replacement.account_id, group_id=intent.group_id,
                    role="cancel_replacement",
                    source_key=f"{intent.group_id}:cancel_replacement",
                )  # fmt: skip
                await self.store.add(undo)
            return await self.store.settle(
                intent.id, IntentState.NEEDS_ATTENTION,
                error=f"the original was {status} before it could be moved ({why}); "
                "the replacement is being cancelled",
                error_code="too_late",
            )  # fmt: skip
        return await self.store.settle(
            intent.id, IntentState.FAILED, error=why, error_code="400"
        )

    # ------------------------------------------------------------------ media upload

    async def _send_upload(self, intent: Intent) -> Intent | None:
        taken = await self.store.mark_sending(intent.id)
        if taken is None:
            return None
        try:
            answer = await self.client.media.upload(url=str(taken.payload["url"]))
        except APIConnectionError as exc:
            if not exc.request_sent:
                return await self._never_left(taken, exc)
            return await self._upload_again(taken, exc)
        except MalformedResponseError as exc:
            self._answered()
            return await self._upload_again(taken, exc)
        except APIStatusError as exc:
            self._answered()
            if exc.status_code >= 500:
                return await self._upload_again(taken, exc)
            return await self._refused(taken, exc)
        self._answered()
        return await self.store.settle(
            taken.id, IntentState.DONE, result=answer.model_dump(mode="json")
        )

    async def _upload_again(self, intent: Intent, exc: BaseException) -> Intent | None:
        if intent.attempts >= self.policy.max_attempts:
            return await self.store.settle(
                intent.id, IntentState.NEEDS_ATTENTION, error=describe_error(exc),
                error_code=_code(exc),
            )  # fmt: skip
        wait = self.policy.after_failure(intent.attempts)
        return await self.store.requeue(
            intent.id, next_attempt_at=self._later(wait), error=describe_error(exc),
            error_code=_code(exc),
        )  # fmt: skip
