"""Shared pieces of the benchmarks: temporary databases (SQLite file, or a PostgreSQL database
with an owner role and an RLS-bound app role, like the tests), an organisation, percentiles."""

from __future__ import annotations

import os
import statistics
import sys
import tempfile
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from sqlalchemy.engine import make_url  # noqa: E402

from allokoli.accounts import service as accounts  # noqa: E402
from allokoli.db.engine import make_engine, normalize_url  # noqa: E402
from allokoli.db.migrate import upgrade  # noqa: E402
from allokoli.db.session import Database  # noqa: E402
from allokoli.kit.crypto import SecretBox  # noqa: E402
from allokoli.settings import Settings  # noqa: E402

PG_URL = os.environ.get("ALLOKOLI_BENCH_PG_URL", "postgresql://postgres@127.0.0.1:5432/test")
OWNER_ROLE = "allokoli_bench_owner"
APP_ROLE = "allokoli_bench_app"
PASSWORD = "motdepasse-bench"  # noqa: S105 - benchmark only


@dataclass(frozen=True)
class Urls:
    admin: str
    app: str


@contextmanager
def served_app(folder: str, name: str) -> Iterator[str]:
    """The app on a fresh SQLite database in `folder`, with the embedded sandbox, served over
    real HTTP by uvicorn in a thread of this process as the browser tests serve it: its base
    URL. The caller's path must reach the checkout's `tests` package."""
    from tests.e2e.conftest import serve

    url = f"sqlite:///{folder}/{name}.db"
    upgrade(url)
    settings = Settings(
        _env_file=None,
        env="test",
        database_url=url,
        outbox_poll_seconds=0,
        secret_key="bench-secret-key-0123456789abcdefghijklmnop",  # noqa: S106
    )
    db = Database(make_engine(url))
    server = serve(settings, db)
    try:
        yield next(server)
    finally:
        next(server, None)
        db.dispose()


@contextmanager
def sqlite_database() -> Iterator[Urls]:
    with tempfile.TemporaryDirectory(prefix="allokoli-bench-") as tmp:
        url = f"sqlite:///{tmp}/bench.db"
        upgrade(url)
        yield Urls(url, url)


def postgres_available() -> bool:
    try:
        import psycopg

        psycopg.connect(PG_URL, connect_timeout=3).close()
    except Exception:
        return False
    return True


@contextmanager
def postgres_database() -> Iterator[Urls]:
    import psycopg

    name = f"allokoli_bench_{uuid.uuid4().hex[:8]}"
    with psycopg.connect(PG_URL, autocommit=True) as conn:
        for role, extra in ((OWNER_ROLE, ""), (APP_ROLE, " NOSUPERUSER NOBYPASSRLS")):
            if not conn.execute("SELECT 1 FROM pg_roles WHERE rolname = %s", (role,)).fetchone():
                conn.execute(f"CREATE ROLE {role} LOGIN{extra}")
        conn.execute(f"CREATE DATABASE {name} OWNER {OWNER_ROLE}")
    base = make_url(normalize_url(PG_URL))
    admin = base.set(username=OWNER_ROLE, database=name, password=None)
    app = base.set(username=APP_ROLE, database=name, password=None)
    urls = Urls(
        admin.render_as_string(hide_password=False), app.render_as_string(hide_password=False)
    )
    try:
        upgrade(urls.admin, urls.app)
        yield urls
    finally:
        with psycopg.connect(PG_URL, autocommit=True) as conn:
            conn.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")


@contextmanager
def databases(backends: list[str]) -> Iterator[Iterator[tuple[str, Urls]]]:
    def each() -> Iterator[tuple[str, Urls]]:
        for backend in backends:
            if backend == "postgresql":
                if not postgres_available():
                    print(f"postgresql: no server at {PG_URL}, skipped")
                    continue
                with postgres_database() as urls:
                    yield backend, urls
            else:
                with sqlite_database() as urls:
                    yield backend, urls

    yield each()


SECRET_KEY = "bench-secret-key-0123456789abcdefghijklmnopqrstuvwxyz"  # noqa: S105 - benchmark only


def organisation(
    url: str, email: str = "bench@exemple.fr", secret_key: str = SECRET_KEY
) -> uuid.UUID:
    db = Database(make_engine(url))
    try:
        with db.unit_of_work() as session:
            created = accounts.create_user(
                session,
                email=email,
                password=PASSWORD,
                org_name="Bench SARL",
                box=SecretBox(secret_key),
            )
            return created.organization.id
    finally:
        db.dispose()


def percentile(samples: list[float], q: float) -> float:
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def summary(samples: list[float]) -> str:
    return (
        f"p50 {statistics.median(samples):6.1f} ms  p95 {percentile(samples, 0.95):6.1f} ms  "
        f"p99 {percentile(samples, 0.99):6.1f} ms"
    )
