"""The per-platform option object (`post.<platform>`) of each of the seven platforms.

Each model's JSON schema (`Model.model_json_schema()`) carries titles, descriptions, enums and
limits, so a UI can generate its option form from it. Where the reference only hints, the limits
are the platform's own; see "## Client decisions" in docs/api-notes.md.
"""

from __future__ import annotations

from typing import Literal

from pydantic import Field, HttpUrl, field_validator, model_validator

from ._common import Platform, RequestModel

TikTokPrivacyLevel = Literal[
    "PUBLIC_TO_EVERYONE", "MUTUAL_FOLLOW_FRIENDS", "FOLLOWER_OF_CREATOR", "SELF_ONLY"
]
InstagramPostType = Literal["image", "reel", "story", "carousel"]
FacebookPostType = Literal["photo", "video", "reel", "text"]
YouTubeVisibility = Literal["public", "unlisted", "private"]
XReplySettings = Literal["following", "mentionedUsers", "subscribers", "verified"]
LinkedInVisibility = Literal["PUBLIC", "CONNECTIONS"]


class TikTokOptions(RequestModel):
    """TikTok options (`post.tiktok`)."""

    privacy_level: TikTokPrivacyLevel = Field(
        title="Who can view",
        description="TikTok requires a privacy level on every post.",
    )
    disable_comment: bool | None = Field(
        default=None, title="Disable comments", description="Turn comments off for this post."
    )
    disable_duet: bool | None = Field(
        default=None, title="Disable Duet", description="Do not allow Duets (videos only)."
    )
    disable_stitch: bool | None = Field(
        default=None, title="Disable Stitch", description="Do not allow Stitches (videos only)."
    )


class InstagramOptions(RequestModel):
    """Instagram options (`post.instagram`)."""

    post_type: InstagramPostType | None = Field(
        default=None,
        title="Post type",
        description="Feed image, Reel, Story or Carousel (2–10 items). Unset: an image post.",
    )
    share_to_feed: bool | None = Field(
        default=None,
        title="Also share to feed",
        description="Reels only: show the Reel in the profile feed as well.",
    )

    @model_validator(mode="after")
    def _share_to_feed_is_for_reels(self) -> InstagramOptions:
        if self.share_to_feed is not None and self.post_type != "reel":
            raise ValueError("shareToFeed applies to Instagram Reels only (postType 'reel')")
        return self


class FacebookOptions(RequestModel):
    """Facebook options (`post.facebook`)."""

    post_type: FacebookPostType | None = Field(
        default=None,
        title="Post type",
        description="Photo, Video, Reel or Text. Unset: chosen from the media.",
    )


class YouTubeOptions(RequestModel):
    """YouTube options (`post.youtube`)."""

    title: str = Field(
        min_length=1,
        max_length=100,
        title="Title",
        description="Video title, 1–100 characters, no '<' or '>' (YouTube rejects them).",
    )
    visibility: YouTubeVisibility | None = Field(
        default=None, title="Visibility", description="Public, unlisted or private."
    )
    made_for_kids: bool | None = Field(
        default=None,
        title="Made for kids",
        description="The audience declaration YouTube requires under COPPA.",
    )
    tags: list[str] | None = Field(
        default=None,
        title="Tags",
        description="Keywords; at most 500 characters in total, as YouTube counts them.",
    )

    @field_validator("title")
    @classmethod
    def _no_angle_brackets(cls, value: str) -> str:
        if not value.strip():
            raise ValueError("YouTube title must not be blank")
        if "<" in value or ">" in value:
            raise ValueError("YouTube titles cannot contain '<' or '>'")
        return value

    @field_validator("tags")
    @classmethod
    def _tags_fit(cls, value: list[str] | None) -> list[str] | None:
        if value is None:
            return None
        # YouTube counts a tag with spaces as if quoted, plus a comma between tags.
        total = sum(len(t) + (2 if " " in t else 0) for t in value) + max(len(value) - 1, 0)
        if total > 500:
            raise ValueError(f"YouTube tags total {total} characters; the limit is 500")
        return value


class XOptions(RequestModel):
    """X (Twitter) options (`post.x`)."""

    community_id: str | None = Field(
        default=None,
        min_length=1,
        title="Community",
        description="Post into this X Community (its numeric id).",
    )
    reply_settings: XReplySettings | None = Field(
        default=None,
        title="Who can reply",
        description="Unset: everyone can reply.",
    )


class LinkedInOptions(RequestModel):
    """LinkedIn options (`post.linkedin`)."""

    visibility: LinkedInVisibility | None = Field(
        default=None,
        title="Visibility",
        description="PUBLIC (anyone) or CONNECTIONS (1st-degree connections only).",
    )


class PinterestOptions(RequestModel):
    """Pinterest options (`post.pinterest`)."""

    board_id: str = Field(
        min_length=1,
        title="Board",
        description="The board to pin to; Pinterest requires one for every Pin.",
    )
    title: str | None = Field(
        default=None, max_length=100, title="Title", description="Pin title, up to 100 characters."
    )
    link: HttpUrl | None = Field(
        default=None,
        title="Destination link",
        description="Where the Pin leads when clicked (up to 2048 characters).",
    )

    @field_validator("link")
    @classmethod
    def _link_fits(cls, value: HttpUrl | None) -> HttpUrl | None:
        if value is not None and len(str(value)) > 2048:
            raise ValueError("Pinterest links are limited to 2048 characters")
        return value


PlatformOptions = (
    TikTokOptions
    | InstagramOptions
    | FacebookOptions
    | YouTubeOptions
    | XOptions
    | LinkedInOptions
    | PinterestOptions
)

OPTIONS_BY_PLATFORM: dict[Platform, type[RequestModel]] = {
    Platform.TIKTOK: TikTokOptions,
    Platform.INSTAGRAM: InstagramOptions,
    Platform.FACEBOOK: FacebookOptions,
    Platform.YOUTUBE: YouTubeOptions,
    Platform.X: XOptions,
    Platform.LINKEDIN: LinkedInOptions,
    Platform.PINTEREST: PinterestOptions,
}
