"""Bring the local store in line with the server: profiles, platforms, then every post.

The UI tells three failures apart (``SyncError.kind``): the key was refused (``auth``: ask for
it again), the server could not be reached (``offline``: show the banner over cached data), and
the server misbehaved (``server``). Pages are fetched concurrently but bounded and handed to the
store as the server's JSON text: SQLite reads the posts out of it and writes them on the
database thread with the interpreter lock released, so the event loop (the UI's, under qasync)
only does the HTTP: during a 100,000-post sync it stalls no longer than during a bare fetch of the
same pages (docs/performance.md, "Sync at 100,000 posts").
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from enum import StrEnum
from typing import Any

from s200desk.api.errors import (
    APIConnectionError,
    APIStatusError,
    AuthenticationError,
    MalformedResponseError,
    NotFoundError,
    PermissionDeniedError,
    RateLimitError,
    Status200Error,
)
from s200desk.services import events
from s200desk.services.events import Change, ChangeBus, profile_key
from s200desk.services.scheduling import utc_now
from s200desk.services.sync_balance import (
    BALANCE_REQUESTS,
    MovedPost,
    ServerTotals,
    StoreTally,
    cancel_candidates,
    unbalanced,
)
from s200desk.services.user_words import describe_error
from s200desk.store import Database, PlatformsRepo, PostsRepo, ProfilesRepo, SyncStateRepo
from s200desk.store.post_json import JsonWrite, MalformedPostsError, page_head

log = logging.getLogger(__name__)

PAGE_SIZE = 100
CONCURRENCY = 4
# Posts stored per transaction (ten pages): each statement of a write hands the interpreter lock
# back and forth with the loop's thread, so fewer, larger writes lose less time waiting for it.
UPSERT_BATCH = 1000
# A full pass that will add at least this many posts to the store (a first sync) writes them in
# bulk (docs/performance.md, "Sync at 100,000 posts"): BULK_BATCH posts a transaction, since
# each commit writes every index page it touched to the log again (at 100,000 posts, ten pages a
# write cost 5.3 s of the database thread, thirty or more ~4 s; past thirty, memory grows faster
# than the time shrinks), and the search index is filled once the sync is done rather than by
# its triggers row by row. Below BULK_POSTS it would save under a tenth of a second.
BULK_POSTS = 5_000
BULK_BATCH = 3_000
# Removals can only be seen by reading every post: that full pass runs once a day (or on
# demand); other syncs read new posts and the ones whose state can still change.
FULL_PASS = "posts_full"
FULL_PASS_EVERY = timedelta(hours=24)
# Listable by the `status=` filter; "processing" is not, so those are read one by one.
LISTABLE_ACTIVE = ("scheduled", "pending")
ACTIVE_STATUSES = (*LISTABLE_ACTIVE, "processing")
# How far above its place in the store a changed post's page is read from: posts removed on
# the server since the last full pass move it up the listing.
LISTING_SLACK = 5


class SyncErrorKind(StrEnum):
    AUTH = "auth"  # 401/403: the key is wrong, revoked or lacks rights; ask for a key
    OFFLINE = "offline"  # no connection, DNS failure, timeout; keep showing cached data
    RATE_LIMITED = "rate_limited"  # 429; try again after retry_after
    SERVER = "server"  # 5xx, an unexpected status, or a body that is not the documented shape
    LOCAL = "local"  # the local database failed


class SyncError(Exception):
    """A sync failed; ``kind`` says how, ``user_message`` says it in the user's words."""

    def __init__(
        self,
        kind: SyncErrorKind,
        detail: str,
        *,
        stage: str = "all",
        status_code: int | None = None,
        retry_after: float | None = None,
    ) -> None:
        super().__init__(f"{kind.value}: {detail}")
        self.kind = kind
        self.detail = detail
        self.stage = stage
        self.status_code = status_code
        self.retry_after = retry_after

    @property
    def user_message(self) -> str:
        return describe_error(self)


