"""What the user set, and the server's post read by id, compared field by field.

Shared by the end-to-end journeys (tests/integration/test_journey_*.py): a post composed in the
composer, moved on the calendar, queued offline, sent after a crash or a new key, must be on the
server exactly as the user left it — caption, platform, account, time (UTC and the user's wall
time), media in order, and every platform option.
"""

from __future__ import annotations

import contextlib
from collections.abc import AsyncIterator, Iterator
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import httpx
from full_posts import DOCS_KEY

from s200desk.services.scheduling import parse_iso_utc

ZONE = "Europe/Berlin"
MIME = {"mp4": "video/mp4", "jpg": "image/jpeg", "png": "image/png", "webp": "image/webp"}


@dataclass(frozen=True)
class Wanted:
    """A post as the user set it."""

    caption: str
    platform: str
    account_id: str
    scheduled_for: datetime  # aware UTC
    wall: str  # "YYYY-MM-DD HH:MM" in ZONE, as the user saw it
    media_types: tuple[str, ...]
    options: dict[str, Any]
    file_ids: tuple[str, ...] | None = None  # once known: the same library files, in order

    def moved(self, when: datetime, wall: str) -> Wanted:
        return replace(self, scheduled_for=when, wall=wall)


def wall(moment: datetime, zone: str = ZONE) -> str:
    return moment.astimezone(ZoneInfo(zone)).strftime("%Y-%m-%d %H:%M")


def media_types(urls: tuple[str, ...]) -> tuple[str, ...]:
    return tuple(MIME[url.rsplit(".", 1)[-1]] for url in urls)


def mismatches(post: Any, want: Wanted) -> dict[str, tuple[Any, Any]]:
    """Field -> (what the user set, what the server holds) for every field that differs."""
    data = post.model_dump(mode="json") if hasattr(post, "model_dump") else dict(post)
    when = parse_iso_utc(data["scheduled_for"]) if data.get("scheduled_for") else None
    held = {
        "caption": data["caption"],
        "platform": data["platform"],
        "account_id": data["account_id"],
        "status": data["status"],
        "scheduled_for": when,
        "wall": wall(when) if when else None,
        "media_types": tuple(m.get("type") for m in data.get("media") or []),
        "options": data.get("platform_options") or {},
    }
    wanted: dict[str, Any] = {
        "caption": want.caption,
        "platform": want.platform,
        "account_id": want.account_id,
        "status": "scheduled",
        "scheduled_for": want.scheduled_for,
        "wall": want.wall,
        "media_types": want.media_types,
        "options": want.options,
    }
    if want.file_ids is not None:
        held["file_ids"] = tuple(m["file_id"] for m in data.get("media") or [])
        wanted["file_ids"] = want.file_ids
    return {k: (wanted[k], held[k]) for k in wanted if wanted[k] != held[k]}


def post_by_id(server: Any, post_id: str) -> Any:
    """The server's post, read by id through the app's client (the whole post, every option)."""
    import asyncio

    from s200desk.api import AsyncStatus200Client

    async def read() -> Any:
        async with AsyncStatus200Client(api_key=DOCS_KEY, base_url=server.base_url,
                                        site_url=server.site_url, timeout=5.0) as client:
            return await client.posts.get(post_id)

    return asyncio.run(read())


@contextlib.contextmanager
def cli_in_zone(emulator: Any, monkeypatch: Any, zone: str) -> Iterator[Any]:
    """The command line on ``emulator``'s docs key, its settings' zone ``zone``, while the
    computer's zone is New York (so a time read in the wrong zone shows)."""
    import time

    from s200desk.config import Settings, save_settings

    monkeypatch.setenv("S200_API_KEY", DOCS_KEY)
    monkeypatch.setenv("S200_BASE_URL", emulator.base_url)
    monkeypatch.setenv("S200_SITE_URL", emulator.site_url)
    save_settings(Settings(plan="agency", time_zone=zone))
    monkeypatch.setenv("TZ", "America/New_York")
    time.tzset()
    try:
        yield emulator
    finally:
        monkeypatch.undo()
        time.tzset()


def server_posts(server: Any) -> list[dict[str, Any]]:
    """Every post of every account, as the emulator holds it (its admin view)."""
    response = httpx.get(f"{server.site_url}/__admin/posts", timeout=10, trust_env=False)
    response.raise_for_status()
    return list(response.json()["posts"])


def live(server: Any, caption: str) -> list[dict[str, Any]]:
    """The posts with ``caption`` that still exist (scheduled or published), oldest first."""
    found = [p for p in server_posts(server) if p.get("caption") == caption
             and p["status"] in ("scheduled", "published")]  # fmt: skip
    return sorted(found, key=lambda p: p["created_at"])


# Same instant as tests/conftest.py's EMULATOR_EPOCH (tests/ is not a package to import from).
EPOCH = datetime(2026, 5, 16, 12, 0, tzinfo=UTC)


class SwitchableServer:
    """The emulator on a fixed port that can be stopped ("offline") and started again with
    everything it held (its state is a file); the clock is manual and survives the restart."""

    def __init__(self, folder: Path) -> None:
        from s200desk.emulator import ManualClock

        self.clock = ManualClock(EPOCH)
        self.db_path = folder / "emulator.sqlite3"
        self.port = 0
        self.server: Any = None
        self.up()
        self.port = self.server.port

    def up(self) -> None:
        from s200desk.emulator import EmulatorServer

        self.server = EmulatorServer(
            seed="basic", plan="agency", clock=self.clock, cooldown_seconds=0,
            db_path=self.db_path, port=self.port,
        ).start()  # fmt: skip

    def down(self) -> None:
        self.server.stop()

    def __getattr__(self, name: str) -> Any:
        return getattr(self.server, name)


# The outbox's waits in the journeys: short, so a test that retries does not sit idle.
FAST_POLICY = {"base": 0.02, "cap": 0.1, "cooldown": 0.05}


async def with_sender(outbox: Any, step: Any, timeout: float = 60) -> Any:
    """Await ``step`` while the window's sender loop runs on ``outbox``."""
    import asyncio

    sender = asyncio.ensure_future(outbox.run(poll=0.02))
    try:
        return await asyncio.wait_for(step, timeout)
    finally:
        sender.cancel()
        await asyncio.gather(sender, return_exceptions=True)


@contextlib.asynccontextmanager
async def workspace_on(emulator: Any, folder: Path) -> AsyncIterator[tuple[Any, Any]]:
    """The client and the outbox a workspace has on ``emulator``, the outbox on its manual
    clock (a new time is checked against the server's now, never today's date)."""
    from s200desk.api import AsyncStatus200Client
    from s200desk.services.outbox import BackoffPolicy, OutboxService
    from s200desk.store import Database

    client = AsyncStatus200Client(api_key=DOCS_KEY, base_url=emulator.base_url,
                                  site_url=emulator.site_url, timeout=5.0, max_retries=1)
    db = Database.open(folder / "ws.sqlite3")
    outbox = OutboxService(db, client, policy=BackoffPolicy(**FAST_POLICY),
                           now=emulator.clock.now)  # fmt: skip
    try:
        yield client, outbox
    finally:
        await client.close()
        db.close()
