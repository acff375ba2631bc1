"""Journey: ``s200desk post --repeat`` with every option and several media, starting at a wall time
that the clocks skip on its first day.

"Weekly at 02:30" from the night the clocks go forward: that first 02:30 does not exist (it is
posted at 03:30, and the user is told), but every later week has a 02:30 and the series must keep
it — as the composer's repeat does. The Settings zone is the one whose next spring-forward night
comes sooner (Europe/Berlin or Australia/Sydney, half a year apart, so the series always fits the
horizon); the computer's own zone is a third one. Every post on the server, read by id, must carry
the caption, account, media in order and every option given (explicit ``false`` included) at
the wall time the rule says.

The command line reads times against the real clock: the night is computed from now.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from full_posts import ACCOUNT, FULL
from future_dates import next_transition
from journeys import Wanted, cli_in_zone, live, media_types, mismatches, post_by_id

from s200desk.cli import EXIT_OK, main

ZONES = ("Europe/Berlin", "Australia/Sydney")


def sooner_zone() -> str:
    return min(ZONES, key=lambda z: next_transition(z, gap=True).at)


@pytest.fixture
def env(emulator: Any, monkeypatch: pytest.MonkeyPatch) -> Iterator[Any]:
    with cli_in_zone(emulator, monkeypatch, sooner_zone()) as server:
        yield server


def test_a_weekly_series_from_a_skipped_time_keeps_that_time_in_later_weeks(
    env: Any, capsys: pytest.CaptureFixture[str]
) -> None:
    zone = sooner_zone()
    tz = ZoneInfo(zone)
    night = next_transition(zone, gap=True).middle_wall_time  # naive, inside the skipped hour
    first = f"{night:%Y-%m-%d %H:%M}"
    caption = "weekly from a skipped time ✨\nline two"
    options = {"youtube": FULL["youtube"][1], "pinterest": FULL["pinterest"][1]}
    media = {"youtube": FULL["youtube"][0], "pinterest": FULL["pinterest"][0]}
    for platform in ("youtube", "pinterest"):
        code = main(["post", "--to", f"{platform}:{ACCOUNT}", "--text", caption,
                     "--media", *media[platform], "--options", json.dumps(
                         {platform: options[platform]}),
                     "--at", first, "--repeat", "weekly", "--count", "3", "--horizon", "366"])
        captured = capsys.readouterr()
        assert code == EXIT_OK, captured.err
        assert "does not exist" in captured.err  # the first one: told it moves forward

    skipped_by = next_transition(zone, gap=True)
    gap = skipped_by.after - skipped_by.before
    walls = [night + gap, night + timedelta(weeks=1), night + timedelta(weeks=2)]
    expected = [w.replace(tzinfo=tz).astimezone(UTC) for w in walls]
    for platform in ("youtube", "pinterest"):
        posts = sorted((p for p in live(env, caption) if p["platform"] == platform),
                       key=lambda p: p["scheduled_for"])
        assert len(posts) == 3, platform
        for post, when, wall_time in zip(posts, expected, walls, strict=True):
            want = Wanted(caption, platform, ACCOUNT, when, f"{wall_time:%Y-%m-%d %H:%M}",
                          media_types(media[platform]), options[platform])
            held = post_by_id(env, post["id"])
            found = mismatches(held, want)
            # journeys.wall() reads Berlin; the wall time in the Settings zone is checked here.
            if zone != "Europe/Berlin":
                found.pop("wall", None)
                assert datetime.strftime(held.scheduled_for.astimezone(tz),
                                         "%Y-%m-%d %H:%M") == want.wall
            assert found == {}, (platform, wall_time)


def test_a_series_asked_for_the_later_of_a_repeated_time_is_refused_not_moved(
    env: Any, capsys: pytest.CaptureFixture[str]
) -> None:
    """The night the clocks go back, 02:30 happens twice. A one-off post takes ``--overlap
    later``; a series' occurrences are always the earlier one, so asking a series for the later
    would post an hour before the time the user chose: refused, nothing recorded or sent."""
    zone = sooner_zone()
    night = next_transition(zone, gap=False).middle_wall_time
    caption = "weekly from a repeated time"
    code = main(["post", "--to", f"x:{ACCOUNT}", "--text", caption, "--at",
                 f"{night:%Y-%m-%d %H:%M}", "--overlap", "later", "--repeat", "weekly",
                 "--count", "2", "--horizon", "366"])
    captured = capsys.readouterr()
    assert code == 2, captured.err
    assert "happens twice" in captured.err and "nothing was sent" in captured.err
    assert live(env, caption) == []
