"""Shared fixtures: a migrated database on the backend chosen by ALLOKOLI_TEST_BACKEND
(sqlite by default, or postgresql at ALLOKOLI_TEST_PG_URL), the app, clients and users."""

from __future__ import annotations

import os
import re
import uuid
from collections.abc import Iterator
from dataclasses import dataclass

import httpx
import pytest
from argon2 import PasswordHasher
from fastapi.testclient import TestClient
from sqlalchemy import Engine, text
from sqlalchemy.engine import make_url

from allokoli.app import create_app
from allokoli.auth import passwords
from allokoli.db.base import Base
from allokoli.db.engine import make_engine, normalize_url
from allokoli.db.migrate import upgrade
from allokoli.db.session import Database
from allokoli.http.deps import AlloKoliApp
from allokoli.providers.vapi import warm_up_sdk
from allokoli.settings import Settings
from allokoli.understanding import nlp

BACKEND = os.environ.get("ALLOKOLI_TEST_BACKEND", "sqlite")
PG_URL = os.environ.get("ALLOKOLI_TEST_PG_URL", "postgresql://postgres@127.0.0.1:5432/test")
OWNER_ROLE = "allokoli_test_owner"
APP_ROLE = "allokoli_test_app"
TEST_SECRET = "test-secret-key-0123456789abcdefghijklmnopqrstuvwxyz"
PASSWORD = "motdepasse-solide"
DB_FIXTURES = {"database", "db_urls", "app", "client", "settings", "admin_engine"}

# argon2's production cost (~0.2 s of CPU per hash on this hardware, paid at every sign-up and
# log-in) protects stored passwords; it is not what the tests check. They hash with the minimum
# cost: same algorithm, same code path, hashes still `$argon2id$…`.
passwords._hasher = PasswordHasher(time_cost=1, memory_cost=8, parallelism=1)
passwords._DUMMY_HASH = passwords._hasher.hash("allokoli-dummy-password")


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    for item in items:
        if DB_FIXTURES & set(getattr(item, "fixturenames", ())):
            item.add_marker(pytest.mark.db)
        if item.nodeid.startswith("tests/understanding/"):
            item.add_marker(pytest.mark.understanding)
        if "pg" in item.keywords and BACKEND != "postgresql":
            item.add_marker(pytest.mark.skip(reason="PostgreSQL-only (ALLOKOLI_TEST_BACKEND)"))
    if BACKEND == "postgresql":
        # Journeys (browser, separate processes) run once, on the embedded default: what they
        # add over the API tests is the surface, not the database.
        journeys = [item for item in items if "journey" in item.keywords]
        if journeys:
            config.hook.pytest_deselected(items=journeys)
            items[:] = [item for item in items if "journey" not in item.keywords]


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line("markers", "db: uses the database (run on SQLite and PostgreSQL)")
    config.addinivalue_line(
        "markers", "understanding: under tests/understanding (`make test` runs them beside SQLite)"
    )


@dataclass(frozen=True)
class DbUrls:
    admin: str
    app: str


def _pg_setup() -> tuple[DbUrls, str]:
    import psycopg

    name = f"allokoli_t_{uuid.uuid4().hex[:10]}"
    with psycopg.connect(PG_URL, autocommit=True) as conn:
        for role, extra in ((OWNER_ROLE, ""), (APP_ROLE, " NOSUPERUSER NOBYPASSRLS")):
            exists = conn.execute("SELECT 1 FROM pg_roles WHERE rolname = %s", (role,)).fetchone()
            if not exists:
                conn.execute(f"CREATE ROLE {role} LOGIN{extra}")
        conn.execute(f"CREATE DATABASE {name} OWNER {OWNER_ROLE}")
    base = make_url(normalize_url(PG_URL))
    admin = base.set(username=OWNER_ROLE, database=name, password=None)
    app = base.set(username=APP_ROLE, database=name, password=None)
    return (
        DbUrls(
            admin.render_as_string(hide_password=False), app.render_as_string(hide_password=False)
        ),
        name,
    )


def _pg_drop(name: str) -> None:
    import psycopg

    with psycopg.connect(PG_URL, autocommit=True) as conn:
        conn.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")


@pytest.fixture(scope="session")
def db_urls(tmp_path_factory: pytest.TempPathFactory) -> Iterator[DbUrls]:
    if BACKEND == "postgresql":
        urls, name = _pg_setup()
        upgrade(urls.admin, urls.app)
        yield urls
        _pg_drop(name)
    else:
        url = f"sqlite:///{tmp_path_factory.mktemp('db') / 'test.db'}"
        upgrade(url)
        yield DbUrls(url, url)


@pytest.fixture(scope="session")
def admin_engine(db_urls: DbUrls) -> Iterator[Engine]:
    engine = make_engine(db_urls.admin)
    yield engine
    engine.dispose()


@pytest.fixture(scope="session")
def _app_engine(db_urls: DbUrls) -> Iterator[Engine]:
    engine = make_engine(db_urls.app)
    yield engine
    engine.dispose()


@pytest.fixture(scope="session")
def _wipe_engine(db_urls: DbUrls, admin_engine: Engine) -> Iterator[Engine]:
    """What empties the tables after each test. On PostgreSQL, the server's superuser (the one
    that created the database): row-level security is forced on the tenant tables, even for
    their owner, and only a superuser's DELETE sees every row. Without one, the owner's
    TRUNCATE (which row security does not filter) does it, more slowly."""
    if admin_engine.dialect.name != "postgresql":
        yield admin_engine
        return
    url = make_url(normalize_url(PG_URL)).set(database=make_url(db_urls.admin).database)
    engine = make_engine(url.render_as_string(hide_password=False))
    with engine.connect() as conn:
        superuser = conn.execute(
            text("SELECT rolsuper FROM pg_roles WHERE rolname = current_user")
        ).scalar()
    if superuser:
        yield engine
    else:
        yield admin_engine
    engine.dispose()


