"""Engine creation: SQLite pragmas (WAL, synchronous=NORMAL, foreign keys), PostgreSQL pool.

SQLite: Python's sqlite3 driver (before 3.12) opens transactions itself, lazily, at the first
INSERT/UPDATE/DELETE, and not before a SAVEPOINT; releasing a savepoint then commits, and a
transaction that reads before it writes fails with "database is locked" when another connection
wrote in between (WAL snapshot). So the driver's transaction handling is switched off and we emit
BEGIN ourselves when SQLAlchemy begins a transaction (the recipe in SQLAlchemy's SQLite
documentation). A unit of work that will write after reading asks for `BEGIN IMMEDIATE` with the
`sqlite_begin` execution option: it takes the write lock up front and waits for it (busy timeout)
instead of failing half-way.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.engine import make_url


def normalize_url(url: str) -> str:
    """Use psycopg 3 for PostgreSQL whatever scheme the operator wrote."""
    if url.startswith("postgres://"):
        url = "postgresql://" + url[len("postgres://") :]
    if url.startswith("postgresql://"):
        url = "postgresql+psycopg://" + url[len("postgresql://") :]
    return url


def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA busy_timeout=5000")
    cursor.close()


#: Execution option naming the SQLite BEGIN mode of a transaction ("DEFERRED" or "IMMEDIATE").
SQLITE_BEGIN = "sqlite_begin"


def _sqlite_no_driver_transactions(dbapi_connection: Any, _record: Any) -> None:
    dbapi_connection.isolation_level = None


def _sqlite_begin(connection: Any) -> None:
    mode = connection.get_execution_options().get(SQLITE_BEGIN, "DEFERRED")
    if mode not in {"DEFERRED", "IMMEDIATE"}:
        raise ValueError(f"unknown SQLite BEGIN mode: {mode!r}")
    connection.exec_driver_sql(f"BEGIN {mode}")


def make_engine(url: str, *, echo: bool = False) -> Engine:
    url = normalize_url(url)
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite":
        if parsed.database and parsed.database != ":memory:":
            Path(parsed.database).parent.mkdir(parents=True, exist_ok=True)
        engine = create_engine(
            url, echo=echo, connect_args={"check_same_thread": False, "timeout": 5}
        )
        event.listen(engine, "connect", _sqlite_pragmas)
        event.listen(engine, "connect", _sqlite_no_driver_transactions)
        event.listen(engine, "begin", _sqlite_begin)
        return engine
    return create_engine(url, echo=echo, pool_pre_ping=True, pool_size=10, max_overflow=20)
