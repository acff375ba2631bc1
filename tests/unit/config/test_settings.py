"""Settings: round trip, migration of old files, repair of bad ones, env overrides."""

from __future__ import annotations

import json
import logging
from pathlib import Path

import pytest

from s200desk import config, paths
from s200desk.config import (
    Connection,
    FirstDayOfWeek,
    Plan,
    Settings,
    Theme,
    Workspace,
    load_settings,
    resolve_connection,
    save_settings,
)


def test_paths_live_under_s200desk_home(fresh_home: Path) -> None:
    assert paths.config_dir() == fresh_home / "config"
    assert paths.data_dir() == fresh_home / "data"
    assert paths.log_dir() == fresh_home / "log"
    assert (
        paths.workspace_db_path("w1") == fresh_home / "data" / "workspaces" / "w1" / "cache.sqlite3"
    )
    with pytest.raises(ValueError):
        paths.workspace_dir("../escape")


def test_paths_without_home_use_platformdirs(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.delenv("S200DESK_HOME")
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "xdgc"))
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "xdgd"))
    assert paths.config_dir() == tmp_path / "xdgc" / "s200desk"
    assert paths.data_dir() == tmp_path / "xdgd" / "s200desk"


def test_defaults_without_a_file() -> None:
    s = load_settings()
    assert s.schema_version == config.SCHEMA_VERSION
    assert s.base_url == "https://app.status200uploads.com/functions/v1"
    assert s.site_url == "https://status200uploads.com"
    assert s.theme is Theme.SYSTEM and s.first_day_of_week is FirstDayOfWeek.MONDAY
    assert s.workspaces == [] and s.active_workspace_id is None


def test_round_trip() -> None:
    s = Settings(
        plan=Plan.SKILLED,
        time_zone="Europe/Berlin",
        theme=Theme.DARK,
        first_day_of_week=FirstDayOfWeek.SUNDAY,
        sync_interval_minutes=7,
        base_url="http://127.0.0.1:8123/functions/v1/",
        site_url="http://127.0.0.1:8123",
        workspaces=[Workspace(id="a", name="Agency"), Workspace(id="b", name="Brand")],
        active_workspace_id="b",
    )
    path = save_settings(s)
    assert path == paths.settings_file()
    assert not list(path.parent.glob(".settings-*"))  # no temp file left behind
    loaded = load_settings()
    assert loaded == s
    assert loaded.base_url == "http://127.0.0.1:8123/functions/v1"  # trailing slash dropped
    assert json.loads(path.read_text())["schema_version"] == config.SCHEMA_VERSION


def test_old_file_is_migrated_with_warning(caplog: pytest.LogCaptureFixture) -> None:
    # Written before schema_version existed; carries a key we no longer know.
    paths.settings_file().write_text(
        json.dumps({"plan": "expert", "theme": "light", "window_geometry": [1, 2, 3]})
    )
    with caplog.at_level(logging.WARNING, logger="s200desk.config"):
        s = load_settings()
    assert s.plan is Plan.EXPERT and s.theme is Theme.LIGHT
    assert s.schema_version == config.SCHEMA_VERSION
    assert "migrated from schema 0 to 1" in caplog.text


def test_bad_values_are_reset_one_by_one(caplog: pytest.LogCaptureFixture) -> None:
    paths.settings_file().write_text(
        json.dumps(
            {
                "schema_version": 1,
                "plan": "platinum",
                "time_zone": "Mars/Olympus",
                "theme": "dark",
                "base_url": "http://evil.example.com/functions/v1",
                "sync_interval_minutes": 0,
                "workspaces": [{"id": "w", "name": "W"}],
                "active_workspace_id": "gone",
            }
        )
    )
    with caplog.at_level(logging.WARNING, logger="s200desk.config"):
        s = load_settings()
    assert s.theme is Theme.DARK  # the good value survives
    assert s.plan is Plan.FREE
    assert s.base_url == config.DEFAULT_BASE_URL  # plain http off loopback refused
    assert s.sync_interval_minutes == 5
    assert s.active_workspace_id == "w"  # an unknown active id falls back to the first workspace
    for name in ("plan", "time_zone", "base_url", "sync_interval_minutes"):
        assert f"{name} reset to its default" in caplog.text


