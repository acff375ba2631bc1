"""Local files to file ids for real: moto's S3 server and the emulator on loopback, no mocks.

A file is checked, PUT by presigned URL into a bucket of a real S3-compatible server, the
emulator is asked (through the outbox) to ingest it from the bucket's public URL, and ends up
holding exactly that media. Bad files never reach the bucket; cancelling and resuming work.
"""

from __future__ import annotations

import asyncio
import json
import os
import sys
import uuid
from collections.abc import AsyncIterator, Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "unit" / "media"))
from media_samples import MB, JPEG_4x4, mp4, png, write, write_mp4

from s200desk.api import AsyncStatus200Client
from s200desk.services.media import (
    EmulatorHost,
    MediaRejected,
    MediaService,
    S3Credentials,
    S3Host,
)
from s200desk.services.outbox import OutboxService
from s200desk.store.database import Database
from s200desk.store.media_repo import MediaRepo
from s200desk.ui.outbox.words import detail, what

moto_server = pytest.importorskip("moto.server")
boto3 = pytest.importorskip("boto3")

REGION = "eu-central-1"
ACCESS, SECRET = "AKIDMEDIATEST", "media/secret+key"


@pytest.fixture(scope="module")
def s3_endpoint() -> Iterator[str]:
    """moto's S3 server on 127.0.0.1, an ephemeral port, for this module."""
    server = moto_server.ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
    server.start()
    host, port = server.get_host_and_port()
    try:
        yield f"http://{host}:{port}"
    finally:
        server.stop()


@pytest.fixture
def bucket(s3_endpoint: str) -> tuple[str, Any]:
    """A fresh bucket whose objects anyone may read (a public bucket, as for R2's public URL)."""
    from botocore.config import Config

    s3 = boto3.client(
        "s3", endpoint_url=s3_endpoint, region_name=REGION, aws_access_key_id=ACCESS,
        aws_secret_access_key=SECRET,
        config=Config(signature_version="s3v4", s3={"addressing_style": "path"}),
    )  # fmt: skip
    name = f"media-{uuid.uuid4().hex[:12]}"
    s3.create_bucket(Bucket=name, CreateBucketConfiguration={"LocationConstraint": REGION})
    policy = {
        "Version": "2012-10-17",
        "Statement": [{"Effect": "Allow", "Principal": "*", "Action": "s3:GetObject",
                       "Resource": f"arn:aws:s3:::{name}/*"}],
    }  # fmt: skip
    s3.put_bucket_policy(Bucket=name, Policy=json.dumps(policy))
    return name, s3


class Rig:
    def __init__(self, db: Database, client: AsyncStatus200Client, http: httpx.AsyncClient,
                 outbox: OutboxService, media: MediaService) -> None:
        self.db, self.client, self.http, self.outbox, self.media = db, client, http, outbox, media

    async def drive(self, coro: Any) -> Any:
        """Run ``coro`` while the outbox sender runs (as the app's loop does)."""
        task = asyncio.ensure_future(coro)
        # An idle sender sleeps until something is submitted: wake it to notice we are done.
        task.add_done_callback(lambda _t: self.outbox.wake())

        async def done() -> bool:
            return task.done()

        await self.outbox.run(until=done, poll=0.05, idle_poll=0.05)
        return await task


@pytest.fixture
async def rig(
    tmp_path: Path, emulator: Any, s3_endpoint: str, bucket: tuple[str, Any]
) -> AsyncIterator[Rig]:
    db = Database.open(tmp_path / "ws.sqlite3")
    client = AsyncStatus200Client(
        api_key=emulator.api_key, base_url=emulator.base_url, site_url=emulator.site_url
    )
    http = httpx.AsyncClient()
    outbox = OutboxService(db, client)
    host = S3Host(
        endpoint_url=s3_endpoint, region=REGION, bucket=bucket[0],
        credentials=S3Credentials(ACCESS, SECRET), http=http,
    )  # fmt: skip
    media = MediaService(MediaRepo(db), outbox, host=host, http=http)
    try:
        yield Rig(db, client, http, outbox, media)
    finally:
        await media.close()
        await http.aclose()
        await client.close()
        await db.aclose()


def bucket_keys(bucket: tuple[str, Any]) -> list[str]:
    name, s3 = bucket
    return [o["Key"] for o in s3.list_objects_v2(Bucket=name).get("Contents", [])]


