"""The placement rule: which chosen platform gets each dropped file (the emulator's catalogue)."""

from __future__ import annotations

import pytest

from s200desk.emulator.catalog import PLATFORMS
from s200desk.services.media import PlatformLimits
from s200desk.services.media.placement import (
    Piece,
    fold,
    implied_options,
    place,
    still_needs,
)

LIMITS = {p: PlatformLimits.from_info(info.as_json()) for p, info in PLATFORMS.items()}
SIX = ["tiktok", "instagram", "youtube", "x", "linkedin", "pinterest"]
VIDEO = Piece("v1", "video", 1000, "video/mp4")
IMAGE = Piece("i1", "image", 1000, "image/png")


def chosen(*ids: str) -> list[PlatformLimits]:
    return [LIMITS[p] for p in ids]


@pytest.mark.parametrize("order", [(VIDEO, IMAGE), (IMAGE, VIDEO)])
def test_a_video_and_a_picture_go_to_the_platforms_that_take_them_in_any_order(
    order: tuple[Piece, Piece],
) -> None:
    placed = place(list(order), {}, chosen(*SIX))
    keys = {p: [m.key for m in ms] for p, ms in placed.media.items()}
    assert keys == {"tiktok": ["v1"], "instagram": ["v1"], "youtube": ["v1"], "x": ["v1"],
                    "linkedin": ["v1"], "pinterest": ["i1"]}
    assert placed.reached["i1"] == ("pinterest",)
    assert not placed.refused
    shared, own = fold(placed.media, SIX)
    assert [m.key for m in shared] == ["v1"]
    assert {p: [m.key for m in ms] for p, ms in own.items()} == {"pinterest": ["i1"]}


def test_a_picture_joins_pictures_but_not_a_video_already_there() -> None:
    second = Piece("i2", "image", 1000, "image/png")
    placed = place([second], {"x": [IMAGE], "youtube": [VIDEO]}, chosen("x", "youtube"))
    assert [m.key for m in placed.media["x"]] == ["i1", "i2"]
    assert [m.key for m in placed.media["youtube"]] == ["v1"]
    assert placed.reached["i2"] == ("x",)


def test_a_file_no_chosen_platform_takes_is_refused_with_each_reason() -> None:
    placed = place([IMAGE], {}, chosen("youtube"))
    assert placed.reached["i1"] == ()
    assert placed.refused["i1"] == "YouTube does not take images, only videos."


def test_too_large_for_one_platform_goes_to_the_others() -> None:
    big = Piece("p9", "image", 12 * 1024 * 1024, "image/jpeg")  # Instagram: 8 MB, X: 5 MB
    placed = place([big], {}, chosen("instagram", "x", "linkedin"))
    assert placed.reached["p9"] == ("linkedin",)


def test_what_a_platform_still_needs() -> None:
    assert still_needs(LIMITS["pinterest"], [VIDEO]) == "a picture"
    assert still_needs(LIMITS["youtube"], []) == "a video"
    assert still_needs(LIMITS["tiktok"], []) == "a picture or a video"
    assert still_needs(LIMITS["x"], []) is None  # X posts text alone
    assert still_needs(LIMITS["pinterest"], [IMAGE]) is None


def test_the_shared_media_is_what_most_platforms_got_and_never_empty_on_a_tie() -> None:
    placed = place([VIDEO], {}, chosen("pinterest", "youtube"))
    shared, own = fold(placed.media, ["pinterest", "youtube"])
    assert [m.key for m in shared] == ["v1"]
    assert own == {"pinterest": []}


def test_instagrams_post_type_follows_its_media_until_the_user_picks_one() -> None:
    assert implied_options("instagram", [VIDEO], {}) == {"postType": "reel"}
    assert implied_options("instagram", [IMAGE, IMAGE], {}) == {"postType": "carousel"}
    assert implied_options("instagram", [IMAGE], {}) == {}
    assert implied_options("instagram", [VIDEO], {"postType": "story"}) == {}
    assert implied_options("tiktok", [VIDEO], {}) == {}
