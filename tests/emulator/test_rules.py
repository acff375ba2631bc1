"""Daily caps per plan, the v2 next-day queue, the legacy cooldown and the X-RateLimit headers."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime, timedelta

import httpx
import pytest

from s200desk.emulator import EmulatorServer, Faults

from .conftest import client_for, post_body

# Every date here is on the emulator's manual clock (EMULATOR_EPOCH, 2026-05-16 12:00 UTC, set by
# the `api` and `make_server` fixtures of tests/emulator/conftest.py) or data sent to it, never
# the real clock: this file passes at any date (checked with faketime +400d, +3y and +10y).

CAPS = {"free": 5, "beginner": 20, "apprentice": 50, "skilled": 100, "expert": 150}


def photo(client: httpx.Client) -> str:
    return str(client.post("/api-media-upload", json={"url": "https://example.com/p.jpg"})
               .json()["file_id"])


def insta(file_id: str, **post: object) -> dict[str, object]:
    body = post_body("instagram", "Reel time")
    body["post"]["content"]["mediaID"] = [file_id]
    body["post"].update(post)
    return body


def test_caps_per_plan_on_the_legacy_endpoint(make_server: Callable[..., EmulatorServer]) -> None:
    server = make_server(plan="free")
    with client_for(server) as api:
        for plan, cap in CAPS.items():
            server.set_plan(plan)
            for i in range(cap):
                resp = api.post("/api-posts", json=post_body("x", f"{plan} {i}"))
                assert resp.status_code == 200, (plan, i, resp.text)
            refused = api.post("/api-posts", json=post_body("x", "one too many"))
            assert refused.status_code == 403
            assert refused.json()["code"] == "daily_limit_reached"
            assert refused.json()["limit"] == cap and refused.json()["used"] == cap
            assert refused.headers["x-ratelimit-remaining"] == "0"
            # another platform has its own budget
            assert api.post("/api-posts", json=post_body("linkedin", plan)).status_code == 200
            server.advance(timedelta(days=1))
        server.set_plan("agency")
        for i in range(200):
            assert api.post("/api-posts", json=post_body("x", f"agency {i}")).status_code == 200


def test_scheduled_posts_count_on_their_own_day(make_server: Callable[..., EmulatorServer]) -> None:
    server = make_server(plan="free")
    with client_for(server) as api:
        for i in range(5):
            body = post_body("x", f"later {i}", scheduledFor="2026-05-20T10:00:00Z")
            assert api.post("/api-posts", json=body).status_code == 200
        full = api.post("/api-posts", json=post_body("x", "x", scheduledFor="2026-05-20T23:00:00Z"))
        assert full.status_code == 403 and "2026-05-20" in full.json()["error"]
        assert api.post("/api-posts", json=post_body("x", "today")).status_code == 200
        # cancelling frees the slot
        post_id = api.get("/api-posts", params={"status": "scheduled"}).json()["posts"][0]["id"]
        assert api.delete(f"/api-posts/{post_id}").status_code == 200
        again = post_body("x", "y", scheduledFor="2026-05-20T23:00:00Z")
        assert api.post("/api-posts", json=again).status_code == 200


def test_v2_queues_for_the_next_day_past_the_cap(
    make_server: Callable[..., EmulatorServer],
) -> None:
    server = make_server(plan="free")
    site = httpx.Client(base_url=server.site_url, trust_env=False,
                        headers={"Authorization": f"Bearer {server.api_key}"})
    with client_for(server) as api, site:
        file_id = photo(api)
        for _ in range(5):
            ok = site.post("/api/v2/posts", json=insta(file_id))
            assert ok.status_code == 200 and ok.json()["status"] == "published"
        server.advance(timedelta(hours=2, minutes=30))  # 14:30 UTC
        queued = site.post("/api/v2/posts", json=insta(file_id))
        assert queued.status_code == 202
        body = queued.json()
        assert body == {
            "queued": True,
            "code": "queued_for_next_day",
            "message": "Daily post limit reached for instagram (5/5 today). "
                       "Post queued for 2026-05-17T14:30:00.000Z.",
            "scheduled_post_id": body["scheduled_post_id"],
            "scheduled_at": "2026-05-17T14:30:00.000Z",
            "limit": 5,
            "used": 5,
            "plan": "free",
        }
        stored = api.get(f"/api-posts/{body['scheduled_post_id']}").json()
        assert stored["status"] == "scheduled" and stored["scheduled_for"] == "2026-05-17T14:30:00Z"
        # fill the 17th too: the next one goes to the 18th
        for _ in range(4):
            assert site.post("/api/v2/posts", json=insta(file_id)).status_code == 202
        sixth = site.post("/api/v2/posts", json=insta(file_id)).json()
        assert sixth["scheduled_at"] == "2026-05-18T14:30:00.000Z"
        # the queued post publishes when its day comes
        server.advance(timedelta(days=1))
        assert api.get(f"/api-posts/{body['scheduled_post_id']}").json()["status"] == "published"


def test_v2_queue_for_a_scheduled_post_and_queue_failed(
    make_server: Callable[..., EmulatorServer],
) -> None:
    server = make_server(plan="free")
    site = httpx.Client(base_url=server.site_url, trust_env=False,
                        headers={"Authorization": f"Bearer {server.api_key}"})
    with client_for(server) as api, site:
        file_id = photo(api)
        when = "2026-05-20T08:15:00Z"
        for _ in range(5):
            assert site.post("/api/v2/posts", json=insta(file_id, scheduledFor=when)).json()[
                "status"] == "scheduled"
        body = site.post("/api/v2/posts", json=insta(file_id, scheduledFor=when)).json()
        assert body["scheduled_at"] == "2026-05-21T08:15:00.000Z"
        assert "(5/5 on 2026-05-20)" in body["message"]
        before = api.get("/api-posts").json()["total"]
        server.set_faults(queue_fail_rate=1.0)
        failed = site.post("/api/v2/posts", json=insta(file_id, scheduledFor=when))
        assert failed.status_code == 500 and failed.json()["code"] == "queue_failed"
        assert api.get("/api-posts").json()["total"] == before


def test_v2_refuses_other_platforms(emulator: EmulatorServer, site: httpx.Client) -> None:
    for platform in ("x", "linkedin", "pinterest"):
        resp = site.post("/api/v2/posts", json=post_body(platform))
        assert resp.status_code == 400 and resp.json()["code"] == "unsupported_platform"
    assert site.post("/api/v2/posts", json=post_body("facebook")).status_code == 403
    anon = httpx.post(f"{emulator.site_url}/api/v2/posts", json=post_body("tiktok"))
    assert anon.status_code == 401


def test_cooldown_on_rapid_legacy_posts(make_server: Callable[..., EmulatorServer]) -> None:
    server = make_server(cooldown_seconds=30)
    site = httpx.Client(base_url=server.site_url, trust_env=False,
                        headers={"Authorization": f"Bearer {server.api_key}"})
    with client_for(server) as api, client_for(server, server.other_api_key) as other, site:
        assert api.post("/api-posts", json=post_body("x", "one")).status_code == 200
        second = api.post("/api-posts", json=post_body("x", "two"))
        assert second.status_code == 429 and second.json()["code"] == "cooldown"
        assert second.headers["retry-after"] == "30"
        server.advance(timedelta(seconds=10.5))
        assert api.post("/api-posts", json=post_body("x", "two")).headers["retry-after"] == "20"
        elsewhere = api.post("/api-posts", json=post_body("linkedin", "other platform"))
        assert elsewhere.status_code == 200
        theirs = other.post("/api-posts", json=post_body("x", handle="@harbor_cafe"))
        assert theirs.status_code == 200
        server.advance(timedelta(seconds=19.5))
        assert api.post("/api-posts", json=post_body("x", "two")).status_code == 200
        # v2 has no cooldown
        file_id = photo(api)
        assert site.post("/api/v2/posts", json=insta(file_id)).status_code == 200
        assert site.post("/api/v2/posts", json=insta(file_id)).status_code == 200


def test_rate_limit_headers(make_server: Callable[..., EmulatorServer]) -> None:
    server = make_server(plan="beginner")
    with client_for(server) as api:
        first = api.post("/api-posts", json=post_body("x", "a"))
        second = api.post("/api-posts", json=post_body("x", "b"))
        assert first.headers["x-ratelimit-limit"] == "20"
        assert first.headers["x-ratelimit-remaining"] == "19"
        assert second.headers["x-ratelimit-remaining"] == "18"
        assert second.headers["x-ratelimit-reset"] == "2026-05-17T00:00:00Z"
        assert second.headers["x-ratelimit-platform"] == "x"
        li = api.get("/api-posts", params={"platform": "linkedin"})
        assert li.headers["x-ratelimit-remaining"] == "20"
        assert li.headers["x-ratelimit-platform"] == "linkedin"
        profiles = api.get("/api-posts", params={"action": "profiles"})
        assert profiles.headers["x-ratelimit-platform"] == "x"
        assert profiles.headers["x-ratelimit-remaining"] == "18"
        for resp in (api.get("/api-posts/nope"), api.post("/api-posts", json={}),
                     api.get("/not-a-route"), httpx.get(f"{server.base_url}/api-posts"),
                     api.post("/api-media-upload", json={"url": "https://example.com/a.gif"})):
            assert {"x-ratelimit-limit", "x-ratelimit-remaining", "x-ratelimit-reset"} <= set(
                resp.headers), resp.request.url
        server.set_faults(error_rate=1.0)
        assert "x-ratelimit-reset" in api.get("/api-posts").headers
        server.set_faults(error_rate=0.0)
        server.set_plan("agency")
        resp = api.get("/api-posts")
        assert resp.headers["x-ratelimit-limit"] == "unlimited"
        assert resp.headers["x-ratelimit-remaining"] == "unlimited"
        reset = datetime.fromisoformat(resp.headers["x-ratelimit-reset"])
        assert reset == datetime(2026, 5, 17, tzinfo=UTC)
    assert "x-ratelimit-limit" not in httpx.get(f"{server.site_url}/__admin/faults").headers


@pytest.mark.parametrize("plan", ["free", "agency"])
def test_faults_object_at_start(make_server: Callable[..., EmulatorServer], plan: str) -> None:
    server = make_server(plan=plan, faults=Faults(burst_429_rate=1.0))
    with client_for(server) as api:
        resp = api.get("/api-posts")
        assert resp.status_code == 429 and resp.headers["retry-after"] == "1"
