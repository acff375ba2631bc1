"""EmulatorServer: the app on uvicorn in a daemon thread, plus the ticker that runs due work."""

from __future__ import annotations

import asyncio
import contextlib
import logging
import select
import shutil
import socket
import tempfile
import threading
import time
from collections.abc import Iterable
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

import uvicorn

from .app import build_app
from .catalog import check_plan
from .clock import Clock, SystemClock, advance_clock
from .engine import Emulator
from .faults import ConnectionDropped, Faults
from .history import readings_at
from .seed import bulk_posts
from .seed import seed as seed_state
from .state import State

log = logging.getLogger(__name__)
TICK_SECONDS = 0.2
PAUSE_STEP = 0.02


class _DropInjectedNoise(logging.Filter):
    """An injected connection drop is intended; uvicorn need not report it as a crash."""

    def filter(self, record: logging.LogRecord) -> bool:
        exc = record.exc_info[1] if record.exc_info else None
        return not isinstance(exc, ConnectionDropped)


_uvicorn_error = logging.getLogger("uvicorn.error")
if not any(isinstance(f, _DropInjectedNoise) for f in _uvicorn_error.filters):
    _uvicorn_error.addFilter(_DropInjectedNoise())


class _QuickServer(uvicorn.Server):
    """uvicorn with an event-driven stop: its own loop polls every 0.1 s and its shutdown sleeps
    another 0.1 s, which every test using the emulator would pay at teardown."""

    def __init__(self, config: uvicorn.Config) -> None:
        super().__init__(config)
        self._loop: asyncio.AbstractEventLoop | None = None
        self._stop_event: asyncio.Event | None = None

    async def main_loop(self) -> None:
        self._loop = asyncio.get_running_loop()
        self._stop_event = asyncio.Event()
        if not self.should_exit:
            await self._stop_event.wait()

    def request_stop(self) -> None:
        self.should_exit = True
        loop, event = self._loop, self._stop_event
        if loop is not None and event is not None and not loop.is_closed():
            with contextlib.suppress(RuntimeError):
                loop.call_soon_threadsafe(event.set)

    async def shutdown(self, sockets: list[socket.socket] | None = None) -> None:
        for server in self.servers:
            server.close()
        for connection in list(self.server_state.connections):
            connection.shutdown()
        deadline = time.monotonic() + 2
        while (self.server_state.connections or self.server_state.tasks) and (
            time.monotonic() < deadline
        ):
            await asyncio.sleep(0.005)
        for task in self.server_state.tasks:
            task.cancel()
        await self.lifespan.shutdown()


