"""The endpoint groups of the client (`client.posts`, `client.media`, …)."""

from .library import (
    AnalyticsResource,
    AsyncAnalytics,
    AsyncMedia,
    AsyncPlatforms,
    AsyncProfiles,
    Media,
    Platforms,
    Profiles,
)
from .posts import AsyncPosts, Posts

__all__ = [
    "AnalyticsResource",
    "AsyncAnalytics",
    "AsyncMedia",
    "AsyncPlatforms",
    "AsyncPosts",
    "AsyncProfiles",
    "Media",
    "Platforms",
    "Posts",
    "Profiles",
]
