"""User settings (one pydantic model, saved as JSON under the config dir) and the connection.

A settings file is never a reason to crash: a file written by an older version is migrated, a
file from a newer version or with bad values keeps whatever still validates, and an unreadable
file is set aside and replaced by defaults. Every such repair is logged as a warning.
"""

from __future__ import annotations

import contextlib
import json
import logging
import os
import tempfile
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator

from s200desk import paths
from s200desk.loopback import is_loopback_host
from s200desk.settings_peek import (
    DEFAULT_BASE_URL,
    ENV_API_KEY,
    ENV_BASE_URL,
    SettingsFile,
    listed_active,
    read_settings_file,
)
from s200desk.system_zone import system_time_zone, valid_zone

if TYPE_CHECKING:
    from s200desk.secrets import KeyStore

log = logging.getLogger(__name__)

SCHEMA_VERSION = 1
DEFAULT_SITE_URL = "https://status200uploads.com"

ENV_SITE_URL = "S200_SITE_URL"


class Plan(StrEnum):
    FREE = "free"
    BEGINNER = "beginner"
    APPRENTICE = "apprentice"
    SKILLED = "skilled"
    EXPERT = "expert"
    AGENCY = "agency"


# Posts per day, per platform, per account (None: unlimited), from the reference's plan table.
PLAN_DAILY_LIMITS: dict[Plan, int | None] = {
    Plan.FREE: 5,
    Plan.BEGINNER: 20,
    Plan.APPRENTICE: 50,
    Plan.SKILLED: 100,
    Plan.EXPERT: 150,
    Plan.AGENCY: None,
}


class Theme(StrEnum):
    SYSTEM = "system"
    LIGHT = "light"
    DARK = "dark"


class FirstDayOfWeek(StrEnum):
    MONDAY = "monday"
    SUNDAY = "sunday"
    SATURDAY = "saturday"


# --------------------------------------------------------------------------- time zone


# --------------------------------------------------------------------------- URLs


def check_url(url: str) -> str:
    """Return ``url`` without a trailing slash; refuse anything but HTTPS off loopback."""
    url = url.strip().rstrip("/")
    parts = urlsplit(url)
    if parts.scheme not in {"http", "https"} or not parts.hostname:
        raise ValueError(f"{url!r} is not an http(s) address")
    if parts.scheme != "https" and not is_loopback_host(parts.hostname):
        raise ValueError(f"{url!r} must use https:// (plain http is allowed on loopback only)")
    return url


# --------------------------------------------------------------------------- the model


class Workspace(BaseModel):
    """A named account: its key lives in the keyring under ``id``."""

    model_config = ConfigDict(extra="ignore")

    id: str = Field(title="Id", description="Stable identifier; the keyring entry's name.")
    name: str = Field(title="Name", description="What you call this workspace.")


