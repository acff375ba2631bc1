"""Media, profiles, platforms and analytics responses."""

from __future__ import annotations

from pydantic import Field

from ._common import DEFERRED, PlatformName, RequestModel, ResponseModel, UTCDateTime


class MediaUploadRequest(RequestModel):
    """The body of POST api-media-upload."""

    url: str = Field(min_length=1, description="Public URL of a JPG, PNG, WebP, MP4, MOV or WebM.")


class UploadedMedia(ResponseModel):
    """A file ingested into the media library."""

    model_config = DEFERRED

    file_id: str
    size: int = Field(ge=0)
    type: str
    success: bool | None = None


class Profile(ResponseModel):
    """A connected social profile; its `account_id` is what posts are created for."""

    account_id: str
    platform: PlatformName
    display_name: str | None = None
    status: str | None = None
    connected_at: UTCDateTime | None = None


class ProfileList(ResponseModel):
    profiles: list[Profile]


class PlatformInfo(ResponseModel):
    """What a platform accepts."""

    id: PlatformName
    name: str
    media_types: list[str] = Field(default_factory=list)
    max_caption_length: int | None = None
    max_video_size_mb: float | None = None
    max_image_size_mb: float | None = None


class PlatformList(ResponseModel):
    platforms: list[PlatformInfo]


class Metrics(ResponseModel):
    """Engagement counters; platforms may add their own (kept as extra fields)."""

    views: int | None = None
    likes: int | None = None
    comments: int | None = None
    shares: int | None = None
    saves: int | None = None


class Analytics(ResponseModel):
    """Engagement metrics of a published post."""

    post_id: str
    platform: PlatformName
    metrics: Metrics
    polled_at: UTCDateTime | None = None

    # The Node SDK example reads `metrics.views` on the result itself.
    @property
    def views(self) -> int | None:
        return self.metrics.views

    @property
    def likes(self) -> int | None:
        return self.metrics.likes

    @property
    def comments(self) -> int | None:
        return self.metrics.comments

    @property
    def shares(self) -> int | None:
        return self.metrics.shares

    @property
    def saves(self) -> int | None:
        return self.metrics.saves


class ErrorBody(ResponseModel):
    """An error body: `{"success": false, "error": "...", "code": "..."}` or with `message`."""

    model_config = DEFERRED

    success: bool | None = None
    error: str | None = None
    message: str | None = None
    code: str | None = None
