"""The outbox: provider pushes written in the same transaction as the change, then dispatched.

Each message is claimed with a short lease (an UPDATE that only one worker can win), processed in
a unit of work bound to its organisation, and either marked done, retried with exponential
backoff (network errors, timeouts, 429, 5xx) or given up with a French reason on the assistant.
A retry of a create first looks for an assistant carrying our id in its metadata, so a timeout
after Vapi created it never creates a second one.

A message is one of the `Job` classes below (a discriminated union on `kind`): the table's
`kind` column holds the discriminator and its `payload` column the other fields, exactly as
rows were written before these classes existed (`{"assistant_id": "…"}`,
`{"provider_id": "…"}`), so rows already queued load unchanged.
"""

from __future__ import annotations

import logging
import random
import uuid
from collections.abc import Callable
from datetime import datetime, timedelta
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, TypeAdapter
from sqlalchemy import select, text, update
from sqlalchemy.orm import Session
from sqlalchemy.orm.attributes import flag_modified

from allokoli.db.session import after_commit
from allokoli.models import OutboxMessage
from allokoli.tenancy import Tenant

log = logging.getLogger("allokoli.outbox")

MAX_ATTEMPTS = 8
#: The after-commit key of « the outbox has due messages »: the dispatcher answers it
#: (`Database.on_commit`), so whoever enqueues need not know who pushes.
WAKE = "outbox.wake"
#: The after-commit key of « messages became due again without a job » (the operator's retry
#: of a dead message): the PostgreSQL engine relays them (`jobs.queue`), where WAKE has nothing
#: to do (a new message gets its job in its own transaction).
RELAY = "outbox.relay"


class _Job(BaseModel):
    model_config = ConfigDict(frozen=True, extra="ignore")


class PushAssistant(_Job):
    """Create or update the assistant at the provider, from its current config."""

    kind: Literal["assistant.push"] = "assistant.push"
    assistant_id: uuid.UUID


class DeleteAssistant(_Job):
    """Delete an assistant at the provider (ours is already gone: only its id is left)."""

    kind: Literal["assistant.delete"] = "assistant.delete"
    provider_id: str


class RoutePhoneNumber(_Job):
    """Point an assistant's phone number where its status says: the assistant when it is
    active, away from it (to the business's own line when known) when it is paused."""

    kind: Literal["phone_number.route"] = "phone_number.route"
    assistant_id: uuid.UUID


Job = Annotated[
    PushAssistant | DeleteAssistant | RoutePhoneNumber,
    Field(discriminator="kind"),
]
_JOB: TypeAdapter[Job] = TypeAdapter(Job)


def enqueue(session: Session, tenant: Tenant, job: Job) -> None:
    payload = job.model_dump(mode="json", exclude={"kind"})
    session.add(
        OutboxMessage(organization_id=tenant.organization_id, kind=job.kind, payload=payload)
    )
    session.flush()
    after_commit(session, WAKE)


class Undelivered(Exception):
    """Raised by an external handler (`Dispatcher.register`): the message failed, with a French
    reason; `retryable` says whether the outbox tries again (backoff) or gives it up (dead
    letter), `retry_after` how long the far side asked us to wait, when it said."""

    def __init__(self, detail: str, *, retryable: bool, retry_after: float | None = None) -> None:
        super().__init__(detail)
        self.detail = detail
        self.retryable = retryable
        self.retry_after = retry_after


#: A job kind run by a feature beside this one (the notifications, the rehearsal of a new
#: version): (organisation, payload, now).
ExternalHandler = Callable[[uuid.UUID, dict[str, Any], datetime], None]


#: The payload key of a message that carries several payloads of its kind (`batch_items`).
BATCH_KEY = "batch"
#: Where a transaction keeps the batch message of each (tenant, kind, due time) it queued.
_BATCHES = "allokoli.outbox.batches"


def enqueue_external(
    session: Session,
    tenant: Tenant,
    kind: str,
    payload: dict[str, Any],
    at: datetime | None = None,
    *,
    flush: bool = True,
) -> None:
    """Queue a message of a kind another feature registered with the dispatcher; due at `at`
    (now when None). Same transaction, retries, lease and dead letter as the pushes.

    `flush=False` is for batch writers (the webhook group commit): the message is sent with the
    next flush, and every message of the same tenant, kind and due time queued in the same
    transaction is ONE outbox row carrying their payloads in order (`batch_items`): a batch of
    200 calls is one row, one relay and one job, not 200. The dispatcher runs the handler once
    per payload, so the handler is unchanged."""
    if not flush:
        batches: dict[tuple[uuid.UUID, str, datetime | None], OutboxMessage]
        batches = session.info.setdefault(_BATCHES, {})
        key = (tenant.organization_id, kind, at)
        held = batches.get(key)
        if held is not None and held in session:
            # Read from the row as the session has it now: a savepoint rolled back meanwhile
            # took its payloads back with it.
            current = held.payload
            items = current.get(BATCH_KEY)
            if isinstance(items, list) and len(current) == 1:
                items.append(payload)
                flag_modified(held, "payload")  # changed in place: written at the flush
            else:
                held.payload = {BATCH_KEY: [current, payload]}
            after_commit(session, WAKE)
            return
    message = OutboxMessage(organization_id=tenant.organization_id, kind=kind, payload=payload)
    if at is not None:
        message.next_attempt_at = at
    session.add(message)
    if flush:
        session.flush()
    else:
        batches[key] = message
    after_commit(session, WAKE)


