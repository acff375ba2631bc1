"""What check_file accepts, and the reason it gives for everything it refuses."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from media_samples import MB, JPEG_4x4, WEBP_4x4, mp4, png, webm, write, write_mp4

from s200desk.services.media.validation import (
    MediaRejected,
    PlatformLimits,
    check_file,
    check_for_platforms,
    human_size,
)


@pytest.mark.parametrize(
    ("name", "data", "mime"),
    [
        ("a.png", png(), "image/png"),
        ("a.jpg", JPEG_4x4, "image/jpeg"),
        ("a.webp", WEBP_4x4, "image/webp"),
        ("a.mp4", mp4(), "video/mp4"),
        ("a.mov", mp4(brand=b"qt  "), "video/quicktime"),
        ("a.webm", webm(), "video/webm"),
        ("jpeg-padded.jpg", JPEG_4x4 + bytes(300), "image/jpeg"),
    ],
)
def test_good_files_pass(tmp_path: Path, name: str, data: bytes, mime: str) -> None:
    got = check_file(write(tmp_path / name, data))
    assert got.mime == mime
    assert got.size == len(data)


def test_the_content_decides_not_the_name(tmp_path: Path) -> None:
    # A real PNG that was given a .jpg name is a PNG and is fine.
    assert check_file(write(tmp_path / "holiday.jpg", png())).mime == "image/png"


def reason(path: Path) -> MediaRejected:
    with pytest.raises(MediaRejected) as info:
        check_file(path)
    return info.value


def test_zero_bytes(tmp_path: Path) -> None:
    exc = reason(write(tmp_path / "empty.png", b""))
    assert exc.code == "empty"
    assert "empty (0 bytes)" in exc.reason


def test_text_renamed_to_jpg(tmp_path: Path) -> None:
    exc = reason(write(tmp_path / "notes.jpg", b"shopping list: eggs, milk\n" * 20))
    assert exc.code == "renamed"
    assert "named like a JPG file but its contents are plain text" in exc.reason


def test_unsupported_type_is_named(tmp_path: Path) -> None:
    exc = reason(write(tmp_path / "anim.gif", b"GIF89a" + bytes(100)))
    assert exc.code == "unsupported"
    assert "GIF" in exc.reason and "JPG, PNG, WebP, MP4, MOV or WebM" in exc.reason


@pytest.mark.parametrize("cut", [20, 40, -12, -1])
def test_truncated_png(tmp_path: Path, cut: int) -> None:
    data = png(16, 16)
    exc = reason(write(tmp_path / "cut.png", data[:cut]))
    assert exc.code == "truncated"
    assert "incomplete" in exc.reason and "IEND" in exc.reason


def test_png_with_a_flipped_byte_is_damaged(tmp_path: Path) -> None:
    data = bytearray(png(16, 16))
    data[45] ^= 0xFF  # inside IDAT
    exc = reason(write(tmp_path / "bad.png", bytes(data)))
    assert exc.code == "corrupt"
    assert "checksum" in exc.reason


def test_truncated_jpeg_has_no_eoi(tmp_path: Path) -> None:
    exc = reason(write(tmp_path / "cut.jpg", JPEG_4x4[:-2]))
    assert exc.code == "truncated"
    assert "EOI" in exc.reason


def test_jpeg_cut_in_its_header(tmp_path: Path) -> None:
    assert reason(write(tmp_path / "cut.jpg", JPEG_4x4[:100])).code == "truncated"


def test_truncated_webp(tmp_path: Path) -> None:
    exc = reason(write(tmp_path / "cut.webp", WEBP_4x4[:30]))
    assert exc.code == "truncated"


def test_mp4_cut_short(tmp_path: Path) -> None:
    data = mp4(100_000)
    exc = reason(write(tmp_path / "cut.mp4", data[:60_000]))
    assert exc.code == "truncated"
    assert "mdat box runs" in exc.reason


def test_mp4_without_moov_is_reported(tmp_path: Path) -> None:
    head = mp4(0)
    ftyp = head[: head.index(b"moov") - 4]
    data = ftyp + b"\x00\x00\x10\x08mdat" + bytes(4096)
    exc = reason(write(tmp_path / "rec.mp4", data))
    assert exc.code == "truncated" and "moov" in exc.reason


def test_mp4_with_garbage_box(tmp_path: Path) -> None:
    data = mp4(1000) + b"\x00\x00\x00\x10\x01\x02\x03\x04" + bytes(8)
    assert reason(write(tmp_path / "junk.mp4", data)).code == "corrupt"


def test_webm_shorter_than_its_segment(tmp_path: Path) -> None:
    exc = reason(write(tmp_path / "cut.webm", webm(1000, declared=5000)))
    assert exc.code == "truncated"


def test_oversized_sparse_video(tmp_path: Path) -> None:
    path = tmp_path / "huge.mp4"
    write_mp4(path, 251 * MB)  # sparse: costs no disk
    exc = reason(path)
    assert exc.code == "too_large"
    assert "251.0 MB" in exc.reason and "at most 250 MB" in exc.reason


def test_oversized_image(tmp_path: Path) -> None:
    path = write(tmp_path / "big.png", png())
    with path.open("r+b") as fh:
        fh.truncate(21 * MB)
    exc = reason(path)
    assert exc.code == "too_large" and "images can be at most 20 MB" in exc.reason


def test_missing_and_folder(tmp_path: Path) -> None:
    assert reason(tmp_path / "nope.png").code == "missing"
    (tmp_path / "dir.png").mkdir()
    assert reason(tmp_path / "dir.png").code == "not_a_file"


@pytest.mark.skipif(os.name == "nt" or os.geteuid() == 0, reason="root reads everything")
def test_unreadable(tmp_path: Path) -> None:
    path = write(tmp_path / "locked.png", png())
    path.chmod(0)
    assert reason(path).code == "unreadable"


def test_platform_limits_from_the_platforms_endpoint(tmp_path: Path) -> None:
    insta = PlatformLimits.from_info(
        {"id": "instagram", "name": "Instagram", "media_types": ["image", "reel", "carousel"],
         "max_image_size_mb": 8, "max_video_size_mb": 250}
    )
    youtube = PlatformLimits.from_info(
        {"id": "youtube", "name": "YouTube", "media_types": ["video"],
         "max_image_size_mb": 20, "max_video_size_mb": 250}
    )
    big = check_file(write(tmp_path / "big.png", png(padding=9 * MB)))
    with pytest.raises(MediaRejected) as info:
        check_for_platforms(big, [insta, youtube])
    assert "Instagram takes images up to 8.0 MB; this one is 9.0 MB." in info.value.reason
    assert "YouTube does not take images" in info.value.reason
    small = check_file(write(tmp_path / "small.png", png()))
    check_for_platforms(small, [insta])


def test_human_size() -> None:
    assert human_size(0) == "0 bytes"
    assert human_size(1536) == "1.5 KB"
    assert human_size(250 * MB) == "250.0 MB"
