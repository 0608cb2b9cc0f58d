"""The client's address, as the one place the rate limits, the login lockout and the logs ask.

Behind the reverse proxy every connection comes from the proxy; the proxy says who it saw in
X-Forwarded-For (deploy/nginx.conf sets it to its own $remote_addr, replacing whatever the
client sent). That header is believed only when the connection really comes from one of
TRUSTED_PROXIES: from anywhere else, anyone could write any address in it.
"""

from __future__ import annotations

import ipaddress
from collections.abc import Mapping
from functools import lru_cache
from typing import Any

from django.conf import settings

UNKNOWN = "unknown"


@lru_cache(maxsize=8)
def _networks(trusted: tuple[str, ...]) -> tuple[ipaddress.IPv4Network | ipaddress.IPv6Network, ...]:
    return tuple(ipaddress.ip_network(item, strict=False) for item in trusted)


def _ip(value: str) -> str | None:
    try:
        return str(ipaddress.ip_address(value.strip()))
    except ValueError:
        return None


def client_address(source: Any) -> str:
    """The address of whoever is on the other end: a Django request or an ASGI scope."""
    if isinstance(source, Mapping):  # an ASGI scope (websocket)
        client = source.get("client") or ("", 0)
        peer = str(client[0] or "")
        headers = dict(source.get("headers") or ())
        forwarded = headers.get(b"x-forwarded-for", b"").decode("latin-1")
    else:  # a Django HttpRequest
        peer = source.META.get("REMOTE_ADDR", "") or ""
        forwarded = source.META.get("HTTP_X_FORWARDED_FOR", "") or ""
    peer_ip = _ip(peer)
    if peer_ip is None:
        return peer or UNKNOWN
    if forwarded and any(
        ipaddress.ip_address(peer_ip) in network for network in _networks(tuple(settings.TRUSTED_PROXIES))
    ):
        # The right-most entry is the one our proxy wrote; anything left of it came from the client.
        claimed = _ip(forwarded.split(",")[-1])
        if claimed is not None:
            return claimed
    return peer_ip


def client_address_or_none(request: Any) -> str | None:
    """client_address for django-axes, which stores None, not "unknown", when there is none."""
    address = client_address(request)
    return None if address == UNKNOWN else address