class Settings(BaseModel):
    """Everything the user can set. The settings dialog is generated from this model's schema."""

    model_config = ConfigDict(extra="ignore", validate_assignment=True, use_enum_values=False)

    schema_version: int = Field(
        default=SCHEMA_VERSION,
        title="Schema version",
        description="Layout version of the settings file.",
        json_schema_extra={"readOnly": True},
    )
    base_url: str = Field(
        default=DEFAULT_BASE_URL,
        title="API base URL",
        description="The functions base: posts, media upload and analytics.",
    )
    site_url: str = Field(
        default=DEFAULT_SITE_URL,
        title="Site URL",
        description="The site base serving /api/v2/posts (queues posts past the daily cap).",
    )
    plan: Plan = Field(
        default=Plan.FREE,
        # A title equal to the enum's class name would be dropped from the JSON schema.
        title="Your plan",
        description="Your Status 200 plan, used to show how much of each daily limit is left.",
    )
    time_zone: str = Field(
        default_factory=system_time_zone,
        title="Time zone",
        description="IANA time zone in which times are shown and entered, e.g. Europe/Berlin.",
    )
    theme: Theme = Field(
        default=Theme.SYSTEM,
        title="Colour theme",
        description="Colour scheme.",
    )
    first_day_of_week: FirstDayOfWeek = Field(
        default=FirstDayOfWeek.MONDAY,
        title="First day of the week",
        description="The day the calendar's weeks start on.",
    )
    sync_interval_minutes: int = Field(
        default=5,
        ge=1,
        le=1440,
        title="Sync every (minutes)",
        description="How often posts and profiles are refreshed in the background.",
    )
    # Desktop notifications (system tray, else a banner in the window), one switch per kind.
    notify_on_failure: bool = Field(
        default=True,
        title="Notify when a post fails",
        description="A desktop notification when a post is refused or fails to publish.",
    )
    notify_on_queued: bool = Field(
        default=True,
        title="Notify when a post is queued for the next day",
        description="The day's limit was reached and Status 200 moved the post to the next day.",
    )
    notify_on_published: bool = Field(
        default=True,
        title="Notify when a post publishes",
        description="A desktop notification when a post goes live.",
    )
    workspaces: list[Workspace] = Field(
        default_factory=list,
        title="Workspaces",
        description="Your accounts; each has its own key and local cache.",
        json_schema_extra={"readOnly": True},
    )
    active_workspace_id: str | None = Field(
        default=None,
        title="Active workspace",
        description="The workspace the window shows.",
        json_schema_extra={"readOnly": True},
    )

    @field_validator("base_url", "site_url")
    @classmethod
    def _check_url(cls, value: str) -> str:
        return check_url(value)

    @field_validator("time_zone")
    @classmethod
    def _check_zone(cls, value: str) -> str:
        if valid_zone(value) is None:
            raise ValueError(f"{value!r} is not a known IANA time zone")
        return value

    @field_validator("workspaces")
    @classmethod
    def _unique_workspaces(cls, value: list[Workspace]) -> list[Workspace]:
        # A hand-edited file with a repeated id keeps the first entry rather than losing all.
        seen: set[str] = set()
        unique: list[Workspace] = []
        for workspace in value:
            if workspace.id not in seen:
                seen.add(workspace.id)
                unique.append(workspace)
        if len(unique) != len(value):
            log.warning(
                "settings: dropped %d workspace(s) with a repeated id", len(value) - len(unique)
            )
        return unique

    @model_validator(mode="after")
    def _check_active(self) -> Settings:
        active = listed_active([w.id for w in self.workspaces], self.active_workspace_id)
        if active != self.active_workspace_id:
            # Bypass validate_assignment recursion: set the raw attribute.
            object.__setattr__(self, "active_workspace_id", active)
        return self

    def workspace(self, workspace_id: str) -> Workspace | None:
        return next((w for w in self.workspaces if w.id == workspace_id), None)

    @property
    def zone(self) -> ZoneInfo:
        return ZoneInfo(self.time_zone)


# --------------------------------------------------------------------------- migrations

# Each step takes the raw dict of version N and returns the dict of version N + 1.
# Version 0 is any file without "schema_version" (written before versioning existed): it has the
# same layout as version 1, so the step only stamps it. Add version 2's step here when the layout
# changes, and bump SCHEMA_VERSION.
_MIGRATIONS: dict[int, Callable[[dict[str, Any]], dict[str, Any]]] = {
    0: lambda raw: {**raw, "schema_version": 1},
}


def _migrate(raw: dict[str, Any], source: Path) -> dict[str, Any]:
    version = raw.get("schema_version", 0)
    if not isinstance(version, int) or version < 0:
        log.warning(
            "settings %s: unusable schema_version %r; reading it as current", source, version
        )
        return {**raw, "schema_version": SCHEMA_VERSION}
    if version > SCHEMA_VERSION:
        log.warning(
            "settings %s: written by a newer s200desk (schema %d > %d); keeping what still fits",
            source,
            version,
            SCHEMA_VERSION,
        )
        return {**raw, "schema_version": SCHEMA_VERSION}
    while version < SCHEMA_VERSION:
        raw = _MIGRATIONS[version](raw)
        log.warning("settings %s: migrated from schema %d to %d", source, version, version + 1)
        version += 1
    return raw


