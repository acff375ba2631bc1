"""Where s200desk keeps its settings, data and logs.

platformdirs' per-user directories for the app "s200desk", or, when ``$S200DESK_HOME`` is set,
``config/``, ``data/`` and ``log/`` under it, so tests and portable installs never touch a real
profile. The directories are created on first use, readable by their owner only (0700 on POSIX):
they hold unpublished captions. A folder that cannot be made raises ``FolderProblem``, which says
which folder, why, and what to do.
"""

from __future__ import annotations

import contextlib
import os
import stat
from pathlib import Path

import platformdirs

APP_NAME = "s200desk"
HOME_ENV = "S200DESK_HOME"
PRIVATE_DIR = 0o700
PRIVATE_FILE = 0o600


class FolderProblem(OSError):
    """A folder s200desk needs cannot be created or used."""

    def __init__(self, what: str, path: Path, reason: OSError) -> None:
        self.what = what
        self.path = path
        self.reason = reason
        why = reason.strerror or str(reason)
        blocker = _file_in_the_way(path)
        if blocker is not None:
            why = f"{why}: {blocker} is a file, not a folder"
        super().__init__(
            reason.errno,
            f"cannot use the {what} folder {path} ({why}). Set {HOME_ENV} to a folder you can "
            "write to, or fix that folder.",
        )

    def __str__(self) -> str:
        return str(self.args[1])


def _file_in_the_way(path: Path) -> Path | None:
    for candidate in (path, *path.parents):
        if candidate.exists():
            return candidate if not candidate.is_dir() else None
    return None


def make_private(path: Path, mode: int) -> None:
    """Take group and other access away (POSIX only; Windows profiles are private already)."""
    if os.name == "nt":
        return
    with contextlib.suppress(OSError):  # not ours to change (a shared S200DESK_HOME): leave it
        if stat.S_IMODE(path.stat().st_mode) & 0o077:
            path.chmod(mode)


def _home() -> Path | None:
    value = os.environ.get(HOME_ENV, "").strip()
    return Path(value).expanduser() if value else None


def _ensure(path: Path, what: str) -> Path:
    try:
        path.mkdir(parents=True, exist_ok=True, mode=PRIVATE_DIR)
        if not path.is_dir() or not os.access(path, os.W_OK | os.X_OK):
            raise PermissionError(13, "Permission denied", str(path))
    except OSError as exc:
        raise FolderProblem(what, path, exc) from exc
    make_private(path, PRIVATE_DIR)
    return path


def config_dir() -> Path:
    """The directory holding settings.json."""
    home = _home()
    if home is not None:
        return _ensure(home / "config", "settings")
    return _ensure(Path(platformdirs.user_config_dir(APP_NAME, appauthor=False)), "settings")


def data_dir() -> Path:
    """The directory holding the per-workspace SQLite caches."""
    home = _home()
    if home is not None:
        return _ensure(home / "data", "data")
    return _ensure(Path(platformdirs.user_data_dir(APP_NAME, appauthor=False)), "data")


def log_dir() -> Path:
    """The directory holding the rotating log file."""
    home = _home()
    if home is not None:
        return _ensure(home / "log", "log")
    return _ensure(Path(platformdirs.user_log_dir(APP_NAME, appauthor=False)), "log")


def settings_file() -> Path:
    return config_dir() / "settings.json"


def workspace_dir(workspace_id: str) -> Path:
    """The private data directory of one workspace."""
    if (
        not workspace_id
        or "/" in workspace_id
        or "\\" in workspace_id
        or workspace_id in {".", ".."}
    ):
        raise ValueError(f"not a usable workspace id: {workspace_id!r}")
    workspaces = _ensure(data_dir() / "workspaces", "data")
    return _ensure(workspaces / workspace_id, "data")


def workspace_db_path(workspace_id: str) -> Path:
    """``data_dir/workspaces/<id>/cache.sqlite3``: one database per workspace."""
    return workspace_dir(workspace_id) / "cache.sqlite3"