async def test_file_goes_to_the_bucket_then_the_emulator_holds_it(
    rig: Rig, tmp_path: Path, bucket: tuple[str, Any], emulator: Any
) -> None:
    data = os.urandom(3 * MB)
    path = tmp_path / "clip.mp4"
    path.write_bytes(mp4(0)[:-8] + (8 + len(data)).to_bytes(4, "big") + b"mdat" + data)
    seen: list[tuple[int, int]] = []
    rec = await rig.drive(rig.media.upload(path, progress=lambda s, t: seen.append((s, t))))

    assert rec.state == "ready", rec.error
    # The object in the bucket has exactly the file's bytes.
    name, s3 = bucket
    body = s3.get_object(Bucket=name, Key=rec.host_key)["Body"].read()
    assert body == path.read_bytes()
    assert rec.public_url == f"{rig.media.host().object_url(rec.host_key)}"  # type: ignore[attr-defined]
    # Progress went up to the whole file.
    assert seen[-1] == (path.stat().st_size, path.stat().st_size)
    assert [s for s, _ in seen] == sorted(s for s, _ in seen)
    # The emulator fetched it from the bucket's public URL and keeps it under that file id.
    held = emulator.emu.state.media(emulator.emu.primary_account, rec.file_id)
    assert held is not None
    assert held["size"] == path.stat().st_size and held["type"] == "video/mp4"
    # Through the outbox: one media_upload intent, done, with the file id.
    intents = await rig.outbox.list()
    assert [(i.kind.value, i.state.value) for i in intents] == [("media_upload", "done")]
    assert intents[0].result and intents[0].result["file_id"] == rec.file_id
    # The outbox names it as the user knows it, and says where it went.
    assert what(intents[0]) == "Media clip.mp4"
    assert detail(intents[0], "UTC") == f"In the media library as {rec.file_id}"


async def test_one_file_id_serves_posts_on_two_platforms_in_order(
    rig: Rig, tmp_path: Path, emulator: Any
) -> None:
    a = await rig.drive(rig.media.upload(write(tmp_path / "a.png", png(32, 32))))
    b = await rig.drive(rig.media.upload(write(tmp_path / "b.jpg", JPEG_4x4)))
    assert a.state == b.state == "ready"
    # The same file, unchanged, is not uploaded again: its file id is reused.
    again = await rig.media.upload(tmp_path / "a.png")
    assert again.id == a.id and again.file_id == a.file_id
    profiles = {
        p.platform: p.account_id for p in await rig.client.profiles.list() if p.status == "active"
    }
    for platform in ("instagram", "x"):
        created = await rig.client.posts.create(
            account_id=profiles[platform], platform=platform,
            content={"text": "carousel", "mediaID": [b.file_id, a.file_id]},
        )  # fmt: skip
        post = await rig.client.posts.get(created.post_id)
        assert [m.file_id for m in post.media] == [b.file_id, a.file_id]


@pytest.mark.parametrize(
    ("name", "make", "code"),
    [
        ("empty.png", lambda p: write(p, b""), "empty"),
        ("cut.png", lambda p: write(p, png(64, 64)[:-20]), "truncated"),
        ("notes.jpg", lambda p: write(p, b"not a picture at all\n" * 50), "renamed"),
        ("huge.mp4", lambda p: write_mp4(p, 260 * MB), "too_large"),
    ],
)
async def test_bad_files_never_leave_the_machine(
    rig: Rig, tmp_path: Path, bucket: tuple[str, Any], name: str, make: Any, code: str
) -> None:
    path = make(tmp_path / name)
    with pytest.raises(MediaRejected) as info:
        await rig.media.upload(path)
    assert info.value.code == code and info.value.reason
    assert bucket_keys(bucket) == []
    assert await rig.media.library() == []
    assert await rig.outbox.list() == []


async def test_cancel_mid_upload(rig: Rig, tmp_path: Path, bucket: tuple[str, Any]) -> None:
    path = write_mp4(tmp_path / "long.mp4", 64 * MB)
    rec = await rig.media.add_file(path)
    started = asyncio.Event()
    task = rig.media.start(rec.id, progress=lambda s, t: started.set())
    await asyncio.wait_for(started.wait(), 20)
    await rig.media.cancel(rec.id)
    assert task.cancelled() or task.done()
    got = await rig.media.repo.get(rec.id)
    assert got is not None and got.state == "cancelled"
    assert bucket_keys(bucket) == []  # the PUT never completed
    assert await rig.outbox.list() == []


async def test_closing_mid_upload_loses_nothing(
    rig: Rig, tmp_path: Path, emulator: Any, s3_endpoint: str, bucket: tuple[str, Any]
) -> None:
    path = write_mp4(tmp_path / "long.mp4", 48 * MB)
    rec = await rig.media.add_file(path)
    started = asyncio.Event()
    rig.media.start(rec.id, progress=lambda s, t: started.set())
    await asyncio.wait_for(started.wait(), 20)
    await rig.media.close()  # the app quits: not a cancel
    left = await rig.media.repo.get(rec.id)
    assert left is not None and left.state == "hosting"

    # Next start: a new service on the same database carries on by itself.
    host = S3Host(
        endpoint_url=s3_endpoint, region=REGION, bucket=bucket[0],
        credentials=S3Credentials(ACCESS, SECRET), http=rig.http,
    )  # fmt: skip
    again = MediaService(MediaRepo(rig.db), rig.outbox, host=host)
    tasks = await again.resume()
    assert len(tasks) == 1
    done = await rig.drive(tasks[0])
    assert done.state == "ready" and done.file_id
    held = emulator.emu.state.media(emulator.emu.primary_account, done.file_id)
    assert held is not None and held["size"] == 48 * MB


