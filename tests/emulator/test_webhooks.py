"""Webhooks: the four events, the HMAC signature, and retries after 1, 5 and 30 minutes."""

from __future__ import annotations

# Times here are the emulator's manual clock (EMULATOR_EPOCH, 2026-05-16 12:00 UTC, set by the
# `emulator` fixture) and moves of it, never the real clock: this file passes at any date
# (checked with faketime +400d, +3y and +10y).
import hashlib
import hmac
from datetime import timedelta

import httpx

from s200desk.emulator import EmulatorServer

from .conftest import Receiver, post_body

SECRET = "whsec_test"


def subscribe(emulator: EmulatorServer, url: str, events: list[str] | None = None) -> None:
    body: dict[str, object] = {"url": url, "secret": SECRET}
    if events:
        body["events"] = events
    assert httpx.post(f"{emulator.site_url}/__admin/webhooks", json=body).status_code == 201


def deliveries(emulator: EmulatorServer) -> list[dict[str, object]]:
    return list(httpx.get(f"{emulator.site_url}/__admin/webhooks/deliveries").json()["deliveries"])


def test_events_are_signed_and_shaped(
    emulator: EmulatorServer, api: httpx.Client, receiver: Receiver
) -> None:
    subscribe(emulator, receiver.url)
    scheduled = api.post("/api-posts", json=post_body(scheduledFor="2026-05-16T12:30:00Z"))
    post_id = scheduled.json()["post_id"]
    emulator.advance(timedelta(minutes=30))
    httpx.post(f"{emulator.site_url}/__admin/profiles/disconnect",
               json={"account_id": "@lumenstudio", "platform": "linkedin"})
    failing = api.post("/api-posts", json=post_body("pinterest", "pin", scheduledFor=None))
    assert failing.status_code == 400  # (Pinterest needs an image: no event for refusals)
    emulator.run_due()
    got = receiver.wait_for(3)
    assert [r["json"]["type"] for r in got] == [
        "post.scheduled", "post.published", "profile.disconnected"]
    for r in got:
        expected = "sha256=" + hmac.new(SECRET.encode(), r["body"], hashlib.sha256).hexdigest()
        assert r["headers"]["X-Webhook-Signature"] == expected
        assert r["headers"]["Content-Type"] == "application/json"
        assert r["json"]["id"].startswith("evt_") and r["json"]["created_at"].endswith("Z")
    assert got[0]["json"]["data"] == {"post_id": post_id, "platform": "x",
                                      "account_id": "@lumenstudio",
                                      "scheduled_for": "2026-05-16T12:30:00Z"}
    published = got[1]["json"]["data"]
    assert set(published) == {"post_id", "platform", "account_id", "platform_post_id",
                              "published_at"}
    assert published["published_at"] == "2026-05-16T12:30:00Z"
    assert got[2]["json"]["data"] == {
        "account_id": "@lumenstudio", "platform": "linkedin", "reason": "token_expired",
        "message": "LinkedIn access token has expired. Please reconnect."}


def test_post_failed_event(emulator: EmulatorServer, api: httpx.Client, receiver: Receiver) -> None:
    subscribe(emulator, receiver.url, ["post.failed"])
    api.post("/api-posts", json=post_body(scheduledFor="2026-05-16T12:05:00Z"))
    httpx.post(f"{emulator.site_url}/__admin/profiles/disconnect",
               json={"account_id": "@lumenstudio", "platform": "x"})
    emulator.advance(timedelta(minutes=5))
    got = receiver.wait_for(1)
    assert len(got) == 1 and got[0]["json"]["type"] == "post.failed"
    assert set(got[0]["json"]["data"]) == {"post_id", "platform", "account_id", "error_code",
                                           "error_message"}


def test_retries_after_1_5_30_minutes_then_gives_up(
    emulator: EmulatorServer, api: httpx.Client, receiver: Receiver
) -> None:
    subscribe(emulator, receiver.url, ["post.published"])
    receiver.statuses[:] = [500, 503, 404, 500]
    api.post("/api-posts", json=post_body())
    emulator.run_due()
    assert len(receiver.received) == 1
    steps = [(timedelta(seconds=59), 1), (timedelta(seconds=1), 2),
             (timedelta(minutes=4, seconds=59), 2), (timedelta(seconds=1), 3),
             (timedelta(minutes=29, seconds=59), 3), (timedelta(seconds=1), 4),
             (timedelta(hours=5), 4)]
    for delta, expected in steps:
        emulator.advance(delta)
        assert len(receiver.received) == expected, (delta, expected)
    [delivery] = deliveries(emulator)
    assert delivery["state"] == "failed"
    attempts = delivery["attempts"]
    assert isinstance(attempts, list)
    assert [a["at"] for a in attempts] == [
        "2026-05-16T12:00:00Z", "2026-05-16T12:01:00Z", "2026-05-16T12:06:00Z",
        "2026-05-16T12:36:00Z"]
    assert [a["status_code"] for a in attempts] == [500, 503, 404, 500]
    # all four deliveries carried the same body and signature
    assert len({r["body"] for r in receiver.received}) == 1


def test_success_after_a_retry_and_unreachable_endpoints(
    emulator: EmulatorServer, api: httpx.Client, receiver: Receiver
) -> None:
    subscribe(emulator, receiver.url, ["post.published"])
    subscribe(emulator, "http://127.0.0.1:9/nobody-home", ["post.published"])
    receiver.statuses[:] = [500]
    api.post("/api-posts", json=post_body())
    emulator.run_due()
    emulator.advance(timedelta(minutes=1))
    states = {d["url"]: d for d in deliveries(emulator)}
    ok = states[receiver.url]
    assert ok["state"] == "delivered" and len(ok["attempts"]) == 2  # type: ignore[arg-type]
    dead = states["http://127.0.0.1:9/nobody-home"]
    assert dead["state"] == "pending" and dead["attempts"][0]["error"]  # type: ignore[index]
    assert dead["next_attempt_at"] == "2026-05-16T12:06:00Z"


def test_admin_webhook_validation(emulator: EmulatorServer) -> None:
    url = f"{emulator.site_url}/__admin/webhooks"
    assert httpx.post(url, json={"url": "nope"}).status_code == 400
    assert httpx.post(url, json={"url": "http://x", "events": ["post.nope"]}).status_code == 400
    assert httpx.get(url).json() == {"webhooks": []}
