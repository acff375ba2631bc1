"""What each endpoint sends: shared by the async and the sync resources."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from typing import Any
from urllib.parse import quote

from .._base_client import APIRequest, BaseClient
from ..types import (
    CreatePostRequest,
    FacebookOptions,
    InstagramOptions,
    LinkedInOptions,
    MediaUploadRequest,
    PinterestOptions,
    Platform,
    PostContent,
    PostStatus,
    TikTokOptions,
    XOptions,
    YouTubeOptions,
    normalize_scheduled_for,
)

OptionsArg = Mapping[str, Any] | None
ContentArg = PostContent | Mapping[str, Any]


def _post_url(client: BaseClient, post_id: str) -> str:
    if not isinstance(post_id, str) or not post_id.strip() or post_id.strip() in (".", ".."):
        raise ValueError("post_id must be a non-empty post id")
    return f"{client.base_url}/api-posts/{quote(post_id.strip(), safe='')}"


def _platform_value(platform: Platform | str | None) -> str | None:
    if platform is None:
        return None
    try:
        return Platform(platform).value
    except ValueError:
        names = ", ".join(p.value for p in Platform)
        raise ValueError(f"unknown platform {platform!r}; expected one of {names}") from None


def list_posts(
    client: BaseClient,
    *,
    platform: Platform | str | None,
    status: PostStatus | str | None,
    limit: int | None,
    offset: int | None,
) -> APIRequest:
    params: dict[str, str | int] = {}
    name = _platform_value(platform)
    if name is not None:
        params["platform"] = name
    if status is not None:
        params["status"] = str(status.value if isinstance(status, PostStatus) else status)
    if limit is not None:
        if limit < 1:
            raise ValueError("limit must be >= 1")
        params["limit"] = int(limit)
    if offset is not None:
        if offset < 0:
            raise ValueError("offset must be >= 0")
        params["offset"] = int(offset)
    url = f"{client.base_url}/api-posts"
    return APIRequest("GET", url, params=params, platform=name, retry=True)


def get_post(client: BaseClient, post_id: str) -> APIRequest:
    return APIRequest("GET", _post_url(client, post_id), retry=True)


def cancel_post(client: BaseClient, post_id: str) -> APIRequest:
    # Cancelling twice cannot do harm (the second answer is 400/404), so DELETE is retried.
    return APIRequest("DELETE", _post_url(client, post_id), retry=True)


def create_body(
    *,
    account_id: str,
    platform: Platform | str,
    content: ContentArg,
    scheduled_for: datetime | str | None,
    tiktok: TikTokOptions | OptionsArg = None,
    instagram: InstagramOptions | OptionsArg = None,
    facebook: FacebookOptions | OptionsArg = None,
    youtube: YouTubeOptions | OptionsArg = None,
    x: XOptions | OptionsArg = None,
    linkedin: LinkedInOptions | OptionsArg = None,
    pinterest: PinterestOptions | OptionsArg = None,
) -> dict[str, Any]:
    """Validate the arguments and build `{"post": {...}}`; raises ValueError before sending."""
    post: dict[str, Any] = {
        "account_id": account_id,
        "platform": _platform_value(platform),
        "content": content,
        "scheduled_for": normalize_scheduled_for(scheduled_for),
    }
    options = {
        "tiktok": tiktok,
        "instagram": instagram,
        "facebook": facebook,
        "youtube": youtube,
        "x": x,
        "linkedin": linkedin,
        "pinterest": pinterest,
    }
    post.update({name: value for name, value in options.items() if value is not None})
    return CreatePostRequest.model_validate({"post": post}).to_wire()


def create_post(client: BaseClient, body: dict[str, Any]) -> APIRequest:
    # A POST is never re-sent by the client: the API has no idempotency key.
    return APIRequest(
        "POST", f"{client.base_url}/api-posts", json=body, platform=body["post"]["platform"]
    )


def create_post_v2(client: BaseClient, body: dict[str, Any]) -> APIRequest:
    return APIRequest(
        "POST", f"{client.site_url}/api/v2/posts", json=body, platform=body["post"]["platform"]
    )


def upload_media(client: BaseClient, url: str) -> APIRequest:
    body = MediaUploadRequest(url=url).to_wire()
    return APIRequest("POST", f"{client.base_url}/api-media-upload", json=body)


def list_profiles(client: BaseClient) -> APIRequest:
    return APIRequest(
        "GET", f"{client.base_url}/api-posts", params={"action": "profiles"}, retry=True
    )


def list_platforms(client: BaseClient) -> APIRequest:
    return APIRequest(
        "GET", f"{client.base_url}/api-posts", params={"action": "platforms"}, retry=True
    )


def get_analytics(client: BaseClient, post_id: str) -> APIRequest:
    if not isinstance(post_id, str) or not post_id.strip():
        raise ValueError("post_id must be a non-empty post id")
    return APIRequest(
        "GET",
        f"{client.base_url}/poll-engagement",
        params={"post_id": post_id.strip()},
        retry=True,
    )
