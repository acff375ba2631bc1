"""Webhook events: signed with HMAC-SHA256, delivered, retried after 1, 5 and 30 minutes."""

from __future__ import annotations

import hashlib
import hmac
import json
import uuid
from datetime import timedelta
from typing import TYPE_CHECKING, Any

from .timefmt import db_to_iso, iso, to_db

if TYPE_CHECKING:
    import httpx

    from .engine import Emulator

EVENT_TYPES = ("post.published", "post.failed", "post.scheduled", "profile.disconnected")
RETRY_DELAYS = (timedelta(minutes=1), timedelta(minutes=5), timedelta(minutes=30))
TIMEOUT_SECONDS = 5.0


def sign(body: bytes, secret: str) -> str:
    return "sha256=" + hmac.new(secret.encode(), body, hashlib.sha256).hexdigest()


class WebhookDispatcher:
    """Queues one delivery per subscribed endpoint; `deliver_due` sends what is due now."""

    def __init__(self, emu: Emulator) -> None:
        self.emu = emu
        self._http: httpx.Client | None = None

    def _client(self) -> httpx.Client:
        # Made once, on the first delivery: building a client's TLS context takes ~0.1 s.
        if self._http is None:
            import httpx  # likewise on first use: most emulators never deliver a webhook

            self._http = httpx.Client(timeout=TIMEOUT_SECONDS, trust_env=False)
        return self._http

    def close(self) -> None:
        if self._http is not None:
            self._http.close()
            self._http = None

    def add_endpoint(
        self, url: str, secret: str, events: list[str] | None, account_id: str | None
    ) -> str:
        webhook_id = "wh_" + uuid.uuid4().hex[:16]
        self.emu.state.add_webhook(webhook_id, account_id, url, secret, list(events or EVENT_TYPES))
        return webhook_id

    def emit(self, event_type: str, account_id: str, data: dict[str, Any]) -> None:
        hooks = [
            h for h in self.emu.state.webhooks()
            if event_type in h["events"] and h["account_id"] in (None, account_id)
        ]
        if not hooks:
            return
        now = self.emu.now()
        event = {
            "id": "evt_" + uuid.uuid4().hex[:12],
            "type": event_type,
            "created_at": iso(now.replace(microsecond=0)),
            "data": data,
        }
        body = json.dumps(event, separators=(",", ":"))
        for hook in hooks:
            self.emu.state.add_delivery({
                "id": "dlv_" + uuid.uuid4().hex[:16],
                "webhook_id": hook["id"],
                "event_id": event["id"],
                "event_type": event_type,
                "url": hook["url"],
                "body": body,
                "state": "pending",
                "next_attempt_at": to_db(now),
                "attempts": [],
            })
        self.emu.wake.set()

    def deliver_due(self) -> int:
        """Send every delivery due on the emulator clock; returns how many were attempted."""
        now = self.emu.now()
        due = self.emu.state.due_deliveries(now)
        if not due:
            return 0
        secrets = {h["id"]: h["secret"] for h in self.emu.state.webhooks()}
        http = self._client()
        for delivery in due:
            self._attempt(http, delivery, secrets.get(delivery["webhook_id"], ""))
        return len(due)

    def _attempt(self, http: httpx.Client, delivery: dict[str, Any], secret: str) -> None:
        import httpx  # loaded by _client() already

        now = self.emu.now()
        body = delivery["body"].encode()
        status: int | None = None
        error: str | None = None
        try:
            resp = http.post(
                delivery["url"], content=body,
                headers={
                    "Content-Type": "application/json",
                    "X-Webhook-Signature": sign(body, secret),
                },
            )
            status = resp.status_code
        except httpx.HTTPError as exc:
            error = f"{type(exc).__name__}: {exc}"
        ok = status is not None and 200 <= status < 300
        attempts = [*delivery["attempts"], {
            "attempt": len(delivery["attempts"]) + 1,
            "at": iso(now),
            "status_code": status,
            "error": error,
            "ok": ok,
        }]
        if ok:
            self.emu.state.update_delivery(
                delivery["id"], state="delivered", next_attempt_at=None, attempts=attempts
            )
        elif len(attempts) <= len(RETRY_DELAYS):
            self.emu.state.update_delivery(
                delivery["id"], state="pending",
                next_attempt_at=to_db(now + RETRY_DELAYS[len(attempts) - 1]), attempts=attempts,
            )
        else:
            self.emu.state.update_delivery(
                delivery["id"], state="failed", next_attempt_at=None, attempts=attempts
            )


def delivery_json(row: dict[str, Any]) -> dict[str, Any]:
    return {
        "id": row["id"],
        "webhook_id": row["webhook_id"],
        "event_id": row["event_id"],
        "event_type": row["event_type"],
        "url": row["url"],
        "state": row["state"],
        "next_attempt_at": db_to_iso(row["next_attempt_at"]),
        "attempts": row["attempts"],
        "body": row["body"],
    }