def _wipe(engine: Engine, superuser: bool) -> None:
    tables = [t.name for t in reversed(Base.metadata.sorted_tables)]
    with engine.begin() as conn:
        if engine.dialect.name == "postgresql" and not superuser:
            conn.execute(text(f"TRUNCATE {', '.join(tables)} CASCADE"))
        elif engine.dialect.name == "postgresql":
            # Children first, in one round trip: a few milliseconds, where TRUNCATE (a new file
            # for each of ~50 tables) takes a second or more on a loaded machine.
            conn.execute(text("; ".join(f"DELETE FROM {table}" for table in tables)))
        else:
            for table in tables:
                conn.execute(text(f"DELETE FROM {table}"))


@pytest.fixture
def database(_app_engine: Engine, admin_engine: Engine, _wipe_engine: Engine) -> Iterator[Database]:
    yield Database(_app_engine)
    _wipe(_wipe_engine, superuser=_wipe_engine is not admin_engine)


@pytest.fixture
def settings(db_urls: DbUrls) -> Settings:
    return Settings(
        _env_file=None,
        env="test",
        database_url=db_urls.app,
        secret_key=TEST_SECRET,
        login_max_failures=5,
        outbox_poll_seconds=0,
    )


@pytest.fixture(scope="session")
def vapi_sdk_warm() -> None:
    """What a server warms before taking traffic (`services.warm_ups`, empty in tests): the Vapi
    client and the French pipeline (tens of seconds on a loaded machine). A test that bounds
    each request's time asks for this, so that its first request does not pay them. (The
    gateway no longer parses answers into the SDK's ~2,000 types; a test using the SDK's typed
    methods still builds them on first use.)"""
    warm_up_sdk()
    nlp.warm()


@pytest.fixture
def app(settings: Settings, database: Database) -> AlloKoliApp:
    return create_app(settings, database=database)


class InProcessTransport(httpx.BaseTransport):
    """Routes an ordinary `httpx.Client` (e.g. the official Vapi SDK's) into the app in-process."""

    def __init__(self, client: TestClient) -> None:
        self.client = client

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        path = request.url.raw_path.decode()
        headers = {k: v for k, v in request.headers.items() if k.lower() != "host"}
        response = self.client.request(
            request.method, path, headers=headers, content=request.read()
        )
        return httpx.Response(
            response.status_code,
            headers=response.headers,
            content=response.content,
            request=request,
        )


@pytest.fixture
def client(app: AlloKoliApp) -> Iterator[TestClient]:
    with TestClient(app) as c:
        # The official Vapi SDK and the sandbox's webhook sender go through the app in-process
        # (TestClient's own transport; the SDK passes `timeout`, which TestClient refuses).
        in_process = httpx.Client(transport=InProcessTransport(c), base_url="http://testserver")
        app.services.vapi_http_client = in_process
        app.services.sandbox_http_client = in_process
        yield c
        in_process.close()


CSRF_RE = re.compile(r'name="csrf_token" value="([^"]+)"')


def csrf_from(html: str) -> str:
    match = CSRF_RE.search(html)
    assert match, "no CSRF token in page"
    return match.group(1)


@dataclass
class Account:
    client: TestClient
    email: str
    org_name: str
    api_key: str
    csrf: str

    @property
    def auth(self) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.api_key}"}

    @property
    def org_id(self) -> uuid.UUID:
        me = self.client.get("/api/v1/me", headers=self.auth).json()
        return uuid.UUID(me["organization"]["id"])


def signup(app: AlloKoliApp, email: str, org_name: str) -> Account:
    """Sign up through the HTML form (a logged-in browser) and create an API key."""
    c = TestClient(app)
    c.__enter__()
    token = csrf_from(c.get("/signup").text)
    r = c.post(
        "/signup",
        data={
            "csrf_token": token,
            "email": email,
            "password": PASSWORD,
            "organization_name": org_name,
            "consent": "1",
        },
        follow_redirects=False,
    )
    assert r.status_code == 303, r.text
    page = c.get("/dashboard")
    csrf = csrf_from(page.text)
    r = c.post("/api/v1/api-keys", json={"name": "tests"}, headers={"X-CSRF-Token": csrf})
    assert r.status_code == 201, r.text
    return Account(c, email, org_name, r.json()["key"], csrf)


def sandbox_auth(app: AlloKoliApp, organization_id: uuid.UUID) -> dict[str, str]:
    """The `Authorization` header of the organisation's own sandbox credential."""
    from allokoli.kit.crypto import SecretBox
    from allokoli.sandbox import keys

    box = SecretBox(app.services.settings.secret_key.get_secret_value())
    return {"Authorization": f"Bearer {keys.token_for(app.services.db, box, organization_id)}"}


@pytest.fixture
def alice(app: AlloKoliApp) -> Iterator[Account]:
    acc = signup(app, "alice@exemple.fr", "Pizzeria Alice")
    yield acc
    acc.client.__exit__(None, None, None)


@pytest.fixture
def bob(app: AlloKoliApp) -> Iterator[Account]:
    acc = signup(app, "bob@exemple.fr", "Plomberie Bob")
    yield acc
    acc.client.__exit__(None, None, None)
