"""Post listing: one page when awaited, every post when iterated."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Awaitable, Callable, Generator, Iterator
from typing import Any

from pydantic import PrivateAttr

from .types import Post, PostPage

AsyncFetch = Callable[[int | None, int], Awaitable[PostPage]]
SyncFetch = Callable[[int | None, int], PostPage]


def _next_offset(page: PostPage, offset: int) -> int | None:
    # Step by what actually came back: the server may cap `limit` below what was asked.
    if not page.posts:
        return None
    following = offset + len(page.posts)
    return following if following < page.total else None


class AsyncPostList:
    """`await` it for one page; `async for` over it for every post across pages."""

    def __init__(self, fetch: AsyncFetch, *, limit: int | None, offset: int) -> None:
        self._fetch = fetch
        self._limit = limit
        self._offset = offset

    def __await__(self) -> Generator[Any, None, PostPage]:
        return self._fetch(self._limit, self._offset).__await__()

    async def pages(self) -> AsyncIterator[PostPage]:
        """Every page from the requested offset on."""
        offset: int | None = self._offset
        while offset is not None:
            page = await self._fetch(self._limit, offset)
            yield page
            offset = _next_offset(page, offset)

    async def __aiter__(self) -> AsyncIterator[Post]:
        seen: set[str] = set()
        async for page in self.pages():
            for post in page.posts:
                # Posts created meanwhile shift later pages; never yield one post twice.
                if post.id not in seen:
                    seen.add(post.id)
                    yield post


class SyncPostPage(PostPage):
    """A page (`.posts .total .limit .offset`); iterating it yields every post across pages."""

    _fetch: SyncFetch | None = PrivateAttr(default=None)
    _limit: int | None = PrivateAttr(default=None)

    def iter_pages(self) -> Iterator[PostPage]:
        """This page, then every following one."""
        page: PostPage = self
        offset = self.offset
        yield page
        while self._fetch is not None:
            following = _next_offset(page, offset)
            if following is None:
                return
            offset = following
            page = self._fetch(self._limit, offset)
            yield page

    def __iter__(self) -> Iterator[Post]:  # type: ignore[override]
        seen: set[str] = set()
        for page in self.iter_pages():
            for post in page.posts:
                if post.id not in seen:
                    seen.add(post.id)
                    yield post


async def gather_all_posts(fetch: AsyncFetch, *, page_size: int, concurrency: int) -> list[Post]:
    """First page for the total, then the rest concurrently (at most `concurrency` in flight)."""
    if page_size < 1:
        raise ValueError("page_size must be >= 1")
    if concurrency < 1:
        raise ValueError("concurrency must be >= 1")
    first = await fetch(page_size, 0)
    step = len(first.posts)
    pages: list[PostPage] = [first]
    if step and step < first.total:
        gate = asyncio.Semaphore(concurrency)

        async def one(offset: int) -> PostPage:
            async with gate:
                return await fetch(page_size, offset)

        pages += await asyncio.gather(*(one(o) for o in range(step, first.total, step)))
    return _merge(pages)


def collect_all_posts(fetch: SyncFetch, *, page_size: int) -> list[Post]:
    if page_size < 1:
        raise ValueError("page_size must be >= 1")
    pages: list[PostPage] = []
    offset: int | None = 0
    while offset is not None:
        page = fetch(page_size, offset)
        pages.append(page)
        offset = _next_offset(page, offset)
    return _merge(pages)


def _merge(pages: list[PostPage]) -> list[Post]:
    seen: set[str] = set()
    posts: list[Post] = []
    for page in pages:
        for post in page.posts:
            if post.id not in seen:
                seen.add(post.id)
                posts.append(post)
    return posts
