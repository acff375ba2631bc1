"""`client.posts`: create (legacy and v2), list, list_all, get, cancel."""

from __future__ import annotations

import builtins
from datetime import datetime
from typing import TYPE_CHECKING

from ..errors import BadRequestError, NotFoundError
from ..pagination import (
    AsyncPostList,
    SyncPostPage,
    collect_all_posts,
    gather_all_posts,
)
from ..types import (
    CancelResult,
    CreatedPost,
    FacebookOptions,
    InstagramOptions,
    LinkedInOptions,
    PinterestOptions,
    Platform,
    Post,
    PostPage,
    PostStatus,
    QueuedForNextDay,
    TikTokOptions,
    XOptions,
    YouTubeOptions,
)
from . import _requests as rq
from ._requests import ContentArg, OptionsArg

if TYPE_CHECKING:
    from .._base_client import AsyncAPIClient, SyncAPIClient

_CONFIRMED = "Scheduled post cancelled (confirmed after an interrupted attempt)"


class AsyncPosts:
    def __init__(self, client: AsyncAPIClient) -> None:
        self._client = client

    async def create(
        self,
        *,
        account_id: str,
        platform: Platform | str,
        content: ContentArg,
        scheduled_for: datetime | str | None = None,
        tiktok: TikTokOptions | OptionsArg = None,
        instagram: InstagramOptions | OptionsArg = None,
        facebook: FacebookOptions | OptionsArg = None,
        youtube: YouTubeOptions | OptionsArg = None,
        x: XOptions | OptionsArg = None,
        linkedin: LinkedInOptions | OptionsArg = None,
        pinterest: PinterestOptions | OptionsArg = None,
    ) -> CreatedPost:
        """POST api-posts. Sent once: a timeout or drop raises, it is never re-sent."""
        body = rq.create_body(
            account_id=account_id, platform=platform, content=content,
            scheduled_for=scheduled_for, tiktok=tiktok, instagram=instagram, facebook=facebook,
            youtube=youtube, x=x, linkedin=linkedin, pinterest=pinterest,
        )  # fmt: skip
        return await self._client._request(rq.create_post(self._client, body), CreatedPost)

    async def create_v2(
        self,
        *,
        account_id: str,
        platform: Platform | str,
        content: ContentArg,
        scheduled_for: datetime | str | None = None,
        tiktok: TikTokOptions | OptionsArg = None,
        instagram: InstagramOptions | OptionsArg = None,
        facebook: FacebookOptions | OptionsArg = None,
        youtube: YouTubeOptions | OptionsArg = None,
        x: XOptions | OptionsArg = None,
        linkedin: LinkedInOptions | OptionsArg = None,
        pinterest: PinterestOptions | OptionsArg = None,
    ) -> CreatedPost | QueuedForNextDay:
        """POST {site}/api/v2/posts: the post (200), or queued for the next day (202)."""
        body = rq.create_body(
            account_id=account_id, platform=platform, content=content,
            scheduled_for=scheduled_for, tiktok=tiktok, instagram=instagram, facebook=facebook,
            youtube=youtube, x=x, linkedin=linkedin, pinterest=pinterest,
        )  # fmt: skip
        request = rq.create_post_v2(self._client, body)
        response = await self._client._send(request)
        if response.status_code == 202:
            return self._client._parse(response, request, QueuedForNextDay)
        return self._client._parse(response, request, CreatedPost)

    def list(
        self,
        *,
        platform: Platform | str | None = None,
        status: PostStatus | str | None = None,
        limit: int | None = 20,
        offset: int = 0,
    ) -> AsyncPostList:
        """`await` for one page; `async for` over every post across pages."""
        rq.list_posts(self._client, platform=platform, status=status, limit=limit, offset=offset)

        async def fetch(page_limit: int | None, page_offset: int) -> PostPage:
            request = rq.list_posts(
                self._client, platform=platform, status=status,
                limit=page_limit, offset=page_offset,
            )  # fmt: skip
            return await self._client._request(request, PostPage)

        return AsyncPostList(fetch, limit=limit, offset=offset)

    async def list_all(
        self,
        *,
        platform: Platform | str | None = None,
        status: PostStatus | str | None = None,
        page_size: int = 100,
        concurrency: int = 4,
    ) -> builtins.list[Post]:
        """Every post: the first page for the total, then the rest concurrently."""
        listing = self.list(platform=platform, status=status, limit=page_size)
        return await gather_all_posts(listing._fetch, page_size=page_size, concurrency=concurrency)

    async def list_json(
        self,
        *,
        platform: Platform | str | None = None,
        status: PostStatus | str | None = None,
        limit: int | None = 20,
        offset: int = 0,
    ) -> str:
        """One page of GET api-posts as the server's JSON text, not validated here: for the
        sync, whose store checks and reads it in SQLite (validating 100,000 posts with pydantic
        costs seconds of the event loop's time)."""
        request = rq.list_posts(
            self._client, platform=platform, status=status, limit=limit, offset=offset
        )
        return (await self._client._send(request)).text

    async def get(self, post_id: str) -> Post:
        """GET api-posts/{id}."""
        return await self._client._request(rq.get_post(self._client, post_id), Post)

    async def cancel(self, post_id: str) -> CancelResult:
        """DELETE api-posts/{id}; only scheduled posts can be cancelled (400 otherwise)."""
        try:
            return await self._client._request(rq.cancel_post(self._client, post_id), CancelResult)
        except (BadRequestError, NotFoundError) as exc:
            if not exc.after_ambiguous_attempt:
                raise
            # An interrupted earlier attempt may have done it: look before reporting failure.
            try:
                post = await self.get(post_id)
            except NotFoundError:
                return CancelResult(success=True, message=_CONFIRMED)
            if post.status == PostStatus.CANCELLED:
                return CancelResult(success=True, message=_CONFIRMED)
            raise


