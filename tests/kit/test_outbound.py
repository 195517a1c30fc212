"""The outbound guard: which URLs AlloKoli may call on a user's behalf, and how.

Names resolve through an injected resolver (no DNS); requests go to an `httpx.MockTransport`.
"""

from __future__ import annotations

import ipaddress
from collections.abc import Iterable

import httpx
import pytest

from allokoli.kit.outbound import (
    OutboundPolicy,
    OutboundRefused,
    check_url,
    guarded_request,
    is_forbidden_address,
)


def resolver(table: dict[str, list[str]]) -> OutboundPolicy:
    def resolve(host: str, port: int) -> Iterable[str]:
        return table.get(host, [])

    return OutboundPolicy(require_https=True, resolver=resolve, max_bytes=1000, timeout=5)


PUBLIC = resolver(
    {
        "hooks.example.com": ["93.184.216.34"],
        "v6.example.com": ["2606:2800:220:1:248:1893:25c8:1946"],
        "mixed.example.com": ["93.184.216.34", "10.0.0.5"],
        "rebind.example.com": ["127.0.0.1"],
        "metadata.example.com": ["169.254.169.254"],
        "mapped.example.com": ["::ffff:169.254.169.254"],
    }
)


@pytest.mark.parametrize(
    "address",
    [
        "127.0.0.1",
        "127.8.9.10",
        "10.1.2.3",
        "172.16.0.1",
        "192.168.1.1",
        "169.254.169.254",  # cloud metadata
        "169.254.170.2",
        "100.100.100.200",  # Alibaba metadata, in the shared 100.64/10 range
        "100.64.0.1",
        "0.0.0.0",  # noqa: S104 - an address to refuse, not to bind
        "224.0.0.1",  # multicast
        "240.0.0.1",  # reserved
        "255.255.255.255",
        "192.0.2.1",  # documentation
        "::1",
        "::",
        "fe80::1",  # link-local
        "fc00::1",  # unique local
        "fd00:ec2::254",  # AWS metadata over IPv6
        "fec0::1",  # site-local
        "ff02::1",  # multicast
        "::ffff:127.0.0.1",  # IPv4-mapped
        "::ffff:169.254.169.254",
        "2002:a9fe:a9fe::1",  # 6to4 around 169.254.169.254
        "64:ff9b::a9fe:a9fe",  # NAT64 around 169.254.169.254
    ],
)
def test_forbidden_addresses(address: str) -> None:
    assert is_forbidden_address(ipaddress.ip_address(address))


@pytest.mark.parametrize("address", ["93.184.216.34", "8.8.8.8", "2606:4700:4700::1111"])
def test_public_addresses(address: str) -> None:
    assert not is_forbidden_address(ipaddress.ip_address(address))


@pytest.mark.parametrize(
    "url",
    [
        "http://hooks.example.com/x",  # https only in production
        "ftp://hooks.example.com/x",
        "file:///etc/passwd",
        "https://user:pass@hooks.example.com/x",
        "https://localhost/x",
        "https://api.localhost/x",
        "https://metadata.google.internal/computeMetadata/v1/",
        "https://127.0.0.1/x",
        "https://[::1]/x",
        "https://[::ffff:10.0.0.1]/x",
        "https://169.254.169.254/latest/meta-data/",
        "https://mixed.example.com/x",  # one private answer is enough
        "https://rebind.example.com/x",
        "https://metadata.example.com/x",
        "https://mapped.example.com/x",
        "https://unknown.example.com/x",  # resolves to nothing
        "not a url",
    ],
)
def test_refused_urls(url: str) -> None:
    with pytest.raises(OutboundRefused):
        check_url(url, PUBLIC)


def test_accepted_urls() -> None:
    assert str(check_url("https://hooks.example.com/x", PUBLIC).address) == "93.184.216.34"
    assert check_url("https://v6.example.com/x", PUBLIC).address.version == 6
    development = OutboundPolicy(require_https=False, resolver=PUBLIC.resolver)
    assert check_url("http://hooks.example.com/x", development).url.scheme == "http"


def _client(handler: httpx.MockTransport) -> httpx.Client:
    return httpx.Client(transport=handler)


def test_the_request_is_pinned_to_the_checked_address() -> None:
    seen: list[httpx.Request] = []

    def handle(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        return httpx.Response(200, json={"ok": True})

    with _client(httpx.MockTransport(handle)) as client:
        response = guarded_request(
            "POST",
            "https://hooks.example.com:8443/in?x=1",
            policy=PUBLIC,
            client=client,
            content=b"{}",
            headers={"content-type": "application/json"},
        )
    assert response.json() == {"ok": True}
    (request,) = seen
    assert request.url.host == "93.184.216.34" and request.url.port == 8443
    assert request.url.raw_path == b"/in?x=1"
    assert request.headers["host"] == "hooks.example.com:8443"
    assert request.extensions["sni_hostname"] == "hooks.example.com"


def test_redirects_are_never_followed() -> None:
    calls: list[str] = []

    def handle(request: httpx.Request) -> httpx.Response:
        calls.append(str(request.url))
        return httpx.Response(302, headers={"location": "http://169.254.169.254/latest/"})

    with _client(httpx.MockTransport(handle)) as client:
        response = guarded_request(
            "GET", "https://hooks.example.com/", policy=PUBLIC, client=client
        )
    assert response.status_code == 302 and len(calls) == 1


@pytest.mark.parametrize("declared", [True, False], ids=["content-length", "streamed"])
def test_response_size_is_capped(declared: bool) -> None:
    def handle(request: httpx.Request) -> httpx.Response:
        if declared:
            return httpx.Response(200, content=b"x" * 5000)
        return httpx.Response(200, content=iter([b"x" * 600, b"x" * 600]))

    with _client(httpx.MockTransport(handle)) as client, pytest.raises(OutboundRefused):
        guarded_request("GET", "https://hooks.example.com/", policy=PUBLIC, client=client)


def test_nothing_is_sent_to_a_refused_url() -> None:
    def handle(request: httpx.Request) -> httpx.Response:  # pragma: no cover - never called
        raise AssertionError(f"request sent to {request.url}")

    with _client(httpx.MockTransport(handle)) as client, pytest.raises(OutboundRefused):
        guarded_request("GET", "https://rebind.example.com/", policy=PUBLIC, client=client)
