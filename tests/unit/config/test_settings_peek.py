"""The first frame's look at the settings file: same workspace choice as the full start-up,
defaults for anything missing or odd, never an exception."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from s200desk.settings_peek import ENV_API_KEY, peek_settings

TWO = [{"id": "ws-a", "name": "Studio A"}, {"id": "ws-b", "name": "Studio B"}]


def write(tmp_path: Path, content: object) -> Path:
    path = tmp_path / "settings.json"
    path.write_text(content if isinstance(content, str) else json.dumps(content))
    return path


@pytest.fixture(autouse=True)
def no_env_key(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(ENV_API_KEY, raising=False)
    monkeypatch.setenv("TZ", "Europe/Berlin")


def test_the_active_workspace_theme_and_zone(tmp_path: Path) -> None:
    peek = peek_settings(write(tmp_path, {"workspaces": TWO, "active_workspace_id": "ws-b",
                                          "theme": "dark", "time_zone": "Asia/Tokyo"}))  # fmt: skip
    assert (peek.workspace_id, peek.workspace_name) == ("ws-b", "Studio B")
    assert (peek.theme, peek.time_zone) == ("dark", "Asia/Tokyo")


def test_an_unknown_active_workspace_falls_back_to_the_first_as_the_model_does(
    tmp_path: Path,
) -> None:
    from s200desk.config import load_settings

    path = write(tmp_path, {"workspaces": TWO, "active_workspace_id": "ws-gone"})
    assert peek_settings(path).workspace_id == load_settings(path).active_workspace_id == "ws-a"


def test_no_workspace_and_no_key_means_the_welcome_dialog(tmp_path: Path) -> None:
    assert peek_settings(write(tmp_path, {"schema_version": 1})).workspace_id is None


def test_an_environment_key_opens_its_own_workspace_unless_one_is_active(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(ENV_API_KEY, "rl_from_the_environment")
    own = peek_settings(write(tmp_path, {})).workspace_id
    assert own is not None and own.startswith("env-")
    assert peek_settings(write(tmp_path, {"workspaces": TWO, "active_workspace_id": "ws-b"})
                         ).workspace_id == "ws-b"  # fmt: skip
    # Listed but none active: the model keeps none active, so the key opens its own.
    assert peek_settings(write(tmp_path, {"workspaces": TWO})).workspace_id == own


def test_the_environment_keys_workspace_is_bound_to_the_key_and_server(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A post queued under one key and server is never in the outbox another key opens."""
    from s200desk.cli.context import workspace_id_for
    from s200desk.config import load_settings, resolve_connection

    def opened(key: str, base_url: str | None) -> str | None:
        monkeypatch.setenv(ENV_API_KEY, key)
        if base_url:
            monkeypatch.setenv("S200_BASE_URL", base_url)
        else:
            monkeypatch.delenv("S200_BASE_URL", raising=False)
        path = write(tmp_path, {})
        gui = peek_settings(path).workspace_id
        settings = load_settings(path)
        cli = workspace_id_for(settings, resolve_connection(settings, None), None)
        assert gui == cli  # the window and the command line share that outbox
        return gui

    a = opened("rl_key_a", None)
    assert opened("rl_key_a", None) == a
    assert opened("rl_key_b", None) != a
    assert opened("rl_key_a", "http://127.0.0.1:8123/functions/v1") != a
    assert a is not None and "rl_key_a" not in a


@pytest.mark.parametrize(
    "content", ["", "{not json", "[1, 2]", json.dumps({"theme": "neon", "time_zone": "Mars/Base",
                                                       "workspaces": "nope"})],
    ids=["empty", "broken", "a-list", "odd-values"],
)  # fmt: skip
def test_odd_files_give_defaults(tmp_path: Path, content: str) -> None:
    peek = peek_settings(write(tmp_path, content))
    assert (peek.theme, peek.time_zone, peek.workspace_id) == ("system", "Europe/Berlin", None)


def test_a_missing_file_gives_defaults(tmp_path: Path) -> None:
    assert peek_settings(tmp_path / "absent.json").theme == "system"
