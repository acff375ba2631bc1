"""One row per post: caption, platform, profile, published time, latest numbers, rate."""

from __future__ import annotations

# Fixed dates here are data (exported and read back), never compared with the real clock: this
# file passes at any date (checked with faketime +400d, +3y and +10y).
import csv
from dataclasses import replace
from pathlib import Path

from s200desk.services.analytics.post_export import POSTS_HEADER, export_posts_csv

from .samples import sample_posts


def read(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def test_one_row_per_post_with_its_latest_numbers(tmp_path: Path) -> None:
    out = tmp_path / "posts.csv"
    names = {("tiktok", "@one"): "Lumen Studio"}
    assert export_posts_csv(sample_posts(), out, names) == 4
    rows = read(out)
    assert tuple(rows[0]) == POSTS_HEADER
    by_id = {r["post_id"]: r for r in rows}
    a = by_id["a"]
    # A handle starts with "@", which a spreadsheet takes for a formula: kept as text.
    assert (a["caption"], a["platform"], a["profile"], a["account_id"]) == (
        "caption a", "TikTok", "Lumen Studio", "'@one")
    assert a["published_at"] == "2026-05-04T09:00:00.000Z"
    assert (a["views"], a["likes"], a["comments"], a["shares"], a["saves"]) == (
        "1000", "50", "10", "20", "20")
    assert a["engagement_rate"] == "0.100000"  # (50 + 10 + 20 + 20) / 1000
    assert a["last_polled_at"] == "2026-05-07T09:00:00.000Z"
    assert by_id["c"]["platform"] == "Instagram" and by_id["c"]["profile"] == ""
    never = by_id["d"]  # published, never measured: empty, not zero
    assert never["views"] == "" and never["engagement_rate"] == "" and never["last_polled_at"] == ""
    # Newest first.
    assert [r["post_id"] for r in rows] == ["d", "b", "c", "a"]


def test_a_caption_that_starts_a_formula_stays_text(tmp_path: Path) -> None:
    out = tmp_path / "posts.csv"
    evil = [replace(p, caption=c) for p, c in zip(
        sample_posts(), ("=HYPERLINK(\"x\")", "+1 tip", "-sale", "@team"), strict=False)]
    export_posts_csv(evil, out)
    captions = sorted(r["caption"] for r in read(out))
    assert captions == sorted(["'=HYPERLINK(\"x\")", "'+1 tip", "'-sale", "'@team"])


def test_the_export_replaces_the_file_whole_and_leaves_nothing_beside_it(tmp_path: Path) -> None:
    folder = tmp_path / "exports"
    folder.mkdir()
    out = folder / "posts.csv"
    out.write_text("an older export\n", encoding="utf-8")
    export_posts_csv(sample_posts(), out)
    assert [p.name for p in folder.iterdir()] == ["posts.csv"]
    assert len(read(out)) == 4