def test_newer_file_keeps_what_fits(caplog: pytest.LogCaptureFixture) -> None:
    paths.settings_file().write_text(json.dumps({"schema_version": 99, "theme": "dark"}))
    with caplog.at_level(logging.WARNING, logger="s200desk.config"):
        s = load_settings()
    assert s.theme is Theme.DARK and s.schema_version == config.SCHEMA_VERSION
    assert "newer s200desk" in caplog.text


@pytest.mark.parametrize("text", ["{not json", "[1, 2]", ""])
def test_corrupt_file_is_set_aside(text: str, caplog: pytest.LogCaptureFixture) -> None:
    paths.settings_file().write_text(text)
    with caplog.at_level(logging.WARNING, logger="s200desk.config"):
        s = load_settings()
    assert s == Settings(time_zone=s.time_zone)
    assert list(paths.config_dir().glob("settings.json.broken-*"))
    assert "using defaults" in caplog.text


def test_schema_has_titles_for_a_generated_dialog() -> None:
    schema = Settings.model_json_schema()
    for name in ("base_url", "site_url", "plan", "time_zone", "theme", "first_day_of_week"):
        prop = schema["properties"][name]
        assert prop.get("title") and prop.get("description"), name
    assert schema["properties"]["schema_version"]["readOnly"] is True


@pytest.mark.parametrize(
    ("tz", "expected"),
    [
        ("Europe/Paris", "Europe/Paris"),
        (":America/New_York", "America/New_York"),
        ("/usr/share/zoneinfo/Asia/Tokyo", "Asia/Tokyo"),
    ],
)
def test_system_time_zone_from_tz(monkeypatch: pytest.MonkeyPatch, tz: str, expected: str) -> None:
    monkeypatch.setenv("TZ", tz)
    assert config.system_time_zone() == expected


def test_system_time_zone_never_invalid(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TZ", "Nowhere/Special")
    zone = config.system_time_zone()
    Settings(time_zone=zone)  # validates


class _Keys:
    available = True

    def __init__(self, keys: dict[str, str]) -> None:
        self.keys = keys

    def get(self, workspace_id: str) -> str | None:
        return self.keys.get(workspace_id)


def test_resolve_connection_from_keystore() -> None:
    s = Settings(workspaces=[Workspace(id="w", name="W")], active_workspace_id="w")
    conn = resolve_connection(s, _Keys({"w": "rl_stored"}))  # type: ignore[arg-type]
    assert conn == Connection("rl_stored", s.base_url, s.site_url, "keyring", ())
    assert "rl_stored" not in repr(conn)


def test_resolve_connection_env_overrides(monkeypatch: pytest.MonkeyPatch) -> None:
    s = Settings(workspaces=[Workspace(id="w", name="W")], active_workspace_id="w")
    monkeypatch.setenv("S200_API_KEY", "rl_from_env")
    monkeypatch.setenv("S200_BASE_URL", "http://127.0.0.1:9/functions/v1")
    monkeypatch.setenv("S200_SITE_URL", "https://staging.example.com/")
    conn = resolve_connection(s, _Keys({"w": "rl_stored"}))  # type: ignore[arg-type]
    assert conn.api_key == "rl_from_env" and conn.source == "env"
    assert conn.base_url == "http://127.0.0.1:9/functions/v1"
    assert conn.site_url == "https://staging.example.com"
    assert set(conn.overridden) == {"S200_API_KEY", "S200_BASE_URL", "S200_SITE_URL"}


def test_resolve_connection_without_key() -> None:
    conn = resolve_connection(Settings(), None)
    assert conn.api_key is None and conn.source == "none" and conn.overridden == ()


def test_resolve_connection_refuses_plain_http_remote(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("S200_BASE_URL", "http://api.example.com/functions/v1")
    with pytest.raises(ValueError, match="https"):
        resolve_connection(Settings(), None)


def test_repeated_workspace_ids_keep_the_first(caplog: pytest.LogCaptureFixture) -> None:
    paths.settings_file().write_text(
        json.dumps(
            {
                "schema_version": 1,
                "workspaces": [{"id": "a", "name": "A"}, {"id": "a", "name": "Copy"}],
                "active_workspace_id": "a",
            }
        )
    )
    s = load_settings()
    assert s.workspaces == [Workspace(id="a", name="A")] and s.active_workspace_id == "a"
    assert "repeated id" in caplog.text
