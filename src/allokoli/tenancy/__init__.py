"""Tenant scoping, written once.

Every query on tenant-owned data goes through a `TenantRepository`, which cannot be built without
a `Tenant`. Building one binds the transaction to that tenant on PostgreSQL, so row-level security
is a second wall behind the `organization_id` filter added here. A row of another tenant is simply
not found (404), never forbidden (403).
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, ClassVar, Generic, Protocol, TypeVar

from sqlalchemy import Select, func, select
from sqlalchemy.orm import Mapped, Session

from allokoli.db.session import bind_tenant
from allokoli.kit.errors import NotFound


@dataclass(frozen=True, slots=True)
class Tenant:
    organization_id: uuid.UUID


class TenantOwned(Protocol):
    id: Mapped[uuid.UUID]
    organization_id: Mapped[uuid.UUID]


M = TypeVar("M", bound=Any)


class TenantRepository(Generic[M]):
    """Base for repositories of tenant-owned tables. Subclasses set `model` and `not_found`."""

    model: ClassVar[type[Any]]
    not_found: ClassVar[str] = "Ressource introuvable."

    def __init__(self, session: Session, tenant: Tenant) -> None:
        if not isinstance(tenant, Tenant):
            raise TypeError("a tenant-scoped repository needs a Tenant")
        self.session = session
        self.tenant = tenant
        if session.info.get("tenant_id") != tenant.organization_id:
            bind_tenant(session, tenant.organization_id)

    def scoped(self) -> Select[M]:
        """`SELECT model WHERE organization_id = tenant`: the only way to start a query."""
        return select(self.model).where(self.model.organization_id == self.tenant.organization_id)

    def get(self, entity_id: uuid.UUID) -> M:
        row = self.session.scalar(self.scoped().where(self.model.id == entity_id))
        if row is None:
            raise NotFound(self.not_found)
        return row  # type: ignore[no-any-return]

    def find(self, entity_id: uuid.UUID) -> M | None:
        return self.session.scalar(self.scoped().where(self.model.id == entity_id))  # type: ignore[no-any-return]

    def list(self, stmt: Select[M] | None = None) -> Sequence[M]:
        return self.session.scalars(stmt if stmt is not None else self.scoped()).all()

    def count(self, stmt: Select[M] | None = None) -> int:
        base = stmt if stmt is not None else self.scoped()
        return int(self.session.scalar(select(func.count()).select_from(base.subquery())) or 0)

    def add(self, entity: M) -> M:
        self.stage(entity)
        self.session.flush()
        return entity

    def stage(self, entity: M) -> M:
        """Like `add` without the flush (batch writers): the id is set now, the INSERT is sent
        with the next flush, batched with the others."""
        current = getattr(entity, "organization_id", None)
        if current is not None and current != self.tenant.organization_id:
            raise ValueError("refusing to write a row of another tenant")
        entity.organization_id = self.tenant.organization_id
        if getattr(entity, "id", None) is None:
            entity.id = uuid.uuid4()
        self.session.add(entity)
        return entity

    def delete(self, entity: M) -> None:
        if entity.organization_id != self.tenant.organization_id:
            raise NotFound(self.not_found)
        self.session.delete(entity)
        self.session.flush()
