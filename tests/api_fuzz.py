"""Random server answers for the API client, shared by the suite's property tests and their
10,000-example run in tests/perf.

The property: whatever a 2xx answer holds (any JSON, the reference's examples with fields dropped,
retyped or added, truncated or non-JSON bytes, odd rate-limit headers), the client returns the
documented model or raises ``MalformedResponseError``; an error status raises an
``APIStatusError``. Never any other exception.

Generated JSON nests at most a few levels: ``max_leaves`` keeps it shallow. Deeply nested bodies
(thousands of levels, a ``RecursionError`` in the decoder) are handled in ``_base_client.py`` by
another change and tested there.
"""

from __future__ import annotations

# The dates in the reference's examples are data (parsed and validated), never compared with
# the real clock: the property tests pass at any date (checked with faketime +400d, +3y, +10y).
import json
import string
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta, timezone
from typing import Any

import httpx
from hypothesis import strategies as st

from s200desk.api import (
    Analytics,
    APIStatusError,
    CancelResult,
    CreatedPost,
    MalformedResponseError,
    Post,
    PostPage,
    QueuedForNextDay,
    Status200Client,
    UploadedMedia,
)
from s200desk.api.types import PlatformInfo, Profile

KEY = "rl_fuzz_key"
BASE = "http://127.0.0.1:9/functions/v1"
SITE = "http://127.0.0.1:9"

# The reference's response examples (as in tests/unit/api/test_models.py).
UPLOAD = {"success": True, "file_id": "a1b2c3d4-e5f6-7890-abcd-ef1234567890", "size": 5242880,
          "type": "video/mp4"}  # fmt: skip
CREATED = {"success": True, "post_id": "b2c3d4e5-f6a7-8901-bcde-f12345678901",
           "platform": "instagram", "status": "published"}  # fmt: skip
QUEUED = {
    "queued": True, "code": "queued_for_next_day",
    "message": "Daily post limit reached for instagram (5/5 today). Post queued for tomorrow.",
    "scheduled_post_id": "a1b2c3d4-e5f6-7890-abcd-ef1234567890",
    "scheduled_at": "2026-05-17T14:30:00.000Z", "limit": 5, "used": 5, "plan": "free",
}  # fmt: skip
POST = {
    "id": "b2c3d4e5-f6a7-8901-bcde-f12345678901", "platform": "tiktok",
    "account_id": "@myprofile", "caption": "Check this out! #viral", "status": "published",
    "platform_post_id": "7123456789012345678",
    "media": [{"file_id": "a1b2c3d4-e5f6-7890-abcd-ef1234567890", "type": "video/mp4",
               "size": 5242880}],
    "platform_options": {"privacyLevel": "PUBLIC_TO_EVERYONE"},
    "created_at": "2026-04-15T10:30:00Z", "published_at": "2026-04-15T10:30:05Z",
    "scheduled_for": "2026-04-15T10:30:00Z",
}  # fmt: skip
PAGE = {"posts": [POST, {**POST, "id": "second"}], "total": 42, "limit": 10, "offset": 0}
CANCELLED = {"success": True, "message": "Scheduled post cancelled"}
PROFILES = {"profiles": [
    {"account_id": "@creator_studio", "platform": "tiktok", "display_name": "Creator Studio",
     "status": "active", "connected_at": "2026-03-01T12:00:00Z"},
]}  # fmt: skip
PLATFORMS = {"platforms": [
    {"id": "tiktok", "name": "TikTok", "media_types": ["video", "photo_slideshow"],
     "max_caption_length": 4000, "max_video_size_mb": 287, "max_image_size_mb": 20},
]}  # fmt: skip
ANALYTICS = {"post_id": "b2c3d4e5-f6a7-8901-bcde-f12345678901", "platform": "tiktok",
             "metrics": {"views": 15420, "likes": 892, "comments": 47, "shares": 123,
                         "saves": 56},
             "polled_at": "2026-04-16T08:00:00Z"}  # fmt: skip


@dataclass(frozen=True)
class Endpoint:
    name: str
    call: Callable[[Status200Client], Any]
    returns: tuple[type, ...]  # what a successful call gives back
    examples: tuple[dict[str, Any], ...]
    ok_statuses: tuple[int, ...] = (200, 201)


