"""The one guard for HTTP requests AlloKoli sends to a URL a user could influence.

A user-supplied URL must never make the server reach into its own network (SSRF): the cloud
metadata service, a database on localhost, an admin page on a private address. Before any byte
is sent, `guarded_request`:

- accepts only `https` when `require_https` is set (production) and `http`/`https` otherwise,
  without user-info (`user:pass@`) in the URL;
- resolves the host (through an injectable resolver, so tests need no DNS) and refuses the URL
  if *any* address it resolves to is not public: private, loopback, link-local (which holds the
  cloud metadata addresses), multicast, reserved, unspecified, shared (CGNAT), documentation,
  IPv6 unique-local and site-local, and IPv4 reached through IPv6 (mapped, 6to4, Teredo);
- connects to the address it checked (pinned: a second DNS answer cannot swap in another one),
  sending the original `Host` and TLS server name;
- follows no redirect (a 3xx is returned as is: a redirect could point anywhere);
- caps the response: `max_bytes` read at most, `timeout` seconds in total.

`send` applies the last two caps to a request whose URL the caller has already pinned (the
sandbox delivers only to AlloKoli's own webhook URL, from the operator's settings).
Refusals raise `OutboundRefused`, an `AppError` (400) with a French message.
"""

from __future__ import annotations

import ipaddress
import socket
import time
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field

import httpx

from allokoli.kit.errors import AppError
from allokoli.kit.tls import tls_context

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address
Resolver = Callable[[str, int], Iterable[str]]
"""(host, port) → the IP addresses (as text) the host resolves to."""

DEFAULT_MAX_BYTES = 1024 * 1024
DEFAULT_TIMEOUT_SECONDS = 10.0

#: Cloud metadata endpoints, refused by name even where a range check would already catch them.
METADATA_ADDRESSES = frozenset(
    ipaddress.ip_address(a)
    for a in (
        "169.254.169.254",  # AWS, GCP, Azure, OpenStack, DigitalOcean…
        "169.254.170.2",  # AWS ECS task metadata
        "100.100.100.200",  # Alibaba Cloud
        "fd00:ec2::254",  # AWS over IPv6
    )
)
METADATA_HOSTS = frozenset({"metadata.google.internal", "metadata", "instance-data"})


class OutboundRefused(AppError):
    status_code = 400
    default_detail = "Cette adresse web ne peut pas être appelée par AlloKoli."


def system_resolver(host: str, port: int) -> list[str]:
    """Every address the system resolver gives for `host` (IPv4 and IPv6)."""
    try:
        infos = socket.getaddrinfo(host, port, proto=socket.IPPROTO_TCP)
    except socket.gaierror:
        raise OutboundRefused(f"Le nom « {host} » ne correspond à aucune adresse.") from None
    return [str(info[4][0]) for info in infos]


def _embedded_ipv4(ip: ipaddress.IPv6Address) -> ipaddress.IPv4Address | None:
    if ip.ipv4_mapped is not None:
        return ip.ipv4_mapped
    if ip.sixtofour is not None:
        return ip.sixtofour
    if ip.teredo is not None:
        return ip.teredo[1]
    if ip in ipaddress.ip_network("64:ff9b::/96"):  # NAT64 well-known prefix
        return ipaddress.IPv4Address(int(ip) & 0xFFFFFFFF)
    return None


def is_forbidden_address(ip: IPAddress) -> bool:
    """True for any address a request on a user's behalf must not reach."""
    if isinstance(ip, ipaddress.IPv6Address):
        embedded = _embedded_ipv4(ip)
        if embedded is not None and is_forbidden_address(embedded):
            return True
        if ip.is_site_local:
            return True
    return (
        ip in METADATA_ADDRESSES
        or ip.is_private
        or ip.is_loopback
        or ip.is_link_local
        or ip.is_multicast
        or ip.is_reserved
        or ip.is_unspecified
        or not ip.is_global  # shared (100.64/10), documentation, benchmarking…
    )


@dataclass(frozen=True)
class OutboundPolicy:
    """What a request on a user's behalf may do."""

    require_https: bool = True
    max_bytes: int = DEFAULT_MAX_BYTES
    timeout: float = DEFAULT_TIMEOUT_SECONDS
    resolver: Resolver = field(default=system_resolver)