def batch_items(payload: dict[str, Any]) -> list[dict[str, Any]]:
    """The payloads a message carries: its own, or those of a batch (`enqueue_external`)."""
    items = payload.get(BATCH_KEY)
    if isinstance(items, list) and len(payload) == 1:
        return [dict(item) for item in items]
    return [payload]


def batch_payload(items: list[dict[str, Any]]) -> dict[str, Any]:
    """The payload of a message carrying `items` (one: the item itself, as ever)."""
    return items[0] if len(items) == 1 else {BATCH_KEY: items}


def load(message: OutboxMessage) -> Job:
    """The job a stored message holds (raises `pydantic.ValidationError` for an unknown kind
    or a payload that is not the kind's)."""
    return _JOB.validate_python({**message.payload, "kind": message.kind})


def backoff(attempts: int, rng: random.Random | None = None) -> timedelta:
    """2 s, 4 s, 8 s … capped at 15 minutes, less a random part of up to half (« equal
    jitter »): messages that failed together (a provider outage) do not retry together."""
    base = min(2**attempts, 900)
    return timedelta(seconds=base / 2 + (rng or random).uniform(0, base / 2))


#: The longest `Retry-After` honoured: a provider asking for more is tried again after this.
MAX_RETRY_AFTER_SECONDS = 3600


def next_attempt_in(
    attempts: int, retry_after: float | None, rng: random.Random | None = None
) -> timedelta:
    """When to try again after `attempts` failures: the backoff, or later when the provider
    said when (`Retry-After`, up to an hour), never sooner than either."""
    wait = backoff(attempts, rng)
    if retry_after is not None:
        wait = max(wait, timedelta(seconds=min(retry_after, MAX_RETRY_AFTER_SECONDS)))
    return wait


def given_up(reason: str, attempts: int) -> str:
    """The owner's reason once retries are exhausted: what failed, and that nothing more will
    be tried on its own."""
    cause = reason.removesuffix(" : nouvel essai bientôt.").rstrip(" .")
    return (
        f"{cause}. Abandon après {attempts} tentatives : "
        "relancez le déploiement quand le service sera rétabli."
    )


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


def claim(session: Session, message_id: uuid.UUID, now: datetime, lease: timedelta) -> bool:
    """Take a due message for `lease`: one runner wins, the others see it not due. A runner
    that dies holding it leaves it due again when the lease ends."""
    result = session.execute(
        update(OutboxMessage)
        .where(
            OutboxMessage.id == message_id,
            OutboxMessage.done_at.is_(None),
            OutboxMessage.next_attempt_at <= now,
        )
        .values(next_attempt_at=now + lease)
    )
    return bool(getattr(result, "rowcount", 0) == 1)


class DeadMessage(BaseModel):
    """A message given up (dead letter): what the operator sees in `allokoli jobs dead`."""

    model_config = ConfigDict(frozen=True, from_attributes=True)

    id: uuid.UUID
    organization_id: uuid.UUID
    kind: str
    attempts: int
    last_error: str
    done_at: datetime


_PG_DEAD = text(
    "SELECT id, organization_id, kind, attempts, last_error, done_at "
    "FROM allokoli_dead_outbox(:id, :limit)"
)


def dead_messages(
    session: Session, limit: int, message_id: uuid.UUID | None = None
) -> list[DeadMessage]:
    """Every tenant's messages given up (done with an error), newest first.

    Cross-tenant like `due_messages`: on PostgreSQL through the SECURITY DEFINER function of
    migration 0014, which returns these rows only."""
    if session.get_bind().dialect.name == "postgresql":
        params = {"id": message_id, "limit": limit}
        rows = session.execute(_PG_DEAD, params).mappings().all()
        return [DeadMessage.model_validate(dict(row)) for row in rows]
    query = select(OutboxMessage).where(
        OutboxMessage.done_at.is_not(None), OutboxMessage.last_error.is_not(None)
    )
    if message_id is not None:
        query = query.where(OutboxMessage.id == message_id)
    messages = session.scalars(query.order_by(OutboxMessage.done_at.desc()).limit(limit)).all()
    return [DeadMessage.model_validate(m) for m in messages]


def requeue(session: Session, message_id: uuid.UUID, now: datetime) -> bool:
    """Run a message given up again from its first attempt (the operator's retry); false
    when the session's tenant has no such dead message."""
    result = session.execute(
        update(OutboxMessage)
        .where(
            OutboxMessage.id == message_id,
            OutboxMessage.done_at.is_not(None),
            OutboxMessage.last_error.is_not(None),
        )
        .values(done_at=None, attempts=0, next_attempt_at=now)
    )
    if getattr(result, "rowcount", 0) != 1:
        return False
    after_commit(session, WAKE)
    after_commit(session, RELAY)
    return True
