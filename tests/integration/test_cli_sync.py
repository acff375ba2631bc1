"""``s200desk sync``: one sync of the workspace's store, its result printed for scripts; a quick
sync by default, every post with ``--full``; failures are exit codes, not tracebacks."""

from __future__ import annotations

import json
from typing import Any

import httpx
import pytest

from s200desk.cli import EXIT_AUTH, EXIT_OFFLINE, EXIT_OK, main


@pytest.fixture
def env(emulator: Any, monkeypatch: pytest.MonkeyPatch) -> Any:
    monkeypatch.setenv("S200_API_KEY", emulator.api_key)
    monkeypatch.setenv("S200_BASE_URL", emulator.base_url)
    monkeypatch.setenv("S200_SITE_URL", emulator.site_url)
    return emulator


def _post(server: Any, text: str) -> None:
    headers = {"Authorization": f"Bearer {server.api_key}"}
    body = {"post": {"accountId": "@lumenstudio", "platform": "x", "content": {"text": text}}}
    httpx.post(f"{server.base_url}/api-posts", json=body, headers=headers).raise_for_status()


def _run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, Any]:
    code = main(["sync", *argv])
    out = capsys.readouterr().out
    return code, json.loads(out) if "--json" in argv and out.strip() else out


def test_sync_json_says_what_it_did(env: Any, capsys: pytest.CaptureFixture[str]) -> None:
    for n in range(3):
        _post(env, f"cli sync {n}")
    code, first = _run(capsys, "--json")
    assert code == EXIT_OK
    assert set(first) == {"requests", "fetched", "changed", "removed", "seconds", "full"}
    assert first["full"] is True and first["fetched"] >= 3 and first["changed"] >= 3

    _post(env, "cli sync after")
    code, second = _run(capsys, "--json")
    assert code == EXIT_OK and second["full"] is False
    assert second["changed"] == 1 and second["removed"] == 0
    assert second["requests"] < first["requests"] + 3

    code, full = _run(capsys, "--full", "--json")
    assert code == EXIT_OK and full["full"] is True and full["changed"] == 0


def test_sync_in_words(env: Any, capsys: pytest.CaptureFixture[str]) -> None:
    code, text = _run(capsys)
    assert code == EXIT_OK
    assert text.startswith("full sync in ") and "requests" in text and "removed" in text


def test_refused_key_and_no_server_are_exit_codes(
    env: Any, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("S200_API_KEY", "rl_" + "0" * 32)
    assert main(["sync"]) == EXIT_AUTH
    assert "sync failed" in capsys.readouterr().err
    monkeypatch.setenv("S200_API_KEY", env.api_key)
    monkeypatch.setenv("S200_BASE_URL", "http://127.0.0.1:9/functions/v1")
    monkeypatch.setenv("S200_SITE_URL", "http://127.0.0.1:9")
    assert main(["sync"]) == EXIT_OFFLINE
    err = capsys.readouterr().err
    assert "Traceback" not in err and "reach" in err
