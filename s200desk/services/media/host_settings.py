"""Media-host settings per workspace (a JSON file) and its credentials (the OS keyring only).

``MediaHostSettings`` lives in ``config_dir()/media-host-<workspace>.json`` until the shell's
``Settings`` grows these fields. The access and secret keys are never in that file: they go through
``s200desk.secrets.KeyStore`` under the entry ``<workspace>:media-host`` (so they inherit its
session-only fallback and its "no keyring" explanation), and are never logged.
"""

from __future__ import annotations

import json
import logging
import os
import tempfile
from pathlib import Path
from typing import Any, Literal

import httpx
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from s200desk import paths
from s200desk.loopback import is_loopback_url, plain_http_allowed
from s200desk.services.media.hosts import (
    EmulatorHost,
    HostNotConfigured,
    MediaHost,
    S3Credentials,
    S3Host,
)

log = logging.getLogger(__name__)

SCHEMA_VERSION = 1


class MediaHostSettings(BaseModel):
    """Where local files are uploaded to get a public URL."""

    model_config = ConfigDict(extra="ignore", title="Media hosting")

    schema_version: int = SCHEMA_VERSION
    kind: Literal["auto", "s3", "emulator", "none"] = Field(
        "auto", title="Host",
        description="auto: the demo server when connected to it, else the bucket if one is set",
    )  # fmt: skip
    endpoint_url: str = Field(
        "", title="Endpoint", description="e.g. https://s3.eu-central-1.amazonaws.com, "
        "https://<account>.r2.cloudflarestorage.com, https://s3.us-west-004.backblazeb2.com",
    )  # fmt: skip
    region: str = Field("us-east-1", title="Region", description="R2: auto")
    bucket: str = Field("", title="Bucket")
    key_prefix: str = Field("s200desk/", title="Key prefix", description="folder in the bucket")
    public_base_url: str = Field(
        "", title="Public base URL",
        description="where the bucket's objects are readable by anyone (e.g. an R2 public domain "
        "or a CDN); empty: the endpoint's own object URL",
    )  # fmt: skip
    addressing_style: Literal["auto", "path", "virtual"] = Field("auto", title="Addressing")
    acl: str | None = Field(
        None, title="Object ACL", description="e.g. public-read for AWS buckets that use ACLs"
    )

    @field_validator("endpoint_url", "public_base_url")
    @classmethod
    def _https_unless_local(cls, value: str) -> str:
        value = value.strip()
        if value and not plain_http_allowed(value):
            raise ValueError("use an https:// address (plain http only for this computer)")
        return value.rstrip("/")

    @property
    def configured(self) -> bool:
        return bool(self.endpoint_url and self.bucket)


def settings_path(workspace_id: str) -> Path:
    return paths.config_dir() / f"media-host-{workspace_id}.json"


def load_host_settings(workspace_id: str) -> MediaHostSettings:
    path = settings_path(workspace_id)
    try:
        raw = json.loads(path.read_text(encoding="utf-8"))
        return MediaHostSettings.model_validate(raw)
    except FileNotFoundError:
        return MediaHostSettings()
    except (OSError, ValueError, ValidationError) as exc:
        log.warning("media-host settings %s unreadable (%s); using defaults", path, type(exc))
        return MediaHostSettings()


def save_host_settings(workspace_id: str, settings: MediaHostSettings) -> Path:
    path = settings_path(workspace_id)
    data = json.dumps(settings.model_dump(mode="json"), indent=2)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=path.name, suffix=".tmp")
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            fh.write(data)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return path


# --------------------------------------------------------------------------- credentials


def _entry(workspace_id: str) -> str:
    return f"{workspace_id}:media-host"


class HostCredentialStore:
    """The bucket's access/secret key pair of each workspace, in the keyring via ``KeyStore``."""

    def __init__(self, keystore: Any) -> None:
        self._keys = keystore

    def get(self, workspace_id: str) -> S3Credentials | None:
        raw = self._keys.get(_entry(workspace_id))
        if not raw:
            return None
        try:
            data = json.loads(raw)
            return S3Credentials(
                data["access_key"], data["secret_key"], data.get("session_token") or None
            )
        except (ValueError, KeyError, TypeError):
            log.warning("media-host credentials of a workspace are unreadable; ignoring them")
            return None

    def set(self, workspace_id: str, creds: S3Credentials) -> None:
        if not creds.access_key or not creds.secret_key:
            raise ValueError("both the access key and the secret key are needed")
        blob = {"access_key": creds.access_key, "secret_key": creds.secret_key}
        if creds.session_token:
            blob["session_token"] = creds.session_token
        self._keys.set(_entry(workspace_id), json.dumps(blob))

    def delete(self, workspace_id: str) -> None:
        self._keys.delete(_entry(workspace_id))


def make_host(
    settings: MediaHostSettings,
    *,
    site_url: str,
    credentials: S3Credentials | None,
    http: httpx.AsyncClient,
) -> MediaHost:
    """The host local files go to; raises HostNotConfigured when there is none yet."""
    kind = settings.kind
    if kind == "auto":
        if is_loopback_url(site_url):
            kind = "emulator"  # demo mode: the emulator hosts, no set-up
        elif settings.configured:
            kind = "s3"
        else:
            raise HostNotConfigured()
    if kind == "emulator":
        return EmulatorHost(site_url, http)
    if kind == "s3" and settings.configured and credentials is not None:
        return S3Host(
            endpoint_url=settings.endpoint_url, region=settings.region, bucket=settings.bucket,
            credentials=credentials, http=http, public_base_url=settings.public_base_url,
            addressing_style=settings.addressing_style, acl=settings.acl,
        )  # fmt: skip
    raise HostNotConfigured()
