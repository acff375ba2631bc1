"""``s200desk queue slots|next``, ``post --queue``, ``post --repeat`` and ``s200desk series``
against the emulator: what the server holds afterwards, at the wall-clock times asked for.

The command line judges "past" and "next" against the real clock while the emulator's manual
clock stays at its epoch, so every date here is computed from the real now (``future_dates``):
the tests pass on any date.
"""

from __future__ import annotations

import json
from collections import Counter
from datetime import UTC, date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import httpx
import pytest
from future_dates import utc_now

from s200desk.cli import EXIT_OK, EXIT_USAGE, main
from s200desk.services.scheduling import parse_iso_utc, to_iso_z

HANDLE = "@lumenstudio"
BERLIN = ZoneInfo("Europe/Berlin")


@pytest.fixture
def env(emulator: Any, monkeypatch: pytest.MonkeyPatch) -> Any:
    monkeypatch.setenv("S200_API_KEY", emulator.api_key)
    monkeypatch.setenv("S200_BASE_URL", emulator.base_url)
    monkeypatch.setenv("S200_SITE_URL", emulator.site_url)
    return emulator


def _run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def _on_server(server: Any, token: str) -> list[dict[str, Any]]:
    posts = httpx.get(f"{server.site_url}/__admin/posts", timeout=10).json()["posts"]
    return [p for p in posts if token in (p.get("caption") or "")]


def _schedule(server: Any, platform: str, when: datetime, text: str) -> None:
    body = {"post": {"accountId": HANDLE, "platform": platform, "content": {"text": text},
                     "scheduledFor": to_iso_z(when)}}  # fmt: skip
    headers = {"Authorization": f"Bearer {server.api_key}"}
    httpx.post(f"{server.base_url}/api-posts", json=body, headers=headers).raise_for_status()


def _midnight(day: date) -> datetime:
    return datetime.combine(day, datetime.min.time(), UTC)


def _when(post: dict[str, Any]) -> datetime:
    return parse_iso_utc(post["scheduled_for"])


# ---------------------------------------------------------------------------- queue slots


def test_queue_slots_set_block_show_and_refuse_bad_input(
    env: Any, capsys: pytest.CaptureFixture[str]
) -> None:
    code, _, err = _run(capsys, "queue", "slots", f"x:{HANDLE}")
    assert code == EXIT_USAGE
    assert f'has no queue slots yet: set them with `s200desk queue slots x:{HANDLE} --set' in err

    code, out, _ = _run(capsys, "queue", "slots", f"x:{HANDLE}", "--set", "Tue,Mon-Fri 13:00,9:00",
                        "--zone", "Europe/Berlin")  # fmt: skip
    assert code == EXIT_OK
    assert f"x:{HANDLE}: mon-fri 09:00,13:00 (Europe/Berlin)" in out and "blocked: no dates" in out

    first, second = (utc_now() + timedelta(days=10)).date(), (utc_now() + timedelta(days=3)).date()
    code, out, _ = _run(capsys, "queue", "slots", f"x:{HANDLE}", "--block", first.isoformat(),
                        "--block", second.isoformat(), "--json")  # fmt: skip
    assert code == EXIT_OK
    assert json.loads(out) == {
        "profile": f"x:{HANDLE}", "slots": "mon-fri 09:00,13:00", "zone": "Europe/Berlin",
        "blocked": sorted([first.isoformat(), second.isoformat()]),
    }  # fmt: skip

    code, _, err = _run(capsys, "queue", "slots", f"x:{HANDLE}", "--set", "mon-fri 9am")
    assert code == EXIT_USAGE and "'9am' is not a time: use 24-hour HH:MM" in err
    code, _, err = _run(capsys, "queue", "slots", f"x:{HANDLE}", "--set", "someday 09:00")
    assert code == EXIT_USAGE and "'someday' is not a weekday" in err
    code, _, err = _run(capsys, "queue", "slots", f"x:{HANDLE}", "--block", "2030-02-30")
    assert code == EXIT_USAGE and "'2030-02-30' is not a date" in err
    code, _, err = _run(capsys, "queue", "slots", "x:@lumenstudoi", "--set", "mon 09:00")
    assert code == EXIT_USAGE and "no x profile @lumenstudoi on this account" in err
    code, _, err = _run(capsys, "queue", "slots", "x@lumenstudio")
    assert code == EXIT_USAGE and "PROFILE 'x@lumenstudio': use PLATFORM:@handle" in err

    code, out, _ = _run(capsys, "queue", "slots", f"x:{HANDLE}", "--json")
    assert json.loads(out)["slots"] == "mon-fri 09:00,13:00"  # the refused changes lost nothing


