"""The admin and media routes answer this computer's programs only, and bodies stay small.

A web page the user has open could otherwise drive them: by DNS rebinding (its own name in
``Host``) or by a cross-site form or fetch (an ``Origin``, a text/plain body).
"""

from __future__ import annotations

import socket
from collections.abc import Callable, Iterator
from pathlib import Path

import httpx
import pytest

from s200desk.emulator import EmulatorServer, routes_media_host
from s200desk.emulator.local_guard import ADMIN_MAX_BODY

ATTACKER_HOSTS = ["attacker.example", "127.attacker.example", "127.0.0.1.nip.io", "evil.localhost"]


def faults_of(server: EmulatorServer) -> dict[str, float]:
    return dict(httpx.get(f"{server.site_url}/__admin/faults").json())


@pytest.mark.parametrize("name", ATTACKER_HOSTS)
def test_a_rebound_name_cannot_drive_admin_or_media(emulator: EmulatorServer, name: str) -> None:
    host = {"Host": f"{name}:{emulator.port}"}
    before = faults_of(emulator)
    set_faults = httpx.post(f"{emulator.site_url}/__admin/faults", json={"error_rate": 1},
                            headers=host)  # fmt: skip
    assert (set_faults.status_code, set_faults.json()["code"]) == (403, "forbidden_host")
    assert faults_of(emulator) == before
    assert httpx.get(f"{emulator.site_url}/__admin/posts", headers=host).status_code == 403
    assert httpx.post(f"{emulator.site_url}/__admin/keys", headers=host).status_code == 403
    put = httpx.put(f"{emulator.site_url}/__media/a.txt", content=b"hi", headers=host)
    assert put.status_code == 403
    assert httpx.get(f"{emulator.site_url}/__media/a.txt").status_code == 404  # nothing stored


@pytest.mark.parametrize("name", ["localhost", "127.0.0.1"])
def test_loopback_names_are_served(emulator: EmulatorServer, name: str) -> None:
    host = {"Host": f"{name}:{emulator.port}"}
    answer = httpx.post(f"{emulator.site_url}/__admin/faults", json={"latency_ms": 1},
                        headers=host)  # fmt: skip
    assert answer.status_code == 200 and answer.json()["latency_ms"] == 1
    put = httpx.put(f"{emulator.site_url}/__media/b.txt", content=b"hi", headers=host)
    assert put.status_code == 201 and put.json()["url"].startswith(f"http://{name}:")


def test_a_cross_site_request_is_refused(emulator: EmulatorServer) -> None:
    before = faults_of(emulator)
    for origin in ("https://evil.example", "null", "http://127.attacker.example"):
        answer = httpx.post(f"{emulator.site_url}/__admin/faults", json={"error_rate": 1},
                            headers={"Origin": origin})  # fmt: skip
        assert (answer.status_code, answer.json()["code"]) == (403, "forbidden_origin")
        put = httpx.put(f"{emulator.site_url}/__media/c.txt", content=b"x",
                        headers={"Origin": origin})  # fmt: skip
        assert put.status_code == 403
    assert faults_of(emulator) == before
    local = {"Origin": f"http://127.0.0.1:{emulator.port}"}
    assert httpx.get(f"{emulator.site_url}/__admin/faults", headers=local).status_code == 200


@pytest.mark.parametrize(
    "content_type", ["text/plain", "application/x-www-form-urlencoded", "multipart/form-data"]
)
def test_admin_bodies_must_be_json(emulator: EmulatorServer, content_type: str) -> None:
    # What an HTML form can send without asking the server first.
    before = faults_of(emulator)
    answer = httpx.post(f"{emulator.site_url}/__admin/faults", content=b'{"error_rate": 1}',
                        headers={"Content-Type": content_type})  # fmt: skip
    assert (answer.status_code, answer.json()["code"]) == (415, "unsupported_media_type")
    assert faults_of(emulator) == before
    untyped = httpx.post(f"{emulator.site_url}/__admin/faults", content=b'{"error_rate": 1}')
    assert untyped.status_code == 415
    assert faults_of(emulator) == before
    with_charset = httpx.post(f"{emulator.site_url}/__admin/faults", content=b'{"error_rate": 0}',
                              headers={"Content-Type": "application/json; charset=utf-8"})
    assert with_charset.status_code == 200
    assert httpx.post(f"{emulator.site_url}/__admin/keys").status_code == 201  # no body: fine


