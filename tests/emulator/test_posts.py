"""Creating, listing, reading and cancelling posts on the functions base."""

from __future__ import annotations

from datetime import timedelta

import httpx
import pytest

from s200desk.emulator import EmulatorServer

from .conftest import MAIN, client_for, post_body

# Every date here is on the emulator's manual clock (EMULATOR_EPOCH, 2026-05-16 12:00 UTC, set by
# the `api` and `make_server` fixtures of tests/emulator/conftest.py) or data sent to it, never
# the real clock: this file passes at any date (checked with faketime +400d, +3y and +10y).


def upload(api: httpx.Client, name: str = "video.mp4") -> str:
    resp = api.post("/api-media-upload", json={"url": f"https://example.com/{name}"})
    assert resp.status_code == 200, resp.text
    return str(resp.json()["file_id"])


def test_immediate_post_publishes_and_reads_back(api: httpx.Client) -> None:
    file_id = upload(api)
    body = post_body("tiktok", "First! #automation")
    body["post"]["content"]["mediaID"] = [file_id]
    body["post"]["tiktok"] = {"privacyLevel": "PUBLIC_TO_EVERYONE"}
    created = api.post("/api-posts", json=body)
    assert created.status_code == 200
    data = created.json()
    assert data == {"success": True, "post_id": data["post_id"], "platform": "tiktok",
                    "status": "published"}
    got = api.get(f"/api-posts/{data['post_id']}").json()
    assert got["status"] == "published"
    assert got["account_id"] == MAIN and got["caption"] == "First! #automation"
    assert got["platform_post_id"] and got["published_at"] == "2026-05-16T12:00:00Z"
    assert got["created_at"] == "2026-05-16T12:00:00Z"
    assert got["scheduled_for"] is None
    assert got["media"] == [
        {"file_id": file_id, "type": "video/mp4", "size": got["media"][0]["size"]}
    ]
    assert got["platform_options"] == {"privacyLevel": "PUBLIC_TO_EVERYONE"}


def test_platform_object_may_sit_beside_post(api: httpx.Client) -> None:
    file_id = upload(api, "photo.jpg")
    body = post_body("instagram", "Top level options")
    body["post"]["content"]["mediaID"] = [file_id]
    body["instagram"] = {"postType": "image", "shareToFeed": True}
    post_id = api.post("/api-posts", json=body).json()["post_id"]
    assert api.get(f"/api-posts/{post_id}").json()["platform_options"] == {
        "postType": "image", "shareToFeed": True,
    }


def test_scheduled_post_and_fractional_timestamp(api: httpx.Client) -> None:
    resp = api.post("/api-posts", json=post_body(scheduledFor="2026-05-17T09:00:00.123456Z"))
    assert resp.status_code == 200
    assert resp.json()["status"] == "scheduled"
    got = api.get(f"/api-posts/{resp.json()['post_id']}").json()
    assert got["scheduled_for"] == "2026-05-17T09:00:00.123456Z"
    assert got["published_at"] is None and got["platform_post_id"] is None


@pytest.mark.parametrize("when", ["2026-05-17T11:00:00+02:00", "2026-05-17T09:00:00",
                                  "2026-05-17T09:00:00Z"])
def test_timestamp_forms(api: httpx.Client, when: str) -> None:
    resp = api.post("/api-posts", json=post_body(scheduledFor=when))
    assert resp.status_code == 200, resp.text
    got = api.get(f"/api-posts/{resp.json()['post_id']}").json()
    assert got["scheduled_for"] == "2026-05-17T09:00:00Z"


