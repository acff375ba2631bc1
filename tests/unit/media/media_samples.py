"""Real, small media files made in the test (and their broken variants) for the media tests.

Imported by the unit, integration, UI and perf tests of media (they put this folder on sys.path).
"""

from __future__ import annotations

import base64
import struct
import zlib
from pathlib import Path

MB = 1024 * 1024

# A 4x4 JPEG and a 4x4 lossy WebP written by Qt's own encoders.
JPEG_4x4 = base64.b64decode(
    "/9j/4AAQSkZJRgABAQEAZABkAAD/2wBDAAYEBQYFBAYGBQYHBwYIChAKCgkJChQODwwQFxQYGBcUFhYaHSUfGhsjHBYW"
    "ICwgIyYnKSopGR8tMC0oMCUoKSj/2wBDAQcHBwoIChMKChMoGhYaKCgoKCgoKCgoKCgoKCgoKCgoKCgoKCgoKCgoKCgo"
    "KCgoKCgoKCgoKCgoKCgoKCgoKCj/wAARCAAEAAQDASIAAhEBAxEB/8QAHwAAAQUBAQEBAQEAAAAAAAAAAAECAwQFBgcI"
    "CQoL/8QAtRAAAgEDAwIEAwUFBAQAAAF9AQIDAAQRBRIhMUEGE1FhByJxFDKBkaEII0KxwRVS0fAkM2JyggkKFhcYGRol"
    "JicoKSo0NTY3ODk6Q0RFRkdISUpTVFVWV1hZWmNkZWZnaGlqc3R1dnd4eXqDhIWGh4iJipKTlJWWl5iZmqKjpKWmp6ip"
    "qrKztLW2t7i5usLDxMXGx8jJytLT1NXW19jZ2uHi4+Tl5ufo6erx8vP09fb3+Pn6/8QAHwEAAwEBAQEBAQEBAQAAAAAA"
    "AAECAwQFBgcICQoL/8QAtREAAgECBAQDBAcFBAQAAQJ3AAECAxEEBSExBhJBUQdhcRMiMoEIFEKRobHBCSMzUvAVYnLR"
    "ChYkNOEl8RcYGRomJygpKjU2Nzg5OkNERUZHSElKU1RVVldYWVpjZGVmZ2hpanN0dXZ3eHl6goOEhYaHiImKkpOUlZaX"
    "mJmaoqOkpaanqKmqsrO0tba3uLm6wsPExcbHyMnK0tPU1dbX2Nna4uPk5ebn6Onq8vP09fb3+Pn6/9oADAMBAAIRAxEA"
    "PwDkqKKKk/Vz/9k="
)
WEBP_4x4 = base64.b64decode(
    "UklGRjQAAABXRUJQVlA4ICgAAABwAQCdASoEAAQAAUAmJaACdAFAAAD+77zxU/+4OP/7g4//uDj90wAA"
)


def png(width: int = 8, height: int = 8, rgb: tuple[int, int, int] = (30, 120, 220),
        padding: int = 0) -> bytes:
    """A valid RGB PNG; ``padding`` adds an ancillary chunk of that many bytes (to reach a size)."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        crc = zlib.crc32(kind + data) & 0xFFFFFFFF
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", crc)

    ihdr = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    row = bytes(rgb) * width
    raw = b"".join(b"\x00" + row for _ in range(height))
    extra = chunk(b"tEXt", b"pad\x00" + bytes(padding)) if padding else b""
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", ihdr) + extra
            + chunk(b"IDAT", zlib.compress(raw)) + chunk(b"IEND", b""))


def box(kind: bytes, payload: bytes) -> bytes:
    return struct.pack(">I", 8 + len(payload)) + kind + payload


def mp4(mdat_bytes: int = 4096, brand: bytes = b"isom") -> bytes:
    """ftyp + moov + mdat: the top-level layout of a real MP4 (MOV with brand 'qt  ')."""
    compatible = brand if brand == b"qt  " else brand + b"mp41"
    ftyp = box(b"ftyp", brand + b"\x00\x00\x02\x00" + compatible)
    moov = box(b"moov", box(b"mvhd", bytes(100)))
    return ftyp + moov + box(b"mdat", bytes(mdat_bytes))


def write_mp4(path: Path, total_bytes: int, *, random_data: bool = False) -> Path:
    """An MP4 of exactly ``total_bytes`` (the mdat written in 1 MB blocks, sparse unless random)."""
    import os

    head = mp4(0)
    mdat_len = total_bytes - len(head) + 8
    with path.open("wb") as fh:
        fh.write(head[:-8])
        fh.write(struct.pack(">I", mdat_len) + b"mdat")
        left = mdat_len - 8
        if random_data:
            while left:
                n = min(MB, left)
                fh.write(os.urandom(n))
                left -= n
        else:
            fh.truncate(total_bytes)
    return path


def _ebml_size(n: int) -> bytes:
    return bytes([0x01]) + n.to_bytes(7, "big")  # 8-byte vint


def webm(body_bytes: int = 1024, declared: int | None = None) -> bytes:
    """EBML header (doctype webm) + a Segment of ``body_bytes`` (declared size may differ)."""
    doctype = b"\x42\x82" + bytes([0x80 | 4]) + b"webm"
    header = b"\x1a\x45\xdf\xa3" + bytes([0x80 | len(doctype)]) + doctype
    size = body_bytes if declared is None else declared
    return header + b"\x18\x53\x80\x67" + _ebml_size(size) + bytes(body_bytes)


def write(path: Path, data: bytes) -> Path:
    path.write_bytes(data)
    return path