@dataclass(frozen=True)
class CheckedUrl:
    url: httpx.URL
    address: IPAddress
    """The public address the request will connect to."""


def check_url(url: str, policy: OutboundPolicy) -> CheckedUrl:
    """Refuse (`OutboundRefused`) a URL the product must not call; else the address to use."""
    try:
        parsed = httpx.URL(url)
    except (httpx.InvalidURL, TypeError):
        raise OutboundRefused("Cette adresse web n'est pas valide.") from None
    allowed = ("https",) if policy.require_https else ("https", "http")
    if parsed.scheme not in allowed:
        raise OutboundRefused(
            "Seules les adresses en https:// sont acceptées."
            if policy.require_https
            else "Seules les adresses en http:// ou https:// sont acceptées."
        )
    if parsed.userinfo:
        raise OutboundRefused("Une adresse web ne doit pas contenir d'identifiants.")
    host = parsed.host.rstrip(".").lower()
    if not host:
        raise OutboundRefused("Cette adresse web n'a pas de nom d'hôte.")
    if host in METADATA_HOSTS or host == "localhost" or host.endswith(".localhost"):
        raise OutboundRefused("Cette adresse désigne le serveur lui-même ou son réseau interne.")
    port = parsed.port or (443 if parsed.scheme == "https" else 80)
    try:
        literal: IPAddress | None = ipaddress.ip_address(host)
    except ValueError:
        literal = None
    raw = [str(literal)] if literal is not None else list(policy.resolver(host, port))
    addresses: list[IPAddress] = []
    for text in raw:
        try:
            addresses.append(ipaddress.ip_address(text.split("%", 1)[0]))
        except ValueError:
            raise OutboundRefused("Cette adresse web ne se résout pas correctement.") from None
    if not addresses:
        raise OutboundRefused(f"Le nom « {host} » ne correspond à aucune adresse.")
    if any(is_forbidden_address(a) for a in addresses):
        # All or nothing: a name that also resolves inside the network is refused outright.
        raise OutboundRefused("Cette adresse désigne le serveur lui-même ou son réseau interne.")
    return CheckedUrl(url=parsed, address=addresses[0])


def new_client(policy: OutboundPolicy) -> httpx.Client:
    """A client that never follows redirects, with the policy's timeout per operation."""
    return httpx.Client(follow_redirects=False, timeout=policy.timeout, verify=tls_context())


def send(client: httpx.Client, request: httpx.Request, policy: OutboundPolicy) -> httpx.Response:
    """Send without following redirects; read at most `max_bytes` within `timeout` seconds."""
    deadline = time.monotonic() + policy.timeout
    response = client.send(request, stream=True, follow_redirects=False)
    try:
        declared = response.headers.get("content-length")
        if declared is not None and declared.isdigit() and int(declared) > policy.max_bytes:
            raise OutboundRefused("La réponse reçue est trop volumineuse.")
        body = bytearray()
        for chunk in response.iter_bytes():
            body.extend(chunk)
            if len(body) > policy.max_bytes:
                raise OutboundRefused("La réponse reçue est trop volumineuse.")
            if time.monotonic() > deadline:
                raise OutboundRefused("Le serveur appelé a mis trop de temps à répondre.")
    finally:
        response.close()
    return httpx.Response(
        response.status_code, headers=response.headers, content=bytes(body), request=request
    )


def guarded_request(
    method: str,
    url: str,
    *,
    policy: OutboundPolicy,
    client: httpx.Client | None = None,
    content: bytes | None = None,
    headers: Mapping[str, str] | None = None,
) -> httpx.Response:
    """Check `url` against `policy`, then send the request pinned to the address checked."""
    checked = check_url(url, policy)
    original = checked.url
    host_header = original.netloc.decode()
    address = str(checked.address)
    pinned = original.copy_with(host=address)
    request_headers = {**(headers or {}), "host": host_header}
    request = httpx.Request(
        method,
        pinned,
        content=content,
        headers=request_headers,
        extensions={"sni_hostname": original.host},
    )
    if client is not None:
        return send(client, request, policy)
    with new_client(policy) as own:
        return send(own, request, policy)
