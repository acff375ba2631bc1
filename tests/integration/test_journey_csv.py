"""Journey: a bulk-scheduling CSV with every platform's every option, imported with
``s200desk import``, then one row's post edited and another's rescheduled with ``s200desk posts``.

The times are wall times in the zone of the user's Settings (Europe/Berlin) while the computer's
own zone is another (America/New_York): the one to read them in is the user's. Every post on the
server, read by id, must be what its row said — caption (several lines), platform, account, the
UTC instant and the wall time, the media in the order of the ``media`` cell, every option of the
``options`` cell (explicit ``false`` included).

The command line reads times against the real clock: the days are computed from now
(tests/future_dates.py), one of them the night Berlin's clocks go back.
"""

from __future__ import annotations

import csv
import json
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from full_posts import ACCOUNT, FULL, INSTAGRAM_REEL
from future_dates import next_transition
from journeys import ZONE, Wanted, cli_in_zone, live, media_types, mismatches, post_by_id

from s200desk.cli import EXIT_OK, main

TZ = ZoneInfo(ZONE)
CASES = {**FULL, "instagram-reel": INSTAGRAM_REEL}


@pytest.fixture
def env(emulator: Any, monkeypatch: pytest.MonkeyPatch) -> Iterator[Any]:
    with cli_in_zone(emulator, monkeypatch, ZONE) as server:
        yield server


def at(wall: str) -> datetime:
    return datetime.strptime(wall, "%Y-%m-%d %H:%M").replace(tzinfo=TZ).astimezone(UTC)


def test_every_column_and_option_of_a_csv_lands_and_survives_edit_and_reschedule(
    env: Any, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # Far enough ahead that the three days before it are still to come.
    autumn = next_transition(ZONE, gap=False,
                             now=datetime.now(UTC) + timedelta(days=3)).at.astimezone(TZ)
    days = [(autumn + timedelta(days=n)).strftime("%Y-%m-%d") for n in range(-3, 5)]
    rows: dict[str, Wanted] = {}
    lines = [["platform", "account", "text", "media", "scheduled_for", "options"]]
    for n, (case, (urls, options)) in enumerate(CASES.items()):
        platform = case.split("-")[0]
        caption = f"csv journey {case}\nsecond line, \"quoted\" ✨"
        wall = f"{days[n]} {9 + n:02d}:15"
        lines.append([platform, ACCOUNT, caption, "|".join(urls), wall, json.dumps(options)])
        rows[case] = Wanted(caption, platform, ACCOUNT, at(wall), wall, media_types(urls),
                            dict(options))
    path = tmp_path / "plan.csv"
    with path.open("w", newline="", encoding="utf-8") as handle:
        csv.writer(handle).writerows(lines)

    code = main(["import", str(path)])
    captured = capsys.readouterr()
    assert code == EXIT_OK, captured.err
    ids: dict[str, str] = {}
    for case, want in rows.items():
        [held] = live(env, want.caption)
        ids[case] = held["id"]
        assert mismatches(post_by_id(env, held["id"]), want) == {}, case

    # `posts edit` of the carousel's caption: the rest, options and media order, unchanged.
    carousel = rows["instagram"]
    original = post_by_id(env, ids["instagram"])
    assert main(["posts", "edit", ids["instagram"], "--text", "csv journey edited",
                 "--json"]) == EXIT_OK
    edited_id = json.loads(capsys.readouterr().out)["post_id"]
    want = Wanted("csv journey edited", "instagram", ACCOUNT, carousel.scheduled_for,
                  carousel.wall, carousel.media_types, carousel.options,
                  file_ids=tuple(m.file_id for m in original.media))
    assert mismatches(post_by_id(env, edited_id), want) == {}

    # `posts reschedule` of the TikTok post to a wall time past the autumn change.
    tiktok = rows["tiktok"]
    wall = f"{days[-1]} 07:45"
    assert main(["posts", "reschedule", ids["tiktok"], "--at", wall, "--json"]) == EXIT_OK
    moved_id = json.loads(capsys.readouterr().out)["post_id"]
    file_ids = tuple(m.file_id for m in post_by_id(env, ids["tiktok"]).media)
    want = Wanted(tiktok.caption, "tiktok", ACCOUNT, at(wall), wall, tiktok.media_types,
                  tiktok.options, file_ids=file_ids)
    assert mismatches(post_by_id(env, moved_id), want) == {}
    assert [p["id"] for p in live(env, tiktok.caption)] == [moved_id]
