"""The one place that builds the address students open: projector, control panel, poster, kit.

In order:
1. `PUBLIC_URL` when it is set (production, a school's DNS name);
2. else, when the facilitator browses on a loopback address (127.0.0.1, localhost) and the
   server listens on the local network, the machine's address on that network, with the port
   the facilitator used;
3. else the address the facilitator used.

Without a request (the command line), step 2 uses the `PORT` that `make run` serves on.
A join address that only this machine can reach is flagged (`reachable` is False): the control
panel then shows a warning with the fix.
"""

from __future__ import annotations

import ipaddress
import os
import time
from dataclasses import dataclass
from urllib.parse import urlsplit

from django.conf import settings
from django.http import HttpRequest
from django.urls import reverse

LOOPBACK_NAMES = {"localhost", "localhost.localdomain", "ip6-localhost", "ip6-loopback"}
# Interfaces that are not the room's network: containers, virtual machines, VPNs.
VIRTUAL_PREFIXES = (
    "docker", "br-", "veth", "virbr", "vboxnet", "vmnet", "lxc", "lxd", "podman", "cni", "flannel",
    "tun", "tap", "wg", "zt", "tailscale", "utun", "ham", "vethernet",
)  # fmt: skip
_CACHE_S = 30.0
_cache: tuple[float, list[str]] | None = None


def is_loopback(host: str) -> bool:
    """True for a host name or address that only this machine can reach."""
    name = host.strip().strip("[]").lower().rstrip(".")
    if name in LOOPBACK_NAMES or name.endswith(".localhost"):
        return True
    try:
        address = ipaddress.ip_address(name)
    except ValueError:
        return False
    return address.is_loopback


def _rank(name: str, address: ipaddress.IPv4Address) -> tuple[int, int]:
    virtual = name.lower().startswith(VIRTUAL_PREFIXES)
    return (1 if virtual else 0, 0 if address.is_private else 1)


def lan_addresses(*, fresh: bool = False) -> list[str]:
    """This machine's IPv4 addresses on its networks, the likeliest room network first.

    Loopback and link-local addresses are left out, container and VPN interfaces come last.
    Read again every 30 s: a laptop may change Wi-Fi between two sessions."""
    global _cache
    now = time.monotonic()
    if not fresh and _cache is not None and now - _cache[0] < _CACHE_S:
        return list(_cache[1])
    import ifaddr  # pure Python, every platform

    found: list[tuple[tuple[int, int], int, str]] = []
    for adapter in ifaddr.get_adapters():
        for ip in adapter.ips:
            if not isinstance(ip.ip, str):
                continue  # IPv6: nobody types one
            address = ipaddress.IPv4Address(ip.ip)
            if address.is_loopback or address.is_link_local or address.is_unspecified or address.is_multicast:
                continue
            found.append((_rank(adapter.nice_name or adapter.name, address), len(found), ip.ip))
    addresses = list(dict.fromkeys(ip for *_, ip in sorted(found)))
    _cache = (now, addresses)
    return list(addresses)


def serves_lan() -> bool:
    """False when the server listens on loopback only (`make run HOST=127.0.0.1`)."""
    return not is_loopback(settings.LISTEN_HOST) if settings.LISTEN_HOST else True


@dataclass(frozen=True)
class JoinBase:
    url: str  # scheme://host[:port], no trailing slash
    reachable: bool  # False: only this machine can open it
    lan: bool = False  # True: the machine's network address replaced the facilitator's loopback one

    @property
    def host(self) -> str:
        return urlsplit(self.url).netloc


def _with_port(scheme: str, host: str, port: int | str | None) -> str:
    default = {"http": "80", "https": "443"}.get(scheme)
    port = str(port or "")
    return f"{scheme}://{host}" + (f":{port}" if port and port != default else "")


def join_base(request: HttpRequest | None = None) -> JoinBase:
    public = settings.PUBLIC_URL
    if public:
        return JoinBase(public.rstrip("/"), reachable=not is_loopback(urlsplit(public).hostname or ""))
    if request is None:
        scheme, host = "http", "127.0.0.1"
        port: int | str | None = os.environ.get("PORT", "8000")
    else:
        scheme = request.scheme or "http"
        hostport = request.get_host()
        parts = urlsplit(f"//{hostport}")
        host = parts.hostname or hostport
        if not is_loopback(host):
            return JoinBase(f"{scheme}://{hostport}", reachable=True)
        port = parts.port  # the one the facilitator typed: the same server on its LAN address
    lan = lan_addresses() if serves_lan() else []
    if lan:
        return JoinBase(_with_port(scheme, lan[0], port), reachable=True, lan=True)
    shown = f"[{host}]" if ":" in host else host
    return JoinBase(_with_port(scheme, shown, port), reachable=False)


def join_url(code: str, request: HttpRequest | None = None) -> str:
    return join_base(request).url + reverse("game:join", args=[code])


def site_url(request: HttpRequest | None = None) -> str:
    return join_base(request).url + "/"
