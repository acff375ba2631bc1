"""Seeded history: past readings equal what poll-engagement answered at those instants."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import httpx
import pytest

from s200desk.emulator import EmulatorServer, ManualClock
from s200desk.emulator.errors import ApiError
from s200desk.emulator.timefmt import parse_timestamp

from .conftest import EMULATOR_EPOCH, client_for, post_body


def history(server: EmulatorServer, **params: Any) -> httpx.Response:
    return httpx.get(f"{server.site_url}/__admin/analytics/history", params=params)


def poll(api: httpx.Client, post_id: str) -> dict[str, Any]:
    resp = api.get("/poll-engagement", params={"post_id": post_id})
    assert resp.status_code == 200, resp.text
    answer: dict[str, Any] = resp.json()
    return answer


def test_history_equals_what_polling_answered_as_the_clock_advanced(
    emulator: EmulatorServer, api: httpx.Client
) -> None:
    now_post = api.post("/api-posts", json=post_body("x", "now")).json()["post_id"]
    later = api.post(
        "/api-posts", json=post_body("linkedin", "later", scheduledFor="2026-05-16T13:00:00Z")
    ).json()["post_id"]
    answered: dict[str, list[dict[str, Any]]] = {now_post: [poll(api, now_post)], later: []}
    # Six hours in quarter-hours, then a few days in uneven steps: poll both posts each time.
    steps = [timedelta(minutes=15)] * 24 + [timedelta(hours=7, minutes=13, seconds=5)] * 12
    for step in steps:
        emulator.advance(step)
        for post_id, seen in answered.items():
            if emulator.clock.now() >= datetime(2026, 5, 16, 13, tzinfo=UTC) or post_id == now_post:
                seen.append(poll(api, post_id))
    assert len(answered[later]) == len(steps) - 3

    for post_id, seen in answered.items():
        instants = [parse_timestamp(a["polled_at"]) for a in seen]
        # The in-process method: exactly the answers, field for field.
        assert emulator.metrics_history(post_id, instants) == seen
        views = [a["metrics"]["views"] for a in seen]
        assert views == sorted(views) and views[-1] > views[0]

    # The admin route on a grid: the quarter-hours polled above are the same readings.
    got = history(emulator, post_id=now_post, since="2026-05-16T12:00:00Z",
                  until="2026-05-16T18:00:00Z", step_minutes=15)
    assert got.status_code == 200
    body = got.json()
    assert body["post_id"] == now_post and body["platform"] == "x"
    assert body["published_at"] == "2026-05-16T12:00:00Z"
    assert body["readings"] == answered[now_post][:25]


def test_seeded_demo_posts_have_a_past_that_polling_confirms() -> None:
    clock = ManualClock(EMULATOR_EPOCH)
    with EmulatorServer(seed="demo", plan="agency", clock=clock, cooldown_seconds=0) as server:
        rows = httpx.get(f"{server.site_url}/__admin/posts").json()["posts"]
        published = [r for r in rows if r["status"] == "published" and r["owner"] == "acct_main"]
        assert len(published) > 100
        oldest = min(published, key=lambda r: r["published_at"])
        youngest = max(published, key=lambda r: r["published_at"])
        with client_for(server) as api:
            for row in (oldest, youngest):
                body = history(server, post_id=row["id"], step_minutes=60).json()
                readings = body["readings"]
                assert readings[0]["polled_at"] == row["published_at"]
                assert readings[0]["metrics"] == dict.fromkeys(readings[0]["metrics"], 0)
                assert parse_timestamp(readings[-1]["polled_at"]) <= EMULATOR_EPOCH
                assert len(readings) >= 2
                # Take the clock back to a sample of those instants: polling answers the same.
                for reading in readings[:: max(1, len(readings) // 12)] + readings[-1:]:
                    clock.set(parse_timestamp(reading["polled_at"]))
                    assert poll(api, row["id"]) == reading
            clock.set(EMULATOR_EPOCH)
            # The oldest post is about four weeks old: a daily history spans them.
            oldest_days = history(server, post_id=oldest["id"], step_minutes=1440).json()
            assert len(oldest_days["readings"]) >= 25


def test_instants_outside_the_published_life_give_no_reading(
    emulator: EmulatorServer, api: httpx.Client
) -> None:
    post_id = api.post("/api-posts", json=post_body("x")).json()["post_id"]
    emulator.advance(timedelta(hours=2))
    instants = [
        EMULATOR_EPOCH - timedelta(minutes=1),  # before it was published: poll says 404
        EMULATOR_EPOCH + timedelta(hours=1),
        EMULATOR_EPOCH + timedelta(hours=1),  # a duplicate reads once
        EMULATOR_EPOCH,
        EMULATOR_EPOCH + timedelta(hours=3),  # not yet happened
    ]
    got = emulator.metrics_history(post_id, instants)
    assert [g["polled_at"] for g in got] == ["2026-05-16T12:00:00Z", "2026-05-16T13:00:00Z"]
    # `until` past now stops at now; `since` before publishing starts at the first instant after.
    body = history(emulator, post_id=post_id, since="2026-05-16T11:30:00Z",
                   until="2026-05-17T00:00:00Z", step_minutes=30).json()
    assert body["now"] == "2026-05-16T14:00:00Z"
    assert [r["polled_at"][11:16] for r in body["readings"]] == [
        "12:00", "12:30", "13:00", "13:30", "14:00"
    ]


def test_errors(emulator: EmulatorServer, api: httpx.Client) -> None:
    scheduled = api.post(
        "/api-posts", json=post_body("x", scheduledFor="2026-05-17T12:00:00Z")
    ).json()["post_id"]
    published = api.post("/api-posts", json=post_body("x")).json()["post_id"]

    assert history(emulator).json()["code"] == "missing_fields"
    assert history(emulator, post_id="nope").status_code == 404
    resp = history(emulator, post_id=scheduled)
    assert (resp.status_code, resp.json()["code"]) == (404, "no_metrics")
    for step in ("0", "-5", "abc", "nan", "1e308"):
        resp = history(emulator, post_id=published, step_minutes=step)
        assert (resp.status_code, resp.json()["code"]) == (400, "invalid_step"), step
    resp = history(emulator, post_id=published, since="yesterday")
    assert (resp.status_code, resp.json()["code"]) == (400, "invalid_time")
    resp = history(emulator, post_id=published, since="2020-01-01T00:00:00Z", step_minutes=1)
    assert (resp.status_code, resp.json()["code"]) == (400, "too_many_readings")
    with pytest.raises(ApiError) as caught:
        emulator.metrics_history(scheduled, [EMULATOR_EPOCH])
    assert caught.value.status == 404


def test_admin_history_is_never_faulted(emulator: EmulatorServer, api: httpx.Client) -> None:
    post_id = api.post("/api-posts", json=post_body("x")).json()["post_id"]
    emulator.advance(timedelta(hours=1))
    emulator.set_faults(error_rate=1.0, burst_429_rate=1.0)
    resp = history(emulator, post_id=post_id)
    assert resp.status_code == 200 and len(resp.json()["readings"]) == 5
    assert "x-ratelimit-limit" not in resp.headers
