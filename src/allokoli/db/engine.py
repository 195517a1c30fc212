"""Engine creation: SQLite pragmas (WAL, synchronous=NORMAL, foreign keys), PostgreSQL pool.

SQLite transactions. Python's sqlite3 driver (before 3.12) opens a transaction by itself only
before INSERT/UPDATE/DELETE, not before a SAVEPOINT: a SAVEPOINT then starts a transaction of
its own and releasing it COMMITS, half-way through our unit of work. So the driver's handling is
switched off (`isolation_level = None`) and we begin transactions ourselves:

- by default lazily, with `BEGIN IMMEDIATE` just before the first statement that is not a read
  (a write, a SAVEPOINT, DDL). Reads before it run on their own, as with the driver; a unit of
  work that only reads never takes the write lock, and one that reads, waits on a provider, then
  writes does not fail because another connection wrote meanwhile (a WAL read snapshot cannot be
  upgraded to a write once stale: "database is locked" at once, whatever the busy timeout);
- eagerly, `BEGIN IMMEDIATE` at the start, for a unit of work that asks for it with the
  `sqlite_begin` execution option (`Database.unit_of_work(write=True)`): its reads and writes
  are one consistent transaction, and it queues for the write lock up front.
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


#: How long a SQLite connection waits for the write lock before "database is locked".
BUSY_TIMEOUT_SECONDS = 5.0


def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute(f"PRAGMA busy_timeout={int(BUSY_TIMEOUT_SECONDS * 1000)}")
    cursor.close()


#: Execution option naming how a SQLite transaction begins: "LAZY" (the default: BEGIN IMMEDIATE
#: before its first write) or "IMMEDIATE" (at once).
SQLITE_BEGIN = "sqlite_begin"


_READS = ("SELECT", "PRAGMA", "EXPLAIN")


def _sqlite_no_driver_transactions(dbapi_connection: Any, _record: Any) -> None:
    dbapi_connection.isolation_level = None


def _sqlite_begin(connection: Any) -> None:
    """SQLAlchemy begins a transaction: eager BEGIN IMMEDIATE when asked, else nothing yet."""
    mode = connection.get_execution_options().get(SQLITE_BEGIN, "LAZY")
    if mode not in {"LAZY", "IMMEDIATE"}:
        raise ValueError(f"unknown SQLite BEGIN mode: {mode!r}")
    if mode == "IMMEDIATE":
        connection.exec_driver_sql("BEGIN IMMEDIATE")


def _sqlite_begin_before_write(
    connection: Any, cursor: Any, statement: str, *_args: Any, **_kwargs: Any
) -> None:
    """The lazy BEGIN: before the first statement of a transaction that is not a read."""
    dbapi = connection.connection.dbapi_connection
    if dbapi is None or dbapi.in_transaction or not connection.in_transaction():
        return
    if statement.lstrip()[:7].upper().startswith(_READS):
        return
    cursor.execute("BEGIN IMMEDIATE")


def make_engine(url: str, *, echo: bool = False) -> Engine:
    url = normalize_url(url)
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite":
        if parsed.database and parsed.database != ":memory:":
            Path(parsed.database).parent.mkdir(parents=True, exist_ok=True)
        engine = create_engine(
            url,
            echo=echo,
            connect_args={"check_same_thread": False, "timeout": BUSY_TIMEOUT_SECONDS},
        )
        event.listen(engine, "connect", _sqlite_pragmas)
        event.listen(engine, "connect", _sqlite_no_driver_transactions)
        event.listen(engine, "begin", _sqlite_begin)
        event.listen(engine, "before_cursor_execute", _sqlite_begin_before_write)
        return engine
    return create_engine(url, echo=echo, pool_pre_ping=True, pool_size=10, max_overflow=20)
