"""The seeds: every one holds the docs account; `demo` is realistic, deterministic and in caps."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable

import httpx

from s200desk.emulator import EmulatorServer

from .conftest import client_for

PLATFORMS = {"tiktok", "instagram", "facebook", "youtube", "x", "linkedin", "pinterest"}


def every_post(server: EmulatorServer) -> list[dict[str, object]]:
    with client_for(server) as api:
        first = api.get("/api-posts", params={"limit": 100}).json()
        posts = list(first["posts"])
        while len(posts) < first["total"]:
            posts += api.get("/api-posts", params={"limit": 100, "offset": len(posts)}).json()[
                "posts"]
    return posts


def test_demo_seed(make_server: Callable[..., EmulatorServer]) -> None:
    server = make_server(seed="demo", plan="free", seed_random=3)
    posts = every_post(server)
    assert len(posts) > 200
    assert {p["platform"] for p in posts} == PLATFORMS
    statuses = Counter(p["status"] for p in posts)
    assert statuses["published"] > 100 and statuses["scheduled"] > 50 and statuses["failed"] > 0
    assert all(p["scheduled_for"] for p in posts if p["status"] == "scheduled")
    per_day = Counter(
        (p["platform"], str(p["scheduled_for"] or p["published_at"])[:10])
        for p in posts if p["status"] in ("published", "scheduled")
    )
    assert max(per_day.values()) <= 5  # the free plan's cap holds in the seed
    with client_for(server) as api:
        published = [p for p in posts if p["status"] == "published"][-1]  # the oldest
        metrics = api.get("/poll-engagement", params={"post_id": str(published["id"])}).json()
        assert metrics["metrics"]["views"] > 0
    again = make_server(seed="demo", plan="free", seed_random=3)
    assert [p["id"] for p in every_post(again)] == [p["id"] for p in posts]
    assert again.api_key == server.api_key


def test_every_seed_has_the_docs_account(make_server: Callable[..., EmulatorServer]) -> None:
    for seed in ("basic", "demo"):
        server = make_server(seed=seed)
        for key in ("rl_your_api_key", "rl_YOUR_KEY"):
            with client_for(server, key) as api:
                profiles = api.get("/api-posts", params={"action": "profiles"}).json()["profiles"]
                handles = {(p["account_id"], p["platform"]) for p in profiles}
                assert {("@myprofile", p) for p in PLATFORMS} <= handles
                for handle in ("@yourprofile", "@mytiktok", "@myinsta", "@mytwitter",
                               "@mylinkedin", "@creator_studio", "@mybrand"):
                    assert any(h == handle for h, _ in handles), handle


def test_admin_keys_rotation(emulator: EmulatorServer) -> None:
    new = httpx.post(f"{emulator.site_url}/__admin/keys").json()["api_key"]
    with client_for(emulator, new) as api:
        assert api.get("/api-posts", params={"action": "profiles"}).status_code == 200
        assert httpx.delete(f"{emulator.site_url}/__admin/keys/{new}").status_code == 200
        assert api.get("/api-posts").status_code == 401
    assert httpx.delete(f"{emulator.site_url}/__admin/keys/{new}").status_code == 404
    plan = httpx.post(f"{emulator.site_url}/__admin/plan", json={"plan": "skilled"})
    assert plan.json() == {"plan": "skilled"}
    with client_for(emulator) as api:
        assert api.get("/api-posts").headers["x-ratelimit-limit"] == "100"
    assert httpx.post(f"{emulator.site_url}/__admin/plan", json={"plan": "gold"}).status_code == 400
