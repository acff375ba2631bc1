"""The demo's emulator, in a process of its own: ``s200desk emulator --seed demo …``.

Started first thing by ``s200desk --demo`` (before the QApplication), so it imports and seeds on
the other core while this process builds its window; ``address()`` waits for the URLs and the
demo key it prints. Its own process, not a thread of this one, because everything the emulator
does in Python (seeding, parsing requests, answering them) would otherwise hold this process's
GIL while the UI thread waits for it, and two threads importing at once can hand one of them a
half-initialised module; a real server is never inside the app either. It stops when its
standard input closes: ``stop()``, or this process ending however it ends.
"""

from __future__ import annotations

import contextlib
import subprocess
import sys
import tempfile
import threading
from concurrent.futures import Future
from dataclasses import dataclass

DEMO_PLAN = "beginner"
READY_KEYS = ("base_url", "api_key", "site_url")
STOP_WAIT_S = 5.0


class DemoServerError(RuntimeError):
    """The demo's server did not start; the message says why, in the user's words."""


@dataclass(frozen=True)
class DemoAddress:
    base_url: str
    api_key: str
    site_url: str


def emulator_command(*options: str) -> list[str]:
    """This program with the ``emulator`` command: the installed app's own executable when frozen
    (PyInstaller), else this interpreter running the package."""
    if getattr(sys, "frozen", False):
        return [sys.executable, "emulator", *options]
    return [sys.executable, "-m", "s200desk", "emulator", *options]


class DemoServer:
    """One emulator process, started at once; ``address()`` is ready when it listens."""

    def __init__(self, *, seed: str = "demo", plan: str = DEMO_PLAN) -> None:
        self.ready: Future[DemoAddress] = Future()
        # What it says before failing, for the message; closed by stop().
        self._errors = tempfile.TemporaryFile()  # noqa: SIM115
        self._process: subprocess.Popen[str] | None = None
        try:
            self._process = subprocess.Popen(
                emulator_command("--seed", seed, "--plan", plan, "--until-stdin-closes"),
                stdin=subprocess.PIPE,
                stdout=subprocess.PIPE,
                stderr=self._errors,
                text=True,
                creationflags=getattr(subprocess, "CREATE_NO_WINDOW", 0),  # Windows: no console
            )
        except OSError as exc:
            self.ready.set_exception(DemoServerError(f"The demo's server did not start: {exc}"))
            return
        threading.Thread(target=self._read_address, name="s200-demo-server", daemon=True).start()

    def _read_address(self) -> None:
        assert self._process is not None and self._process.stdout is not None
        said: dict[str, str] = {}
        try:
            for line in self._process.stdout:
                key, sep, value = line.strip().partition("=")
                if sep:
                    said[key] = value
                if all(k in said for k in READY_KEYS):
                    self.ready.set_result(DemoAddress(*(said[k] for k in READY_KEYS)))
                    return
            why = self._why(self._process.wait())
        except (OSError, ValueError):  # stop() closed what this reads: nobody waits any more
            why = "The demo's server did not start: it was stopped first"
        self.ready.set_exception(DemoServerError(why))

    def _why(self, code: int) -> str:
        self._errors.seek(0)
        lines = self._errors.read().decode("utf-8", "replace").strip().splitlines()
        last = lines[-1] if lines else f"it ended with code {code}"
        return f"The demo's server did not start: {last}"

    async def address(self) -> DemoAddress:
        import asyncio

        return await asyncio.wrap_future(self.ready)

    def close_input(self) -> None:
        """Tell it to stop (it removes its temporary files and ends on its own)."""
        if self._process is not None and self._process.stdin is not None:
            with contextlib.suppress(OSError):
                self._process.stdin.close()

    def stop(self) -> None:
        """``close_input()`` and wait for it to end; kill it if it has not ended within
        ``STOP_WAIT_S``. Safe to call twice."""
        self.close_input()
        process = self._process
        if process is not None:
            try:
                process.wait(STOP_WAIT_S)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()
            if process.stdout is not None:
                process.stdout.close()
        self._errors.close()
