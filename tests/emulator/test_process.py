"""`python -m s200desk.emulator`, and state surviving a restart with --db."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from datetime import timedelta
from pathlib import Path

import httpx

from s200desk.emulator import EmulatorServer, ManualClock

from .conftest import EMULATOR_EPOCH, client_for, post_body


def test_db_survives_a_restart(tmp_path: Path) -> None:
    db = tmp_path / "emulator.sqlite"
    first = EmulatorServer(plan="agency", clock=ManualClock(EMULATOR_EPOCH), cooldown_seconds=0,
                           db_path=db).start()
    try:
        with client_for(first) as api:
            file_id = api.post("/api-media-upload",
                               json={"url": "https://example.com/v.mp4"}).json()["file_id"]
            body = post_body("youtube", "kept", scheduledFor="2026-05-17T10:00:00Z")
            body["post"]["content"]["mediaID"] = [file_id]
            post_id = api.post("/api-posts", json=body).json()["post_id"]
        httpx.put(f"{first.site_url}/__media/kept.txt", content=b"still here")
        key = first.api_key
    finally:
        first.stop()
    second = EmulatorServer(plan="agency", clock=ManualClock(EMULATOR_EPOCH), cooldown_seconds=0,
                            db_path=db).start()
    try:
        assert second.api_key == key
        with client_for(second) as api:
            got = api.get(f"/api-posts/{post_id}").json()
            assert got["status"] == "scheduled" and got["media"][0]["file_id"] == file_id
            second.advance(timedelta(days=1))
            assert api.get(f"/api-posts/{post_id}").json()["status"] == "published"
        assert httpx.get(f"{second.site_url}/__media/kept.txt").content == b"still here"
    finally:
        second.stop()


def test_module_prints_base_url_and_key_first(tmp_path: Path) -> None:
    env = {**os.environ, "PYTHONUNBUFFERED": "0"}
    with subprocess.Popen(
        [sys.executable, "-m", "s200desk.emulator", "--seed", "demo", "--plan", "free",
         "--cooldown", "0", "--db", str(tmp_path / "cli.sqlite"), "--latency-ms", "1"],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env,
    ) as proc:
        try:
            assert proc.stdout is not None
            first, second = proc.stdout.readline().strip(), proc.stdout.readline().strip()
            assert first.startswith("base_url=http://127.0.0.1:")
            assert first.endswith("/functions/v1")
            assert second.startswith("api_key=rl_")
            base_url, key = first.split("=", 1)[1], second.split("=", 1)[1]
            resp = httpx.get(f"{base_url}/api-posts", headers={"Authorization": f"Bearer {key}"})
            assert resp.status_code == 200 and resp.json()["total"] > 100
            assert resp.headers["x-ratelimit-limit"] == "5"
            started = time.monotonic()
            proc.send_signal(signal.SIGTERM)
            assert proc.wait(timeout=10) == 0
            assert time.monotonic() - started < 5
            assert proc.stderr is not None and proc.stderr.read() == ""
        finally:
            if proc.poll() is None:
                proc.kill()
