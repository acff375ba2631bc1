"""Unpublished captions are nobody else's business: the cache, the outbox database (with its
WAL and SHM files) and the log are the user's alone, even under the usual umask 022."""

from __future__ import annotations

import logging
import os
import stat
from collections.abc import Iterator
from pathlib import Path

import pytest

from s200desk import paths
from s200desk.logging_setup import setup_logging
from s200desk.store.database import Database

pytestmark = pytest.mark.skipif(os.name == "nt", reason="POSIX permissions")


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


@pytest.fixture(autouse=True)
def umask_022() -> Iterator[None]:
    old = os.umask(0o022)
    try:
        yield
    finally:
        os.umask(old)


@pytest.fixture(autouse=True)
def root_handlers() -> Iterator[None]:
    """The root logger as it was: this file's handlers point at its own home and stderr."""
    root = logging.getLogger()
    level, handlers = root.level, list(root.handlers)
    yield
    for handler in list(root.handlers):
        if handler not in handlers:
            root.removeHandler(handler)
            handler.close()
    root.setLevel(level)


def test_the_cache_and_the_log_are_private(fresh_home: Path) -> None:
    db_path = paths.workspace_db_path("ws1")
    db = Database.open(db_path)
    try:
        db.call(lambda c: c.execute("CREATE TABLE captions (text TEXT)"))
        db.call(lambda c: c.execute("INSERT INTO captions VALUES ('not out yet')"))
        wal, shm = Path(f"{db_path}-wal"), Path(f"{db_path}-shm")
        assert wal.exists() and shm.exists()  # while open, in WAL mode
        assert {p.name: oct(mode(p)) for p in (db_path, wal, shm)} == {
            p.name: "0o600" for p in (db_path, wal, shm)
        }
    finally:
        db.close()
    for folder in (paths.data_dir(), paths.data_dir() / "workspaces", db_path.parent,
                   paths.config_dir()):  # fmt: skip
        assert oct(mode(folder)) == "0o700", folder
    target = setup_logging()
    logging.getLogger("s200desk.test").warning("a log line")
    assert target.path is not None and target.path.exists()
    assert oct(mode(target.path)) == "0o600"
    assert oct(mode(target.path.parent)) == "0o700"


def test_an_older_wider_cache_is_narrowed(fresh_home: Path) -> None:
    # Written by an earlier version under umask 022.
    folder = fresh_home / "data" / "workspaces" / "ws1"
    folder.mkdir(parents=True, mode=0o755)
    for part in (fresh_home / "data", folder.parent, folder):
        part.chmod(0o755)
    db_path = folder / "cache.sqlite3"
    Database.open(db_path).close()
    db_path.chmod(0o644)
    Path(f"{db_path}-wal").touch(mode=0o644)
    db = Database.open(paths.workspace_db_path("ws1"))
    db.close()
    assert oct(mode(db_path)) == "0o600"
    assert oct(mode(fresh_home / "data")) == "0o700"
    assert oct(mode(folder)) == "0o700"


def test_an_unusable_log_folder_logs_to_stderr(
    fresh_home: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (fresh_home / "log").write_text("a file where the log folder should be")
    target = setup_logging()
    logging.getLogger("s200desk.test").warning("still heard")
    for handler in logging.getLogger().handlers:
        handler.flush()
    err = capsys.readouterr().err
    assert target.path is None
    assert target.problem is not None and f"cannot use the log folder {fresh_home / 'log'}" in (
        target.problem
    )
    assert "Until then the log goes to the terminal (stderr)." in err
    assert "still heard" in err
