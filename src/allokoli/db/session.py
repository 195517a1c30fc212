"""The unit of work: one request or job is one transaction.

Application code never calls `commit()`. `unit_of_work()` commits when the block succeeds and
rolls back when it raises. On PostgreSQL, `bind_tenant()` sets `app.tenant_id` for the current
transaction only (`set_config(..., true)`), which the row-level security policies read.

Work that must follow a commit (wake the outbox dispatcher, …) is registered on the session with
`after_commit(session, key, …)` by the service that makes it necessary, so that no surface has to
remember it: it runs once per key after the commit, never after a rollback.
"""

from __future__ import annotations

import threading
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager

from sqlalchemy import Engine, text
from sqlalchemy.exc import OperationalError
from sqlalchemy.orm import Session, sessionmaker

from allokoli.db.engine import BUSY_TIMEOUT_SECONDS, SQLITE_BEGIN
from allokoli.kit.shared import MemoryState, SharedState

AfterCommit = Callable[[], object]
#: How a unit of work runs its after-commit callbacks: at once by default; a request hands them
#: to its background tasks (after the response), the outbox dispatcher drops its own wake-ups.
AfterCommitRunner = Callable[[AfterCommit], object]

_AFTER_COMMIT = "allokoli.after_commit"
_SHARED = "allokoli.shared"


def shared_of(session: Session) -> SharedState:
    """The state shared by the web processes (`kit.shared`), for code that holds a session
    (the statistics cache): the `Database`'s, wired by `Services`. A session made elsewhere
    (a script, a test) gets this process's own."""
    state: SharedState = session.info.get(_SHARED) or _PROCESS_STATE
    return state


_PROCESS_STATE = MemoryState()


def after_commit(session: Session, key: str, callback: AfterCommit | None = None) -> None:
    """Run `callback` once after the session's transaction commits; nothing on rollback.

    Registering the same `key` again in the same transaction keeps the first callback. Without a
    callback, the one wired for `key` on the `Database` (`Database.on_commit`) runs, if any: a
    service names what must happen (« the outbox has work ») without holding the worker."""
    hooks: dict[str, AfterCommit | None] = session.info.setdefault(_AFTER_COMMIT, {})
    hooks.setdefault(key, callback)


def run_inline(callback: AfterCommit) -> None:
    callback()


def discard(callback: AfterCommit) -> None:
    """For a unit of work whose after-commit work is already its caller's job."""


class Database:
    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        self._factory = sessionmaker(engine, expire_on_commit=False, autoflush=True)
        # SQLite has one writer at a time. Writers of this process queue on a lock (handed over
        # at once) rather than on SQLite's busy handler (which sleeps up to 100 ms per retry).
        self._sqlite_writer = threading.Lock()
        self._wired: dict[str, AfterCommit] = {}
        #: Replaced by `Services` with the settings' choice (Redis for several processes).
        self.shared: SharedState = MemoryState()

    def on_commit(self, key: str, callback: AfterCommit) -> None:
        """Wire, once at start-up, what runs after a commit that registered `key` with no
        callback of its own (see `after_commit`)."""
        self._wired[key] = callback

    @property
    def is_postgres(self) -> bool:
        return self.engine.dialect.name == "postgresql"

    @contextmanager
    def unit_of_work(
        self,
        tenant_id: uuid.UUID | None = None,
        *,
        write: bool = False,
        run_after_commit: AfterCommitRunner = run_inline,
    ) -> Iterator[Session]:
        """One transaction. `write=True` for a short transaction that reads then writes under
        concurrency (webhook ingest): on SQLite it takes the write lock up front (BEGIN
        IMMEDIATE), so it waits its turn instead of failing half-way. Never make a network
        call inside such a unit of work.

        Once the transaction has committed (and the SQLite write lock is released), each
        callback registered with `after_commit` is handed to `run_after_commit`. (A callback
        registered inside a savepoint that was rolled back still runs: keep them idempotent.)"""
        hooks: list[AfterCommit] = []
        if write and not self.is_postgres:
            if not self._sqlite_writer.acquire(timeout=BUSY_TIMEOUT_SECONDS):
                raise OperationalError("BEGIN IMMEDIATE", {}, TimeoutError("database is busy"))
            try:
                with self._transaction(tenant_id, hooks, immediate=True) as session:
                    yield session
            finally:
                self._sqlite_writer.release()
        else:
            with self._transaction(tenant_id, hooks, immediate=False) as session:
                yield session
        for callback in hooks:
            run_after_commit(callback)

    @contextmanager
    def _transaction(
        self, tenant_id: uuid.UUID | None, hooks: list[AfterCommit], *, immediate: bool
    ) -> Iterator[Session]:
        session = self._factory()
        session.info[_SHARED] = self.shared
        try:
            with session.begin():
                if immediate:
                    session.connection(execution_options={SQLITE_BEGIN: "IMMEDIATE"})
                if tenant_id is not None:
                    bind_tenant(session, tenant_id)
                yield session
            # Reached only when `begin()` committed: a rollback leaves by the exception.
            registered: dict[str, AfterCommit | None] = session.info.get(_AFTER_COMMIT, {})
            for key, callback in registered.items():
                chosen = callback if callback is not None else self._wired.get(key)
                if chosen is not None:
                    hooks.append(chosen)
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
