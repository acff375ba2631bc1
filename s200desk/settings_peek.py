"""The little start-up needs from the settings file before anything heavy has loaded.

The first frame (``s200desk.ui.first_frame``) paints the window with the last known data before
pydantic, the event loop or the keyring are imported; it needs the theme, the time zone and
whose cache to show. This reads them from the raw JSON. ``s200desk.config`` stays the one
authority on settings: anything here that is missing or odd falls back to a default, and the
full model takes over once it has loaded.
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from s200desk.system_zone import system_time_zone, valid_zone

ENV_API_KEY = "S200_API_KEY"
ENV_WORKSPACE_ID = "env"  # the workspace of a key given only through $S200_API_KEY
THEMES = ("system", "light", "dark")


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
    if os.environ.get(ENV_API_KEY, "").strip():
        return (active, names[active]) if active else (ENV_WORKSPACE_ID, "S200_API_KEY")
    return (active, names[active]) if active else (None, "")