def _returns_list_of(kind: type) -> Callable[[Any], bool]:
    return lambda value: isinstance(value, list) and all(isinstance(v, kind) for v in value)


ENDPOINTS = (
    Endpoint("posts.create", lambda c: c.posts.create(
        account_id="@me", platform="x", content={"text": "hi"}), (CreatedPost,), (CREATED,)),
    Endpoint("posts.create_v2", lambda c: c.posts.create_v2(
        account_id="@me", platform="instagram", content={"text": "hi"}),
        (CreatedPost, QueuedForNextDay), (CREATED, QUEUED), (200, 201, 202)),
    Endpoint("posts.list", lambda c: c.posts.list(limit=10), (PostPage,), (PAGE,)),
    Endpoint("posts.get", lambda c: c.posts.get("p1"), (Post,), (POST,)),
    Endpoint("posts.cancel", lambda c: c.posts.cancel("p1"), (CancelResult,), (CANCELLED,)),
    Endpoint("media.upload", lambda c: c.media.upload(url="https://example.com/a.mp4"),
             (UploadedMedia,), (UPLOAD,)),
    Endpoint("profiles.list", lambda c: c.profiles.list(), (list,), (PROFILES,)),
    Endpoint("platforms.list", lambda c: c.platforms.list(), (list,), (PLATFORMS,)),
    Endpoint("analytics.get", lambda c: c.analytics.get("p1"), (Analytics,), (ANALYTICS,)),
)  # fmt: skip
LIST_ITEMS = {"profiles.list": Profile, "platforms.list": PlatformInfo}


def endpoint(name: str) -> Endpoint:
    return next(e for e in ENDPOINTS if e.name == name)


# -- strategies --------------------------------------------------------------------------------

_offsets = st.integers(min_value=-23 * 60 - 59, max_value=23 * 60 + 59).map(
    lambda minutes: timezone(timedelta(minutes=minutes))
)
# Timestamps from the edges of what datetime can hold, with and without offsets, as text.
def _iso(moment: datetime, zone: timezone | None, sep: str, zulu: bool) -> str:
    text = moment.replace(tzinfo=zone).isoformat(sep=sep)
    return text.replace("+00:00", "Z") if zulu else text


iso_times = st.builds(
    _iso,
    st.datetimes(min_value=datetime(1, 1, 1), max_value=datetime(9999, 12, 31, 23, 59, 59))
    | st.sampled_from([datetime(1, 1, 1), datetime(9999, 12, 31, 23, 59, 59)]),
    st.none() | _offsets | st.just(UTC), st.sampled_from("T "), st.booleans(),
)  # fmt: skip
# The calendar's ends, where a shift to UTC leaves it.
edge_times = st.builds(
    lambda moment, zone: moment.replace(tzinfo=zone).isoformat(),
    st.sampled_from([datetime(1, 1, 1), datetime(9999, 12, 31, 23, 59, 59)]), _offsets,
)
scalars = (
    st.none() | st.booleans()
    | st.integers() | st.integers(min_value=-(2**70), max_value=2**70)
    | st.floats(allow_nan=True, allow_infinity=True)
    | st.text(max_size=30) | iso_times
    | st.sampled_from(["tiktok", "x", "published", "scheduled", "threads", "", "video/mp4"])
)  # fmt: skip
json_values = st.recursive(
    scalars,
    lambda inner: st.lists(inner, max_size=4)
    | st.dictionaries(st.text(max_size=12), inner, max_size=4),
    max_leaves=12,
)


@st.composite
def mutated(draw: st.DrawFn, value: Any, depth: int = 0) -> Any:
    """``value`` with some of its fields dropped, replaced by random JSON, or added."""
    if depth > 4:
        return value
    if isinstance(value, dict):
        out: dict[str, Any] = {}
        for key, item in value.items():
            fate = draw(st.sampled_from(["keep", "keep", "recurse", "recurse", "drop", "replace"]))
            if fate == "keep":
                out[key] = item
            elif fate == "recurse":
                out[key] = draw(mutated(item, depth + 1))
            elif fate == "replace":
                out[key] = draw(json_values)
        extra = draw(st.dictionaries(st.text(max_size=12), json_values, max_size=2))
        for key, item in extra.items():
            out.setdefault(key, item)
        return out
    if isinstance(value, list):
        items = [draw(mutated(item, depth + 1)) for item in value]
        return items + draw(st.lists(json_values, max_size=2))
    if isinstance(value, str) and value[:4].isdigit():  # a timestamp: try another, odd one
        return draw(st.sampled_from([value, None]) | iso_times | edge_times)
    return draw(st.sampled_from([value, value, None])) if depth else value


