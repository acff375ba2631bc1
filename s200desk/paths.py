"""Where s200desk keeps its settings, data and logs.

platformdirs' per-user directories for the app "s200desk", or, when ``$S200DESK_HOME`` is set,
``config/``, ``data/`` and ``log/`` under it, so tests and portable installs never touch a real
profile. The directories are created on first use.
"""

from __future__ import annotations

import os
from pathlib import Path

import platformdirs

APP_NAME = "s200desk"
HOME_ENV = "S200DESK_HOME"


def _home() -> Path | None:
    value = os.environ.get(HOME_ENV, "").strip()
    return Path(value).expanduser() if value else None


def _ensure(path: Path) -> Path:
    path.mkdir(parents=True, exist_ok=True)
    return path


def config_dir() -> Path:
    """The directory holding settings.json."""
    home = _home()
    if home is not None:
        return _ensure(home / "config")
    return _ensure(Path(platformdirs.user_config_dir(APP_NAME, appauthor=False)))


def data_dir() -> Path:
    """The directory holding the per-workspace SQLite caches."""
    home = _home()
    if home is not None:
        return _ensure(home / "data")
    return _ensure(Path(platformdirs.user_data_dir(APP_NAME, appauthor=False)))


def log_dir() -> Path:
    """The directory holding the rotating log file."""
    home = _home()
    if home is not None:
        return _ensure(home / "log")
    return _ensure(Path(platformdirs.user_log_dir(APP_NAME, appauthor=False)))


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
    return _ensure(data_dir() / "workspaces" / workspace_id)


def workspace_db_path(workspace_id: str) -> Path:
    """``data_dir/workspaces/<id>/cache.sqlite3``: one database per workspace."""
    return workspace_dir(workspace_id) / "cache.sqlite3"
