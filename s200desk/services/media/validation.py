"""Is this file something the API will take? Decided by its bytes, before anything is sent.

``check_file(path)`` sniffs the content with ``filetype`` (never trusting the name), checks the
API's size ceilings (images 20 MB, videos 250 MB), then walks the container far enough to tell a
whole file from a truncated or damaged one: PNG chunks to IEND with their CRCs, JPEG segments to
the scan and the EOI marker, the RIFF size of WebP, the top-level boxes of MP4/MOV (their sizes
must add up to the file's length, with a ``moov`` index), and the EBML header and Segment size of
WebM. Every refusal is a :class:`MediaRejected` whose ``reason`` is a sentence for the user.

``check_for_platforms(media, limits)`` adds each platform's own limits (from the platforms
endpoint) once the media is attached to a post for that platform.
"""

from __future__ import annotations

import os
import struct
import zlib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, BinaryIO

import filetype

MB = 1024 * 1024
MAX_IMAGE_BYTES = 20 * MB
MAX_VIDEO_BYTES = 250 * MB

IMAGE_TYPES = {"image/jpeg": "JPG", "image/png": "PNG", "image/webp": "WebP"}
VIDEO_TYPES = {"video/mp4": "MP4", "video/quicktime": "MOV", "video/webm": "WebM"}
EXTENSIONS = {
    "image/jpeg": ".jpg", "image/png": ".png", "image/webp": ".webp",
    "video/mp4": ".mp4", "video/quicktime": ".mov", "video/webm": ".webm",
}  # fmt: skip
SUPPORTED = "JPG, PNG, WebP, MP4, MOV or WebM"
SNIFF_BYTES = 8192


class MediaRejected(Exception):
    """The file cannot be used; ``reason`` says why in the user's words, ``code`` for programs."""

    def __init__(self, code: str, reason: str) -> None:
        super().__init__(reason)
        self.code = code
        self.reason = reason


@dataclass(frozen=True)
class CheckedMedia:
    """A file that passed: what it really is."""

    path: Path
    mime: str
    size: int

    @property
    def kind(self) -> str:
        return "image" if self.mime in IMAGE_TYPES else "video"

    @property
    def label(self) -> str:
        return IMAGE_TYPES.get(self.mime) or VIDEO_TYPES.get(self.mime) or self.mime

    @property
    def extension(self) -> str:
        return EXTENSIONS.get(self.mime, "")


def human_size(size: float) -> str:
    """1536 -> '1.5 KB'; what the user reads next to a file."""
    for unit in ("bytes", "KB", "MB", "GB"):
        if size < 1024 or unit == "GB":
            if unit == "bytes":
                return f"{int(size)} bytes"
            return f"{size:.1f} {unit}"
        size /= 1024
    return f"{size:.1f} GB"


def limit_for(mime: str) -> int:
    return MAX_IMAGE_BYTES if mime in IMAGE_TYPES else MAX_VIDEO_BYTES


# --------------------------------------------------------------------------- the whole check


def check_file(path: str | os.PathLike[str]) -> CheckedMedia:
    """Sniff, size-check and structure-check one local file; raises MediaRejected."""
    p = Path(path)
    name = p.name
    try:
        size = p.stat().st_size
        if not p.is_file():
            raise MediaRejected("not_a_file", f"“{name}” is a folder, not a file.")
        fh = p.open("rb")
    except MediaRejected:
        raise
    except FileNotFoundError as exc:
        raise MediaRejected("missing", f"“{name}” does not exist (any more).") from exc
    except OSError as exc:
        raise MediaRejected("unreadable", f"“{name}” cannot be read ({exc.strerror}).") from exc
    with fh:
        if size == 0:
            raise MediaRejected(
                "empty", f"“{name}” is empty (0 bytes): there is nothing to upload."
            )
        head = fh.read(SNIFF_BYTES)
        mime = sniff(head, name)
        limit = limit_for(mime)
        if size > limit:
            kind = "Images" if mime in IMAGE_TYPES else "Videos"
            raise MediaRejected(
                "too_large",
                f"“{name}” is {human_size(size)}; {kind.lower()} can be at most "
                f"{limit // MB} MB.",
            )
        STRUCTURE_CHECKS[mime](fh, size, name)
    return CheckedMedia(p, mime, size)