def bodies(endpoint: Endpoint) -> st.SearchStrategy[bytes]:
    """Raw body bytes: near-valid examples, any JSON, truncated JSON, or not JSON at all."""
    example = st.sampled_from(endpoint.examples)
    as_json = st.one_of(
        example.flatmap(mutated),
        json_values,
        example,
    ).map(lambda v: json.dumps(v, allow_nan=True).encode())
    truncated = st.builds(
        lambda text, cut: text[: max(0, len(text) - cut)],
        example.map(lambda v: json.dumps(v).encode()), st.integers(1, 40),
    )  # fmt: skip
    odd_text = st.sampled_from(
        [b"", b" ", b"null", b"[]", b"NaN", b"\xff\xfe{", b"<html>502 Bad Gateway</html>",
         '{"caption": "\u00e9"}'.encode("latin-1")]
    )  # fmt: skip
    return st.one_of(as_json, as_json, truncated, odd_text, st.binary(max_size=60))


_header_text = st.text(alphabet=string.ascii_letters + string.digits + " .:+-,eE", max_size=30)
header_values = st.one_of(
    _header_text,
    st.integers().map(str),
    st.floats(allow_nan=True, allow_infinity=True).map(repr),
    iso_times,
    st.sampled_from(["unlimited", "Infinity", "-1", "1e20", "99999999999999999999",
                     "Sat, 16 May 2026 12:00:30 GMT", "Mon, 32 Foo 2026 99:00:00 GMT"]),
)  # fmt: skip


@st.composite
def headers(draw: st.DrawFn) -> dict[str, str]:
    out: dict[str, str] = {}
    kind = draw(st.sampled_from(["application/json", "text/html", "text/plain", None]))
    if kind:
        out["content-type"] = kind
    for name in ("x-ratelimit-limit", "x-ratelimit-remaining", "x-ratelimit-reset",
                 "x-ratelimit-platform", "retry-after"):  # fmt: skip
        if draw(st.booleans()):
            out[name] = draw(header_values)
    return out


# -- the check -----------------------------------------------------------------------------------


def answer(endpoint: Endpoint, status: int, body: bytes, head: dict[str, str]) -> Any:
    """Call ``endpoint`` once against a server that answers ``status``/``body``/``head``.

    Returns what the client returned, or the exception it raised; no retries, no sleeping.
    """

    def handler(request: httpx.Request) -> httpx.Response:
        return httpx.Response(status, content=body, headers=head)

    client = Status200Client(
        api_key=KEY, base_url=BASE, site_url=SITE, max_retries=0,
        http_client=httpx.Client(transport=httpx.MockTransport(handler)),
    )  # fmt: skip
    try:
        return endpoint.call(client)
    except Exception as exc:  # what it raised is the result under test
        return exc
    finally:
        client.close()


def check_success(endpoint: Endpoint, status: int, body: bytes, head: dict[str, str]) -> None:
    """A 2xx: the documented model, or MalformedResponseError naming the endpoint's request."""
    result = answer(endpoint, status, body, head)
    if isinstance(result, MalformedResponseError):
        assert result.status_code == status
        assert str(result) and KEY not in str(result)
        return
    assert not isinstance(result, BaseException), f"{endpoint.name}: {result!r}"
    assert isinstance(result, endpoint.returns), f"{endpoint.name} gave {result!r}"
    if endpoint.name in LIST_ITEMS:
        assert _returns_list_of(LIST_ITEMS[endpoint.name])(result)


def check_failure(endpoint: Endpoint, status: int, body: bytes, head: dict[str, str]) -> None:
    """A 4xx/5xx: an APIStatusError carrying that status and a message."""
    result = answer(endpoint, status, body, head)
    assert isinstance(result, APIStatusError), f"{endpoint.name} {status}: {result!r}"
    assert result.status_code == status and str(result) and KEY not in str(result)
