"""The media table, host settings on disk, credentials in the keyring, and what is logged."""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any

import httpx
import pytest
from memory_keyring import MemoryKeyring

from s200desk.services.media import (
    EmulatorHost,
    HostCredentialStore,
    HostNotConfigured,
    MediaHostSettings,
    S3Credentials,
    S3Host,
    load_host_settings,
    make_host,
    save_host_settings,
)
from s200desk.services.media.hosts import redact_presigned
from s200desk.store.database import Database
from s200desk.store.media_repo import MediaRecord, MediaRepo


async def test_repo_round_trip_and_state_guard(tmp_path: Path) -> None:
    db = Database.open(tmp_path / "ws.sqlite3")
    try:
        repo = MediaRepo(db)
        rec = await repo.insert(MediaRecord(id="a", source="file", name="a.png", state="queued",
                                            path="/x/a.png", size=10, file_mtime=1.5,
                                            mime="image/png"))
        assert rec.created_at and rec.kind == "image"
        assert (await repo.update("a", expect=["ready"], state="failed")) is None
        moved = await repo.update("a", expect=["queued"], state="ready", file_id="F1")
        assert moved is not None and moved.ready
        assert (await repo.find_ready_copy("/x/a.png", 10, 1.5)) == moved
        assert (await repo.find_ready_copy("/x/a.png", 11, 1.5)) is None
        assert (await repo.by_file_ids(["F1", "nope"])) == {"F1": moved}
        assert [r.id for r in await repo.list(["ready"])] == ["a"]
        with pytest.raises(ValueError):
            await repo.update("a", bogus=1)
        assert await repo.delete("a") and await repo.list() == []
    finally:
        db.close()


def test_host_settings_saved_without_secrets(tmp_path: Path) -> None:
    settings = MediaHostSettings(kind="s3", endpoint_url="https://acc.r2.cloudflarestorage.com/",
                                 region="auto", bucket="media", public_base_url="https://cdn.x")
    path = save_host_settings("ws1", settings)
    assert load_host_settings("ws1") == settings.model_copy(
        update={"endpoint_url": "https://acc.r2.cloudflarestorage.com"}
    )
    text = path.read_text()
    assert "secret" not in text.lower() and "access" not in text.lower()
    assert load_host_settings("other") == MediaHostSettings()
    with pytest.raises(ValueError, match="https"):
        MediaHostSettings(endpoint_url="http://s3.example.com")
    MediaHostSettings(endpoint_url="http://127.0.0.1:9000")  # this computer is fine


def test_credentials_live_in_the_keyring_only(tmp_path: Path, fresh_home: Path) -> None:
    from s200desk.secrets import KeyStore

    backend = MemoryKeyring()
    store = HostCredentialStore(KeyStore(backend))
    store.set("ws1", S3Credentials("AKID", "s3cr3t-value"))
    assert store.get("ws1") == S3Credentials("AKID", "s3cr3t-value")
    assert store.get("ws2") is None
    assert list(backend.data) == [("s200desk", "ws1:media-host")]
    on_disk = b"".join(p.read_bytes() for p in fresh_home.rglob("*") if p.is_file())
    assert b"s3cr3t-value" not in on_disk
    store.delete("ws1")
    assert store.get("ws1") is None
    with pytest.raises(ValueError):
        store.set("ws1", S3Credentials("AKID", ""))


def test_which_host(tmp_path: Path) -> None:
    http: Any = httpx.AsyncClient()
    creds = S3Credentials("a", "b")
    demo = make_host(MediaHostSettings(), site_url="http://127.0.0.1:8123", credentials=None,
                     http=http)
    assert isinstance(demo, EmulatorHost)
    with pytest.raises(HostNotConfigured) as info:
        make_host(MediaHostSettings(), site_url="https://status200uploads.com", credentials=creds,
                  http=http)
    assert "Settings › Media hosting" in info.value.reason
    s3 = MediaHostSettings(endpoint_url="https://s3.eu-central-1.amazonaws.com",
                           region="eu-central-1", bucket="b1", key_prefix="p/")
    host = make_host(s3, site_url="https://status200uploads.com", credentials=creds, http=http)
    assert isinstance(host, S3Host)
    assert host.object_url("p/k 1.png") == "https://b1.s3.eu-central-1.amazonaws.com/p/k%201.png"
    with pytest.raises(HostNotConfigured):  # configured but no keys in the keyring
        make_host(s3, site_url="https://status200uploads.com", credentials=None, http=http)
    assert EmulatorHost.safe_name("s200desk/2026/11/ab.png") == "s200desk-2026-11-ab.png"


def test_presigned_urls_never_reach_the_log(caplog: pytest.LogCaptureFixture) -> None:
    import s200desk.services.media.hosts  # noqa: F401 - installs the filter

    url = ("http://127.0.0.1:9/b/k.png?X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential=AKID%2F"
           "20261128%2Fus-east-1%2Fs3%2Faws4_request&X-Amz-Signature=deadbeef")
    with caplog.at_level(logging.INFO, logger="httpx"):
        logging.getLogger("httpx").info('HTTP Request: %s %s "%s"', "PUT", url, "HTTP/1.1 200 OK")
    assert "deadbeef" not in caplog.text and "AKID" not in caplog.text
    assert "X-Amz-Signature=[REDACTED]" in caplog.text
    assert redact_presigned("no url here") == "no url here"


@pytest.mark.parametrize("url", ["http://127.attacker.example", "http://127.0.0.1.nip.io:9000"])
def test_a_name_that_starts_with_127_is_not_this_computer(url: str) -> None:
    # Presigned uploads over plain http to such a name would leave the machine unencrypted.
    with pytest.raises(ValueError, match="https"):
        MediaHostSettings(endpoint_url=url)
    with pytest.raises(ValueError, match="https"):
        MediaHostSettings(public_base_url=url)


async def test_a_lookalike_site_is_not_treated_as_the_demo_server() -> None:
    # "auto" hosts local files on the demo server only when the site really is this computer;
    # otherwise the files would be PUT to whoever owns the name.
    async with httpx.AsyncClient() as http:
        with pytest.raises(HostNotConfigured):
            make_host(MediaHostSettings(), site_url="https://127.attacker.example",
                      credentials=None, http=http)  # fmt: skip
        assert isinstance(
            make_host(MediaHostSettings(), site_url="http://[::1]:8123", credentials=None,
                      http=http),
            EmulatorHost,
        )
