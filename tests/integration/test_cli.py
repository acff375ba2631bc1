"""The command line against the emulator: exit codes, messages, and a CSV import round-trip."""

from __future__ import annotations

import json
from datetime import timedelta
from pathlib import Path
from typing import Any

import httpx
import pytest
from future_dates import days_ahead, next_date, next_transition

from s200desk.cli import EXIT_AUTH, EXIT_OFFLINE, EXIT_OK, EXIT_SOME_FAILED, EXIT_USAGE, main
from s200desk.services.scheduling import parse_iso_utc

# The command line checks times against the wall clock (the emulator's is manual, in May 2026):
# every time it is given is computed from now, so the tests pass on any date.
HANDLE = "@lumenstudio"


def admin_posts(server: Any) -> list[dict[str, Any]]:
    response = httpx.get(f"{server.site_url}/__admin/posts", timeout=10)
    response.raise_for_status()
    return list(response.json()["posts"])


def ours(server: Any, token: str) -> list[dict[str, Any]]:
    return [p for p in admin_posts(server) if token in (p.get("caption") or "")]


@pytest.fixture
def env(emulator: Any, monkeypatch: pytest.MonkeyPatch) -> Any:
    monkeypatch.setenv("S200_API_KEY", emulator.api_key)
    monkeypatch.setenv("S200_BASE_URL", emulator.base_url)
    monkeypatch.setenv("S200_SITE_URL", emulator.site_url)
    return emulator


def test_help_documents_the_exit_codes(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["post", "--help"]) == EXIT_OK
    out = capsys.readouterr().out
    for line in ("0  everything was done", "2  usage", "3  authentication", "4  offline"):
        assert line in out


def test_post_to_two_profiles_with_options(env: Any, capsys: pytest.CaptureFixture[str]) -> None:
    christmas_eve = next_date(12, 24)  # winter: Berlin is UTC+1
    code = main([
        "post", "--to", f"x:{HANDLE}", "--to", f"tiktok:{HANDLE}", "--text", "cli post clitok1",
        "--media", "https://example.com/clip.mp4", "--at", f"{christmas_eve} 18:00",
        "--zone", "Europe/Berlin", "--option", "tiktok.privacyLevel=SELF_ONLY",
        "--option", "x.replySettings=following",
    ])  # fmt: skip
    out = capsys.readouterr().out
    assert code == EXIT_OK, out
    posts = {p["platform"]: p for p in ours(env, "clitok1")}
    assert sorted(posts) == ["tiktok", "x"]
    for p in posts.values():
        assert parse_iso_utc(p["scheduled_for"]) == parse_iso_utc(f"{christmas_eve}T17:00:00Z")
        assert p["id"] in out
    assert posts["tiktok"]["platform_options"] == {"privacyLevel": "SELF_ONLY"}
    assert posts["x"]["platform_options"] == {"replySettings": "following"}


def test_validation_errors_send_nothing(env: Any, capsys: pytest.CaptureFixture[str]) -> None:
    before = len(admin_posts(env))
    code = main([
        "post", "--to", f"facebook:{HANDLE}", "--to", f"pinterest:{HANDLE}", "--text", "nope",
    ])  # fmt: skip
    err = capsys.readouterr().err
    assert code == EXIT_USAGE
    assert "facebook:@lumenstudio: account:" in err and "disconnected" in err
    assert "pinterest:@lumenstudio: options.boardId" in err
    assert "nothing was sent" in err
    assert len(admin_posts(env)) == before
    assert main(["post", "--to", "myspace:@me", "--text", "x"]) == EXIT_USAGE
    assert main(["post", "--to", f"x:{HANDLE}", "--text", "x", "--at", "2020-01-01 10:00"]) == (
        EXIT_USAGE
    )
    assert main(["post", "--to", f"x:{HANDLE}", "--text", "x", "--media", "./clip.mp4"]) == (
        EXIT_USAGE
    )
    assert "--media ./clip.mp4: “clip.mp4” does not exist" in capsys.readouterr().err


