"""The two public clients: `AsyncStatus200Client` and `Status200Client`."""

from __future__ import annotations

from functools import cached_property
from types import TracebackType

import httpx

from ._base_client import (
    DEFAULT_BASE_URL,
    DEFAULT_MAX_RETRIES,
    DEFAULT_SITE_URL,
    DEFAULT_TIMEOUT,
    INITIAL_RETRY_DELAY,
    MAX_RETRY_AFTER,
    MAX_RETRY_DELAY,
    AsyncAPIClient,
    SyncAPIClient,
)
from .resources import (
    AnalyticsResource,
    AsyncAnalytics,
    AsyncMedia,
    AsyncPlatforms,
    AsyncPosts,
    AsyncProfiles,
    Media,
    Platforms,
    Posts,
    Profiles,
)


class AsyncStatus200Client(AsyncAPIClient):
    """Async client of the Status 200 Uploads API; one per event loop, closed with `close()`."""

    def __init__(
        self,
        *,
        api_key: str,
        base_url: str = DEFAULT_BASE_URL,
        site_url: str = DEFAULT_SITE_URL,
        timeout: float | httpx.Timeout = DEFAULT_TIMEOUT,
        max_retries: int = DEFAULT_MAX_RETRIES,
        initial_retry_delay: float = INITIAL_RETRY_DELAY,
        max_retry_delay: float = MAX_RETRY_DELAY,
        max_retry_after: float = MAX_RETRY_AFTER,
        http_client: httpx.AsyncClient | None = None,
    ) -> None:
        super().__init__(
            api_key=api_key,
            base_url=base_url,
            site_url=site_url,
            timeout=timeout,
            max_retries=max_retries,
            initial_retry_delay=initial_retry_delay,
            max_retry_delay=max_retry_delay,
            max_retry_after=max_retry_after,
            http_client=http_client,
        )

    @cached_property
    def posts(self) -> AsyncPosts:
        return AsyncPosts(self)

    @cached_property
    def media(self) -> AsyncMedia:
        return AsyncMedia(self)

    @cached_property
    def profiles(self) -> AsyncProfiles:
        return AsyncProfiles(self)

    @cached_property
    def platforms(self) -> AsyncPlatforms:
        return AsyncPlatforms(self)

    @cached_property
    def analytics(self) -> AsyncAnalytics:
        return AsyncAnalytics(self)

    async def __aenter__(self) -> AsyncStatus200Client:
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        await self.close()


class Status200Client(SyncAPIClient):
    """Blocking client of the Status 200 Uploads API (the documented Python SDK surface)."""

    def __init__(
        self,
        *,
        api_key: str,
        base_url: str = DEFAULT_BASE_URL,
        site_url: str = DEFAULT_SITE_URL,
        timeout: float | httpx.Timeout = DEFAULT_TIMEOUT,
        max_retries: int = DEFAULT_MAX_RETRIES,
        initial_retry_delay: float = INITIAL_RETRY_DELAY,
        max_retry_delay: float = MAX_RETRY_DELAY,
        max_retry_after: float = MAX_RETRY_AFTER,
        http_client: httpx.Client | None = None,
    ) -> None:
        super().__init__(
            api_key=api_key,
            base_url=base_url,
            site_url=site_url,
            timeout=timeout,
            max_retries=max_retries,
            initial_retry_delay=initial_retry_delay,
            max_retry_delay=max_retry_delay,
            max_retry_after=max_retry_after,
            http_client=http_client,
        )

    @cached_property
    def posts(self) -> Posts:
        return Posts(self)

    @cached_property
    def media(self) -> Media:
        return Media(self)

    @cached_property
    def profiles(self) -> Profiles:
        return Profiles(self)

    @cached_property
    def platforms(self) -> Platforms:
        return Platforms(self)

    @cached_property
    def analytics(self) -> AnalyticsResource:
        return AnalyticsResource(self)

    def __enter__(self) -> Status200Client:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()
