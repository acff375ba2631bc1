"""Key and URL rules: keys start with `rl_`, never show up in text, remote URLs are https."""

from __future__ import annotations

import re

import httpx

from s200desk.loopback import is_loopback_host

KEY_PREFIX = "rl_"
REDACTED = "rl_***"

# Anything that looks like a key or a bearer token, wherever it appears in text.
_KEY_PATTERN = re.compile(r"\brl_[A-Za-z0-9._~+/=-]+")
_BEARER_PATTERN = re.compile(r"(?i)(bearer\s+)[^\s\"',;]+")


def check_api_key(api_key: object) -> str:
    """Return the key if it looks like a Status 200 key; say why not (never echoing it)."""
    if not isinstance(api_key, str):
        raise ValueError(f"api_key must be a str, not {type(api_key).__name__}")
    key = api_key.strip()
    if not key.startswith(KEY_PREFIX) or len(key) <= len(KEY_PREFIX):
        raise ValueError(
            "api_key must be a Status 200 API key starting with 'rl_' "
            "(generate one under API Management in the dashboard)"
        )
    if any(ch.isspace() for ch in key):
        raise ValueError("api_key must not contain whitespace")
    return key


def redact(text: str, *secrets: str | None) -> str:
    """Remove the given secrets, any `rl_…` key and any bearer token from text."""
    for secret in secrets:
        if secret:
            text = text.replace(secret, REDACTED)
    text = _BEARER_PATTERN.sub(r"\1***", text)
    return _KEY_PATTERN.sub(REDACTED, text)


def check_base_url(url: str, *, name: str) -> str:
    """Normalise a base URL; refuse plain http to anything but loopback."""
    if not isinstance(url, str) or not url.strip():
        raise ValueError(f"{name} must be a non-empty URL")
    try:
        parsed = httpx.URL(url.strip())
    except httpx.InvalidURL as exc:
        raise ValueError(f"{name} is not a valid URL: {redact(url)!r}") from exc
    if parsed.scheme not in ("http", "https") or not parsed.host:
        raise ValueError(f"{name} must be an http(s) URL with a host, got {redact(url)!r}")
    if parsed.userinfo:
        raise ValueError(f"{name} must not carry credentials")
    if parsed.scheme != "https" and not is_loopback_host(parsed.host):
        raise ValueError(
            f"{name} must use https unless it points at this machine "
            f"(127.0.0.0/8, ::1, localhost): {redact(url)!r}"
        )
    return str(parsed).rstrip("/")
