"""SQL of the sandbox: every query is scoped to one organisation (the owner of the bearer token).

Building a repository binds the transaction to that organisation (row-level security on
PostgreSQL is the second wall behind the `organization_id` filters written here)."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime
from typing import Any, TypeVar

from sqlalchemy import Select, func, select
from sqlalchemy.orm import Session

from allokoli.db.session import bind_tenant
from allokoli.sandbox.models import (
    SandboxAssistant,
    SandboxCall,
    SandboxChat,
    SandboxCredential,
    SandboxPhoneNumber,
)

Row = TypeVar(
    "Row", SandboxAssistant, SandboxPhoneNumber, SandboxCall, SandboxChat, SandboxCredential
)

DEMO_PREFIX = "+3319900"
"""+33 1 99 00 xx xx: numbers ARCEP reserves for fiction (films, series, demos)."""
DEMO_CAPACITY = 10_000


@dataclass(frozen=True)
class ListFilter:
    limit: int = 100
    created_gt: datetime | None = None
    created_lt: datetime | None = None
    created_ge: datetime | None = None
    created_le: datetime | None = None
    updated_gt: datetime | None = None
    updated_lt: datetime | None = None
    updated_ge: datetime | None = None
    updated_le: datetime | None = None


def parse_id(value: str | None) -> uuid.UUID | None:
    """A sandbox id, or None when the text is not one (an unknown id is a 404, not a 400)."""
    if not value:
        return None
    try:
        return uuid.UUID(value)
    except ValueError:
        return None


class SandboxRepository:
    def __init__(self, session: Session, organization_id: uuid.UUID) -> None:
        self.session = session
        self.organization_id = organization_id
        if session.info.get("tenant_id") != organization_id:
            bind_tenant(session, organization_id)

    def add(self, row: Row) -> Row:
        self.session.add(row)
        self.session.flush()
        return row

    def delete(self, row: Row) -> None:
        self.session.delete(row)
        self.session.flush()

    def get(self, model: type[Row], raw_id: str | None) -> Row | None:
        row_id = parse_id(raw_id)
        if row_id is None:
            return None
        row = self.session.get(model, row_id)
        return row if row is not None and row.organization_id == self.organization_id else None

    def _filtered(self, model: type[Row], flt: ListFilter) -> Select[Any]:
        query = select(model).where(model.organization_id == self.organization_id)
        bounds = (
            (model.created_at, flt.created_gt, flt.created_lt, flt.created_ge, flt.created_le),
            (model.updated_at, flt.updated_gt, flt.updated_lt, flt.updated_ge, flt.updated_le),
        )
        for column, gt, lt, ge, le in bounds:
            if gt is not None:
                query = query.where(column > gt)
            if lt is not None:
                query = query.where(column < lt)
            if ge is not None:
                query = query.where(column >= ge)
            if le is not None:
                query = query.where(column <= le)
        return query.order_by(model.created_at.desc(), model.id).limit(flt.limit)

    def many(self, model: type[Row], flt: ListFilter) -> list[Row]:
        return list(self.session.scalars(self._filtered(model, flt)))

    def calls(
        self,
        flt: ListFilter,
        *,
        call_id: uuid.UUID | None = None,
        assistant_id: uuid.UUID | None = None,
    ) -> list[SandboxCall]:
        query = self._filtered(SandboxCall, flt)
        if call_id is not None:
            query = query.where(SandboxCall.id == call_id)
        if assistant_id is not None:
            query = query.where(SandboxCall.assistant_id == assistant_id)
        return list(self.session.scalars(query))

    def number_taken(self, number: str, *, exclude: uuid.UUID | None = None) -> bool:
        query = select(func.count()).where(
            SandboxPhoneNumber.organization_id == self.organization_id,
            SandboxPhoneNumber.number == number,
        )
        if exclude is not None:
            query = query.where(SandboxPhoneNumber.id != exclude)
        return bool(self.session.scalar(query))

    def free_demo_number(self) -> str | None:
        """The lowest +33 1 99 00 xx xx number this organisation does not hold yet."""
        taken = set(
            self.session.scalars(
                select(SandboxPhoneNumber.number).where(
                    SandboxPhoneNumber.organization_id == self.organization_id,
                    SandboxPhoneNumber.number.startswith(DEMO_PREFIX),
                )
            )
        )
        for n in range(DEMO_CAPACITY):
            candidate = f"{DEMO_PREFIX}{n:04d}"
            if candidate not in taken:
                return candidate
        return None

    def open_calls(self) -> list[SandboxCall]:
        """The calls still in progress (a handful: one per open test chat)."""
        query = select(SandboxCall).where(
            SandboxCall.organization_id == self.organization_id,
            SandboxCall.status != "ended",
        )
        return list(self.session.scalars(query))

    def latest_chat_of_call(self, call_id: uuid.UUID) -> SandboxChat | None:
        query = (
            select(SandboxChat)
            .where(
                SandboxChat.organization_id == self.organization_id,
                SandboxChat.call_id == call_id,
            )
            .order_by(SandboxChat.created_at.desc())
            .limit(1)
        )
        return self.session.scalars(query).first()

    def latest_chat_of_session(self, session_id: str) -> SandboxChat | None:
        query = (
            select(SandboxChat)
            .where(
                SandboxChat.organization_id == self.organization_id,
                SandboxChat.session_id == session_id,
            )
            .order_by(SandboxChat.created_at.desc())
            .limit(1)
        )
        return self.session.scalars(query).first()