def test_queue_next_skips_near_posts_and_full_days(
    env: Any, capsys: pytest.CaptureFixture[str]
) -> None:
    env.set_plan("free")  # a cap of 5 posts a day, named by the server's X-RateLimit-Limit
    today = utc_now().date()
    day2, day3, day4 = (_midnight(today + timedelta(days=n)) for n in (2, 3, 4))
    for n in range(5):  # day 2 is full
        _schedule(env, "linkedin", day2 + timedelta(hours=15 + n), f"filler {n}")
    _schedule(env, "linkedin", day3 + timedelta(hours=9, minutes=3), "three past nine")
    code, _, _ = _run(
        capsys, "queue", "slots", f"linkedin:{HANDLE}", "--set",
        "mon-sun 09:00,10:00,11:00,12:00,13:00", "--zone", "UTC",
        "--block", today.isoformat(), "--block", (today + timedelta(days=1)).isoformat(),
    )  # fmt: skip
    assert code == EXIT_OK

    code, out, _ = _run(capsys, "queue", "next", f"linkedin:{HANDLE}", "--count", "5", "--json")
    assert code == EXIT_OK
    expected = [day3 + timedelta(hours=h) for h in (10, 11, 12, 13)] + [day4 + timedelta(hours=9)]
    # Day 2 is full; 09:00 on day 3 is three minutes from a post, and 1 + 4 fill day 3.
    assert json.loads(out) == {"times": [to_iso_z(t) for t in expected]}

    code, out, _ = _run(capsys, "queue", "next", f"linkedin:{HANDLE}", "--count", "400",
                        "--zone", "Europe/Berlin")  # fmt: skip
    assert code == EXIT_OK
    lines = out.splitlines()
    slots = "mon-sun 09:00,10:00,11:00,12:00,13:00"
    assert lines[0] == f"next free slots of linkedin:{HANDLE} ({slots}, UTC):"
    assert lines[1] == "  " + expected[0].astimezone(BERLIN).strftime("%a %Y-%m-%d %H:%M %Z")
    assert lines[-1].startswith("only ")
    assert lines[-1].endswith("free slot(s) in the next 60 days (asked for 400): the other "
                              "slots are taken, on full days or blocked")  # fmt: skip
    assert len(lines) - 2 == int(lines[-1].split()[1]) < 400

    code, _, err = _run(capsys, "queue", "next", f"tiktok:{HANDLE}")
    assert code == EXIT_USAGE and "has no queue slots yet" in err


# ---------------------------------------------------------------------------- post --queue