class Posts:
    def __init__(self, client: SyncAPIClient) -> None:
        self._client = client

    def create(
        self,
        *,
        account_id: str,
        platform: Platform | str,
        content: ContentArg,
        scheduled_for: datetime | str | None = None,
        tiktok: TikTokOptions | OptionsArg = None,
        instagram: InstagramOptions | OptionsArg = None,
        facebook: FacebookOptions | OptionsArg = None,
        youtube: YouTubeOptions | OptionsArg = None,
        x: XOptions | OptionsArg = None,
        linkedin: LinkedInOptions | OptionsArg = None,
        pinterest: PinterestOptions | OptionsArg = None,
    ) -> CreatedPost:
        """POST api-posts. Sent once: a timeout or drop raises, it is never re-sent."""
        body = rq.create_body(
            account_id=account_id, platform=platform, content=content,
            scheduled_for=scheduled_for, tiktok=tiktok, instagram=instagram, facebook=facebook,
            youtube=youtube, x=x, linkedin=linkedin, pinterest=pinterest,
        )  # fmt: skip
        return self._client._request(rq.create_post(self._client, body), CreatedPost)

    def create_v2(
        self,
        *,
        account_id: str,
        platform: Platform | str,
        content: ContentArg,
        scheduled_for: datetime | str | None = None,
        tiktok: TikTokOptions | OptionsArg = None,
        instagram: InstagramOptions | OptionsArg = None,
        facebook: FacebookOptions | OptionsArg = None,
        youtube: YouTubeOptions | OptionsArg = None,
        x: XOptions | OptionsArg = None,
        linkedin: LinkedInOptions | OptionsArg = None,
        pinterest: PinterestOptions | OptionsArg = None,
    ) -> CreatedPost | QueuedForNextDay:
        """POST {site}/api/v2/posts: the post (200), or queued for the next day (202)."""
        body = rq.create_body(
            account_id=account_id, platform=platform, content=content,
            scheduled_for=scheduled_for, tiktok=tiktok, instagram=instagram, facebook=facebook,
            youtube=youtube, x=x, linkedin=linkedin, pinterest=pinterest,
        )  # fmt: skip
        request = rq.create_post_v2(self._client, body)
        response = self._client._send(request)
        if response.status_code == 202:
            return self._client._parse(response, request, QueuedForNextDay)
        return self._client._parse(response, request, CreatedPost)

    def list(
        self,
        *,
        platform: Platform | str | None = None,
        status: PostStatus | str | None = None,
        limit: int | None = 20,
        offset: int = 0,
    ) -> SyncPostPage:
        """One page; iterating the page yields every post across all pages."""

        def fetch(page_limit: int | None, page_offset: int) -> PostPage:
            request = rq.list_posts(
                self._client, platform=platform, status=status,
                limit=page_limit, offset=page_offset,
            )  # fmt: skip
            return self._client._request(request, PostPage)

        request = rq.list_posts(
            self._client, platform=platform, status=status, limit=limit, offset=offset
        )
        page = self._client._request(request, SyncPostPage)
        page._fetch = fetch
        page._limit = limit
        return page

    def list_all(
        self,
        *,
        platform: Platform | str | None = None,
        status: PostStatus | str | None = None,
        page_size: int = 100,
    ) -> builtins.list[Post]:
        """Every post, page by page."""

        def fetch(page_limit: int | None, page_offset: int) -> PostPage:
            request = rq.list_posts(
                self._client, platform=platform, status=status,
                limit=page_limit, offset=page_offset,
            )  # fmt: skip
            return self._client._request(request, PostPage)

        return collect_all_posts(fetch, page_size=page_size)

    def get(self, post_id: str) -> Post:
        """GET api-posts/{id}."""
        return self._client._request(rq.get_post(self._client, post_id), Post)

    def cancel(self, post_id: str) -> CancelResult:
        """DELETE api-posts/{id}; only scheduled posts can be cancelled (400 otherwise)."""
        try:
            return self._client._request(rq.cancel_post(self._client, post_id), CancelResult)
        except (BadRequestError, NotFoundError) as exc:
            if not exc.after_ambiguous_attempt:
                raise
            try:
                post = self.get(post_id)
            except NotFoundError:
                return CancelResult(success=True, message=_CONFIRMED)
            if post.status == PostStatus.CANCELLED:
                return CancelResult(success=True, message=_CONFIRMED)
            raise
