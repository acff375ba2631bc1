"""Check an API key against the profiles endpoint and say what went wrong in plain words."""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from typing import Any

log = logging.getLogger(__name__)

WRONG_KEY = (
    "That key was refused (401 Unauthorized). Check that you copied the whole key from "
    "API Management in your Status 200 dashboard, and that it has not been revoked."
)
NO_NETWORK = (
    "Could not reach the Status 200 API, so the key could not be checked. Check your internet "
    "connection (or proxy/firewall) and try again."
)


@dataclass
class KeyCheck:
    ok: bool
    message: str
    profiles: list[Any] = field(default_factory=list)


async def verify_key(api_key: str, base_url: str, site_url: str, timeout: float = 15.0) -> KeyCheck:
    """Ask the profiles endpoint with ``api_key``; never raises."""
    from s200desk.api import (
        APIConnectionError,
        AsyncStatus200Client,
        AuthenticationError,
        PermissionDeniedError,
        Status200Error,
    )

    key = api_key.strip()
    if not key:
        return KeyCheck(False, "Paste your API key first.")
    try:
        client = AsyncStatus200Client(
            api_key=key, base_url=base_url, site_url=site_url, timeout=timeout, max_retries=1
        )
    except ValueError as exc:
        return KeyCheck(False, f"That does not look like a Status 200 key: {exc}.")
    try:
        profiles = await client.profiles.list()
    except AuthenticationError:
        return KeyCheck(False, WRONG_KEY)
    except PermissionDeniedError as exc:
        return KeyCheck(
            False, f"The key is valid but not allowed to list profiles (403): {exc.message}"
        )
    except APIConnectionError:
        return KeyCheck(False, NO_NETWORK)
    except Status200Error as exc:
        log.warning("key check failed: %s", exc)
        return KeyCheck(False, f"The server could not check the key right now: {exc}")
    finally:
        await client.close()
    n = len(profiles)
    return KeyCheck(
        True, f"Key accepted: {n} connected profile{'s' if n != 1 else ''}.", list(profiles)
    )
