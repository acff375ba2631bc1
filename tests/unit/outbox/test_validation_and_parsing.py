"""Pre-send checks, CLI argument parsing and CSV reading: no network, no emulator."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest

from s200desk.cli.args import UsageError, parse, parse_options, parse_target
from s200desk.cli.csv_import import read_plan
from s200desk.services.outbox import MediaRef, PostSpec, plan_posts
from s200desk.services.validation import PlatformRules, validate_post

VIDEO = MediaRef(url="https://cdn.test/a.mp4")
IMAGE = MediaRef(url="https://cdn.test/a.jpg")


def fields(spec: PostSpec, rules: PlatformRules | None = None) -> set[str]:
    return {p.field for p in validate_post(spec, rules)}


def post(platform: str, *media: MediaRef, **options: object) -> PostSpec:
    return PostSpec(account_id="@me", platform=platform, text="hi", media=media, options=options)


def test_required_media_and_options_per_platform() -> None:
    assert fields(post("youtube", VIDEO, title="T")) == set()
    assert fields(post("youtube", IMAGE, title="T")) == {"media"}
    assert fields(post("youtube", VIDEO)) == {"options.title"}
    assert fields(post("pinterest", IMAGE, boardId="b")) == set()
    assert fields(post("pinterest", VIDEO, boardId="b")) == {"media"}
    assert fields(post("tiktok", privacyLevel="SELF_ONLY")) == {"media"}
    assert fields(post("tiktok", IMAGE, IMAGE, privacyLevel="SELF_ONLY")) == set()
    assert fields(post("instagram")) == {"media"}
    assert fields(post("instagram", IMAGE, postType="carousel")) == {"media"}
    assert fields(post("instagram", IMAGE, VIDEO, postType="carousel")) == set()
    assert fields(post("instagram", IMAGE, postType="reel")) == {"media"}
    assert fields(post("x", IMAGE, IMAGE, IMAGE, IMAGE, IMAGE)) == {"media"}
    assert fields(post("facebook", IMAGE, postType="text")) == {"media"}


def test_caption_limits_and_profiles_come_from_the_server() -> None:
    rules = PlatformRules.from_api(
        platforms=[{"id": "x", "max_caption_length": 10}],
        profiles=[
            {"platform": "x", "account_id": "@me", "status": "active"},
            {"platform": "linkedin", "account_id": "@me", "status": "disconnected"},
        ],
    )
    long_x = PostSpec(account_id="@me", platform="x", text="x" * 11)
    assert fields(long_x, rules) == {"text"}
    assert fields(post("linkedin"), rules) == {"account"}
    assert fields(post("x").__class__(account_id="@other", platform="x", text="t"), rules) == {
        "account"
    }


def test_cli_targets_and_options() -> None:
    assert parse_target("TikTok:@me") == ("tiktok", "@me")
    for bad in ("tiktok", "myspace:@me", ":@me", "x:"):
        with pytest.raises(UsageError):
            parse_target(bad)
    opts = parse_options(
        ["tiktok.disableComment=true", "youtube.title=Hello world", "youtube.tags=[\"a\"]"],
        '{"tiktok": {"privacyLevel": "SELF_ONLY"}}',
    )
    assert opts == {
        "tiktok": {"privacyLevel": "SELF_ONLY", "disableComment": True},
        "youtube": {"title": "Hello world", "tags": ["a"]},
    }
    with pytest.raises(UsageError):
        parse_options(["nodot=1"], None)
    with pytest.raises(UsageError):
        parse(["post", "--text", "no target"])
    with pytest.raises(UsageError):
        parse(["outbox", "retry"])
    assert parse(["outbox"]).action == "list"


def test_plan_posts_shares_one_upload_per_url_and_keys_rows() -> None:
    specs = [post("tiktok", VIDEO), post("youtube", VIDEO), post("x", IMAGE)]
    intents = plan_posts(specs, group_id="g", source_keys=["k1", "k2", "k3"],
                         media_key_prefix="import:abc")
    uploads = [i for i in intents if i.kind.value == "media_upload"]
    creates = [i for i in intents if i.kind.value == "create"]
    assert len(uploads) == 2 and len(creates) == 3
    assert creates[0].depends_on == creates[1].depends_on
    assert [c.source_key for c in creates] == ["k1", "k2", "k3"]
    assert all(u.source_key and u.source_key.startswith("import:abc:media:") for u in uploads)


def test_csv_rows_are_read_with_row_numbers(tmp_path: Path) -> None:
    path = tmp_path / "p.csv"
    path.write_text(
        "platform,account,text,media,scheduled_for,options\n"
        'x,@me,"two\nlines",,2026-12-01 09:00,\n'
        "linkedin,@me,ok,https://cdn.test/a.jpg|https://cdn.test/b.jpg,,\n"
        "x,@me,late,,2020-01-01 00:00,\n",
        encoding="utf-8",
    )
    now = datetime(2026, 6, 1, tzinfo=UTC)
    plan = read_plan(path, zone="Europe/Berlin", rules=None, now=now)
    assert [row for row, _ in plan.specs] == [2, 3]  # spreadsheet rows, not lines
    assert plan.specs[0][1].scheduled_for == "2026-12-01T08:00:00Z"
    assert len(plan.specs[1][1].media) == 2
    assert next(str(e) for e in plan.errors).startswith("4:scheduled_for:")
    again = read_plan(path, zone="Europe/Berlin", rules=None, now=now, skip_rows=frozenset({4}))
    assert again.errors == [] and again.file_hash == plan.file_hash
    (tmp_path / "h.csv").write_text("platform,text\n", encoding="utf-8")
    bad = read_plan(tmp_path / "h.csv", zone="UTC", rules=None)
    assert str(bad.errors[0]) == "1:header: missing column(s): account"
