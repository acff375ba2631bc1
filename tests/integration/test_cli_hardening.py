"""The command line under bad input (issue #12): a clear line on stderr, a documented exit code,
nothing sent. Against the emulator over loopback; some as real processes, to see what a user
sees (no traceback, no window)."""

from __future__ import annotations

import os
import subprocess
import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import httpx
import pytest

from s200desk.cli import EXIT_AUTH, EXIT_OK, EXIT_USAGE, main

HANDLE = "@lumenstudio"
HEADER = "platform,account,text,media,scheduled_for,options\n"
ROOT = Path(__file__).resolve().parents[2]


def admin_posts(server: Any) -> list[dict[str, Any]]:
    response = httpx.get(f"{server.site_url}/__admin/posts", timeout=10)
    response.raise_for_status()
    return list(response.json()["posts"])


def ours(server: Any, token: str) -> list[dict[str, Any]]:
    return [p for p in admin_posts(server) if token in (p.get("caption") or "")]


def later(days: int) -> str:
    """A wall time in UTC that is ahead of today, whatever today is."""
    return (datetime.now(UTC) + timedelta(days=days)).strftime("%Y-%m-%d 09:00")


@pytest.fixture
def env(emulator: Any, monkeypatch: pytest.MonkeyPatch) -> Any:
    monkeypatch.setenv("S200_API_KEY", emulator.api_key)
    monkeypatch.setenv("S200_BASE_URL", emulator.base_url)
    monkeypatch.setenv("S200_SITE_URL", emulator.site_url)
    return emulator


def cli(*args: str, env: dict[str, str] | None = None, timeout: float = 60) -> Any:
    """``python -m s200desk …`` as a user runs it; a GUI that opened would hang until timeout."""
    return subprocess.run(
        [sys.executable, "-m", "s200desk", *args], cwd=ROOT, capture_output=True, text=True,
        timeout=timeout, env={**os.environ, **(env or {})}, stdin=subprocess.DEVNULL,
    )  # fmt: skip


# ---------------------------------------------------------------------------- 1: CSV quotes


