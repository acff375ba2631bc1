"""Small, valid sample files the emulator serves for the reserved `example.com` domain.

The reference's examples upload `https://example.com/video.mp4` and friends; there is no internet
here, and RFC 2606 reserves the name, so the emulator answers those URLs itself, picking a sample
by extension. Images are real encodings; videos are well-formed containers (ftyp/mdat boxes, an
EBML header) that any content sniffer recognises, not playable footage.
"""

from __future__ import annotations

import base64
import struct
import zlib
from functools import cache

EXAMPLE_HOSTS = frozenset(
    {"example.com", "www.example.com", "example.org", "www.example.org", "example.net",
     "www.example.net"}
)

_JPEG = base64.b64decode(
    "/9j/4AAQSkZJRgABAQEAZABkAAD/2wBDAAYEBQYFBAYGBQYHBwYIChAKCgkJChQODwwQFxQYGBcUFhYaHSUfGhsj"
    "HBYWICwgIyYnKSopGR8tMC0oMCUoKSj/2wBDAQcHBwoIChMKChMoGhYaKCgoKCgoKCgoKCgoKCgoKCgoKCgoKCgo"
    "KCgoKCgoKCgoKCgoKCgoKCgoKCgoKCgoKCj/wAARCAAIAAgDASIAAhEBAxEB/8QAHwAAAQUBAQEBAQEAAAAAAAAAAAEC"
    "AwQFBgcICQoL/8QAtRAAAgEDAwIEAwUFBAQAAAF9AQIDAAQRBRIhMUEGE1FhByJxFDKBkaEII0KxwRVS0fAkM2Jy"
    "ggkKFhcYGRolJicoKSo0NTY3ODk6Q0RFRkdISUpTVFVWV1hZWmNkZWZnaGlqc3R1dnd4eXqDhIWGh4iJipKTlJWW"
    "l5iZmqKjpKWmp6ipqrKztLW2t7i5usLDxMXGx8jJytLT1NXW19jZ2uHi4+Tl5ufo6erx8vP09fb3+Pn6/8QAHwEA"
    "AwEBAQEBAQEBAQAAAAAAAAECAwQFBgcICQoL/8QAtREAAgECBAQDBAcFBAQAAQJ3AAECAxEEBSExBhJBUQdhcRMi"
    "MoEIFEKRobHBCSMzUvAVYnLRChYkNOEl8RcYGRomJygpKjU2Nzg5OkNERUZHSElKU1RVVldYWVpjZGVmZ2hpanN0"
    "dXZ3eHl6goOEhYaHiImKkpOUlZaXmJmaoqOkpaanqKmqsrO0tba3uLm6wsPExcbHyMnK0tPU1dbX2Nna4uPk5ebn"
    "6Onq8vP09fb3+Pn6/9oADAMBAAIRAxEAPwDqKKKK/GT9PP/Z"
)
_WEBP = base64.b64decode(
    "UklGRjwAAABXRUJQVlA4IDAAAAAQAgCdASoIAAgAAUAmJaACdLoB+AH4AAPIAP7tKt/998Mt7t/7r//sq+EyP/ZIAAA="
)


def _png(width: int = 8, height: int = 8) -> bytes:
    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(
            ">I", zlib.crc32(kind + data) & 0xFFFFFFFF
        )

    raw = b"".join(b"\x00" + b"\xff\x8c\x00" * width for _ in range(height))
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0))
        + chunk(b"IDAT", zlib.compress(raw))
        + chunk(b"IEND", b"")
    )


def _box(kind: bytes, payload: bytes) -> bytes:
    return struct.pack(">I", 8 + len(payload)) + kind + payload


def _isobmff(major: bytes, brands: list[bytes], body_size: int) -> bytes:
    ftyp = _box(b"ftyp", major + struct.pack(">I", 0x200) + b"".join(brands))
    return ftyp + _box(b"free", b"") + _box(b"mdat", bytes(body_size))


def _webm(body_size: int) -> bytes:
    doc_type = b"\x42\x82\x84webm"
    header = (
        b"\x42\x86\x81\x01\x42\xf7\x81\x01\x42\xf2\x81\x04\x42\xf3\x81\x08"
        + doc_type + b"\x42\x87\x81\x04\x42\x85\x81\x02"
    )
    ebml = b"\x1a\x45\xdf\xa3" + bytes([0x80 | len(header)]) + header
    segment_payload = bytes(body_size)
    size = len(segment_payload)
    segment = b"\x18\x53\x80\x67" + bytes([0x01]) + size.to_bytes(7, "big") + segment_payload
    return ebml + segment


@cache
def sample_for(path: str) -> tuple[bytes, str] | None:
    """The sample body and content type for a URL path, by its extension; None: no such file."""
    ext = path.rsplit(".", 1)[-1].lower() if "." in path.rsplit("/", 1)[-1] else ""
    makers = {
        "jpg": lambda: (_JPEG, "image/jpeg"),
        "jpeg": lambda: (_JPEG, "image/jpeg"),
        "png": lambda: (_png(), "image/png"),
        "webp": lambda: (_WEBP, "image/webp"),
        "mp4": lambda: (
            _isobmff(b"isom", [b"isom", b"iso2", b"avc1", b"mp41"], 4096), "video/mp4"
        ),
        "mov": lambda: (_isobmff(b"qt  ", [b"qt  "], 4096), "video/quicktime"),
        "webm": lambda: (_webm(4096), "video/webm"),
        # Unsupported formats exist too, so a 400 for the type can be shown with example URLs.
        "gif": lambda: (b"GIF89a\x01\x00\x01\x00\x00\x00\x00;", "image/gif"),
        "txt": lambda: (b"hello from example.com\n", "text/plain"),
    }
    maker = makers.get(ext)
    return maker() if maker else None
