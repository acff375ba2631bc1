"""`client.media`, `client.profiles`, `client.platforms`, `client.analytics`."""

from __future__ import annotations

from typing import TYPE_CHECKING

from ..types import Analytics, PlatformInfo, PlatformList, Profile, ProfileList, UploadedMedia
from . import _requests as rq

if TYPE_CHECKING:
    from .._base_client import AsyncAPIClient, SyncAPIClient


class AsyncMedia:
    def __init__(self, client: AsyncAPIClient) -> None:
        self._client = client

    async def upload(self, *, url: str) -> UploadedMedia:
        """POST api-media-upload: the server downloads the URL. Sent once, never re-sent."""
        return await self._client._request(rq.upload_media(self._client, url), UploadedMedia)


class AsyncProfiles:
    def __init__(self, client: AsyncAPIClient) -> None:
        self._client = client

    async def list(self) -> list[Profile]:
        """GET api-posts?action=profiles."""
        page = await self._client._request(rq.list_profiles(self._client), ProfileList)
        return page.profiles


class AsyncPlatforms:
    def __init__(self, client: AsyncAPIClient) -> None:
        self._client = client

    async def list(self) -> list[PlatformInfo]:
        """GET api-posts?action=platforms."""
        page = await self._client._request(rq.list_platforms(self._client), PlatformList)
        return page.platforms


class AsyncAnalytics:
    def __init__(self, client: AsyncAPIClient) -> None:
        self._client = client

    async def get(self, post_id: str) -> Analytics:
        """GET poll-engagement?post_id=; 404 until the post is published and polled."""
        return await self._client._request(rq.get_analytics(self._client, post_id), Analytics)


class Media:
    def __init__(self, client: SyncAPIClient) -> None:
        self._client = client

    def upload(self, *, url: str) -> UploadedMedia:
        """POST api-media-upload: the server downloads the URL. Sent once, never re-sent."""
        return self._client._request(rq.upload_media(self._client, url), UploadedMedia)


class Profiles:
    def __init__(self, client: SyncAPIClient) -> None:
        self._client = client

    def list(self) -> list[Profile]:
        """GET api-posts?action=profiles."""
        return self._client._request(rq.list_profiles(self._client), ProfileList).profiles


class Platforms:
    def __init__(self, client: SyncAPIClient) -> None:
        self._client = client

    def list(self) -> list[PlatformInfo]:
        """GET api-posts?action=platforms."""
        return self._client._request(rq.list_platforms(self._client), PlatformList).platforms


class AnalyticsResource:
    def __init__(self, client: SyncAPIClient) -> None:
        self._client = client

    def get(self, post_id: str) -> Analytics:
        """GET poll-engagement?post_id=; 404 until the post is published and polled."""
        return self._client._request(rq.get_analytics(self._client, post_id), Analytics)
