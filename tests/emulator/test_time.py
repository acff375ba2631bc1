"""Scheduled posts publish when the emulator clock reaches them; analytics grow with age."""

from __future__ import annotations

import time
from collections.abc import Callable
from datetime import UTC, datetime, timedelta

import httpx

from s200desk.emulator import EmulatorServer, ManualClock, ScaledClock, SystemClock

from .conftest import EMULATOR_EPOCH, post_body


def test_scheduled_post_publishes_at_its_time(emulator: EmulatorServer, api: httpx.Client) -> None:
    post_id = api.post("/api-posts", json=post_body(scheduledFor="2026-05-16T13:00:00Z")).json()[
        "post_id"]
    emulator.advance(timedelta(minutes=59, seconds=59))
    assert api.get(f"/api-posts/{post_id}").json()["status"] == "scheduled"
    assert api.get("/poll-engagement", params={"post_id": post_id}).status_code == 404
    emulator.advance(timedelta(seconds=1))
    got = api.get(f"/api-posts/{post_id}").json()
    assert got["status"] == "published"
    assert got["published_at"] == "2026-05-16T13:00:00Z" and got["platform_post_id"]
    assert api.delete(f"/api-posts/{post_id}").status_code == 400


def test_publishing_happens_on_requests_and_on_the_ticker(
    emulator: EmulatorServer, api: httpx.Client
) -> None:
    post_id = api.post("/api-posts", json=post_body(scheduledFor="2026-05-16T12:10:00Z")).json()[
        "post_id"]
    assert isinstance(emulator.clock, ManualClock)
    emulator.clock.advance(timedelta(minutes=10))  # no synchronous run: a request or tick does it
    assert api.get(f"/api-posts/{post_id}").json()["status"] == "published"
    later = api.post("/api-posts", json=post_body(scheduledFor="2026-05-16T12:20:00Z")).json()[
        "post_id"]
    emulator.clock.advance(timedelta(minutes=10))
    deadline = time.monotonic() + 3
    while time.monotonic() < deadline:
        rows = httpx.get(f"{emulator.site_url}/__admin/posts").json()["posts"]
        if next(p for p in rows if p["id"] == later)["status"] == "published":
            break
        time.sleep(0.05)
    else:
        raise AssertionError("the ticker never published the post")


def test_admin_clock_advance_runs_due_work(emulator: EmulatorServer, api: httpx.Client) -> None:
    post_id = api.post("/api-posts", json=post_body(scheduledFor="2026-05-16T15:00:00Z")).json()[
        "post_id"]
    resp = httpx.post(f"{emulator.site_url}/__admin/clock/advance", json={"seconds": 3 * 3600})
    assert resp.json() == {"now": "2026-05-16T15:00:00Z"}
    rows = httpx.get(f"{emulator.site_url}/__admin/posts").json()["posts"]
    assert next(p for p in rows if p["id"] == post_id)["status"] == "published"
    assert httpx.get(f"{emulator.site_url}/__admin/clock").json()["now"] == "2026-05-16T15:00:00Z"


def test_post_to_a_profile_disconnected_meanwhile_fails(
    emulator: EmulatorServer, api: httpx.Client
) -> None:
    post_id = api.post("/api-posts", json=post_body(scheduledFor="2026-05-16T13:00:00Z")).json()[
        "post_id"]
    resp = httpx.post(f"{emulator.site_url}/__admin/profiles/disconnect",
                      json={"account_id": "@lumenstudio", "platform": "x"})
    assert resp.status_code == 200
    emulator.advance(timedelta(hours=1))
    got = api.get(f"/api-posts/{post_id}").json()
    assert got["status"] == "failed" and got["error_code"] == "PROFILE_DISCONNECTED"
    assert api.get("/api-posts", params={"status": "failed"}).json()["total"] == 1
    assert api.post("/api-posts", json=post_body()).json()["code"] == "profile_disconnected"


def test_analytics_grow_deterministically(
    emulator: EmulatorServer, api: httpx.Client, make_server: Callable[..., EmulatorServer]
) -> None:
    post_id = api.post("/api-posts", json=post_body("x", "measure me")).json()["post_id"]
    seen = []
    for hours in (0, 1, 5, 24, 24 * 7):
        if hours:
            emulator.advance(timedelta(hours=hours) - (emulator.clock.now() - EMULATOR_EPOCH))
        data = api.get("/poll-engagement", params={"post_id": post_id}).json()
        assert data["post_id"] == post_id and data["platform"] == "x"
        assert set(data["metrics"]) == {"views", "likes", "comments", "shares", "saves"}
        assert data["polled_at"] == (EMULATOR_EPOCH + timedelta(hours=hours)).strftime(
            "%Y-%m-%dT%H:%M:%SZ")
        seen.append(data["metrics"])
    views = [m["views"] for m in seen]
    assert views == sorted(views) and views[-1] > views[1] > 0
    for key in ("likes", "comments", "shares", "saves"):
        assert [m[key] for m in seen] == sorted(m[key] for m in seen)
    # same post id, same age: the same numbers
    again = api.get("/poll-engagement", params={"post_id": post_id}).json()["metrics"]
    assert again == seen[-1]
    assert api.get("/poll-engagement").status_code == 400


def test_clocks() -> None:
    manual = ManualClock(EMULATOR_EPOCH)
    manual.advance(timedelta(hours=1))
    assert manual.now() == EMULATOR_EPOCH + timedelta(hours=1)
    manual.set(datetime(2030, 1, 1, tzinfo=UTC))
    assert manual.now().year == 2030
    scaled = ScaledClock(speed=600, start=EMULATOR_EPOCH)
    time.sleep(0.05)
    assert timedelta(seconds=20) < scaled.now() - EMULATOR_EPOCH < timedelta(minutes=5)
    assert abs(SystemClock().now() - datetime.now(UTC)) < timedelta(seconds=1)


def test_scaled_clock_publishes_on_the_ticker(make_server: Callable[..., EmulatorServer]) -> None:
    server = make_server(clock=ScaledClock(speed=3600, start=EMULATOR_EPOCH))
    with httpx.Client(base_url=server.base_url, trust_env=False,
                      headers={"Authorization": f"Bearer {server.api_key}"}) as api:
        body = post_body(scheduledFor="2026-05-16T12:30:00Z")
        post_id = api.post("/api-posts", json=body).json()["post_id"]
        deadline = time.monotonic() + 5
        while time.monotonic() < deadline:
            rows = httpx.get(f"{server.site_url}/__admin/posts").json()["posts"]
            if next(p for p in rows if p["id"] == post_id)["status"] == "published":
                break
            time.sleep(0.05)
        else:
            raise AssertionError("the scaled clock never reached the post")