@pytest.mark.parametrize(
    ("body", "code"),
    [
        ({}, "missing_fields"),
        ({"post": {"platform": "x", "content": {"text": "a"}}}, "missing_fields"),
        ({"post": {"accountId": MAIN, "content": {"text": "a"}}}, "missing_fields"),
        ({"post": {"accountId": MAIN, "platform": "x"}}, "missing_fields"),
        (post_body("myspace"), "invalid_platform"),
        (post_body("x", "a" * 281), "caption_too_long"),
        (post_body(scheduledFor="next tuesday"), "invalid_scheduled_for"),
        (post_body(scheduledFor="2026-05-16T11:59:59Z"), "scheduled_in_past"),
        (post_body("tiktok"), "media_required"),
        ({"post": {**post_body()["post"], "content": {"text": "a", "mediaID": ["nope"]}}},
         "unknown_media"),
        ({"post": {**post_body("tiktok")["post"], "tiktok": {"privacyLevel": "EVERYONE"}}},
         "invalid_platform_options"),
    ],
)
def test_bad_requests_are_400(api: httpx.Client, body: dict[str, object], code: str) -> None:
    resp = api.post("/api-posts", json=body)
    assert resp.status_code == 400
    assert resp.json()["success"] is False and resp.json()["code"] == code
    assert resp.json()["error"]


def test_caption_limits_follow_the_platforms(api: httpx.Client) -> None:
    assert api.post("/api-posts", json=post_body("x", "a" * 280)).status_code == 200
    assert api.post("/api-posts", json=post_body("linkedin", "a" * 3000)).status_code == 200
    assert api.post("/api-posts", json=post_body("linkedin", "a" * 3001)).status_code == 400


def test_non_json_body_is_400(api: httpx.Client) -> None:
    resp = api.post(
        "/api-posts", content=b"{not json", headers={"Content-Type": "application/json"}
    )
    assert resp.status_code == 400 and resp.json()["code"] == "invalid_json"


def test_auth(emulator: EmulatorServer) -> None:
    with httpx.Client(base_url=emulator.base_url, trust_env=False) as anon:
        missing = anon.get("/api-posts")
        assert missing.status_code == 401 and missing.json()["code"] == "missing_api_key"
        for header in ("Bearer rl_nope", "Bearer sk_live_x", f"Basic {emulator.api_key}"):
            resp = anon.get("/api-posts", headers={"Authorization": header})
            assert resp.status_code == 401 and resp.json()["success"] is False
        assert "x-ratelimit-reset" in missing.headers


def test_profiles_not_connected_or_disconnected_are_403(api: httpx.Client) -> None:
    resp = api.post("/api-posts", json=post_body("x", handle="@someoneelse"))
    assert resp.status_code == 403 and resp.json()["code"] == "profile_not_connected"
    resp = api.post("/api-posts", json=post_body("facebook"))
    assert resp.status_code == 403 and resp.json()["code"] == "profile_disconnected"
    # another account's handle is not ours either
    resp = api.post("/api-posts", json=post_body("x", handle="@harbor_cafe"))
    assert resp.status_code == 403


def test_list_filters_pagination_and_order(emulator: EmulatorServer, api: httpx.Client) -> None:
    ids = []
    for i in range(5):
        ids.append(api.post("/api-posts", json=post_body("x", f"post {i}")).json()["post_id"])
        emulator.advance(timedelta(minutes=1))
    ids.append(api.post("/api-posts", json=post_body("linkedin", "li")).json()["post_id"])
    page = api.get("/api-posts").json()
    assert page["total"] == 6 and page["limit"] == 20 and page["offset"] == 0
    assert [p["id"] for p in page["posts"]] == list(reversed(ids))
    assert set(page["posts"][0]) >= {"id", "platform", "account_id", "caption", "status",
                                     "platform_post_id", "created_at", "published_at",
                                     "scheduled_for", "media"}
    page = api.get("/api-posts", params={"platform": "x", "limit": 2, "offset": 1}).json()
    assert page["total"] == 5 and page["limit"] == 2 and page["offset"] == 1
    assert [p["id"] for p in page["posts"]] == [ids[3], ids[2]]
    assert api.get("/api-posts", params={"status": "scheduled"}).json()["total"] == 0
    assert api.get("/api-posts", params={"limit": 1000}).json()["limit"] == 100
    for params in ({"platform": "myspace"}, {"status": "lost"}, {"limit": "x"}, {"limit": 0},
                   {"offset": -1}, {"action": "nope"}):
        assert api.get("/api-posts", params=params).status_code == 400