def test_post_queue_gives_each_profile_its_next_slot(
    env: Any, capsys: pytest.CaptureFixture[str]
) -> None:
    today = utc_now().date()
    for profile, slot in ((f"x:{HANDLE}", "mon-sun 08:00"), (f"linkedin:{HANDLE}", "daily 17:30")):
        code, _, _ = _run(capsys, "queue", "slots", profile, "--set", slot, "--zone", "UTC",
                          "--block", today.isoformat())  # fmt: skip
        assert code == EXIT_OK
    day1 = _midnight(today + timedelta(days=1))

    code, out, _ = _run(capsys, "post", "--to", f"x:{HANDLE}", "--to", f"linkedin:{HANDLE}",
                        "--text", "queued cli-q1", "--queue", "--zone", "UTC")  # fmt: skip
    assert code == EXIT_OK
    slot = day1 + timedelta(hours=8)
    assert f"x:{HANDLE}: next free queue slot {slot:%Y-%m-%d %H:%M} UTC" in out
    posts = {p["platform"]: p for p in _on_server(env, "cli-q1")}
    assert set(posts) == {"x", "linkedin"}
    assert _when(posts["x"]) == day1 + timedelta(hours=8)
    assert _when(posts["linkedin"]) == day1 + timedelta(hours=17, minutes=30)
    assert {p["status"] for p in posts.values()} == {"scheduled"}

    # The slot is taken now: the next post to x gets the day after.
    code, _, _ = _run(capsys, "post", "--to", f"x:{HANDLE}", "--text", "queued cli-q2", "--queue")
    assert code == EXIT_OK
    [second] = _on_server(env, "cli-q2")
    assert _when(second) == day1 + timedelta(days=1, hours=8)

    code, _, err = _run(capsys, "post", "--to", f"x:{HANDLE}", "--text", "cli-q3", "--queue",
                        "--at", to_iso_z(day1 + timedelta(days=3)))  # fmt: skip
    assert code == EXIT_USAGE and "give --queue or --at, not both" in err
    code, _, err = _run(capsys, "post", "--to", f"tiktok:{HANDLE}", "--text", "cli-q3", "--queue")
    assert code == EXIT_USAGE and f"tiktok:{HANDLE} has no queue slots yet" in err
    assert _on_server(env, "cli-q3") == []


# ---------------------------------------------------------------------------- post --repeat


def _first_wall(hours_ahead: int = 36) -> datetime:
    """A Berlin wall time about ``hours_ahead`` from now on the hour, never in a DST gap: the
    horizon's end lies half a day from any occurrence, so the count cannot hinge on seconds."""
    wall = (utc_now() + timedelta(hours=hours_ahead)).astimezone(BERLIN)
    wall = wall.replace(minute=0, second=0, microsecond=0, tzinfo=None)
    return wall + timedelta(hours=1) if wall.hour == 2 else wall


def _walls(posts: list[dict[str, Any]]) -> list[datetime]:
    return sorted(_when(p).astimezone(BERLIN).replace(tzinfo=None) for p in posts)


def test_repeat_series_top_up_skip_and_cancel(
    env: Any, capsys: pytest.CaptureFixture[str]
) -> None:
    first = _first_wall()
    code, out, _ = _run(capsys, "post", "--to", f"x:{HANDLE}", "--text", "daily tip cli-r1",
                        "--at", f"{first:%Y-%m-%d %H:%M}", "--zone", "Europe/Berlin",
                        "--repeat", "daily", "--horizon", "5", "--json")  # fmt: skip
    assert code == EXIT_OK
    [made] = json.loads(out)["series"]
    series_id = made["id"]
    posts = _on_server(env, "cli-r1")
    # First post about 36 h from now, a horizon of 5 days: four posts, each at the same wall time.
    assert _walls(posts) == [first + timedelta(days=k) for k in range(4)]
    assert {p["status"] for p in posts} == {"scheduled"}

    for _ in range(2):
        code, out, _ = _run(capsys, "series", "top-up")
        assert code == EXIT_OK and out.startswith("added 0 post(s) to 1 series")
    assert len(_on_server(env, "cli-r1")) == 4

    code, out, _ = _run(capsys, "series", "list", "--json")
    [listed] = json.loads(out)["series"]
    first_utc = first.replace(tzinfo=BERLIN).astimezone(UTC)
    assert (listed["id"], listed["rule"], listed["next"]) == (
        series_id, "RRULE:FREQ=DAILY", to_iso_z(first_utc)
    )

    skipped = first + timedelta(days=1)
    code, out, _ = _run(capsys, "series", "skip", series_id, f"{skipped:%Y-%m-%d %H:%M}",
                        "--zone", "Europe/Berlin")  # fmt: skip
    assert code == EXIT_OK and "its post is cancelled" in out
    by_wall = {w: p["status"] for p in _on_server(env, "cli-r1")
               for w in _walls([p])}  # fmt: skip
    assert by_wall == {first + timedelta(days=k): "cancelled" if k == 1 else "scheduled"
                       for k in range(4)}  # fmt: skip
    code, out, _ = _run(capsys, "series", "top-up")
    assert out.startswith("added 0 post(s)")  # a skipped post is not made again

    code, out, _ = _run(capsys, "series", "cancel", series_id)
    assert code == EXIT_OK and "3 future post(s) taken back" in out
    assert Counter(p["status"] for p in _on_server(env, "cli-r1")) == {"cancelled": 4}
    code, out, _ = _run(capsys, "series", "list", "--json")
    assert json.loads(out) == {"series": []}