def _salvage(raw: dict[str, Any], source: Path) -> Settings:
    """Build Settings from ``raw``, dropping (and logging) each field that does not validate."""
    try:
        return Settings.model_validate(raw)
    except ValidationError:
        pass
    kept: dict[str, Any] = {}
    for name in Settings.model_fields:
        if name not in raw:
            continue
        try:
            Settings.model_validate({**kept, name: raw[name]})
        except ValidationError as exc:
            reason = exc.errors()[0].get("msg", "invalid")
            log.warning("settings %s: %s reset to its default (%s)", source, name, reason)
        else:
            kept[name] = raw[name]
    return Settings.model_validate(kept)


def _set_aside(path: Path) -> Path:
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
    aside = path.with_name(f"{path.name}.broken-{stamp}")
    with contextlib.suppress(OSError):
        os.replace(path, aside)
    return aside


def load_settings(path: Path | None = None) -> Settings:
    """Read the settings file; defaults when there is none. Never raises for a bad file."""
    return settings_from_file(read_settings_file(path or paths.settings_file()))


def settings_from_file(file: SettingsFile) -> Settings:
    """The settings the file held (``settings_peek.read_settings_file``), migrated, with each
    bad value reset; defaults when there is no file. An unusable file is set aside."""
    if file.unreadable is not None:
        log.warning("settings %s unreadable (%s); using defaults", file.path, file.unreadable)
        return Settings()
    if file.not_json is not None:
        aside = _set_aside(file.path)
        log.warning("settings %s is not valid JSON (%s); moved to %s, using defaults",
                    file.path, file.not_json, aside)  # fmt: skip
        return Settings()
    if file.data is None:
        return Settings()
    return _salvage(_migrate(file.data, file.path), file.path)


def save_settings(settings: Settings, path: Path | None = None) -> Path:
    """Write the settings atomically: a crash leaves either the old file or the new one."""
    path = path or paths.settings_file()
    path.parent.mkdir(parents=True, exist_ok=True)
    data = settings.model_dump(mode="json")
    fd, tmp = tempfile.mkstemp(prefix=".settings-", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            json.dump(data, fh, indent=2, sort_keys=False)
            fh.write("\n")
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise
    return path


# --------------------------------------------------------------------------- connection

KeySource = Literal["env", "keyring", "session", "none"]


@dataclass(frozen=True)
class Connection:
    """What the client needs. ``source`` says where the key came from."""

    api_key: str | None = field(repr=False)
    base_url: str
    site_url: str
    source: KeySource
    # Names of the environment variables that overrode stored values.
    overridden: tuple[str, ...] = ()

    def __repr__(self) -> str:
        shown = "None" if self.api_key is None else "'rl_…redacted'"
        return (
            f"Connection(api_key={shown}, base_url={self.base_url!r}, site_url={self.site_url!r}, "
            f"source={self.source!r}, overridden={self.overridden!r})"
        )


def resolve_connection(settings: Settings, keystore: KeyStore | None) -> Connection:
    """The key and URLs to use: environment overrides first, then the active workspace's key."""
    overridden: list[str] = []
    base_url, site_url = settings.base_url, settings.site_url
    env_base = os.environ.get(ENV_BASE_URL, "").strip()
    if env_base:
        base_url = check_url(env_base)
        overridden.append(ENV_BASE_URL)
    env_site = os.environ.get(ENV_SITE_URL, "").strip()
    if env_site:
        site_url = check_url(env_site)
        overridden.append(ENV_SITE_URL)

    env_key = os.environ.get(ENV_API_KEY, "").strip()
    api_key: str | None = None
    source: KeySource = "none"
    if env_key:
        api_key, source = env_key, "env"
        overridden.append(ENV_API_KEY)
    elif keystore is not None and settings.active_workspace_id:
        api_key = keystore.get(settings.active_workspace_id)
        if api_key is not None:
            source = "keyring" if keystore.available else "session"
    return Connection(api_key, base_url, site_url, source, tuple(overridden))