def test_other_accounts_posts_are_404(emulator: EmulatorServer, api: httpx.Client) -> None:
    with client_for(emulator, emulator.other_api_key) as other:
        theirs = other.get("/api-posts").json()
        assert theirs["total"] == 2
        their_id = theirs["posts"][0]["id"]
        assert other.get(f"/api-posts/{their_id}").status_code == 200
    assert api.get("/api-posts").json()["total"] == 0
    for resp in (api.get(f"/api-posts/{their_id}"), api.delete(f"/api-posts/{their_id}"),
                 api.get("/poll-engagement", params={"post_id": their_id}),
                 api.get("/api-posts/no-such-post")):
        assert resp.status_code == 404 and resp.json()["code"] == "not_found"


def test_cancel_only_while_scheduled(api: httpx.Client) -> None:
    scheduled = api.post("/api-posts", json=post_body(scheduledFor="2026-05-18T10:00:00Z"))
    post_id = scheduled.json()["post_id"]
    resp = api.delete(f"/api-posts/{post_id}")
    assert resp.status_code == 200
    assert resp.json() == {"success": True, "message": "Scheduled post cancelled"}
    assert api.get(f"/api-posts/{post_id}").json()["status"] == "cancelled"
    again = api.delete(f"/api-posts/{post_id}")
    assert again.status_code == 400 and again.json()["code"] == "not_cancellable"
    published = api.post("/api-posts", json=post_body()).json()["post_id"]
    assert api.delete(f"/api-posts/{published}").status_code == 400


def test_profiles_and_platforms(api: httpx.Client) -> None:
    profiles = api.get("/api-posts", params={"action": "profiles"}).json()["profiles"]
    assert {p["platform"] for p in profiles} == {
        "tiktok", "instagram", "facebook", "youtube", "x", "linkedin", "pinterest"}
    assert all(set(p) == {"account_id", "platform", "display_name", "status", "connected_at"}
               for p in profiles)
    assert [p["platform"] for p in profiles if p["status"] != "active"] == ["facebook"]
    platforms = {p["id"]: p for p in api.get("/api-posts", params={"action": "platforms"})
                 .json()["platforms"]}
    assert platforms["tiktok"] == {
        "id": "tiktok", "name": "TikTok", "media_types": ["video", "photo_slideshow"],
        "max_caption_length": 4000, "max_video_size_mb": 287, "max_image_size_mb": 20}
    assert platforms["instagram"]["max_image_size_mb"] == 8
    assert {k: platforms[k]["max_caption_length"] for k in ("x", "linkedin", "facebook",
            "youtube", "pinterest")} == {"x": 280, "linkedin": 3000, "facebook": 63206,
                                         "youtube": 5000, "pinterest": 500}


def test_mediaurls_are_ingested_on_create(api: httpx.Client) -> None:
    body = post_body("pinterest", "Pin it")
    body["post"]["content"]["mediaUrls"] = ["https://example.com/pin.png"]
    resp = api.post("/api-posts", json=body)
    assert resp.status_code == 200, resp.text
    media = api.get(f"/api-posts/{resp.json()['post_id']}").json()["media"]
    assert media[0]["type"] == "image/png"
    bad = post_body("pinterest", "Pin it")
    bad["post"]["content"]["mediaUrls"] = ["https://example.com/clip.mp4"]
    assert api.post("/api-posts", json=bad).json()["code"] == "unsupported_media_for_platform"


def test_unknown_route_and_method(api: httpx.Client) -> None:
    assert api.get("/nope").status_code == 404
    resp = api.put("/api-posts")
    assert resp.status_code == 405 and resp.json()["success"] is False
