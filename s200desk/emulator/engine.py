"""The emulator's live context: state, clock, rules' memory, and the work that comes due."""

from __future__ import annotations

import threading
from datetime import datetime

from .analytics import platform_post_id
from .clock import Clock
from .faults import FaultDice, Faults
from .state import State
from .tally import RequestTally
from .timefmt import from_db, iso
from .webhooks import WebhookDispatcher


class Emulator:
    """Everything a request handler, the ticker and the admin endpoints share."""

    def __init__(
        self, state: State, clock: Clock, cooldown_seconds: float, faults: Faults, seed_random: int
    ) -> None:
        self.state = state
        self.clock = clock
        self.cooldown_seconds = cooldown_seconds
        self.faults = faults
        self.dice = FaultDice(seed_random)
        self.tally = RequestTally()
        self.cooldowns: dict[tuple[str, str], datetime] = {}
        self.webhooks = WebhookDispatcher(self)
        self.wake = threading.Event()
        self._due_lock = threading.Lock()
        self.primary_account = ""

    def now(self) -> datetime:
        return self.clock.now()

    def publish_due(self) -> int:
        """Publish (or fail) every scheduled post whose time has come on the emulator clock."""
        done = 0
        for post in self.state.due_posts(self.now()):
            with self.state.lock:
                fresh = self.state.post(post["id"])
                if fresh is None or fresh["status"] != "scheduled":
                    continue
                self._publish_one(fresh)
            done += 1
        return done

    def _publish_one(self, post: dict[str, object]) -> None:
        account_id = str(post["account_id"])
        handle, platform = str(post["handle"]), str(post["platform"])
        when = from_db(str(post["scheduled_for"])) or self.now()
        profile = self.state.profile(account_id, handle, platform)
        failure: tuple[str, str] | None = None
        if profile is None or profile["status"] != "active":
            failure = (
                "PROFILE_DISCONNECTED",
                f"{platform} profile {handle} is disconnected; reconnect it and post again",
            )
        elif self.dice.roll(self.faults.publish_fail_rate):
            failure = ("PUBLISH_FAILED", "The platform refused the post (injected fault)")
        if failure is not None:
            code, message = failure
            self.state.update_post(
                str(post["id"]), status="failed", error_code=code, error_message=message
            )
            self.webhooks.emit("post.failed", account_id, {
                "post_id": post["id"], "platform": platform, "account_id": handle,
                "error_code": code, "error_message": message,
            })
            return
        ppid = platform_post_id(str(post["id"]), platform)
        self.state.update_post(
            str(post["id"]), status="published", published_at=when, platform_post_id=ppid
        )
        self.webhooks.emit("post.published", account_id, {
            "post_id": post["id"], "platform": platform, "account_id": handle,
            "platform_post_id": ppid, "published_at": iso(when),
        })

    def deliver_due(self) -> None:
        with self._due_lock:
            self.webhooks.deliver_due()

    def close(self) -> None:
        with self._due_lock:
            self.webhooks.close()

    def run_due(self) -> None:
        """All due work: publishing, then webhook deliveries (blocking HTTP: not on the loop)."""
        self.publish_due()
        self.deliver_due()
