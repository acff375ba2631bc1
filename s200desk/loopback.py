"""Whether an address stays on this computer: the one rule that allows plain http.

Decided from the literal alone, never from how a name starts or what DNS says today:
`127.attacker.example` is a public name that anyone can point anywhere, so only ``localhost`` and
IP literals in 127.0.0.0/8 or ::1 count. Standard library only, so the settings, the API client
and the services can all share it without importing one another.
"""

from __future__ import annotations

import ipaddress
from urllib.parse import urlsplit

LOOPBACK_NAMES = frozenset({"localhost"})


def is_loopback_host(host: str | None) -> bool:
    """``localhost`` or an IP literal in 127.0.0.0/8 or ::1 (an IPv6 one may be in brackets)."""
    if not host:
        return False
    name = host.strip().lower()
    if name.startswith("[") and name.endswith("]"):
        name = name[1:-1]
    # No final-dot forms: "localhost." or "127.0.0.1." may be handed to DNS by some resolvers.
    if name in LOOPBACK_NAMES:
        return True
    try:
        address = ipaddress.ip_address(name)
    except ValueError:
        return False
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped is not None:
        return address.ipv4_mapped.is_loopback
    return address.is_loopback


def is_loopback_url(url: str) -> bool:
    """True when ``url``'s host is loopback (see ``is_loopback_host``)."""
    try:
        return is_loopback_host(urlsplit(url.strip()).hostname)
    except ValueError:  # e.g. an unbalanced "[" in the host
        return False


def plain_http_allowed(url: str) -> bool:
    """https anywhere; http only to this computer."""
    scheme = urlsplit(url.strip()).scheme.lower()
    return scheme == "https" or (scheme == "http" and is_loopback_url(url))
