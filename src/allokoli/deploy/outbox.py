"""The outbox: provider pushes written in the same transaction as the change, then dispatched.

Each message is claimed with a short lease (an UPDATE that only one worker can win), processed in
a unit of work bound to its organisation, and either marked done, retried with exponential
backoff (network errors, timeouts, 429, 5xx) or given up with a French reason on the assistant.
A retry of a create first looks for an assistant carrying our id in its metadata, so a timeout
after Vapi created it never creates a second one.
"""

from __future__ import annotations

import logging
import uuid
from collections.abc import Callable
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import select, text, update
from sqlalchemy.orm import Session

from allokoli.db.session import after_commit
from allokoli.models import OutboxMessage
from allokoli.tenancy import Tenant

log = logging.getLogger("allokoli.outbox")

PUSH_ASSISTANT = "assistant.push"
DELETE_ASSISTANT = "assistant.delete"
#: Point an assistant's phone number where its status says: the assistant when it is active,
#: away from it (to the business's own line when known) when it is paused.
ROUTE_PHONE_NUMBER = "phone_number.route"
MAX_ATTEMPTS = 8
LEASE = timedelta(seconds=60)
#: The after-commit key of « the outbox has due messages »: the dispatcher answers it
#: (`Database.on_commit`), so whoever enqueues need not know who pushes.
WAKE = "outbox.wake"

Handler = Callable[[Session, Tenant, dict[str, Any]], None]
FailureHandler = Callable[[Session, Tenant, dict[str, Any], str], None]


def enqueue(session: Session, tenant: Tenant, kind: str, payload: dict[str, Any]) -> None:
    """Write a message in the caller's transaction; the dispatcher runs once it has committed."""
    session.add(OutboxMessage(organization_id=tenant.organization_id, kind=kind, payload=payload))
    session.flush()
    after_commit(session, WAKE)


def backoff(attempts: int) -> timedelta:
    """2 s, 4 s, 8 s … capped at 15 minutes."""
    return timedelta(seconds=min(2**attempts, 900))


_PG_DUE = text("SELECT id, organization_id FROM allokoli_due_outbox(:now, :limit)")


def due_messages(session: Session, now: datetime, limit: int) -> list[tuple[uuid.UUID, uuid.UUID]]:
    """(id, organisation) of every tenant's due messages, oldest first.

    The one cross-tenant read of the outbox: on PostgreSQL the table is under RLS and this goes
    through the SECURITY DEFINER function of migration 0012, which returns nothing else."""
    if session.get_bind().dialect.name == "postgresql":
        rows = session.execute(_PG_DUE, {"now": now, "limit": limit}).all()
    else:
        rows = session.execute(
            select(OutboxMessage.id, OutboxMessage.organization_id)
            .where(OutboxMessage.done_at.is_(None), OutboxMessage.next_attempt_at <= now)
            .order_by(OutboxMessage.created_at)
            .limit(limit)
        ).all()
    return [(uuid.UUID(str(r[0])), uuid.UUID(str(r[1]))) for r in rows]


def claim(session: Session, message_id: uuid.UUID, now: datetime) -> bool:
    result = session.execute(
        update(OutboxMessage)
        .where(
            OutboxMessage.id == message_id,
            OutboxMessage.done_at.is_(None),
            OutboxMessage.next_attempt_at <= now,
        )
        .values(next_attempt_at=now + LEASE)
    )
    return bool(getattr(result, "rowcount", 0) == 1)