def test_repeat_rrule_text_with_count_and_until(
    env: Any, capsys: pytest.CaptureFixture[str]
) -> None:
    start = _first_wall(60)
    monday = start + timedelta(days=(7 - start.weekday()) % 7)
    code, _, _ = _run(capsys, "post", "--to", f"linkedin:{HANDLE}", "--text", "cli-r2 weekly",
                      "--at", f"{monday:%Y-%m-%d %H:%M}", "--zone", "Europe/Berlin",
                      "--repeat", "RRULE:FREQ=WEEKLY;BYDAY=MO,WE", "--count", "3")  # fmt: skip
    assert code == EXIT_OK
    assert _walls(_on_server(env, "cli-r2")) == [
        monday, monday + timedelta(days=2), monday + timedelta(days=7)
    ]

    last = start + timedelta(days=2)
    code, out, _ = _run(capsys, "post", "--to", f"x:{HANDLE}", "--text", "cli-r3 until",
                        "--at", f"{start:%Y-%m-%d %H:%M}", "--zone", "Europe/Berlin",
                        "--repeat", "daily", "--until", f"{last:%Y-%m-%d}", "--json")  # fmt: skip
    assert code == EXIT_OK
    assert _walls(_on_server(env, "cli-r3")) == [start + timedelta(days=k) for k in range(3)]

    # A date names the one post of a daily series; a date without one is refused.
    [made] = json.loads(out)["series"]
    code, out, _ = _run(capsys, "series", "skip", made["id"], f"{last:%Y-%m-%d}",
                        "--zone", "Europe/Berlin")  # fmt: skip
    assert code == EXIT_OK and "its post is cancelled" in out
    statuses = {w: p["status"] for p in _on_server(env, "cli-r3") for w in _walls([p])}
    assert statuses[last] == "cancelled" and list(statuses.values()).count("scheduled") == 2
    after = last + timedelta(days=1)
    code, _, err = _run(capsys, "series", "skip", made["id"], f"{after:%Y-%m-%d}",
                        "--zone", "Europe/Berlin")  # fmt: skip
    assert code == EXIT_USAGE and f"has no post on {after:%Y-%m-%d}" in err


@pytest.mark.parametrize(
    ("extra", "message"),
    [
        (["--repeat", "FREQ=SOMETIMES"], "cannot read the repeat rule"),
        (["--repeat", "every tuesday"], "cannot read the repeat rule 'every tuesday'"),
        (["--repeat", "FREQ=MINUTELY"], "a series repeats at most daily"),
        (["--repeat", "FREQ=DAILY;UNTIL=20990101T000000Z"], "give UNTIL as a local time"),
        (["--repeat", "daily", "--until", "2099-01-01", "--count", "3"],
         "--until or with --count, not both"),
        (["--repeat", "FREQ=DAILY;COUNT=2", "--count", "3"], "the rule already says when it ends"),
        (["--until", "2099-01-01"], "--until goes with --repeat"),
    ],
)
def test_repeat_refuses_bad_rules_and_sends_nothing(
    env: Any, capsys: pytest.CaptureFixture[str], extra: list[str], message: str
) -> None:
    at = f"{_first_wall():%Y-%m-%d %H:%M}"
    code, _, err = _run(capsys, "post", "--to", f"x:{HANDLE}", "--text", "cli-bad",
                        "--at", at, "--zone", "Europe/Berlin", *extra)  # fmt: skip
    assert code == EXIT_USAGE and message in err
    assert _on_server(env, "cli-bad") == []


