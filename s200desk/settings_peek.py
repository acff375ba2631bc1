"""The little start-up needs from the settings file before anything heavy has loaded.

The first frame (``s200desk.ui.first_frame``) paints the window with the last known data before
pydantic, the event loop or the keyring are imported; it needs the theme, the time zone and
whose cache to show. This reads them from the raw JSON. ``s200desk.config`` stays the one
authority on settings: anything here that is missing or odd falls back to a default, and the
full model takes over once it has loaded.
"""

from __future__ import annotations

import hashlib
import json
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from s200desk.system_zone import system_time_zone, valid_zone

ENV_API_KEY = "S200_API_KEY"
ENV_BASE_URL = "S200_BASE_URL"
# s200desk.config's default; kept here too because this module must not import config.
DEFAULT_BASE_URL = "https://app.status200uploads.com/functions/v1"
THEMES = ("system", "light", "dark")


def env_workspace_id(api_key: str, base_url: str) -> str:
    """The workspace of a key given only through $S200_API_KEY: one per key and server, so a
    post queued with one key is never in the outbox another key opens. The command line
    derives the same id, so both share that outbox. One-way: the id does not reveal the key."""
    digest = hashlib.sha256(f"{base_url.strip().rstrip('/')}\n{api_key.strip()}".encode())
    return f"env-{digest.hexdigest()[:16]}"


@dataclass(frozen=True, slots=True)
class SettingsPeek:
    theme: str
    time_zone: str
    # The workspace the app will open, whose cache the first frame shows; None: none yet
    # (the first run's welcome dialog comes before any window).
    workspace_id: str | None
    workspace_name: str


def peek_settings(path: Path) -> SettingsPeek:
    """What the settings file at ``path`` says, never raising."""
    try:
        raw: Any = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        raw = {}
    if not isinstance(raw, dict):
        raw = {}
    theme = raw.get("theme")
    zone = valid_zone(raw.get("time_zone")) if isinstance(raw.get("time_zone"), str) else None
    workspace_id, name = _workspace(raw)
    return SettingsPeek(
        theme=theme if theme in THEMES else "system",
        time_zone=zone or system_time_zone(),
        workspace_id=workspace_id,
        workspace_name=name,
    )


def _workspace(raw: dict[str, Any]) -> tuple[str | None, str]:
    """The same choice as ``WorkspaceFlow.initial_session``: an environment key opens the
    active workspace (else its own one); otherwise the active workspace, else the first."""
    listed = [
        (str(w["id"]), str(w.get("name") or ""))
        for w in raw.get("workspaces") or []
        if isinstance(w, dict) and w.get("id")
    ]
    names = dict(listed)
    active = raw.get("active_workspace_id")
    if active not in names:
        active = listed[0][0] if listed else None
    env_key = os.environ.get(ENV_API_KEY, "").strip()
    if env_key and not active:
        return env_workspace_id(env_key, _base_url(raw)), "S200_API_KEY"
    return (active, names[active]) if active else (None, "")


def _base_url(raw: dict[str, Any]) -> str:
    """The functions base as ``resolve_connection`` finds it: $S200_BASE_URL, the file, else
    the default."""
    env = os.environ.get(ENV_BASE_URL, "").strip()
    stored = raw.get("base_url")
    return env or (stored if isinstance(stored, str) and stored.strip() else DEFAULT_BASE_URL)