def classify(exc: BaseException) -> SyncErrorKind:
    """How the UI should read an exception raised while talking to the API or the store."""
    if isinstance(exc, AuthenticationError | PermissionDeniedError):
        return SyncErrorKind.AUTH
    if isinstance(exc, RateLimitError):
        return SyncErrorKind.RATE_LIMITED
    if isinstance(exc, APIConnectionError | OSError | asyncio.TimeoutError):
        return SyncErrorKind.OFFLINE
    if isinstance(exc, APIStatusError | MalformedResponseError | Status200Error):
        return SyncErrorKind.SERVER
    if isinstance(exc, MalformedPostsError):  # the store found a post not of the documented shape
        return SyncErrorKind.SERVER
    return SyncErrorKind.LOCAL


def to_sync_error(exc: BaseException, stage: str) -> SyncError:
    if isinstance(exc, SyncError):
        return exc
    kind = classify(exc)
    return SyncError(
        kind,
        str(exc) or type(exc).__name__,
        stage=stage,
        status_code=getattr(exc, "status_code", None),
        retry_after=getattr(exc, "retry_after", None),
    )


@dataclass(frozen=True)
class SyncResult:
    profiles: int
    platforms: int
    posts: int
    changed_post_ids: tuple[str, ...] = ()
    removed_post_ids: tuple[str, ...] = ()
    # False when the listing shifted while it was read, so nothing was removed this time.
    pruned: bool = True
    seconds: float = 0.0
    pages: int = 0
    timings: dict[str, float] = field(default_factory=dict)
    requests: int = 0  # HTTP requests made, profiles and platforms included
    fetched: int = 0  # posts read from the server (a post read twice counts twice)
    full: bool = True  # every post was read (removals detected), not only what can change

    def summary(self) -> dict[str, Any]:
        """What a script wants to know: ``s200desk sync --json`` prints this."""
        return {
            "requests": self.requests,
            "fetched": self.fetched,
            "changed": len(self.changed_post_ids),
            "removed": len(self.removed_post_ids),
            "seconds": round(self.seconds, 3),
            "full": self.full,
        }


def _consume_outcome(task: asyncio.Task[SyncResult]) -> None:
    if not task.cancelled():
        task.exception()


