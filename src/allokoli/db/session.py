"""The unit of work: one request or job is one transaction.

Application code never calls `commit()`. `unit_of_work()` commits when the block succeeds and
rolls back when it raises. On PostgreSQL, `bind_tenant()` sets `app.tenant_id` for the current
transaction only (`set_config(..., true)`), which the row-level security policies read.
"""

from __future__ import annotations

import threading
import uuid
from collections.abc import Iterator
from contextlib import contextmanager

from sqlalchemy import Engine, text
from sqlalchemy.exc import OperationalError
from sqlalchemy.orm import Session, sessionmaker

from allokoli.db.engine import BUSY_TIMEOUT_SECONDS, SQLITE_BEGIN


class Database:
    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        self._factory = sessionmaker(engine, expire_on_commit=False, autoflush=True)
        # SQLite has one writer at a time. Writers of this process queue on a lock (handed over
        # at once) rather than on SQLite's busy handler (which sleeps up to 100 ms per retry).
        self._sqlite_writer = threading.Lock()

    @property
    def is_postgres(self) -> bool:
        return self.engine.dialect.name == "postgresql"

    @contextmanager
    def unit_of_work(
        self, tenant_id: uuid.UUID | None = None, *, write: bool = False
    ) -> Iterator[Session]:
        """One transaction. `write=True` for a short transaction that reads then writes under
        concurrency (webhook ingest): on SQLite it takes the write lock up front (BEGIN
        IMMEDIATE), so it waits its turn instead of failing half-way. Never make a network
        call inside such a unit of work."""
        if write and not self.is_postgres:
            if not self._sqlite_writer.acquire(timeout=BUSY_TIMEOUT_SECONDS):
                raise OperationalError("BEGIN IMMEDIATE", {}, TimeoutError("database is busy"))
            try:
                with self._transaction(tenant_id, immediate=True) as session:
                    yield session
            finally:
                self._sqlite_writer.release()
            return
        with self._transaction(tenant_id, immediate=False) as session:
            yield session

    @contextmanager
    def _transaction(self, tenant_id: uuid.UUID | None, *, immediate: bool) -> Iterator[Session]:
        session = self._factory()
        try:
            with session.begin():
                if immediate:
                    session.connection(execution_options={SQLITE_BEGIN: "IMMEDIATE"})
                if tenant_id is not None:
                    bind_tenant(session, tenant_id)
                yield session
        finally:
            session.close()

    def dispose(self) -> None:
        self.engine.dispose()


def bind_user(session: Session, user_id: uuid.UUID) -> None:
    """Let the current transaction read this user's own memberships (PostgreSQL RLS).

    Memberships are tenant rows, but log-in must find a user's organisations before any tenant is
    known: the `membership_of_user` policy shows the rows whose `user_id` is `app.user_id`."""
    if session.get_bind().dialect.name == "postgresql":
        session.execute(text("SELECT set_config('app.user_id', :uid, true)"), {"uid": str(user_id)})


def bind_tenant(session: Session, tenant_id: uuid.UUID) -> None:
    """Scope the current transaction to one organisation (PostgreSQL RLS second wall)."""
    session.info["tenant_id"] = tenant_id
    if session.get_bind().dialect.name == "postgresql":
        session.execute(
            text("SELECT set_config('app.tenant_id', :tid, true)"), {"tid": str(tenant_id)}
        )