def test_auth_and_offline_exit_codes(
    env: Any, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("S200_API_KEY", "rl_not_a_real_key")
    assert main(["posts", "list"]) == EXIT_AUTH
    assert main(["post", "--to", f"x:{HANDLE}", "--text", "authtok"]) == EXIT_AUTH
    monkeypatch.delenv("S200_API_KEY")
    assert main(["posts", "list"]) == EXIT_AUTH  # no key at all
    monkeypatch.setenv("S200_API_KEY", env.api_key)
    monkeypatch.setenv("S200_BASE_URL", "http://127.0.0.1:9/functions/v1")
    assert main(["post", "--to", f"x:{HANDLE}", "--text", "offlinetok"]) == EXIT_OFFLINE
    assert "Cannot reach Status 200 Uploads at 127.0.0.1:9." in capsys.readouterr().err


def test_a_refused_item_exits_1_and_can_be_retried_or_discarded(
    env: Any, capsys: pytest.CaptureFixture[str]
) -> None:
    code = main([
        "post", "--to", f"x:{HANDLE}", "--to", f"linkedin:{HANDLE}", "--text", "refused clitok2",
        "--media", "no-such-file-id", "--json",
    ])  # fmt: skip
    items = json.loads(capsys.readouterr().out)
    assert code == EXIT_SOME_FAILED
    assert {i["state"] for i in items} == {"failed"}
    assert all(i["error_code"] == "400" and "file" in i["last_error"].lower() for i in items)
    assert main(["outbox", "--json"]) == EXIT_OK
    listed = json.loads(capsys.readouterr().out)
    assert {i["id"] for i in listed} >= {i["id"] for i in items}
    first, second = items[0]["id"], items[1]["id"]
    assert main(["outbox", "retry", first[:10]]) == EXIT_SOME_FAILED  # refused again
    assert main(["outbox", "discard", second]) == EXIT_OK
    assert main(["outbox", "discard", second]) == EXIT_USAGE  # already discarded
    capsys.readouterr()
    assert main(["outbox", "--state", "discarded", "--json"]) == EXIT_OK
    assert [i["id"] for i in json.loads(capsys.readouterr().out)] == [second]
    assert ours(env, "clitok2") == []


def _write_csv(path: Path, rows: list[list[str]]) -> None:
    import csv

    with path.open("w", newline="", encoding="utf-8") as fh:
        writer = csv.writer(fh)
        writer.writerow(["platform", "account", "text", "media", "scheduled_for", "options"])
        writer.writerows(rows)


def test_csv_import_round_trip_and_rerun(
    env: Any, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # Berlin's next spring-forward and fall-back nights: 02:30 is skipped, then happens twice.
    spring = next_transition("Europe/Berlin", gap=True)
    autumn = next_transition("Europe/Berlin", gap=False)
    gap_wall, overlap_wall = spring.middle_wall_time, autumn.middle_wall_time
    assert (gap_wall.hour, gap_wall.minute) == (overlap_wall.hour, overlap_wall.minute) == (2, 30)
    december = next_date(12, 1)  # December 1-3: winter time (UTC+1), one month
    day = [f"{december + timedelta(days=n)}" for n in range(3)]
    csv_path = tmp_path / "plan.csv"
    _write_csv(csv_path, [
        ["tiktok", HANDLE, "row2 csvtok", "https://example.com/a.mp4", f"{gap_wall:%Y-%m-%d %H:%M}",
         '{"privacyLevel": "PUBLIC_TO_EVERYONE"}'],
        ["instagram", HANDLE, "row3 csvtok", "https://example.com/a.jpg|https://example.com/b.jpg",
         f"{overlap_wall:%Y-%m-%d %H:%M}", '{"postType": "carousel"}'],
        ["x", HANDLE, "row4 csvtok", "", f"{day[0]}T09:00:00+01:00", ""],
        ["linkedin", HANDLE, "row5 csvtok\nwith a second line", "", f"{day[1]} 09:00", ""],
        ["pinterest", HANDLE, "row6 csvtok", "https://example.com/pin.png", f"{day[2]} 12:00",
         '{"boardId": "studio-inspiration"}'],
    ])  # fmt: skip
    code = main(["import", str(csv_path), "--zone", "Europe/Berlin"])
    captured = capsys.readouterr()
    assert code == EXIT_OK, captured.err
    assert "5 posted/scheduled, 0 queued for the next day, 0 failed, of 5 row(s)" in captured.out
    assert "does not exist" in captured.err and "happens twice" in captured.err  # DST notes
    posts = {p["caption"].split()[0]: p for p in ours(env, "csvtok")}
    assert sorted(posts) == ["row2", "row3", "row4", "row5", "row6"]
    expected = {
        # gap: 02:30 does not exist -> 03:30 CEST, half an hour after the 01:00Z jump
        "row2": spring.at + timedelta(minutes=30),
        # overlap: the earlier 02:30 (CEST), half an hour before the 01:00Z fall-back
        "row3": autumn.at - timedelta(minutes=30),
        "row4": parse_iso_utc(f"{day[0]}T08:00:00Z"),
        "row5": parse_iso_utc(f"{day[1]}T08:00:00Z"),
        "row6": parse_iso_utc(f"{day[2]}T11:00:00Z"),
    }
    for key, when in expected.items():
        assert parse_iso_utc(posts[key]["scheduled_for"]) == when, key
    assert len(posts["row3"]["media"]) == 2
    assert posts["row5"]["caption"] == "row5 csvtok\nwith a second line"
    # The same file again: every row is known by (file hash, row), nothing is posted twice.
    assert main(["import", str(csv_path), "--zone", "Europe/Berlin"]) == EXIT_OK
    assert "resuming: 5 row(s)" in capsys.readouterr().err
    assert len(ours(env, "csvtok")) == 5


def test_csv_errors_name_row_and_column(
    env: Any, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    csv_path = tmp_path / "bad.csv"
    soon = f"{days_ahead(30):%Y-%m-%d %H:%M}"
    _write_csv(csv_path, [
        ["x", HANDLE, "fine badtok", "", soon, ""],
        ["youtube", HANDLE, "no video badtok", "", soon, "{}"],
        ["x", HANDLE, "past badtok", "", "2020-01-01 09:00", ""],
        ["tiktok", HANDLE, "json badtok", "https://example.com/a.mp4", "", "{nope"],
        ["x", HANDLE, "local badtok", "./clip.mp4", "", ""],
        ["myspace", HANDLE, "badtok", "", "", ""],
    ])  # fmt: skip
    assert main(["import", str(csv_path), "--zone", "UTC"]) == EXIT_USAGE
    err = capsys.readouterr().err
    for fragment in (
        "bad.csv:3:options: youtube needs title",
        "bad.csv:3:media: YouTube needs exactly one video",
        "bad.csv:4:scheduled_for:",
        "bad.csv:5:options: not JSON",
        "bad.csv:6:media: ./clip.mp4: “clip.mp4” does not exist",
        "bad.csv:7:platform: unknown platform 'myspace'",
    ):
        assert fragment in err
    assert "bad.csv:2:" not in err
    assert ours(env, "badtok") == []  # nothing at all was sent, not even the good row


def test_local_files_are_hosted_then_posted(
    env: Any, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # On loopback the emulator is the media host (demo mode), as design.md says.
    from s200desk.emulator.samples import sample_for

    sample = sample_for("a.jpg")
    assert sample is not None
    (tmp_path / "photo.jpg").write_bytes(sample[0])
    code = main([
        "post", "--to", f"x:{HANDLE}", "--to", f"linkedin:{HANDLE}", "--text", "local localtok",
        "--media", str(tmp_path / "photo.jpg"), "--at", f"{days_ahead(7, hour=10):%Y-%m-%dT%H:%MZ}",
    ])  # fmt: skip
    assert code == EXIT_OK, capsys.readouterr().err
    posts = ours(env, "localtok")
    assert len(posts) == 2
    assert {p["media"][0]["type"] for p in posts} == {"image/jpeg"}
    assert posts[0]["media"][0]["file_id"] == posts[1]["media"][0]["file_id"]
    # A CSV names files relative to itself.
    csv_path = tmp_path / "local.csv"
    later = f"{days_ahead(8, hour=10):%Y-%m-%d %H:%M}"
    _write_csv(csv_path, [["x", HANDLE, "csv localtok2", "photo.jpg", later, ""]])
    assert main(["import", str(csv_path), "--zone", "UTC"]) == EXIT_OK
    (post,) = ours(env, "localtok2")
    assert post["media"][0]["type"] == "image/jpeg"


def test_media_upload_and_list(
    env: Any, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from s200desk.emulator.samples import sample_for

    sample = sample_for("shot.jpg")
    assert sample is not None
    (tmp_path / "shot.jpg").write_bytes(sample[0])
    code = main(["media", "upload", str(tmp_path / "shot.jpg"), "https://example.com/b.png",
                 "--json"])  # fmt: skip
    out = json.loads(capsys.readouterr().out)
    assert code == EXIT_OK and out["problems"] == []
    assert len(set(out["file_ids"].values())) == 2
    assert main(["media", "list", "--json"]) == EXIT_OK
    library = json.loads(capsys.readouterr().out)
    assert {r["file_id"] for r in library} >= set(out["file_ids"].values())
    assert {r["type"] for r in library} >= {"image/jpeg", "image/png"}
    assert main(["media", "upload", str(tmp_path / "missing.mp4")]) == EXIT_USAGE