class SyncService:
    """Sync one workspace's store with the server through one client."""

    def __init__(
        self,
        client: Any,
        db: Database,
        bus: ChangeBus,
        *,
        page_size: int = PAGE_SIZE,
        concurrency: int = CONCURRENCY,
        batch_size: int = UPSERT_BATCH,
        clock: Callable[[], datetime] = utc_now,
    ) -> None:
        self.client = client
        self.clock = clock  # whether a post is still well before its time (sync_balance)
        self.db = db
        self.bus = bus
        self.profiles = ProfilesRepo(db)
        self.platforms = PlatformsRepo(db)
        self.posts = PostsRepo(db)
        self.state = SyncStateRepo(db)
        self.page_size = page_size
        self.concurrency = max(1, concurrency)
        self.batch_size = max(1, batch_size)
        self.last_result: SyncResult | None = None
        self.last_error: SyncError | None = None
        self._running: asyncio.Task[SyncResult] | None = None
        self._indexing: asyncio.Task[None] | None = None
        self._bulk_written = False
        self._requests = 0

    @property
    def running(self) -> bool:
        return self._running is not None and not self._running.done()

    async def sync_all(self, *, full: bool | None = None) -> SyncResult:
        """Sync everything; a call while a sync runs waits for that one instead of starting two.

        ``full``: True reads every post and removes those the server no longer lists; False
        reads what can have changed (new posts, and those still scheduled, pending or
        processing); None (the default) does a full pass when the last one is a day old.
        Raises ``SyncError`` (with ``kind``) on failure, after recording it in the store.
        """
        if self._running is not None and not self._running.done() and full:
            # A full pass was asked for while a quick one runs: let it end, then do the full one.
            with contextlib.suppress(SyncError):
                await asyncio.shield(self._running)
        if self._running is None or self._running.done():
            self._running = asyncio.ensure_future(self._sync_all(full))
            # A caller cancelled while waiting leaves the sync running; its outcome is
            # recorded and published, so mark the exception as seen to avoid asyncio's warning.
            self._running.add_done_callback(_consume_outcome)
        return await asyncio.shield(self._running)

    async def aclose(self) -> None:
        """Cancel a running sync (and the filling of the search index after a first one) and
        wait for it to end, so that nothing uses the client or the store once they are closed
        (a cancelled caller of ``sync_all`` leaves the sync running)."""
        for task in (self._running, self._indexing):
            if task is not None and not task.done():
                task.cancel()
                await asyncio.wait([task])
        self._running = self._indexing = None

    async def search_index_filled(self) -> None:
        """Wait until the search index holds the posts a first sync wrote in bulk (it is filled
        in the background once the sync is done; searches scan the posts meanwhile)."""
        if self._indexing is not None:
            await asyncio.shield(self._indexing)

    async def _end_bulk_write(self) -> None:
        """When a sync (this one, or one interrupted before) wrote in bulk, finish that in the
        background: fill the search index, then checkpoint (``PostsRepo.end_bulk_write``)."""
        if self._indexing is not None and not self._indexing.done():
            return
        try:
            if not (self._bulk_written or await self.posts.search_index_behind()):
                return
        except Exception:  # the store is closing or failed: the next sync tries again
            log.debug("search index left as it is", exc_info=True)
            return
        self._bulk_written = False

        async def finish() -> None:
            try:
                await self.posts.end_bulk_write()
            except asyncio.CancelledError:
                raise
            except Exception:  # searches keep scanning; the next sync resumes it
                log.warning("finishing the sync's bulk write failed", exc_info=True)

        self._indexing = asyncio.ensure_future(finish())

    async def _sync_all(self, full: bool | None = None) -> SyncResult:
        started = time.perf_counter()
        self._requests = 0
        timings: dict[str, float] = {}
        stage = "profiles"
        self.bus.publish(Change(events.SYNC_STARTED))
        try:
            await self.state.record_attempt("all")
            t = time.perf_counter()
            self._requests += 1
            n_profiles = await self._sync_profiles()
            timings["profiles"] = time.perf_counter() - t
            stage = "platforms"
            t = time.perf_counter()
            self._requests += 1
            n_platforms = await self._sync_platforms()
            timings["platforms"] = time.perf_counter() - t
            stage = "posts"
            t = time.perf_counter()
            result = await self._sync_posts(full)
            timings["posts"] = time.perf_counter() - t
            stage = "all"
            await self.state.record_success("all", result.posts)
        except asyncio.CancelledError:
            raise
        except Exception as exc:
            await self._end_bulk_write()  # what a bulk write stored before it failed
            error = to_sync_error(exc, stage)
            self.last_error = error
            log.warning("sync failed at %s (%s): %s", stage, error.kind.value, error.detail)
            with contextlib.suppress(Exception):
                await self.state.record_error(stage, error.kind.value, error.detail)
                await self.state.record_error("all", error.kind.value, error.detail)
            self.bus.publish(Change(events.SYNC_FAILED, (error.kind.value,)))
            raise error from exc
        done = SyncResult(
            profiles=n_profiles,
            platforms=n_platforms,
            posts=result.posts,
            changed_post_ids=result.changed_post_ids,
            removed_post_ids=result.removed_post_ids,
            pruned=result.pruned,
            seconds=time.perf_counter() - started,
            pages=result.pages,
            timings=timings,
            requests=self._requests,
            fetched=result.fetched,
            full=result.full,
        )
        self.last_result, self.last_error = done, None
        await self._end_bulk_write()
        log.info(
            "%s sync done in %.2fs: %d requests, %d profiles, %d platforms, %d posts fetched "
            "(%d changed, %d removed)",
            "full" if done.full else "quick", done.seconds, done.requests, done.profiles,
            done.platforms, done.fetched, len(done.changed_post_ids), len(done.removed_post_ids),
        )  # fmt: skip
        self.bus.publish(Change(events.SYNC_FINISHED))
        return done

    async def _sync_profiles(self) -> int:
        await self.state.record_attempt("profiles")
        profiles = await self.client.profiles.list()
        changed, removed = await self.profiles.replace_all(profiles)
        await self.state.record_success("profiles", len(profiles))
        if removed:
            self.bus.publish(
                Change(events.PROFILES_REMOVED, tuple(profile_key(p, a) for p, a in removed))
            )
        if changed:
            self.bus.publish(Change(events.PROFILES, tuple(profile_key(p, a) for p, a in changed)))
        return len(profiles)

    async def _sync_platforms(self) -> int:
        await self.state.record_attempt("platforms")
        platforms = await self.client.platforms.list()
        changed, removed = await self.platforms.replace_all(platforms)
        await self.state.record_success("platforms", len(platforms))
        if removed:
            self.bus.publish(Change(events.PLATFORMS_REMOVED, tuple(removed)))
        if changed:
            self.bus.publish(Change(events.PLATFORMS, tuple(changed)))
        return len(platforms)

    async def _fetch_page(self, offset: int, limit: int, status: str | None = None) -> str:
        """One page of the listing as the server's JSON text (the store reads it)."""
        self._requests += 1
        if status is None:
            return str(await self.client.posts.list_json(limit=limit, offset=offset))
        return str(await self.client.posts.list_json(limit=limit, offset=offset, status=status))

    async def _needs_full_pass(self) -> bool:
        last = await self.state.get(FULL_PASS)
        if last is None or last.last_success_at is None:
            return True
        return datetime.now(UTC) - last.last_success_at >= FULL_PASS_EVERY

    async def _sync_posts(self, full: bool | None) -> SyncResult:
        await self.state.record_attempt("posts")
        if full is None:
            full = await self._needs_full_pass()
        pass_ = _PostsPass(self, full=full)
        if full:
            await self.state.record_attempt(FULL_PASS)
            result = await pass_.full()
            if result.pruned:
                await self.state.record_success(FULL_PASS, result.posts)
        else:
            result = await pass_.incremental()
        await self.state.record_success("posts", result.posts)
        return result