class EmulatorServer:
    """A local Status 200 API on 127.0.0.1; `start()` returns once it accepts connections."""

    def __init__(
        self,
        seed: str = "basic",
        plan: str = "beginner",
        clock: Clock | None = None,
        faults: Faults | None = None,
        cooldown_seconds: float = 2.0,
        db_path: str | Path | None = None,
        port: int = 0,
        seed_random: int = 0,
        seed_posts: int = 0,
    ) -> None:
        check_plan(plan)
        self.clock: Clock = clock or SystemClock()
        self.faults = faults or Faults()
        self._port = port
        self._db_path = str(db_path) if db_path else None
        self.state = State(self._db_path)
        if self.state.get_meta("api_key") is None:
            seed_state(self.state, seed, plan, self.clock.now(), seed_random)
            if seed_posts:
                bulk_posts(
                    self.state, self.state.get_meta("primary_account") or "", seed_posts,
                    self.clock.now(), seed_random,
                )
        self.state.set_plan_everywhere(plan)
        self.emu = Emulator(self.state, self.clock, cooldown_seconds, self.faults, seed_random)
        self.emu.primary_account = self.state.get_meta("primary_account") or ""
        self.api_key: str = self.state.get_meta("api_key") or ""
        self.other_api_key: str = self.state.get_meta("other_api_key") or ""
        if self._db_path:
            self._media_dir = Path(self._db_path + ".media")
            self._media_dir.mkdir(parents=True, exist_ok=True)
            self._own_media_dir = False
        else:
            self._media_dir = Path(tempfile.mkdtemp(prefix="s200-emulator-media-"))
            self._own_media_dir = True
        self.app = build_app(self.emu, self._media_dir)
        self._server: _QuickServer | None = None
        self._thread: threading.Thread | None = None
        self._ticker: threading.Thread | None = None
        self._stopping = threading.Event()
        self._sock: socket.socket | None = None
        self.port = 0

    @property
    def site_url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    @property
    def base_url(self) -> str:
        return f"{self.site_url}/functions/v1"

    def start(self) -> EmulatorServer:
        sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM, socket.IPPROTO_TCP)
        # proto=IPPROTO_TCP lets asyncio turn Nagle off on accepted sockets (else 40 ms per
        # keep-alive request: Nagle meets delayed ACK).
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        sock.bind(("127.0.0.1", self._port))
        self.port = sock.getsockname()[1]
        self._sock = sock
        # log_config=None: embedded in the app (demo mode) or in tests, uvicorn must not
        # reconfigure logging; its warnings reach whatever handlers the host process set up.
        config = uvicorn.Config(
            self.app, log_config=None, log_level="warning", access_log=False, lifespan="on",
            timeout_graceful_shutdown=1, timeout_keep_alive=5,
        )
        self._server = _QuickServer(config)
        self._thread = threading.Thread(
            target=self._server.run, kwargs={"sockets": [sock]}, name="s200-emulator", daemon=True
        )
        self._thread.start()
        deadline = time.monotonic() + 10
        while not self._server.started:
            if not self._thread.is_alive():
                raise RuntimeError("the emulator failed to start")
            if time.monotonic() > deadline:
                raise RuntimeError("the emulator did not start within 10 s")
            time.sleep(0.005)
        self._stopping.clear()
        self._ticker = threading.Thread(target=self._tick, name="s200-emulator-ticker", daemon=True)
        self._ticker.start()
        return self

    def _tick(self) -> None:
        while not self._stopping.is_set():
            self._pause()
            self.emu.wake.clear()
            if self._stopping.is_set():
                break
            try:
                self.emu.run_due()
            except Exception:
                log.exception("emulator background work failed")

    def _pause(self) -> None:
        """Up to a tick, or until something wakes the ticker. In short ``select`` sleeps, whose
        timeout is relative: a timed lock wait (``Event.wait``) takes an absolute deadline on the
        monotonic clock, and under a shifted clock (libfaketime, as the date-independence check
        runs the suite) it never returned, so scheduled posts stopped publishing."""
        for _ in range(round(TICK_SECONDS / PAUSE_STEP)):
            if self.emu.wake.is_set() or self._stopping.is_set():
                return
            select.select([], [], [], PAUSE_STEP)

    def stop(self) -> None:
        self._stopping.set()
        self.emu.wake.set()
        if self._server is not None:
            self._server.request_stop()
        if self._thread is not None:
            self._thread.join(timeout=5)
        if self._ticker is not None:
            self._ticker.join(timeout=5)
        self._server = self._thread = self._ticker = None
        if self._sock is not None:
            self._sock.close()  # asyncio closed it already when uvicorn shut down; idempotent
            self._sock = None
        self.emu.close()
        self.state.close()
        if self._own_media_dir:
            shutil.rmtree(self._media_dir, ignore_errors=True)

    def __enter__(self) -> EmulatorServer:
        return self.start()

    def __exit__(self, *exc: Any) -> None:
        self.stop()

    def advance(self, delta: timedelta) -> None:
        """Move the clock and run, now, everything that came due (publishing, webhooks)."""
        advance_clock(self.clock, delta)
        self.emu.run_due()

    def run_due(self) -> None:
        self.emu.run_due()

    def set_faults(self, **changes: float) -> None:
        self.faults.update(**changes)

    def add_bulk_posts(self, count: int) -> int:
        """Add ``count`` posts of years of history to the main account (scale benchmarks)."""
        return bulk_posts(self.state, self.emu.primary_account, count, self.clock.now())

    def set_cooldown(self, seconds: float) -> None:
        """The legacy endpoint's spacing between two posts to one platform (0: none)."""
        self.emu.cooldown_seconds = max(0.0, float(seconds))

    def request_count(
        self,
        method: str | None = None,
        route: str | None = None,
        platform: str | None = None,
        status: int | None = None,
    ) -> int:
        """Public requests answered so far that match every filter given (see tally.py)."""
        return self.emu.tally.count(method, route, platform, status)

    def set_plan(self, name: str) -> None:
        self.state.set_plan_everywhere(check_plan(name))

    def metrics_history(
        self, post_id: str, instants: Iterable[datetime]
    ) -> list[dict[str, Any]]:
        """What `poll-engagement` would have answered for this published post at each instant
        (oldest first; instants before it was published or after the clock's now give none):
        the same deterministic numbers, evaluated earlier. Any account's post; raises `ApiError`
        404 for an unknown or unpublished post. Thread-safe; demo mode's seeded history."""
        return readings_at(self.state, post_id, instants, self.clock.now())
