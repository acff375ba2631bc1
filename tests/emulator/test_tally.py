"""The request tally: every public request counted by route, platform and the status answered."""

from __future__ import annotations

from collections.abc import Callable

import httpx

from s200desk.emulator import EmulatorServer

from .conftest import client_for, post_body

CREATE = "/functions/v1/api-posts"


def test_creates_cooldown_bounces_and_faults_are_counted(
    make_server: Callable[..., EmulatorServer],
) -> None:
    server = make_server(cooldown_seconds=30)
    with client_for(server) as api:
        assert api.post("/api-posts", json=post_body("x", "one")).status_code == 200
        assert api.post("/api-posts", json=post_body("x", "two")).status_code == 429  # cooldown
        assert api.post("/api-posts", json=post_body("linkedin", "three")).status_code == 200
        post_id = api.get("/api-posts", params={"platform": "x"}).json()["posts"][0]["id"]
        assert api.get(f"/api-posts/{post_id}").status_code == 200
        server.set_faults(burst_429_rate=1.0)
        assert api.post("/api-posts", json=post_body("x", "four")).status_code == 429
        server.set_faults(burst_429_rate=0.0)
    assert server.request_count("POST", CREATE) == 4
    assert server.request_count("POST", CREATE, platform="x", status=200) == 1
    assert server.request_count("POST", CREATE, platform="x", status=429) == 1  # the cooldown
    assert server.request_count("POST", CREATE, platform="", status=429) == 1  # before it was read
    assert server.request_count("POST", CREATE, platform="linkedin") == 1
    assert server.request_count("GET", f"{CREATE}/{{post_id}}") == 1  # ids folded into the route
    rows = httpx.get(f"{server.site_url}/__admin/requests").json()["requests"]
    assert sum(r["count"] for r in rows) == 6
    assert {"method": "POST", "route": CREATE, "platform": "x", "status": 429, "count": 1} in rows
    httpx.delete(f"{server.site_url}/__admin/requests")
    assert server.request_count() == 0
    assert httpx.get(f"{server.site_url}/__admin/requests").json()["requests"] == []  # not counted


def test_a_request_is_counted_by_the_time_its_answer_arrives(
    make_server: Callable[..., EmulatorServer],
) -> None:
    """A test reads the tally right after its last request: that request must be in it (counted
    after the answer went, it sometimes was not yet: a flaky exact count)."""
    server = make_server()
    with client_for(server) as api:
        for n in range(1, 301):
            assert api.get("/api-posts", params={"limit": 1}).status_code == 200
            assert server.request_count("GET", CREATE) == n
