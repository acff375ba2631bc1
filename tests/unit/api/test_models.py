"""Every JSON example of the reference validates; malformed bodies and bad options do not."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone
from typing import Any

import pytest
from pydantic import BaseModel, ValidationError

from s200desk.api.resources._requests import create_body
from s200desk.api.types import (
    OPTIONS_BY_PLATFORM,
    Analytics,
    CancelResult,
    CreatedPost,
    CreatePostRequest,
    InstagramOptions,
    PinterestOptions,
    Platform,
    PlatformList,
    Post,
    PostPage,
    PostStatus,
    ProfileList,
    QueuedForNextDay,
    RateLimit,
    TikTokOptions,
    UploadedMedia,
    YouTubeOptions,
    normalize_scheduled_for,
)

# Fixed dates here are data (parsed, stored, compared with each other), never compared with the
# real clock: this file passes at any date (checked with faketime -3y, +400d and +10y).

# The reference's response examples, verbatim.
UPLOAD = {"success": True, "file_id": "a1b2c3d4-e5f6-7890-abcd-ef1234567890", "size": 5242880,
          "type": "video/mp4"}  # fmt: skip
CREATED = {"success": True, "post_id": "b2c3d4e5-f6a7-8901-bcde-f12345678901",
           "platform": "instagram", "status": "published"}  # fmt: skip
QUEUED = {
    "queued": True,
    "code": "queued_for_next_day",
    "message": "Daily post limit reached for instagram (5/5 today). "
    "Post queued for 2026-05-17T14:30:00.000Z.",
    "scheduled_post_id": "a1b2c3d4-e5f6-7890-abcd-ef1234567890",
    "scheduled_at": "2026-05-17T14:30:00.000Z",
    "limit": 5,
    "used": 5,
    "plan": "free",
}
PAGE = {
    "posts": [{
        "id": "b2c3d4e5-f6a7-8901-bcde-f12345678901", "platform": "tiktok",
        "account_id": "@myprofile", "caption": "Check this out! #viral", "status": "published",
        "platform_post_id": "7123456789012345678", "created_at": "2026-04-15T10:30:00Z",
        "published_at": "2026-04-15T10:30:05Z",
    }],
    "total": 42, "limit": 10, "offset": 0,
}  # fmt: skip
POST = {
    "id": "b2c3d4e5-f6a7-8901-bcde-f12345678901", "platform": "tiktok",
    "account_id": "@myprofile", "caption": "Check this out! #viral", "status": "published",
    "platform_post_id": "7123456789012345678",
    "media": [{"file_id": "a1b2c3d4-e5f6-7890-abcd-ef1234567890", "type": "video/mp4",
               "size": 5242880}],
    "platform_options": {"privacyLevel": "PUBLIC_TO_EVERYONE"},
    "created_at": "2026-04-15T10:30:00Z", "published_at": "2026-04-15T10:30:05Z",
}  # fmt: skip
CANCELLED = {"success": True, "message": "Scheduled post cancelled"}
PROFILES = {"profiles": [
    {"account_id": "@creator_studio", "platform": "tiktok", "display_name": "Creator Studio",
     "status": "active", "connected_at": "2026-03-01T12:00:00Z"},
    {"account_id": "@mybrand", "platform": "instagram", "display_name": "My Brand",
     "status": "active", "connected_at": "2026-03-05T08:30:00Z"},
]}  # fmt: skip
PLATFORMS = {"platforms": [
    {"id": "tiktok", "name": "TikTok", "media_types": ["video", "photo_slideshow"],
     "max_caption_length": 4000, "max_video_size_mb": 287, "max_image_size_mb": 20},
    {"id": "instagram", "name": "Instagram", "media_types": ["image", "reel", "story", "carousel"],
     "max_caption_length": 2200, "max_video_size_mb": 250, "max_image_size_mb": 8},
]}  # fmt: skip
ANALYTICS = {"post_id": "b2c3d4e5-f6a7-8901-bcde-f12345678901", "platform": "tiktok",
             "metrics": {"views": 15420, "likes": 892, "comments": 47, "shares": 123,
                         "saves": 56},
             "polled_at": "2026-04-16T08:00:00Z"}  # fmt: skip

EXAMPLES: list[tuple[type[BaseModel], dict[str, Any]]] = [
    (UploadedMedia, UPLOAD),
    (CreatedPost, CREATED),
    (QueuedForNextDay, QUEUED),
    (PostPage, PAGE),
    (Post, POST),
    (CancelResult, CANCELLED),
    (ProfileList, PROFILES),
    (PlatformList, PLATFORMS),
    (Analytics, ANALYTICS),
]


@pytest.mark.parametrize(("model", "example"), EXAMPLES, ids=lambda v: getattr(v, "__name__", ""))
def test_reference_examples_validate(model: type[BaseModel], example: dict[str, Any]) -> None:
    parsed = model.model_validate(example)
    assert parsed.model_dump(mode="json", exclude_none=True, exclude_defaults=True) is not None


@pytest.mark.parametrize(("model", "example"), EXAMPLES, ids=lambda v: getattr(v, "__name__", ""))
def test_extra_fields_are_kept(model: type[BaseModel], example: dict[str, Any]) -> None:
    parsed = model.model_validate({**example, "brand_new_field": 1})
    assert parsed.model_extra == {"brand_new_field": 1}


@pytest.mark.parametrize(
    ("model", "body"),
    [
        (UploadedMedia, {"success": True}),
        (UploadedMedia, {"file_id": "x", "size": "big", "type": "video/mp4"}),
        (CreatedPost, {"success": True, "platform": "tiktok"}),
        (PostPage, {"posts": "nope", "total": 1, "limit": 1, "offset": 0}),
        (PostPage, {"posts": [{"platform": "tiktok"}], "total": 1, "limit": 1, "offset": 0}),
        (Post, {"id": "x"}),
        (QueuedForNextDay, {"queued": True, "code": "queued_for_next_day"}),
        (Analytics, {"post_id": "x", "platform": "tiktok", "metrics": {"views": "many"}}),
        (ProfileList, {"profiles": [{"platform": "tiktok"}]}),
        (CancelResult, {"message": "ok"}),
    ],
)
def test_malformed_bodies_rejected(model: type[BaseModel], body: dict[str, Any]) -> None:
    with pytest.raises(ValidationError):
        model.model_validate(body)


def test_response_values_are_typed() -> None:
    post = Post.model_validate(POST)
    assert post.platform is Platform.TIKTOK
    assert post.status is PostStatus.PUBLISHED
    assert post.created_at == datetime(2026, 4, 15, 10, 30, tzinfo=UTC)
    assert post.post_id == post.id
    assert post.media[0].file_id.startswith("a1b2")
    queued = QueuedForNextDay.model_validate(QUEUED)
    assert queued.scheduled_at == datetime(2026, 5, 17, 14, 30, tzinfo=UTC)
    assert Analytics.model_validate(ANALYTICS).views == 15420
    assert CreatedPost.model_validate({"id": "p1"}).post_id == "p1"
    # An unknown platform from the server is kept as text, not refused.
    assert Post.model_validate({**POST, "platform": "threads"}).platform == "threads"


def test_naive_server_times_read_as_utc() -> None:
    post = Post.model_validate({**POST, "created_at": "2026-04-15T10:30:00"})
    assert post.created_at is not None
    assert post.created_at.tzinfo is UTC


def test_quick_start_request_bodies_round_trip() -> None:
    tiktok = {"post": {"accountId": "@yourprofile", "platform": "tiktok",
                       "content": {"text": "My first API post! #automation",
                                   "mediaID": ["YOUR_FILE_ID"]},
                       "tiktok": {"privacyLevel": "PUBLIC_TO_EVERYONE"}}}  # fmt: skip
    insta = {"post": {"accountId": "@myprofile", "platform": "instagram",
                      "content": {"text": "Check out this reel! #trending",
                                  "mediaID": ["a1b2c3d4-e5f6-7890-abcd-ef1234567890"]},
                      "instagram": {"postType": "reel", "shareToFeed": True}}}  # fmt: skip
    for body in (tiktok, insta):
        assert CreatePostRequest.model_validate(body).to_wire() == body


def test_create_body_accepts_dicts_models_and_both_spellings() -> None:
    body = create_body(
        account_id="@me", platform="youtube",
        content={"text": "t", "media_id": ["f1"]},
        scheduled_for=datetime(2026, 6, 1, 14, 0, tzinfo=timezone(timedelta(hours=2))),
        youtube=YouTubeOptions(title="Hello", visibility="unlisted", made_for_kids=False,
                               tags=["a", "b c"]),
    )  # fmt: skip
    assert body == {"post": {
        "accountId": "@me", "platform": "youtube", "content": {"text": "t", "mediaID": ["f1"]},
        "scheduledFor": "2026-06-01T12:00:00Z",
        "youtube": {"title": "Hello", "visibility": "unlisted", "madeForKids": False,
                    "tags": ["a", "b c"]},
    }}  # fmt: skip


@pytest.mark.parametrize(
    "kwargs",
    [
        {"platform": "threads"},
        {"platform": "tiktok", "instagram": {"postType": "reel"}},
        {"platform": "tiktok", "tiktok": {"privacyLevel": "EVERYONE"}},
        {"platform": "tiktok", "tiktok": {}},
        {"platform": "tiktok", "tiktok": {"privacyLevel": "SELF_ONLY", "typo": 1}},
        {"platform": "instagram", "instagram": {"postType": "image", "shareToFeed": True}},
        {"platform": "instagram", "instagram": {"postType": "carousel"}},
        {"platform": "youtube", "youtube": {"title": "x" * 101}},
        {"platform": "youtube", "youtube": {"title": "a <b>"}},
        {"platform": "youtube", "youtube": {"title": "ok", "tags": ["t" * 300, "u" * 300]}},
        {"platform": "youtube", "youtube": {"title": "ok", "visibility": "friends"}},
        {"platform": "pinterest", "pinterest": {"title": "no board"}},
        {"platform": "pinterest", "pinterest": {"boardId": "b", "link": "not a url"}},
        {"platform": "linkedin", "linkedin": {"visibility": "public"}},
        {"platform": "x", "x": {"replySettings": "nobody"}},
        {"platform": "facebook", "facebook": {"postType": "story"}},
        {"platform": "tiktok", "content": {"mediaID": ["f"]}},
        {"platform": "tiktok", "scheduled_for": datetime(2026, 6, 1, 12, 0)},
        {"platform": "tiktok", "scheduled_for": "2026-06-01T12:00:00"},
        {"platform": "tiktok", "scheduled_for": "tomorrow"},
    ],
)
def test_bad_create_arguments_raise_value_error(kwargs: dict[str, Any]) -> None:
    args: dict[str, Any] = {"account_id": "@me", "content": {"text": "hi"}, "scheduled_for": None}
    args.update(kwargs)
    with pytest.raises(ValueError):
        create_body(**args)


def test_naive_datetime_message_is_clear() -> None:
    with pytest.raises(ValueError, match="timezone-aware"):
        normalize_scheduled_for(datetime(2026, 6, 1, 12, 0))


@pytest.mark.parametrize(
    ("value", "wire"),
    [
        (datetime(2026, 6, 1, 12, 0, tzinfo=UTC), "2026-06-01T12:00:00Z"),
        (datetime(2026, 6, 1, 12, 0, 0, 250000, tzinfo=UTC), "2026-06-01T12:00:00.250Z"),
        ("2026-06-01T09:00:00Z", "2026-06-01T09:00:00Z"),
        ("2026-06-01T09:00:00-05:00", "2026-06-01T14:00:00Z"),
        (None, None),
    ],
)
def test_scheduled_for_sent_as_utc_z(value: datetime | str | None, wire: str | None) -> None:
    assert normalize_scheduled_for(value) == wire


def test_every_platform_has_an_option_model_with_a_form_schema() -> None:
    assert set(OPTIONS_BY_PLATFORM) == set(Platform)
    for model in OPTIONS_BY_PLATFORM.values():
        schema = model.model_json_schema()
        assert schema["additionalProperties"] is False
        for name, prop in schema["properties"].items():
            assert prop.get("title"), (model.__name__, name)
            assert prop.get("description"), (model.__name__, name)
    assert TikTokOptions.model_json_schema()["required"] == ["privacyLevel"]
    assert PinterestOptions.model_json_schema()["required"] == ["boardId"]
    assert YouTubeOptions.model_json_schema()["required"] == ["title"]
    assert InstagramOptions(post_type="reel", share_to_feed=True).to_wire() == {
        "postType": "reel", "shareToFeed": True
    }  # fmt: skip


@pytest.mark.parametrize(
    ("headers", "limit", "remaining", "unlimited"),
    [
        ({"X-RateLimit-Limit": "100", "X-RateLimit-Remaining": "97"}, 100, 97, False),
        (
            {"X-RateLimit-Limit": "unlimited", "X-RateLimit-Remaining": "unlimited"},
            None,
            None,
            True,
        ),
        ({"X-RateLimit-Limit": "Infinity", "X-RateLimit-Remaining": "-1"}, None, None, True),
        ({"X-RateLimit-Remaining": "3"}, None, 3, False),
    ],
)
def test_rate_limit_headers(
    headers: dict[str, str], limit: int | None, remaining: int | None, unlimited: bool
) -> None:
    import httpx

    parsed = RateLimit.from_headers(
        httpx.Headers({**headers, "X-RateLimit-Reset": "2026-04-17T00:00:00Z"})
    )
    assert parsed is not None
    assert (parsed.limit, parsed.remaining, parsed.unlimited) == (limit, remaining, unlimited)
    assert parsed.reset == datetime(2026, 4, 17, tzinfo=UTC)


def test_no_rate_limit_headers_means_none() -> None:
    import httpx

    assert RateLimit.from_headers(httpx.Headers({"content-type": "application/json"})) is None
