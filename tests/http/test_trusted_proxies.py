"""X-Forwarded-For is believed only from configured proxies, and logins are throttled per IP."""

from __future__ import annotations

import ipaddress
from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select

from allokoli.app import create_app
from allokoli.db.session import Database
from allokoli.http.deps import AlloKoliApp
from allokoli.http.proxy import client_address
from allokoli.models import LoginFailure
from allokoli.settings import Settings, SettingsError
from tests.conftest import PASSWORD, Account, csrf_from

PROXIES = (ipaddress.ip_network("10.0.0.0/8"), ipaddress.ip_network("2001:db8::1/128"))


@pytest.mark.parametrize(
    ("peer", "forwarded", "expected"),
    [
        ("203.0.113.9", "1.2.3.4", "203.0.113.9"),  # not a proxy: its header is ignored
        ("10.0.0.2", "1.2.3.4", "1.2.3.4"),
        ("10.0.0.2", "6.6.6.6, 1.2.3.4", "1.2.3.4"),  # the left part is the client's own writing
        ("10.0.0.2", "6.6.6.6, 1.2.3.4, 10.0.0.5", "1.2.3.4"),  # two proxies in a row
        ("10.0.0.2", "10.0.0.7, 10.0.0.5", "10.0.0.7"),  # only proxies: the farthest
        ("10.0.0.2", "junk, 10.0.0.5", "10.0.0.5"),
        ("10.0.0.2", None, "10.0.0.2"),
        ("10.0.0.2", "1.2.3.4:5678", "1.2.3.4"),
        ("2001:db8::1", "[2001:db8::99]:443", "2001:db8::99"),
        ("testclient", "1.2.3.4", "testclient"),
    ],
)
def test_client_address_takes_the_rightmost_untrusted_hop(
    peer: str, forwarded: str | None, expected: str
) -> None:
    assert client_address(peer, forwarded, PROXIES) == expected


def test_without_trusted_proxies_the_header_is_never_read() -> None:
    assert client_address("10.0.0.2", "1.2.3.4", ()) == "10.0.0.2"


def test_a_bad_proxy_setting_fails_fast() -> None:
    with pytest.raises(SettingsError, match="ALLOKOLI_TRUSTED_PROXIES"):
        Settings(_env_file=None, trusted_proxies="10.0.0.0/8, pas-une-ip")


def _login(c: TestClient, email: str, password: str, **headers: str) -> int:
    token = csrf_from(c.get("/login").text)
    r = c.post(
        "/login",
        data={"csrf_token": token, "email": email, "password": password},
        headers=headers,
        follow_redirects=False,
    )
    return r.status_code


def _failure_ips(database: Database) -> set[str]:
    with database.unit_of_work() as s:
        return set(s.scalars(select(LoginFailure.ip)))


@pytest.fixture
def proxied_app(settings: Settings, database: Database) -> AlloKoliApp:
    return create_app(
        settings.model_copy(update={"trusted_proxies": "10.0.0.0/8"}), database=database
    )


def test_a_spoofed_forwarded_for_does_not_escape_throttling(
    app: AlloKoliApp, alice: Account, database: Database
) -> None:
    """From an untrusted peer, a new X-Forwarded-For per attempt changes nothing."""
    with TestClient(app, client=("203.0.113.9", 4000)) as c:
        statuses = [
            _login(c, alice.email, "mauvais-mot-de-passe", **{"X-Forwarded-For": f"1.1.1.{i}"})
            for i in range(6)
        ]
    assert statuses == [401] * 5 + [429]
    assert _failure_ips(database) == {"203.0.113.9"}


def test_a_trusted_proxy_forwards_the_client_address(
    proxied_app: AlloKoliApp, alice: Account, database: Database
) -> None:
    with TestClient(proxied_app, client=("10.0.0.2", 4000)) as c:
        header = {"X-Forwarded-For": "6.6.6.6, 198.51.100.4"}
        assert _login(c, alice.email, "mauvais-mot-de-passe", **header) == 401
        # Another client behind the same proxy is not throttled by the first one's failures.
        for _ in range(5):
            _login(c, alice.email, "mauvais-mot-de-passe", **header)
        assert _login(c, alice.email, PASSWORD, **header) == 429
        assert _login(c, alice.email, PASSWORD, **{"X-Forwarded-For": "198.51.100.5"}) == 303
    assert _failure_ips(database) == {"198.51.100.4"}


@pytest.fixture
def per_ip_client(settings: Settings, database: Database) -> Iterator[TestClient]:
    app = create_app(
        settings.model_copy(update={"login_max_failures_per_ip": 10}), database=database
    )
    with TestClient(app, client=("203.0.113.50", 4000)) as c:
        yield c


def test_many_e_mails_from_one_ip_are_slowed(per_ip_client: TestClient, alice: Account) -> None:
    """12 different e-mails from one address: the per-IP limit stops them, even the right
    password of an untouched account, while another address logs in."""
    statuses = [
        _login(per_ip_client, f"victime{i}@exemple.fr", "motdepasse-courant") for i in range(12)
    ]
    assert statuses == [401] * 10 + [429] * 2
    assert _login(per_ip_client, alice.email, PASSWORD) == 429
    with TestClient(per_ip_client.app, client=("203.0.113.51", 4000)) as other:
        assert _login(other, alice.email, PASSWORD) == 303


def test_allokoli_serve_ignores_forwarded_for_from_localhost(
    settings: Settings, database: Database, alice: Account
) -> None:
    """Over real HTTP, with the uvicorn options of `allokoli serve`: a local process that
    writes X-Forwarded-For is still throttled as 127.0.0.1."""
    import httpx

    from allokoli.cli.server import PROXY_HEADERS
    from tests.e2e.conftest import serve

    server = serve(settings, database, proxy_headers=PROXY_HEADERS)
    url = next(server)
    try:
        with httpx.Client(base_url=url) as c:
            token = csrf_from(c.get("/login").text)
            r = c.post(
                "/login",
                data={"csrf_token": token, "email": alice.email, "password": "mauvais"},
                headers={"X-Forwarded-For": "1.2.3.4"},
            )
            assert r.status_code == 401
    finally:
        next(server, None)
    assert _failure_ips(database) == {"127.0.0.1"}
