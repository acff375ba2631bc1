"""Posts: the create request, and the post, page, created, queued and cancel responses."""

from __future__ import annotations

from typing import Any

from pydantic import AliasChoices, Field, model_validator

from ._common import (
    DEFERRED,
    Platform,
    PlatformName,
    RequestModel,
    ResponseModel,
    StatusName,
    UTCDateTime,
)
from .platform_options import (
    FacebookOptions,
    InstagramOptions,
    LinkedInOptions,
    PinterestOptions,
    TikTokOptions,
    XOptions,
    YouTubeOptions,
)


class PostContent(RequestModel):
    """`post.content`: the caption and the media, by uploaded file id or by public URL."""

    text: str = Field(title="Text", description="Caption, title, or tweet text.")
    media_id: list[str] | None = Field(
        default=None,
        alias="mediaID",
        title="Media",
        description="File ids from the media upload endpoint (preferred).",
    )
    media_urls: list[str] | None = Field(
        default=None,
        title="Media URLs",
        description="Public URLs of the media (alternative to mediaID).",
    )


class NewPost(RequestModel):
    """`post`: one post to one platform."""

    account_id: str = Field(
        min_length=1,
        title="Account",
        description='Profile handle from the Connections page (e.g. "@myprofile").',
    )
    platform: Platform = Field(title="Platform", description="Target platform.")
    content: PostContent
    scheduled_for: str | None = Field(
        default=None,
        title="Scheduled for",
        description="UTC ISO-8601 time to publish at; unset publishes now.",
    )
    tiktok: TikTokOptions | None = None
    instagram: InstagramOptions | None = None
    facebook: FacebookOptions | None = None
    youtube: YouTubeOptions | None = None
    x: XOptions | None = None
    linkedin: LinkedInOptions | None = None
    pinterest: PinterestOptions | None = None

    @model_validator(mode="after")
    def _options_match_platform(self) -> NewPost:
        for name in Platform:
            if name is not self.platform and getattr(self, name.value) is not None:
                raise ValueError(
                    f"'{name.value}' options given for a {self.platform.value} post; "
                    "one platform per request"
                )
        if self.instagram is not None and self.instagram.post_type == "carousel":
            count = len(self.content.media_id or []) + len(self.content.media_urls or [])
            if not 2 <= count <= 10:
                raise ValueError(f"an Instagram carousel takes 2–10 media items, not {count}")
        return self


class CreatePostRequest(RequestModel):
    """The body of POST api-posts and POST /api/v2/posts: `{"post": {...}}`."""

    post: NewPost


class MediaRef(ResponseModel):
    """A media item attached to a post."""

    file_id: str
    type: str | None = None
    size: int | None = None


class Post(ResponseModel):
    """A post as listed or fetched."""

    id: str
    platform: PlatformName
    status: StatusName
    account_id: str | None = None
    caption: str | None = None
    platform_post_id: str | None = None
    created_at: UTCDateTime | None = None
    published_at: UTCDateTime | None = None
    scheduled_for: UTCDateTime | None = None
    media: list[MediaRef] = Field(default_factory=list)
    platform_options: dict[str, Any] = Field(default_factory=dict)

    @property
    def post_id(self) -> str:
        """The same id under the name the create response uses."""
        return self.id


class PostPage(ResponseModel):
    """One page of GET api-posts."""

    posts: list[Post]
    total: int = Field(ge=0)
    limit: int = Field(ge=0)
    offset: int = Field(ge=0)


class CreatedPost(ResponseModel):
    """The answer to a create: published now, or stored as scheduled."""

    model_config = DEFERRED

    post_id: str = Field(validation_alias=AliasChoices("post_id", "id"))
    success: bool | None = None
    platform: PlatformName | None = None
    status: StatusName | None = None
    scheduled_for: UTCDateTime | None = None

    @property
    def id(self) -> str:
        return self.post_id


class QueuedForNextDay(ResponseModel):
    """The 202 of POST /api/v2/posts: the daily cap is reached, the post waits for tomorrow."""

    model_config = DEFERRED

    queued: bool
    code: str
    message: str
    scheduled_post_id: str
    scheduled_at: UTCDateTime
    limit: int | None = None
    used: int | None = None
    plan: str | None = None

    @property
    def post_id(self) -> str:
        return self.scheduled_post_id


class CancelResult(ResponseModel):
    """The answer to DELETE api-posts/{id}."""

    model_config = DEFERRED

    success: bool
    message: str | None = None
