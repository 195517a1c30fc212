"""The unit of work: one request or job is one transaction.

Application code never calls `commit()`. `unit_of_work()` commits when the block succeeds and
rolls back when it raises. On PostgreSQL, `bind_tenant()` sets `app.tenant_id` for the current
transaction only (`set_config(..., true)`), which the row-level security policies read.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from contextlib import contextmanager

from sqlalchemy import Engine, text
from sqlalchemy.orm import Session, sessionmaker


class Database:
    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        self._factory = sessionmaker(engine, expire_on_commit=False, autoflush=True)

    @property
    def is_postgres(self) -> bool:
        return self.engine.dialect.name == "postgresql"

    @contextmanager
    def unit_of_work(self, tenant_id: uuid.UUID | None = None) -> Iterator[Session]:
        session = self._factory()
        try:
            with session.begin():
                if tenant_id is not None:
                    bind_tenant(session, tenant_id)
                yield session
        finally:
            session.close()

    def dispose(self) -> None:
        self.engine.dispose()


def bind_tenant(session: Session, tenant_id: uuid.UUID) -> None:
    """Scope the current transaction to one organisation (PostgreSQL RLS second wall)."""
    session.info["tenant_id"] = tenant_id
    if session.get_bind().dialect.name == "postgresql":
        session.execute(
            text("SELECT set_config('app.tenant_id', :tid, true)"), {"tid": str(tenant_id)}
        )