async def test_a_changed_file_is_not_uploaded_in_its_new_state_unchecked(
    rig: Rig, tmp_path: Path
) -> None:
    path = write(tmp_path / "pic.png", png())
    rec = await rig.media.add_file(path)
    path.write_bytes(b"overwritten with text")
    done = await rig.drive(rig.media.process(rec.id))
    assert done.state == "failed" and done.error_code == "renamed"


async def test_host_refusal_is_explained(rig: Rig, tmp_path: Path, s3_endpoint: str) -> None:
    rig.media._host = S3Host(
        endpoint_url=s3_endpoint, region=REGION, bucket="no-such-bucket-here",
        credentials=S3Credentials(ACCESS, SECRET), http=rig.http,
    )  # fmt: skip
    rec = await rig.drive(rig.media.upload(write(tmp_path / "a.png", png())))
    assert rec.state == "failed"
    assert "no bucket named “no-such-bucket-here”" in (rec.error or "")


async def test_demo_mode_hosts_on_the_emulator(rig: Rig, tmp_path: Path, emulator: Any) -> None:
    rig.media._host = EmulatorHost(emulator.site_url, rig.http)
    path = write(tmp_path / "demo.png", png(20, 10))
    rec = await rig.drive(rig.media.upload(path))
    assert rec.state == "ready" and rec.public_url
    assert rec.public_url.startswith(f"{emulator.site_url}/__media/")
    assert httpx.get(rec.public_url).content == path.read_bytes()
    held = emulator.emu.state.media(emulator.emu.primary_account, rec.file_id)
    assert held is not None and held["type"] == "image/png"


async def test_a_web_address_goes_straight_to_the_api(
    rig: Rig, tmp_path: Path, emulator: Any
) -> None:
    put = httpx.put(f"{emulator.site_url}/__media/web.jpg", content=JPEG_4x4)
    url = put.json()["url"]
    rec = await rig.drive(rig.media.upload(url))
    assert rec.state == "ready" and rec.source == "url" and rec.mime == "image/jpeg"
    assert rec.host_key is None  # nothing was hosted by us
    httpx.put(f"{emulator.site_url}/__media/text.jpg", content=b"hello " * 100)
    with pytest.raises(MediaRejected) as info:
        await rig.media.upload(f"{emulator.site_url}/__media/text.jpg")
    assert info.value.code == "unsupported"


def test_command_line_upload_uses_the_same_services(
    tmp_path: Path, emulator: Any, monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    from s200desk.cli import main

    monkeypatch.setenv("S200_API_KEY", emulator.api_key)
    monkeypatch.setenv("S200_BASE_URL", emulator.base_url)
    monkeypatch.setenv("S200_SITE_URL", emulator.site_url)
    good = write(tmp_path / "cli.png", png(12, 12))
    bad = write(tmp_path / "cli.jpg", b"plain text, not a picture\n" * 10)
    # A refused file stops the whole command before anything is sent, as `import` does.
    assert main(["media", "upload", str(good), str(bad)]) == 2
    out, err = capsys.readouterr()
    assert "named like a JPG file" in err and out == ""
    assert main(["media", "list", "--json"]) == 0
    assert json.loads(capsys.readouterr().out) == []

    assert main(["media", "upload", str(good)]) == 0
    out, _ = capsys.readouterr()
    (source, file_id) = out.split()
    assert source == str(good)
    held = emulator.emu.state.media(emulator.emu.primary_account, file_id)
    assert held is not None and held["size"] == good.stat().st_size

    assert main(["media", "list", "--json"]) == 0
    listed = json.loads(capsys.readouterr().out)
    assert [(r["name"], r["file_id"], r["state"]) for r in listed] == [
        ("cli.png", file_id, "ready")
    ]


async def test_unreachable_host_is_retried_then_reported_then_retry_works(
    rig: Rig, tmp_path: Path, s3_endpoint: str, bucket: tuple[str, Any]
) -> None:
    import socket

    with socket.socket() as sock:  # a port nobody listens on
        sock.bind(("127.0.0.1", 0))
        dead = f"http://127.0.0.1:{sock.getsockname()[1]}"
    working = rig.media._host
    unreachable = S3Host(
        endpoint_url=dead, region=REGION, bucket=bucket[0],
        credentials=S3Credentials(ACCESS, SECRET), http=rig.http,
    )  # fmt: skip
    tries: list[str] = []
    put = unreachable.put

    async def counted_put(*args: Any, **kwargs: Any) -> str:
        tries.append(args[0])
        return await put(*args, **kwargs)

    unreachable.put = counted_put  # type: ignore[method-assign]
    rig.media._host = unreachable
    rig.media.retry_delays = (0.01, 0.01)
    rec = await rig.drive(rig.media.upload(write(tmp_path / "a.png", png())))
    assert len(tries) == 3 and len(set(tries)) == 1  # once, then after each delay, same key
    assert rec.state == "failed" and rec.error_code == "connection"
    assert rec.error and "cannot be reached" in rec.error and "Try again later." in rec.error
    rig.media._host = working
    done = await rig.drive(await rig.media.retry(rec.id))
    assert done.state == "ready" and done.file_id
    assert bucket_keys(bucket) == [rec.host_key]
