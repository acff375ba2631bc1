"""The demo's emulator runs in a process of its own (s200desk.demo_server): it answers, it says
why when it cannot start, and it never outlives the app, however the app ends."""

from __future__ import annotations

import asyncio
import os
import signal
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import httpx
import pytest

from s200desk.demo_server import DemoServer, DemoServerError, emulator_command

pytestmark = pytest.mark.skipif(
    not Path("/proc/self/environ").exists(), reason="finds the emulator's process through /proc"
)


def demo_servers_of(home: Path) -> list[int]:
    """The emulator processes started for the app whose S200DESK_HOME is ``home``."""
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            cmdline = (entry / "cmdline").read_bytes().split(b"\0")
            environ = (entry / "environ").read_bytes().split(b"\0")
        except OSError:  # ended meanwhile, or not ours to read
            continue
        if b"--until-stdin-closes" in cmdline and f"S200DESK_HOME={home}".encode() in environ:
            found.append(int(entry.name))
    return found


def wait_until(check: Any, seconds: float, what: str) -> None:
    deadline = time.monotonic() + seconds
    while not check():
        if time.monotonic() > deadline:
            raise AssertionError(f"not within {seconds:.0f} s: {what}")
        time.sleep(0.05)


def test_the_demo_server_answers_with_the_demo_key_and_stops_when_told() -> None:
    server = DemoServer()
    try:
        address = asyncio.run(asyncio.wait_for(server.address(), 60))
        posts = httpx.get(f"{address.base_url}/api-posts", params={"limit": 5},
                          headers={"Authorization": f"Bearer {address.api_key}"},
                          timeout=10).json()  # fmt: skip
        assert posts["total"] > 100  # the demo seed: weeks of posts
        assert len(posts["posts"]) == 5
    finally:
        server.stop()
    with pytest.raises(httpx.ConnectError):
        httpx.get(f"{address.base_url}/api-posts", timeout=5)


def test_a_demo_server_that_cannot_start_says_why() -> None:
    server = DemoServer(plan="no-such-plan")
    try:
        with pytest.raises(DemoServerError) as caught:
            asyncio.run(asyncio.wait_for(server.address(), 60))
    finally:
        server.stop()
    message = str(caught.value)
    assert message.startswith("The demo's server did not start: ")
    assert "no-such-plan" in message  # the emulator's own reason, not a bare exit code


def test_the_emulator_command_ends_when_its_input_closes() -> None:
    process = subprocess.Popen(
        emulator_command("--seed", "basic", "--until-stdin-closes"),
        stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True,
    )  # fmt: skip
    try:
        assert process.stdout is not None and process.stdin is not None
        assert process.stdout.readline().startswith("base_url=http://127.0.0.1:")
        process.stdin.close()
        assert process.wait(15) == 0
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()
        if process.stdout is not None:
            process.stdout.close()


def test_the_self_test_leaves_no_demo_server_behind(tmp_path: Path) -> None:
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "S200DESK_HOME": str(tmp_path)}
    result = subprocess.run([sys.executable, "-m", "s200desk", "--self-test"],
                            capture_output=True, text=True, env=env, timeout=120)  # fmt: skip
    assert result.returncode == 0, result.stdout + result.stderr[-2000:]
    wait_until(lambda: not demo_servers_of(tmp_path), 15, "the demo's server ended")


def test_a_killed_app_takes_its_demo_server_with_it(tmp_path: Path) -> None:
    """SIGKILL leaves no chance to clean up: the server ends because its input closed."""
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "S200DESK_HOME": str(tmp_path)}
    app = subprocess.Popen([sys.executable, "-m", "s200desk", "--demo"], env=env,
                           stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)  # fmt: skip
    try:
        wait_until(lambda: demo_servers_of(tmp_path), 60, "the demo's server started")
        servers = demo_servers_of(tmp_path)
        app.send_signal(signal.SIGKILL)
        app.wait(10)
        wait_until(lambda: not demo_servers_of(tmp_path), 15, "the demo's server ended")
        assert servers  # the one seen running is the one that ended
    finally:
        if app.poll() is None:
            app.kill()
            app.wait()
        for pid in demo_servers_of(tmp_path):  # never leave one running, even on failure
            os.kill(pid, signal.SIGKILL)