class _PostsPass:
    """One read of the server's posts into the store, full or incremental."""

    def __init__(self, service: SyncService, *, full: bool) -> None:
        self.svc = service
        self.posts = service.posts
        # Only a full pass removes what it did not see, so only it marks the unchanged posts.
        self._mark_unchanged = full
        # Requests in flight, every listing of the pass together.
        self._gate = asyncio.Semaphore(service.concurrency)
        self.changed: list[str] = []
        self.seen: set[str] = set()
        self.fetched = 0
        self.pages = 0
        self._unpublished: list[str] = []
        # Pages stored per transaction: fewer commits, each still a few milliseconds of SQLite.
        self._pages_per_write = max(1, service.batch_size // max(1, service.page_size))

    async def _store(self, pages: Sequence[str]) -> JsonWrite:
        """Store pages as the server sent them; the rows are built in SQLite, off the loop."""
        write = await self.posts.upsert_pages(pages, mark_unchanged=self._mark_unchanged)
        self.pages += len(pages)
        self._count(write.ids, write.posts, write.changed)
        return write

    async def _store_posts(self, posts: Sequence[Any]) -> None:
        """Store posts read one by one (API models)."""
        changed = await self.posts.upsert_many(posts)
        self._count([p.id for p in posts], len(posts), changed)

    def _count(self, ids: Sequence[str], fetched: int, changed: Sequence[str]) -> None:
        self.fetched += fetched
        self.seen.update(ids)
        self.changed.extend(changed)
        self._unpublished.extend(changed)
        if len(self._unpublished) >= self.svc.batch_size:
            self._publish()

    def _publish(self) -> None:
        ids, self._unpublished = self._unpublished, []
        if ids:
            self.svc.bus.publish(Change(events.POSTS, tuple(dict.fromkeys(ids))))

    async def _read_listing(
        self, status: str | None = None, *, stored_before: int | None = None
    ) -> set[int]:
        """Every page of one listing: the first for the total, the rest concurrently (bounded)
        and stored a few pages at a time. Returns the totals the pages reported (more than one:
        the listing moved meanwhile). ``stored_before``: the posts the store held, for a full
        pass to tell a first sync (a bulk write) from a refresh."""
        svc = self.svc
        async with self._gate:
            first = await svc._fetch_page(0, svc.page_size, status)
        # The first page's total says which pages follow: read from the text here, so they are
        # asked for at once and the first page is stored with them. A page whose head does not
        # read is stored alone first, which refuses it in the user's words.
        head = page_head(first)
        waiting: list[str] = [first]
        if head is None:
            head = (await self._store(waiting)).pages[0]
            waiting = []
        if stored_before is not None and head.total - stored_before >= BULK_POSTS:
            await self._begin_bulk()
        step = head.limit if head.limit and head.limit <= svc.page_size else svc.page_size
        totals = {head.total}
        offsets = list(range(step, head.total, step))

        async def one(offset: int) -> str:
            async with self._gate:
                return await svc._fetch_page(offset, step, status)

        tasks = [asyncio.ensure_future(one(o)) for o in offsets]
        try:
            for next_done in asyncio.as_completed(tasks):
                waiting.append(await next_done)
                if len(waiting) >= self._pages_per_write:
                    write = await self._store(waiting)
                    totals.update(h.total for h in write.pages)
                    waiting = []
            if waiting:
                write = await self._store(waiting)
                totals.update(h.total for h in write.pages)
        except BaseException:
            for task in tasks:
                task.cancel()
            await asyncio.gather(*tasks, return_exceptions=True)
            raise
        return totals

    async def _begin_bulk(self) -> None:
        """Most of the listing is new to the store: larger transactions, and the search index
        filled once the sync is done rather than row by row (the service starts it)."""
        self._pages_per_write = max(self._pages_per_write, BULK_BATCH // max(1, self.svc.page_size))
        self.svc._bulk_written = True
        await self.posts.begin_bulk_write()

    def _result(self, removed: list[str], *, pruned: bool, full: bool) -> SyncResult:
        return SyncResult(
            profiles=0, platforms=0, posts=len(self.seen),
            changed_post_ids=tuple(dict.fromkeys(self.changed)),
            removed_post_ids=tuple(removed), pruned=pruned, pages=self.pages,
            fetched=self.fetched, full=full,
        )  # fmt: skip

    async def full(self) -> SyncResult:
        """Every page, then the posts the server no longer lists are removed."""
        mark = await self.posts.write_mark()
        stored = await self.posts.count()
        totals = await self._read_listing(stored_before=stored)
        self._publish()
        # Offset paging over a list that changes while it is read can skip a post; removing
        # posts is only safe when the listing was stable and complete.
        stable = len(totals) == 1 and len(self.seen) == next(iter(totals))
        removed: list[str] = []
        if stable:
            removed = await self.posts.prune_not_upserted_since(mark)
            if removed:
                self.svc.bus.publish(Change(events.POSTS_REMOVED, tuple(removed)))
        else:
            log.info(
                "post listing moved while syncing (totals %s, %d seen); nothing removed this time",
                sorted(totals), len(self.seen),
            )  # fmt: skip
        return self._result(removed, pruned=stable, full=True)

    async def incremental(self) -> SyncResult:
        """New posts from the top of the listing until a page brings nothing new or changed;
        every post that can still change (by the `status=` listings); the active posts no
        listing named any more stored cancelled when the listing's totals prove it
        (``_settle_by_totals``), else read by page or by id."""
        svc = self.svc
        active_before = await self.posts.ids_with_status(ACTIVE_STATUSES)
        offset = 0
        top_totals: set[int] = set()
        while True:
            write = await self._store([await svc._fetch_page(offset, svc.page_size)])
            top_totals.update(h.total for h in write.pages)
            if not write.changed or not write.posts:
                break
            offset += write.posts
            if offset >= write.pages[0].total:
                break
        read = await asyncio.gather(*(self._read_listing(s) for s in LISTABLE_ACTIVE))
        listed = dict(zip(LISTABLE_ACTIVE, read, strict=True))
        # Posts that were active here but no listing of active ones named: they moved on
        # (published, failed, cancelled) or are gone. The listing's filters cannot name them
        # (no "updated since", no ids, no "cancelled"): the totals may vouch for them, else
        # each is read by id, or by the page of the whole listing where the store says it sits
        # when that page holds several.
        moved = sorted(active_before - self.seen)
        settled = await self._settle_by_totals(moved, top_totals, listed)
        unsettled = [m for m in moved if m not in settled]
        await self._read_pages_around(unsettled)
        removed = await self._read_by_id([m for m in unsettled if m not in self.seen])
        self._publish()
        return self._result(removed, pruned=False, full=False)

    async def _settle_by_totals(
        self, moved: Sequence[str], top_totals: set[int], listed: dict[str, set[int]]
    ) -> set[str]:
        """Store as cancelled, without reading them, the moved posts the server's totals prove
        cancelled (``services.sync_balance``); returns their ids. Costs three requests, read
        after every listing was stored (so a change meanwhile shows as a difference), and only
        when more posts than that could be settled; any difference settles none."""
        svc = self.svc
        schedule = await self.posts.schedule_of(moved)
        candidates = cancel_candidates(
            [MovedPost(pid, *schedule[pid]) for pid in moved if pid in schedule], svc.clock()
        )
        if len(candidates) <= BALANCE_REQUESTS:
            return set()
        all_, published, failed = await asyncio.gather(
            self._total(None), self._total("published"), self._total("failed")
        )
        if all_ is None or published is None or failed is None:
            log.info("a page of the listing carried no total; the moved posts are read")
            return set()
        total, by_status = await self.posts.status_tally(moved)
        server = ServerTotals(
            top=top_totals, all=all_, published=published, failed=failed,
            scheduled=listed["scheduled"], pending=listed["pending"],
        )  # fmt: skip
        why = unbalanced(server, StoreTally(total, by_status))
        if why is not None:
            log.info("%d posts left the active listings; each is read: %s", len(moved), why)
            return set()
        changed = await self.posts.mark_cancelled(candidates)
        self._count(candidates, 0, changed)
        return set(candidates)

    async def _total(self, status: str | None) -> int | None:
        """A listing's total, from its smallest page (None if the page has none: the moved
        posts are then read, as a page's missing total is no reason to fail the sync)."""
        head = page_head(await self.svc._fetch_page(0, 1, status))
        return None if head is None else head.total

    async def _read_pages_around(self, post_ids: Sequence[str]) -> None:
        """Read the pages of the listing that each hold two or more of ``post_ids``, where the
        store (just brought up to date at the top) places them: one request instead of several
        when posts created together changed together (a campaign cancelled). A post the page
        does not hold after all (the listing shifted) is left for the read by id."""
        svc = self.svc
        if len(post_ids) < 2:
            return
        places = sorted((await self.posts.listing_places(post_ids)).values())
        starts: list[int] = []
        i = 0
        while i < len(places):
            # A little room before the first: a post removed above it moves it up.
            start = max(0, places[i][0] - LISTING_SLACK)
            inside = 0
            for _, up_to in places[i:]:
                if up_to > start + svc.page_size:
                    break
                inside += 1
            if inside >= 2:
                starts.append(start)
            i += max(1, inside)
        gate = asyncio.Semaphore(svc.concurrency)

        async def one(offset: int) -> str:
            async with gate:
                return await svc._fetch_page(offset, svc.page_size)

        pages = await asyncio.gather(*(one(start) for start in starts))
        for k in range(0, len(pages), self._pages_per_write):
            await self._store(pages[k : k + self._pages_per_write])

    async def _read_by_id(self, post_ids: Sequence[str]) -> list[str]:
        svc = self.svc
        gate = asyncio.Semaphore(svc.concurrency)
        gone: list[str] = []
        found: list[Any] = []

        async def one(post_id: str) -> None:
            async with gate:
                svc._requests += 1
                try:
                    found.append(await svc.client.posts.get(post_id))
                except NotFoundError:
                    gone.append(post_id)

        await asyncio.gather(*(one(pid) for pid in post_ids))
        if found:
            await self._store_posts(found)
        if gone:
            await self.posts.delete(gone)
            svc.bus.publish(Change(events.POSTS_REMOVED, tuple(gone)))
        return gone