def test_repeat_needs_a_future_at_and_series_ids_are_checked(
    env: Any, capsys: pytest.CaptureFixture[str]
) -> None:
    code, _, err = _run(capsys, "post", "--to", f"x:{HANDLE}", "--text", "cli-bad",
                        "--repeat", "daily")  # fmt: skip
    assert code == EXIT_USAGE and "--repeat needs --at" in err
    past = (utc_now() - timedelta(days=1)).replace(microsecond=0)
    code, _, err = _run(capsys, "post", "--to", f"x:{HANDLE}", "--text", "cli-bad",
                        "--at", to_iso_z(past), "--repeat", "daily")  # fmt: skip
    assert code == EXIT_USAGE and "is in the past" in err
    assert _on_server(env, "cli-bad") == []
    for argv in (["skip", "nosuchseries", "2099-01-01 09:00"], ["cancel", "nosuchseries"]):
        code, _, err = _run(capsys, "series", *argv)
        assert code == EXIT_USAGE and "no series 'nosuchseries'" in err


def test_series_edit_changes_every_future_post(
    env: Any, capsys: pytest.CaptureFixture[str]
) -> None:
    first = _first_wall()
    code, out, _ = _run(capsys, "post", "--to", f"x:{HANDLE}", "--text", "old cli-e1",
                        "--at", f"{first:%Y-%m-%d %H:%M}", "--zone", "Europe/Berlin",
                        "--repeat", "daily", "--horizon", "5", "--json")  # fmt: skip
    assert code == EXIT_OK
    [made] = json.loads(out)["series"]
    code, out, _ = _run(capsys, "series", "edit", made["id"], "--text", "new cli-e1")
    assert code == EXIT_OK and "4 future post(s) made again" in out
    posts = _on_server(env, "cli-e1")
    assert Counter((p["caption"].split()[0], p["status"]) for p in posts) == {
        ("old", "cancelled"): 4, ("new", "scheduled"): 4,
    }
    assert _walls([p for p in posts if p["status"] == "scheduled"]) == [
        first + timedelta(days=k) for k in range(4)
    ]
    code, _, err = _run(capsys, "series", "edit", made["id"], "--repeat", "FREQ=SOMETIMES")
    assert code == EXIT_USAGE and "nothing was changed" in err
    code, _, err = _run(capsys, "series", "edit", made["id"])
    assert code == EXIT_USAGE and "--text" in err
    assert len(_on_server(env, "cli-e1")) == 8


def test_queue_handles_match_in_any_case_and_with_spaces(
    env: Any, capsys: pytest.CaptureFixture[str]
) -> None:
    today = utc_now().date()
    code, out, _ = _run(capsys, "queue", "slots", " X: @LumenStudio ", "--set", "mon-sun 07:15",
                        "--zone", "UTC", "--block", today.isoformat(), "--json")  # fmt: skip
    assert code == EXIT_OK
    assert json.loads(out)["profile"] == f"x:{HANDLE}"  # kept under the profile's own spelling
    code, out, _ = _run(capsys, "queue", "next", "x:@LUMENSTUDIO", "--count", "1", "--json")
    slot = _midnight(today + timedelta(days=1)) + timedelta(hours=7, minutes=15)
    assert code == EXIT_OK and json.loads(out) == {"times": [to_iso_z(slot)]}

    code, out, err = _run(capsys, "post", "--to", "x:@LumenStudio ", "--text", "cased cli-q9",
                          "--queue", "--zone", "UTC")  # fmt: skip
    assert code == EXIT_OK, err
    [post] = _on_server(env, "cli-q9")
    assert _when(post) == slot and post["status"] == "scheduled"
    # Changing the slots typed in yet another case changes the one queue, not a second one.
    code, out, _ = _run(capsys, "queue", "slots", "x:@lumenSTUDIO", "--set", "sat 10:00",
                        "--json")  # fmt: skip
    assert code == EXIT_OK and json.loads(out)["slots"] == "sat 10:00"
    code, out, _ = _run(capsys, "queue", "slots", f"x:{HANDLE}", "--json")
    assert json.loads(out)["slots"] == "sat 10:00"