def sniff(head: bytes, name: str) -> str:
    """The supported MIME type of these first bytes, or MediaRejected saying what it is instead."""
    kind = filetype.guess(head)
    if kind is not None and kind.mime in IMAGE_TYPES | VIDEO_TYPES:
        return str(kind.mime)
    suffix = Path(name).suffix.lower()
    named_like_media = suffix in {".jpg", ".jpeg", ".png", ".webp", ".mp4", ".mov", ".webm"}
    if kind is not None:
        what = f"a {kind.extension.upper()} file ({kind.mime})"
    elif _looks_like_text(head):
        what = "plain text"
    else:
        what = "not a picture or video we recognise"
    if named_like_media:
        raise MediaRejected(
            "renamed",
            f"“{name}” is named like a {suffix[1:].upper()} file but its contents are {what}; "
            f"renaming a file does not convert it. Use a real {SUPPORTED} file.",
        )
    raise MediaRejected(
        "unsupported", f"“{name}” is {what}. Only {SUPPORTED} files can be uploaded."
    )


def _looks_like_text(head: bytes) -> bool:
    if not head or b"\x00" in head:
        return False
    try:
        head.decode("utf-8")
    except UnicodeDecodeError as exc:
        # A multi-byte character cut at the end of the sample is still text.
        return exc.start >= len(head) - 4
    return True


def _truncated(name: str, what: str) -> MediaRejected:
    return MediaRejected(
        "truncated",
        f"“{name}” is incomplete: {what}. It was probably cut off while downloading or copying; "
        "get the whole file again.",
    )


def _damaged(name: str, what: str) -> MediaRejected:
    return MediaRejected(
        "corrupt", f"“{name}” is damaged: {what}. Export or download it again."
    )


# --------------------------------------------------------------------------- PNG


def _check_png(fh: BinaryIO, size: int, name: str) -> None:
    fh.seek(8)
    pos = 8
    first = True
    while True:
        header = fh.read(8)
        if len(header) < 8:
            raise _truncated(name, "the picture data stops before its end marker (IEND)")
        length, kind = struct.unpack(">I4s", header)
        if first and kind != b"IHDR":
            raise _damaged(name, "its header chunk (IHDR) is missing")
        first = False
        if not kind.isalpha():
            raise _damaged(name, f"an unreadable chunk at byte {pos}")
        if pos + 12 + length > size:
            raise _truncated(name, "the picture data stops before its end marker (IEND)")
        crc = zlib.crc32(kind)
        left = length
        while left:
            block = fh.read(min(left, MB))
            crc = zlib.crc32(block, crc)
            left -= len(block)
        (stored,) = struct.unpack(">I", fh.read(4))
        if stored != crc & 0xFFFFFFFF:
            raise _damaged(name, f"its {kind.decode('ascii', 'replace')} chunk fails its checksum")
        pos += 12 + length
        if kind == b"IEND":
            return


# --------------------------------------------------------------------------- JPEG

_STANDALONE = {0x01, *range(0xD0, 0xD8)}  # TEM, RST0-7: markers without a length


def _check_jpeg(fh: BinaryIO, size: int, name: str) -> None:
    fh.seek(2)
    pos = 2
    while True:
        marker = fh.read(2)
        if len(marker) < 2:
            raise _truncated(name, "the picture stops inside its header")
        if marker[0] != 0xFF:
            raise _damaged(name, f"an unreadable header at byte {pos}")
        code = marker[1]
        while code == 0xFF:  # fill bytes
            nxt = fh.read(1)
            if not nxt:
                raise _truncated(name, "the picture stops inside its header")
            pos += 1
            code = nxt[0]
        if code in _STANDALONE:
            pos += 2
            continue
        if code == 0xD9:
            raise _damaged(name, "it ends before any picture data")
        raw = fh.read(2)
        if len(raw) < 2:
            raise _truncated(name, "the picture stops inside its header")
        (length,) = struct.unpack(">H", raw)
        if length < 2:
            raise _damaged(name, f"an impossible segment length at byte {pos}")
        if pos + 2 + length > size:
            raise _truncated(name, "the picture stops inside its header")
        if code == 0xDA:  # start of scan: the compressed picture follows, then EOI
            break
        fh.seek(pos + 2 + length)
        pos += 2 + length
    # Cameras and editors sometimes pad after EOI; look for it near the end.
    tail_len = min(size, 64 * 1024)
    fh.seek(size - tail_len)
    tail = fh.read(tail_len).rstrip(b"\x00")
    if not tail.endswith(b"\xff\xd9") and b"\xff\xd9" not in tail[-1024:]:
        raise _truncated(name, "the picture data stops before its end marker (EOI)")