def test_admin_bodies_are_capped(emulator: EmulatorServer) -> None:
    before = faults_of(emulator)
    padding = "x" * (ADMIN_MAX_BODY + 1)
    answer = httpx.post(f"{emulator.site_url}/__admin/faults",
                        json={"error_rate": 1, "note": padding})  # fmt: skip
    assert (answer.status_code, answer.json()["code"]) == (413, "payload_too_large")

    def chunked() -> Iterator[bytes]:  # no Content-Length: counted as it arrives
        yield b'{"error_rate": 1, "note": "'
        for _ in range(ADMIN_MAX_BODY // 1024 + 1):
            yield b"x" * 1024
        yield b'"}'

    streamed = httpx.post(f"{emulator.site_url}/__admin/faults", content=chunked(),
                          headers={"Content-Type": "application/json"})  # fmt: skip
    assert streamed.status_code == 413
    assert faults_of(emulator) == before


def _raw_put(server: EmulatorServer, name: str, declared: int) -> bytes:
    with socket.create_connection(("127.0.0.1", server.port), timeout=10) as sock:
        sock.sendall(
            f"PUT /__media/{name} HTTP/1.1\r\nHost: 127.0.0.1:{server.port}\r\n"
            f"Content-Length: {declared}\r\n\r\n".encode()
        )
        answer = sock.makefile("rb")  # the status line and headers, then the announced body
        head = b""
        for line in answer:  # ends at the blank line, or when the server hangs up
            if line == b"\r\n":
                break
            head += line
        length = next(int(line.split(b":")[1]) for line in head.lower().split(b"\r\n")
                      if line.startswith(b"content-length:"))  # fmt: skip
        return head + answer.read(length)


def test_a_media_upload_over_250_mb_is_refused_before_it_is_read(
    make_server: Callable[..., EmulatorServer], tmp_path: Path
) -> None:
    server = make_server(db_path=tmp_path / "emu.sqlite3")
    answer = _raw_put(server, "huge.mp4", 250 * 1024 * 1024 + 1)
    assert answer.startswith(b"HTTP/1.1 413") and b"250 MB" in answer
    assert list(Path(f"{tmp_path / 'emu.sqlite3'}.media").iterdir()) == []


def test_a_media_upload_is_capped_while_streaming(
    make_server: Callable[..., EmulatorServer], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    server = make_server(db_path=tmp_path / "emu.sqlite3")
    media_dir = Path(f"{tmp_path / 'emu.sqlite3'}.media")
    monkeypatch.setattr(routes_media_host, "MAX_MEDIA_BYTES", 4096)  # the route reads it per call

    def unsized() -> Iterator[bytes]:
        for _ in range(8):
            yield b"\0" * 1024

    answer = httpx.put(f"{server.site_url}/__media/big.bin", content=unsized())
    assert (answer.status_code, answer.json()["code"]) == (413, "file_too_large")
    assert list(media_dir.iterdir()) == []  # no file and no temp file left behind
    small = httpx.put(f"{server.site_url}/__media/small.bin", content=b"\0" * 4096)
    assert small.status_code == 201
    assert [p.name for p in media_dir.iterdir()] == ["small.bin"]


def test_a_planted_part_symlink_is_never_written_through(
    make_server: Callable[..., EmulatorServer], tmp_path: Path
) -> None:
    server = make_server(db_path=tmp_path / "emu.sqlite3")
    media_dir = Path(f"{tmp_path / 'emu.sqlite3'}.media")
    victim = tmp_path / "victim.txt"
    victim.write_text("keep me", encoding="utf-8")
    (media_dir / "photo.jpg.part").symlink_to(victim)  # the old fixed temp name
    answer = httpx.put(f"{server.site_url}/__media/photo.jpg", content=b"new bytes")
    assert answer.status_code == 201
    assert victim.read_text(encoding="utf-8") == "keep me"
    assert httpx.get(answer.json()["url"]).content == b"new bytes"
