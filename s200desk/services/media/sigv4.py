"""AWS Signature Version 4 query-string presigning of S3 object URLs (stdlib only).

Why not botocore's presigner: botocore (~32 MB installed, plus jmespath, urllib3 and dateutil)
would be shipped in every installer to compute one HMAC chain, and its transfer side is
synchronous while our upload is streamed with httpx. This module is the documented algorithm
(https://docs.aws.amazon.com/AmazonS3/latest/API/sigv4-query-string-auth.html) and nothing else;
the unit tests check it against AWS's published example and byte-for-byte against botocore's own
``generate_presigned_url`` for path- and virtual-host-style URLs, and the integration test PUTs
through it into a real S3-compatible server.
"""

from __future__ import annotations

import hashlib
import hmac
from collections.abc import Mapping
from datetime import UTC, datetime
from urllib.parse import quote, unquote, urlsplit

UNSIGNED_PAYLOAD = "UNSIGNED-PAYLOAD"
MAX_EXPIRES = 7 * 24 * 3600


def _uri_encode(text: str, *, slash: bool) -> str:
    # RFC 3986 unreserved characters stay; everything else is %XX (uppercase), '/' kept in paths.
    return quote(text, safe="-_.~/" if slash else "-_.~")


def _hmac(key: bytes, msg: str) -> bytes:
    return hmac.new(key, msg.encode("utf-8"), hashlib.sha256).digest()


def signing_key(secret_key: str, date: str, region: str, service: str = "s3") -> bytes:
    k_date = _hmac(("AWS4" + secret_key).encode("utf-8"), date)
    return _hmac(_hmac(_hmac(k_date, region), service), "aws4_request")


def presign_url(
    method: str,
    url: str,
    *,
    access_key: str,
    secret_key: str,
    region: str,
    expires: int = 3600,
    headers: Mapping[str, str] | None = None,
    now: datetime | None = None,
    session_token: str | None = None,
    service: str = "s3",
) -> str:
    """``url`` (an object URL, unsigned) with SigV4 query authentication for ``method``.

    ``headers`` (besides Host) are signed and must then be sent with the request exactly so,
    e.g. ``{"x-amz-acl": "public-read"}``. The payload is unsigned, as for every presigned URL.
    """
    if not 1 <= expires <= MAX_EXPIRES:
        raise ValueError("a presigned URL lives between 1 second and 7 days")
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise ValueError("the object URL must be an absolute http(s) URL")
    moment = (now or datetime.now(UTC)).astimezone(UTC)
    amz_date = moment.strftime("%Y%m%dT%H%M%SZ")
    day = amz_date[:8]
    scope = f"{day}/{region}/{service}/aws4_request"

    host = parts.hostname.lower()
    default_port = {"http": 80, "https": 443}[parts.scheme]
    if parts.port and parts.port != default_port:
        host = f"{host}:{parts.port}"
    signed = {"host": host}
    for key, value in (headers or {}).items():
        signed[key.strip().lower()] = " ".join(str(value).split())
    signed_names = ";".join(sorted(signed))

    query: list[tuple[str, str]] = [
        ("X-Amz-Algorithm", "AWS4-HMAC-SHA256"),
        ("X-Amz-Credential", f"{access_key}/{scope}"),
        ("X-Amz-Date", amz_date),
        ("X-Amz-Expires", str(expires)),
        ("X-Amz-SignedHeaders", signed_names),
    ]
    if session_token:
        query.append(("X-Amz-Security-Token", session_token))
    encoded = sorted((_uri_encode(k, slash=False), _uri_encode(v, slash=False)) for k, v in query)
    canonical_query = "&".join(f"{k}={v}" for k, v in encoded)

    # S3 does not normalise paths: the path is signed as sent, percent-encoded once.
    path = _uri_encode(unquote(parts.path or "/"), slash=True)
    canonical_headers = "".join(f"{k}:{signed[k]}\n" for k in sorted(signed))
    canonical_request = "\n".join(
        [method.upper(), path, canonical_query, canonical_headers, signed_names, UNSIGNED_PAYLOAD]
    )
    string_to_sign = "\n".join(
        [
            "AWS4-HMAC-SHA256",
            amz_date,
            scope,
            hashlib.sha256(canonical_request.encode("utf-8")).hexdigest(),
        ]
    )
    signature = hmac.new(
        signing_key(secret_key, day, region, service),
        string_to_sign.encode("utf-8"),
        hashlib.sha256,
    ).hexdigest()
    base = f"{parts.scheme}://{parts.netloc}{path}"
    return f"{base}?{canonical_query}&X-Amz-Signature={signature}"
