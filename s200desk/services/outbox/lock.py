"""One sender per workspace outbox at a time (the GUI and a CLI run may share a database).

An OS file lock, so a process killed with SIGKILL releases it with its last breath: no stale lock
files to clean up, and no second sender reconciling an intent the first still has on the wire.
"""

from __future__ import annotations

import os
from pathlib import Path
from types import TracebackType


class OutboxBusy(Exception):
    """Another process is sending this outbox."""


class SenderLock:
    def __init__(self, path: Path) -> None:
        self.path = path
        self._fd: int | None = None

    @classmethod
    def for_database(cls, db_path: Path) -> SenderLock:
        return cls(db_path.with_name(db_path.name + ".outbox.lock"))

    def acquire(self, owner: str = "") -> None:
        """Take the lock or raise OutboxBusy at once. ``owner`` (no secret: the sender's key
        fingerprint and server) is written beside the pid for ``holder`` to read."""
        if self._fd is not None:
            return
        self.path.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o600)
        try:
            _lock(fd)
        except OSError as exc:
            os.close(fd)
            raise OutboxBusy(f"another s200desk is sending this outbox ({self.path})") from exc
        self._fd = fd
        os.ftruncate(fd, 0)
        os.write(fd, f"{os.getpid()}\n{owner}".encode())

    def holder(self) -> str | None:
        """The ``owner`` the sender holding the lock wrote; None when unknown (Windows keeps a
        locked file unreadable, and an older s200desk wrote only its pid)."""
        try:
            lines = self.path.read_text(encoding="utf-8").splitlines()
        except OSError:
            return None
        return lines[1] if len(lines) > 1 and lines[1] else None

    def release(self) -> None:
        if self._fd is None:
            return
        try:
            _unlock(self._fd)
        finally:
            os.close(self._fd)
            self._fd = None

    @property
    def held(self) -> bool:
        return self._fd is not None

    def __enter__(self) -> SenderLock:
        self.acquire()
        return self

    def __exit__(
        self, t: type[BaseException] | None, e: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.release()


if os.name == "nt":  # pragma: no cover - exercised on Windows CI only
    import msvcrt

    def _lock(fd: int) -> None:
        msvcrt.locking(fd, msvcrt.LK_NBLCK, 1)  # type: ignore[attr-defined,unused-ignore]

    def _unlock(fd: int) -> None:
        os.lseek(fd, 0, os.SEEK_SET)
        msvcrt.locking(fd, msvcrt.LK_UNLCK, 1)  # type: ignore[attr-defined,unused-ignore]

else:
    import fcntl

    def _lock(fd: int) -> None:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)

    def _unlock(fd: int) -> None:
        fcntl.flock(fd, fcntl.LOCK_UN)
