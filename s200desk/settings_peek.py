"""The settings file, read once at start-up, and the little the first frame takes from it.

``read_settings_file`` is the one reader of the file. The first frame takes the theme, the time
zone and the workspace to show from that read before pydantic loads (importing pydantic and
building the model cost 80-100 ms before the paint, docs/performance.md); then
``config.settings_from_file`` validates the same read into ``Settings``, the one authority the
rest of the app uses. The workspace rules live here, pydantic-free, and the model and
``WorkspaceFlow`` call them too. Where the peek and the model still disagree (a hand-edited file
pydantic rejects), the controller reads the workspace it really opens.
"""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from s200desk.system_zone import system_time_zone, valid_zone

ENV_API_KEY = "S200_API_KEY"
ENV_BASE_URL = "S200_BASE_URL"
DEFAULT_BASE_URL = "https://app.status200uploads.com/functions/v1"
THEMES = ("system", "light", "dark")


@dataclass(frozen=True, slots=True)
class SettingsFile:
    """What the settings file held: a JSON object, or why there is none."""

    path: Path
    data: dict[str, Any] | None  # None: no file, or one that cannot be used (below)
    unreadable: str | None = None  # the error reading it
    not_json: str | None = None  # why its content is not a JSON object


def read_settings_file(path: Path) -> SettingsFile:
    """The settings file at ``path``, read once, never raising."""
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return SettingsFile(path, None)
    except OSError as exc:
        return SettingsFile(path, None, unreadable=str(exc))
    except ValueError as exc:  # not UTF-8
        return SettingsFile(path, None, not_json=str(exc))
    try:
        raw = json.loads(text)
    except ValueError as exc:
        return SettingsFile(path, None, not_json=str(exc))
    if not isinstance(raw, dict):
        return SettingsFile(path, None, not_json="top level is not an object")
    return SettingsFile(path, raw)


def env_workspace_id(api_key: str, base_url: str) -> str:
    """The workspace of a key given only through $S200_API_KEY: one per key and server, so a
    post queued with one key is never in the outbox another key opens. The command line
    derives the same id, so both share that outbox. One-way: the id does not reveal the key."""
    digest = hashlib.sha256(f"{base_url.strip().rstrip('/')}\n{api_key.strip()}".encode())
    return f"env-{digest.hexdigest()[:16]}"


def listed_active(ids: Sequence[str], active: str | None) -> str | None:
    """The active workspace as the settings keep it: an id no longer listed gives the first."""
    if active is None or active in ids:
        return active
    return ids[0] if ids else None


def opening_workspace(
    listed: Sequence[tuple[str, str]], active: str | None, env_key: str, base_url: str
) -> tuple[str, str] | None:
    """(id, name) of the workspace start-up opens: the active one (an environment key opens it
    too); with only $S200_API_KEY, that key's own; None: none yet, the welcome dialog asks."""
    names = dict(listed)
    if active is not None and active in names:
        return active, names[active]
    if env_key:
        return env_workspace_id(env_key, base_url), "S200_API_KEY"
    return None


@dataclass(frozen=True, slots=True)
class SettingsPeek:
    file: SettingsFile  # the one read, validated later by config.settings_from_file
    theme: str
    time_zone: str
    # The workspace the app will open, whose cache the first frame shows; None: none yet.
    workspace_id: str | None
    workspace_name: str


def peek_settings(path: Path) -> SettingsPeek:
    """Read the settings file at ``path`` and take what the first frame needs, never raising."""
    file = read_settings_file(path)
    raw = file.data or {}
    theme = raw.get("theme")
    zone = valid_zone(raw.get("time_zone")) if isinstance(raw.get("time_zone"), str) else None
    listed = [
        (w["id"], w["name"])
        for w in raw.get("workspaces") or []
        if isinstance(w, dict) and isinstance(w.get("id"), str) and isinstance(w.get("name"), str)
    ]
    active = raw.get("active_workspace_id")
    active = listed_active([i for i, _ in listed], active if isinstance(active, str) else None)
    env_key = os.environ.get(ENV_API_KEY, "").strip()
    chosen = opening_workspace(listed, active, env_key, _base_url(raw))
    return SettingsPeek(
        file=file,
        theme=theme if theme in THEMES else "system",
        time_zone=zone or system_time_zone(),
        workspace_id=chosen[0] if chosen else None,
        workspace_name=chosen[1] if chosen else "",
    )


def _base_url(raw: dict[str, Any]) -> str:
    """The functions base as ``resolve_connection`` finds it: $S200_BASE_URL, the file, else
    the default."""
    env = os.environ.get(ENV_BASE_URL, "").strip()
    stored = raw.get("base_url")
    return env or (stored if isinstance(stored, str) and stored.strip() else DEFAULT_BASE_URL)