# --------------------------------------------------------------------------- WebP


def _check_webp(fh: BinaryIO, size: int, name: str) -> None:
    fh.seek(0)
    header = fh.read(12)
    if len(header) < 12:
        raise _truncated(name, "the picture stops inside its header")
    riff, length, webp = struct.unpack("<4sI4s", header)
    if riff != b"RIFF" or webp != b"WEBP":
        raise _damaged(name, "its RIFF header is wrong")
    expected = 8 + length + (length & 1)
    if expected > size and 8 + length > size:
        raise _truncated(
            name, f"it should be {human_size(8 + length)} but is only {human_size(size)}"
        )
    chunk = fh.read(8)
    if len(chunk) < 8 or chunk[:3] != b"VP8":
        raise _damaged(name, "its picture chunk (VP8) is missing")


# --------------------------------------------------------------------------- MP4 / MOV

_TOP_LEVEL_BOXES = {
    b"ftyp", b"moov", b"mdat", b"free", b"skip", b"wide", b"uuid", b"meta", b"pdin",
    b"moof", b"mfra", b"styp", b"sidx", b"ssix", b"prft", b"emsg", b"pnot", b"junk",
}  # fmt: skip


def _check_isobmff(fh: BinaryIO, size: int, name: str) -> None:
    pos = 0
    seen: set[bytes] = set()
    while pos < size:
        fh.seek(pos)
        header = fh.read(8)
        if len(header) < 8:
            raise _truncated(name, "the video stops inside a box header")
        box_size, kind = struct.unpack(">I4s", header)
        header_len = 8
        if box_size == 1:
            large = fh.read(8)
            if len(large) < 8:
                raise _truncated(name, "the video stops inside a box header")
            (box_size,) = struct.unpack(">Q", large)
            header_len = 16
        elif box_size == 0:  # "to the end of the file"
            box_size = size - pos
        if not all(32 <= c < 127 for c in kind):
            raise _damaged(name, f"unreadable data at byte {pos} where a video box should start")
        if box_size < header_len:
            raise _damaged(name, f"an impossible box size at byte {pos}")
        if pos + box_size > size:
            missing = pos + box_size - size
            raise _truncated(
                name, f"its {kind.decode('ascii')} box runs {human_size(missing)} past the end"
            )
        seen.add(kind)
        pos += box_size
    if b"moov" not in seen and b"moof" not in seen:
        raise _truncated(
            name, "it has no index (moov box), which a recording that was cut off lacks"
        )


# --------------------------------------------------------------------------- WebM


def _vint(fh: BinaryIO, *, keep_marker: bool) -> tuple[int, int, bool]:
    """An EBML variable-length integer: (value, byte length, all value bits set)."""
    first = fh.read(1)
    if not first:
        raise EOFError
    b = first[0]
    length = 1
    mask = 0x80
    while length <= 8 and not b & mask:
        mask >>= 1
        length += 1
    if length > 8:
        raise ValueError("bad vint")
    rest = fh.read(length - 1)
    if len(rest) < length - 1:
        raise EOFError
    value = b if keep_marker else b & (mask - 1)
    for c in rest:
        value = (value << 8) | c
    unknown = not keep_marker and value == (1 << (7 * length)) - 1
    return value, length, unknown