def test_a_stray_quote_sends_nothing(
    env: Any, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    csv_path = tmp_path / "stray.csv"
    csv_path.write_text(HEADER + (
        f'x,{HANDLE},"oops straytok,,{later(20)},\n'
        f"x,{HANDLE},second straytok,,{later(21)},\n"
        f"x,{HANDLE},third straytok,,{later(22)},\n"
    ), encoding="utf-8")  # fmt: skip
    assert main(["import", str(csv_path), "--zone", "UTC"]) == EXIT_USAGE
    err = capsys.readouterr().err
    assert "stray.csv:2:text: a quote opened on line 2 is never closed" in err
    assert "nothing was sent" in err
    assert ours(env, "straytok") == []


def test_rows_without_a_time_are_not_posted_now_unasked(
    env: Any, tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    csv_path = tmp_path / "mixed.csv"
    csv_path.write_text(HEADER + (
        f"x,{HANDLE},timed blanktok,,{later(20)},\n"
        f"linkedin,{HANDLE},untimed blanktok,,,\n"
    ), encoding="utf-8")  # fmt: skip
    # A script (no terminal): refused, and told how to say yes.
    assert main(["import", str(csv_path), "--zone", "UTC"]) == EXIT_USAGE
    err = capsys.readouterr().err
    assert "row(s) 3 have no scheduled_for while other rows have one" in err
    assert "--now-for-blank" in err and "Nothing was sent" in err
    assert ours(env, "blanktok") == []
    # Someone at a terminal is asked; "no" sends nothing.
    with monkeypatch.context() as terminal:
        terminal.setattr(sys.stdin, "isatty", lambda: True, raising=False)
        terminal.setattr(sys.stderr, "isatty", lambda: True, raising=False)
        terminal.setattr("builtins.input", lambda prompt="": "n")
        assert main(["import", str(csv_path), "--zone", "UTC"]) == EXIT_USAGE
    assert ours(env, "blanktok") == []
    # The flag says yes for a script: the untimed row goes now, the other at its time.
    assert main(["import", str(csv_path), "--zone", "UTC", "--now-for-blank"]) == EXIT_OK
    posts = {p["caption"].split()[0]: p for p in ours(env, "blanktok")}
    assert sorted(posts) == ["timed", "untimed"]
    assert posts["timed"]["scheduled_for"] and not posts["untimed"].get("scheduled_for")


def test_at_a_terminal_yes_posts_the_untimed_rows(
    env: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    csv_path = tmp_path / "mixed.csv"
    csv_path.write_text(HEADER + (
        f"x,{HANDLE},timed yestok,,{later(20)},\n"
        f"linkedin,{HANDLE},untimed yestok,,,\n"
    ), encoding="utf-8")  # fmt: skip
    monkeypatch.setattr(sys.stdin, "isatty", lambda: True, raising=False)
    monkeypatch.setattr(sys.stderr, "isatty", lambda: True, raising=False)
    asked: list[str] = []
    monkeypatch.setattr("builtins.input", lambda prompt="": asked.append(prompt) or "y")
    assert main(["import", str(csv_path), "--zone", "UTC"]) == EXIT_OK
    assert asked == ["Post them now? [y/N] "]
    assert len(ours(env, "yestok")) == 2


# ---------------------------------------------------------------------------- 5: plain words


def test_bad_settings_are_a_message_and_an_exit_code_not_a_traceback(
    emulator: Any, tmp_path: Path
) -> None:
    home = {"S200DESK_HOME": os.environ["S200DESK_HOME"]}
    remote_http = cli("posts", "list", env={
        **home, "S200_API_KEY": emulator.api_key, "S200_BASE_URL": "http://example.com/v1",
    })  # fmt: skip
    assert remote_http.returncode == EXIT_USAGE
    assert remote_http.stderr.startswith("s200desk: S200_BASE_URL: 'http://example.com/v1' "
                                         "must use https://")  # fmt: skip
    not_a_key = cli("posts", "list", env={
        **home, "S200_API_KEY": "sk_live_123", "S200_BASE_URL": emulator.base_url,
        "S200_SITE_URL": emulator.site_url,
    })  # fmt: skip
    assert not_a_key.returncode == EXIT_AUTH
    assert "S200_API_KEY is not usable" in not_a_key.stderr and "'rl_'" in not_a_key.stderr
    assert "sk_live_123" not in not_a_key.stderr
    huge = tmp_path / "huge.csv"
    huge.write_text(HEADER + f"x,{HANDLE}," + "a" * 200_000 + ",,,\n", encoding="utf-8")
    too_big = cli("import", str(huge), env={
        **home, "S200_API_KEY": emulator.api_key, "S200_BASE_URL": emulator.base_url,
        "S200_SITE_URL": emulator.site_url,
    })  # fmt: skip
    assert too_big.returncode == EXIT_USAGE
    assert "huge.csv:2:row: a cell is longer than 131,072 characters" in too_big.stderr
    for run in (remote_http, not_a_key, too_big):
        assert "Traceback" not in run.stderr, run.stderr
        assert len(run.stderr.strip().splitlines()) <= 2, run.stderr


def test_help_lists_the_exit_codes_and_the_commands() -> None:
    run = cli("--help")
    assert run.returncode == 0
    for command in ("post", "import", "posts", "media", "outbox"):
        assert f"\n  {command} " in run.stdout
    run = cli("posts", "list", "--help")
    for line in ("2  usage, validation or set-up error", "3  authentication",
                 "5  unexpected error"):  # fmt: skip
        assert line in run.stdout


def test_an_emulator_port_in_use_is_a_message(emulator: Any, tmp_path: Path) -> None:
    temp = tmp_path / "tmp"
    temp.mkdir()
    run = subprocess.run(
        [sys.executable, "-m", "s200desk.emulator", "--port", str(emulator.port)], cwd=ROOT,
        capture_output=True, text=True, timeout=60, env={**os.environ, "TMPDIR": str(temp)},
    )  # fmt: skip
    assert run.returncode == 2
    assert f"error: cannot listen on 127.0.0.1:{emulator.port}" in run.stderr
    assert "Traceback" not in run.stderr
    assert list(temp.iterdir()) == []  # its media folder went with it


# ---------------------------------------------------------------------------- 7: escapes


def test_escape_sequences_from_the_server_are_not_printed_raw(
    env: Any, capsys: pytest.CaptureFixture[str]
) -> None:
    caption = "escapetok \x1b]0;PWNED\x07 \x1b[2J\x9b31m\u202egnp"
    assert main(["post", "--to", f"x:{HANDLE}", "--text", caption]) == EXIT_OK
    assert "\x1b" not in capsys.readouterr().out
    assert [p["caption"] for p in ours(env, "escapetok")] == [caption]  # stored as written
    run = cli("posts", "list", "--platform", "x", "--limit", "5", env={
        "S200_API_KEY": env.api_key, "S200_BASE_URL": env.base_url,
        "S200_SITE_URL": env.site_url,
    })  # fmt: skip
    assert run.returncode == EXIT_OK, run.stderr
    assert "escapetok" in run.stdout
    for raw in ("\x1b", "\x07", "\x9b", "\u202e"):
        assert raw not in run.stdout
    assert "\\x1b]0;PWNED\\x07" in run.stdout  # shown, harmlessly


# ---------------------------------------------------------------------------- 12: dispatch


@pytest.mark.parametrize(
    ("argv", "said"),
    [(["pots", "list"], "unknown command 'pots'"), (["synk"], "unknown command 'synk'"),
     (["--demo", "synk"], "unknown command 'synk'"),
     (["--demo", "sync"], "'sync' is a command: put it first"),
     (["-style", "fusion", "--demmo"], "unknown option '--demmo'"),
     (["foo"], "unknown command 'foo'"), (["--bogus"], "unknown option '--bogus'")],
)  # fmt: skip
def test_an_unknown_command_lists_the_commands_and_opens_no_window(
    argv: list[str], said: str
) -> None:
    run = cli(*argv, env={"QT_QPA_PLATFORM": "offscreen"}, timeout=60)
    assert run.returncode == EXIT_USAGE
    assert run.stderr.startswith(f"s200desk: {said}")
    for command in ("post", "import", "posts", "media", "outbox", "sync"):
        assert f"\n  {command} " in run.stderr
    assert run.stdout == ""


# ---------------------------------------------------------------------------- 13: folders


def test_an_unusable_data_folder_is_named_on_stderr(emulator: Any, tmp_path: Path) -> None:
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("a file where a folder should be")
    keys = {"S200_API_KEY": emulator.api_key, "S200_BASE_URL": emulator.base_url,
            "S200_SITE_URL": emulator.site_url}  # fmt: skip
    # Root may create any folder, so a file stands in the way instead of a permission.
    xdg = {"S200DESK_HOME": "", "XDG_CONFIG_HOME": str(tmp_path / "config"),
           "XDG_DATA_HOME": str(blocker), "XDG_STATE_HOME": str(tmp_path / "state")}
    run = cli("posts", "list", env={**keys, **xdg})
    assert run.returncode == EXIT_USAGE
    assert run.stderr.startswith(
        f"s200desk: cannot use the data folder {blocker}/s200desk (Not a directory: "
        f"{blocker} is a file, not a folder). Set S200DESK_HOME"
    ), run.stderr
    assert "Traceback" not in run.stderr
    home = cli("outbox", env={**keys, "S200DESK_HOME": str(blocker / "home")})
    assert home.returncode == EXIT_USAGE
    assert f"cannot use the settings folder {blocker}/home/config" in home.stderr
