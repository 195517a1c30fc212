from __future__ import annotations

import uuid
from datetime import datetime
from typing import Annotated, Any

from fastapi import APIRouter, Query
from pydantic import BaseModel, ConfigDict

from allokoli.audit.service import AuditRepository
from allokoli.http.deps import CurrentPrincipal, DbSession
from allokoli.models import AuditEntry

router = APIRouter(prefix="/api/v1", tags=["audit"])


class AuditEntryOut(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: uuid.UUID
    actor: str
    entity: str
    entity_id: str | None
    action: str
    at: datetime
    details: dict[str, Any]


@router.get("/audit-log", operation_id="audit-list")
def list_audit_log(
    principal: CurrentPrincipal,
    session: DbSession,
    entity: Annotated[str | None, Query(max_length=60)] = None,
    limit: Annotated[int, Query(ge=1, le=200)] = 50,
) -> list[AuditEntryOut]:
    """The organisation's audit log, newest first."""
    repo = AuditRepository(session, principal.tenant)
    stmt = repo.scoped().order_by(AuditEntry.at.desc()).limit(limit)
    if entity:
        stmt = stmt.where(AuditEntry.entity == entity)
    return [AuditEntryOut.model_validate(e) for e in repo.list(stmt)]
