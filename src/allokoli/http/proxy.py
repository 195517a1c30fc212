"""The client's address, behind reverse proxies we trust and only those.

`X-Forwarded-For` is a list any client can write. It is read only when the direct peer is one of
`ALLOKOLI_TRUSTED_PROXIES`; then the client is the rightmost hop that is not a trusted proxy (the
hops left of it were written by whoever connected to our proxy, and prove nothing). Everything
that needs the client's address (login throttling, sessions, audit) reads `request.client.host`
after `TrustedProxyMiddleware` has resolved it here, once per request.
"""

from __future__ import annotations

import ipaddress
from collections.abc import Sequence

from starlette.types import ASGIApp, Receive, Scope, Send

Network = ipaddress.IPv4Network | ipaddress.IPv6Network


def _address(value: str) -> ipaddress.IPv4Address | ipaddress.IPv6Address | None:
    value = value.strip()
    if value.startswith("[") and "]" in value:  # "[2001:db8::1]:443"
        value = value[1 : value.index("]")]
    elif value.count(":") == 1:  # "203.0.113.7:51234"
        value = value.split(":", 1)[0]
    try:
        return ipaddress.ip_address(value)
    except ValueError:
        return None


def _trusted(address: object, trusted: Sequence[Network]) -> bool:
    return any(address in network for network in trusted)


def client_address(peer: str | None, forwarded_for: str | None, trusted: Sequence[Network]) -> str:
    """The client's IP for a request from `peer` carrying `X-Forwarded-For: forwarded_for`."""
    peer = peer or "unknown"
    current = _address(peer)
    if current is None or not trusted or not _trusted(current, trusted) or not forwarded_for:
        return peer
    for hop in reversed(forwarded_for.split(",")):
        address = _address(hop)
        if address is None:
            # Garbage in the chain: stop at the last address a trusted proxy vouched for.
            break
        current = address
        if not _trusted(address, trusted):
            break
    return str(current)


class TrustedProxyMiddleware:
    """Pure ASGI: rewrite `scope["client"]` (and the scheme, from `X-Forwarded-Proto`) when the
    direct peer is a trusted proxy; leave the request untouched otherwise."""

    def __init__(self, app: ASGIApp, trusted: Sequence[Network]) -> None:
        self.app = app
        self.trusted = tuple(trusted)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] in ("http", "websocket") and self.trusted:
            client = scope.get("client")
            peer_address = _address(client[0]) if client else None
            if client and peer_address is not None and _trusted(peer_address, self.trusted):
                peer = client[0]
                headers = scope["headers"]
                forwarded = ", ".join(
                    v.decode("latin-1") for k, v in headers if k == b"x-forwarded-for"
                )
                scope = dict(scope)
                host = client_address(peer, forwarded or None, self.trusted)
                scope["client"] = (host, 0 if host != peer else client[1])
                proto = next((v for k, v in headers if k == b"x-forwarded-proto"), None)
                if proto in (b"http", b"https") and scope["type"] == "http":
                    scope["scheme"] = proto.decode()
        await self.app(scope, receive, send)
