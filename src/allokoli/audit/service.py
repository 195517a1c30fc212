"""The audit log: create/update/delete of every tenant resource, with actor and time."""

from __future__ import annotations

from typing import Any

from sqlalchemy.orm import Session

from allokoli.models import AuditEntry
from allokoli.tenancy import Tenant, TenantRepository


class AuditRepository(TenantRepository[AuditEntry]):
    model = AuditEntry


def record(
    session: Session,
    tenant: Tenant,
    *,
    actor: str,
    entity: str,
    entity_id: object | None,
    action: str,
    details: dict[str, Any] | None = None,
) -> None:
    """Append an entry in the current transaction (so it exists iff the change does)."""
    AuditRepository(session, tenant).add(
        AuditEntry(
            actor=actor,
            entity=entity,
            entity_id=None if entity_id is None else str(entity_id),
            action=action,
            details=details or {},
        )
    )