def _check_webm(fh: BinaryIO, size: int, name: str) -> None:
    fh.seek(0)
    try:
        ident, _, _ = _vint(fh, keep_marker=True)
        header_size, _, _ = _vint(fh, keep_marker=False)
        if ident != 0x1A45DFA3:
            raise _damaged(name, "its EBML header is wrong")
        fh.seek(fh.tell() + header_size)
        segment_at = fh.tell()
        ident, _, _ = _vint(fh, keep_marker=True)
        segment_size, _, unknown = _vint(fh, keep_marker=False)
    except EOFError as exc:
        raise _truncated(name, "the video stops inside its header") from exc
    except ValueError as exc:
        raise _damaged(name, "its header cannot be read") from exc
    if segment_at >= size:
        raise _truncated(name, "the video stops after its header")
    if ident != 0x18538067:
        raise _damaged(name, "its Segment element is missing")
    if not unknown and fh.tell() + segment_size > size:
        missing = fh.tell() + segment_size - size
        raise _truncated(name, f"{human_size(missing)} of video data are missing at the end")


STRUCTURE_CHECKS: dict[str, Any] = {
    "image/png": _check_png,
    "image/jpeg": _check_jpeg,
    "image/webp": _check_webp,
    "video/mp4": _check_isobmff,
    "video/quicktime": _check_isobmff,
    "video/webm": _check_webm,
}


# --------------------------------------------------------------------------- per platform

_IMAGE_WORDS = {"image", "photo", "photo_slideshow", "carousel", "story"}
_VIDEO_WORDS = {"video", "reel", "story", "short", "shorts"}


@dataclass(frozen=True)
class PlatformLimits:
    """One platform's media limits as the platforms endpoint states them."""

    id: str
    name: str
    max_image_bytes: int | None
    max_video_bytes: int | None
    takes_images: bool
    takes_videos: bool
    # No "text" among its media types: a post there needs a picture or a video.
    needs_media: bool = False

    @classmethod
    def from_info(cls, info: Any) -> PlatformLimits:
        """From an ``api.PlatformInfo`` (or a dict with the same fields)."""

        def get(key: str) -> Any:
            return info.get(key) if isinstance(info, dict) else getattr(info, key, None)

        types = {str(t).lower() for t in get("media_types") or ()}
        image_mb, video_mb = get("max_image_size_mb"), get("max_video_size_mb")
        return cls(
            id=str(get("id")),
            name=str(get("name") or get("id")),
            max_image_bytes=int(float(image_mb) * MB) if image_mb is not None else None,
            max_video_bytes=int(float(video_mb) * MB) if video_mb is not None else None,
            # Unknown media_types: assume both rather than refusing on a guess.
            takes_images=not types or bool(types & _IMAGE_WORDS),
            takes_videos=not types or bool(types & _VIDEO_WORDS),
            needs_media=bool(types) and "text" not in types,
        )


def platform_problems(mime: str, size: int, limits: Iterable[PlatformLimits]) -> list[str]:
    """Why media of this type and size cannot go to each of these platforms (empty: it can)."""
    out: list[str] = []
    image = mime.startswith("image/")
    for p in limits:
        if image and not p.takes_images:
            out.append(f"{p.name} does not take images, only videos.")
            continue
        if not image and not p.takes_videos:
            out.append(f"{p.name} does not take videos, only images.")
            continue
        cap = p.max_image_bytes if image else p.max_video_bytes
        if cap is not None and size > cap:
            what = "images" if image else "videos"
            out.append(
                f"{p.name} takes {what} up to {human_size(cap)}; this one is {human_size(size)}."
            )
    return out


def check_for_platforms(
    media: CheckedMedia, limits: Sequence[PlatformLimits], *, any_platform: bool = False
) -> None:
    """``check_file``'s result against the platforms a post goes to; raises MediaRejected.

    ``any_platform``: refused only when none of them takes it (the composer then attaches it
    to those that do, see ``placement``)."""
    problems = platform_problems(media.mime, media.size, limits)
    if problems and (not any_platform or len(problems) >= len(limits)):
        raise MediaRejected("platform_limit", f"“{media.path.name}”: " + " ".join(problems))
