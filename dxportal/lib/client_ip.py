"""The address of the client behind a request: the one answer the rate limit and django-axes share.

`X-Forwarded-For` is written by whoever sends the request, so it is believed only when the request
comes from one of our own proxies (settings.TRUSTED_PROXIES, from DJANGO_TRUSTED_PROXIES). Each
proxy appends the address it saw, so the chain is read from the right: the first address that is
not one of our proxies is the client. Anything further left was written by the client and may be
forged. Without trusted proxies (the default), the header is ignored and REMOTE_ADDR is the client.
"""

from __future__ import annotations

import ipaddress
from functools import lru_cache

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.http import HttpRequest

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address
IPNetwork = ipaddress.IPv4Network | ipaddress.IPv6Network


def client_ip(request: HttpRequest) -> str:
    """The client's IP address, as text; REMOTE_ADDR unless it is a trusted proxy."""
    remote = request.META.get("REMOTE_ADDR", "")
    nearest = parse_ip(remote)
    proxies = trusted_networks(tuple(getattr(settings, "TRUSTED_PROXIES", ())))
    if nearest is None or not is_trusted(nearest, proxies):
        return str(nearest) if nearest is not None else remote
    hops = request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")
    for hop in reversed(hops):
        address = parse_ip(hop)
        if address is None:
            # Our proxy writes a valid address; garbage here means the chain cannot be read
            # further, so the last proxy we know of stands for the client.
            break
        nearest = address
        if not is_trusted(address, proxies):
            break
    return str(nearest)


def parse_ip(text: str) -> IPAddress | None:
    """An address from one hop of the header (a port or [brackets] allowed); None if it is none."""
    text = text.strip()
    if text.startswith("[") and "]" in text:  # [2001:db8::1]:443
        text = text[1 : text.index("]")]
    elif text.count(":") == 1:  # 203.0.113.9:51234
        text = text.split(":")[0]
    try:
        address = ipaddress.ip_address(text)
    except ValueError:
        return None
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped is not None:
        return address.ipv4_mapped  # ::ffff:203.0.113.9 is 203.0.113.9
    return address


def is_trusted(address: IPAddress, proxies: tuple[IPNetwork, ...]) -> bool:
    return any(address.version == network.version and address in network for network in proxies)


@lru_cache(maxsize=8)
def trusted_networks(entries: tuple[str, ...]) -> tuple[IPNetwork, ...]:
    """The configured proxies as networks (a bare IP is a network of one)."""
    try:
        return tuple(ipaddress.ip_network(entry.strip(), strict=False) for entry in entries)
    except ValueError as error:
        raise ImproperlyConfigured(f"DJANGO_TRUSTED_PROXIES: {error}") from None
