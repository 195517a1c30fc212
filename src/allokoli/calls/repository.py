from __future__ import annotations

import hashlib
import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from functools import cache
from typing import Any, cast

from sqlalchemy import Table, and_, bindparam, delete, func, or_, text, tuple_, update
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.orm import defer

from allokoli.calls import search
from allokoli.calls.display import FAILED
from allokoli.kit.clock import utcnow
from allokoli.models import Call, TakenMessage, WebhookEvent, WebhookFailure
from allokoli.tenancy import TenantRepository

#: Columns a list does not need (large): loading them by mistake raises instead of slowing down.
_LIST_DEFERRED = (
    defer(Call.transcript, raiseload=True),
    defer(Call.messages, raiseload=True),
    defer(Call.structured, raiseload=True),
)


def failed_condition() -> Any:
    return or_(Call.ended_reason.contains("error"), Call.ended_reason.contains("failed"))


@dataclass(frozen=True)
class CallFilters:
    assistant_id: uuid.UUID | None = None
    since: datetime | None = None
    until: datetime | None = None
    """Exclusive."""
    status: str | None = None
    q: str | None = None


@dataclass(frozen=True)
class CallCursor:
    """Position after the last call of a page (order: started_at DESC NULLS LAST, id DESC)."""

    started_at: datetime | None
    id: uuid.UUID


class CallRepository(TenantRepository[Call]):
    model = Call
    not_found = "Appel introuvable."

    def by_provider_id(self, provider_call_id: str) -> Call | None:
        rows = self.list(self.scoped().where(Call.provider_call_id == provider_call_id).limit(1))
        return rows[0] if rows else None

    def by_provider_ids(self, provider_call_ids: Sequence[str]) -> Sequence[Call]:
        if not provider_call_ids:
            return []
        return self.list(self.scoped().where(Call.provider_call_id.in_(set(provider_call_ids))))

    def page(self, filters: CallFilters, after: CallCursor | None, limit: int) -> list[Call]:
        """One page of calls, newest first, without their transcripts.

        Order: started_at DESC, id DESC, then the calls not started yet (NULL started_at) by id.
        Each part is one index range read backwards, stopped at `limit` (keyset pagination): no
        OR across the two parts, which would make both databases sort the whole organisation.
        """
        stmt = self.scoped().options(*_LIST_DEFERRED)
        if filters.assistant_id is not None:
            stmt = stmt.where(Call.assistant_id == filters.assistant_id)
        if filters.status == FAILED:
            stmt = stmt.where(failed_condition())
        elif filters.status:
            stmt = stmt.where(Call.status == filters.status)
        if filters.q:
            matching = search.condition(self.session, filters.q)
            if matching is not None:
                stmt = stmt.where(matching)
        rows: list[Call] = []
        if after is None or after.started_at is not None:
            started = stmt.where(Call.started_at.is_not(None))
            if filters.since is not None:
                started = started.where(Call.started_at >= filters.since)
            if filters.until is not None:
                started = started.where(Call.started_at < filters.until)
            if after is not None and after.started_at is not None:
                started = started.where(
                    Call.started_at <= after.started_at,
                    or_(Call.started_at < after.started_at, Call.id < after.id),
                )
            ordered = started.order_by(Call.started_at.desc(), Call.id.desc())
            rows = list(self.list(ordered.limit(limit)))
        if len(rows) < limit and filters.since is None and filters.until is None:
            pending = stmt.where(Call.started_at.is_(None))
            if after is not None and after.started_at is None:
                pending = pending.where(Call.id < after.id)
            rows += self.list(pending.order_by(Call.id.desc()).limit(limit - len(rows)))
        return rows

    def recent(self, limit: int) -> Sequence[Call]:
        return self.page(CallFilters(), None, limit)

    def ids_by_provider_ids(self, provider_ids: Sequence[str]) -> dict[str, uuid.UUID]:
        if not provider_ids:
            return {}
        stmt = self.scoped().with_only_columns(Call.provider_call_id, Call.id)
        rows = self.session.execute(stmt.where(Call.provider_call_id.in_(set(provider_ids))))
        return {str(r[0]): r[1] for r in rows}

    def by_caller(self, numbers: Sequence[str]) -> Sequence[Call]:
        return self.list(self.scoped().where(Call.caller_number.in_(numbers)))

    def bulk_add(self, rows: list[dict[str, Any]]) -> None:
        """Insert many calls at once (demo data); each row is forced into this tenant."""
        if not rows:
            return
        for row in rows:
            row["organization_id"] = self.tenant.organization_id
        self.session.execute(Call.__table__.insert(), rows)  # type: ignore[attr-defined]

    def delete_ids(self, ids: Sequence[uuid.UUID]) -> int:
        if not ids:
            return 0
        inner = self.scoped().with_only_columns(Call.id).where(Call.id.in_(ids))
        result = self.session.execute(delete(Call).where(Call.id.in_(inner)))
        return int(result.rowcount or 0)  # type: ignore[attr-defined]

    def delete_older_than(self, cutoff: datetime) -> int:
        old = or_(
            Call.started_at < cutoff, and_(Call.started_at.is_(None), Call.created_at < cutoff)
        )
        inner = self.scoped().with_only_columns(Call.id).where(old)
        result = self.session.execute(delete(Call).where(Call.id.in_(inner)))
        return int(result.rowcount or 0)  # type: ignore[attr-defined]


@dataclass(frozen=True)
class MessageCursor:
    created_at: datetime
    id: uuid.UUID


#: What a live tool call says of the message it took (the rest of a row is the row's own).
_TOOL_MESSAGE_FIELDS = (
    "kind",
    "caller_name",
    "callback_number",
    "reason",
    "details",
    "preferred_date",
    "preferred_time",
    "party_size",
    "sms_consent",
    "tool_call_id",
)


class TakenMessageRepository(TenantRepository[TakenMessage]):
    model = TakenMessage
    not_found = "Message introuvable."

    def lock_call(self, provider_call_id: str) -> None:
        """Serialise, until the end of the transaction, whoever writes the messages of this call:
        the live tool call and the end-of-call report may be processed at the same moment by
        two workers, each seeing none of the other's rows.

        PostgreSQL: a transaction-level advisory lock on a hash of (organisation, call), taken
        before reading the call's messages. SQLite needs none: a writing transaction holds the
        database's one write lock from its `BEGIN IMMEDIATE`, and a deferred one that read
        before another's commit cannot write at all (SQLITE_BUSY_SNAPSHOT)."""
        if self.session.get_bind().dialect.name != "postgresql":
            return
        name = f"taken-messages:{self.tenant.organization_id}:{provider_call_id}"
        digest = hashlib.blake2b(name.encode(), digest_size=8).digest()
        self.session.execute(
            text("SELECT pg_advisory_xact_lock(:key)"),
            {"key": int.from_bytes(digest, "big", signed=True)},
        )

    def record_from_tool(self, message: TakenMessage) -> TakenMessage:
        """Store the message a live tool call took: one row per tool call, whatever the order
        in which the call's events are processed.

        The end-of-call report keeps a message from its summary only when the call has none
        (`calls.service`). When the report was processed first, the row it stored (no tool call
        id) becomes this tool call's, and any other row from the report goes: the same messages
        as when the tool call comes first. The unique (organisation, tool call id) constraint
        is the last wall; the caller runs a tool call once (its inbox row is claimed first)."""
        provider_call_id = message.provider_call_id
        if not provider_call_id:
            return self.add(message)
        self.lock_call(provider_call_id)
        from_report = self.list(
            self.scoped()
            .where(
                TakenMessage.provider_call_id == provider_call_id,
                TakenMessage.tool_call_id.is_(None),
            )
            .order_by(TakenMessage.created_at, TakenMessage.id)
        )
        if not from_report:
            return self.add(message)
        kept, *others = from_report
        for field in _TOOL_MESSAGE_FIELDS:
            setattr(kept, field, getattr(message, field))
        kept.urgent = bool(message.urgent)
        kept.assistant_id = kept.assistant_id or message.assistant_id
        for other in others:
            self.session.delete(other)
        self.session.flush()
        return kept

    def for_call(self, provider_call_id: str) -> list[TakenMessage]:
        return list(
            self.list(self.scoped().where(TakenMessage.provider_call_id == provider_call_id))
        )

    def for_call_row(self, call: Call) -> list[TakenMessage]:
        """Messages of a call: recorded by a live tool (provider id) or from its report."""
        stmt = self.scoped().where(
            or_(
                TakenMessage.provider_call_id == call.provider_call_id,
                TakenMessage.call_id == call.id,
            )
        )
        return list(self.list(stmt.order_by(TakenMessage.created_at)))

    def page(
        self,
        *,
        kind: str | None,
        handled: bool | None,
        after: MessageCursor | None,
        limit: int,
    ) -> Sequence[TakenMessage]:
        stmt = self.scoped()
        if kind:
            stmt = stmt.where(TakenMessage.kind == kind)
        if handled is not None:
            stmt = stmt.where(TakenMessage.handled.is_(handled))
        if after is not None:
            stmt = stmt.where(
                tuple_(TakenMessage.created_at, TakenMessage.id)
                < tuple_(after.created_at, after.id)
            )
        stmt = stmt.order_by(TakenMessage.created_at.desc(), TakenMessage.id.desc())
        return self.list(stmt.limit(limit))

    def count_unhandled(self) -> int:
        return self.count(self.scoped().where(TakenMessage.handled.is_(False)))

    def by_numbers_or_calls(
        self, numbers: Sequence[str], provider_call_ids: Sequence[str]
    ) -> Sequence[TakenMessage]:
        clauses = [TakenMessage.callback_number.in_(numbers)]
        if provider_call_ids:
            clauses.append(TakenMessage.provider_call_id.in_(provider_call_ids))
        return self.list(self.scoped().where(or_(*clauses)))

    def bulk_add(self, rows: list[dict[str, Any]]) -> None:
        if not rows:
            return
        for row in rows:
            row["organization_id"] = self.tenant.organization_id
        self.session.execute(TakenMessage.__table__.insert(), rows)  # type: ignore[attr-defined]

    def delete_ids(self, ids: Sequence[uuid.UUID]) -> int:
        if not ids:
            return 0
        inner = self.scoped().with_only_columns(TakenMessage.id).where(TakenMessage.id.in_(ids))
        result = self.session.execute(delete(TakenMessage).where(TakenMessage.id.in_(inner)))
        return int(result.rowcount or 0)  # type: ignore[attr-defined]

    def delete_older_than(self, cutoff: datetime) -> int:
        inner = (
            self.scoped().with_only_columns(TakenMessage.id).where(TakenMessage.created_at < cutoff)
        )
        result = self.session.execute(delete(TakenMessage).where(TakenMessage.id.in_(inner)))
        return int(result.rowcount or 0)  # type: ignore[attr-defined]

    def set_handled(self, ids: Sequence[uuid.UUID], handled: bool) -> None:
        inner = self.scoped().with_only_columns(TakenMessage.id).where(TakenMessage.id.in_(ids))
        self.session.execute(
            update(TakenMessage).where(TakenMessage.id.in_(inner)).values(handled=handled)
        )


@dataclass(frozen=True)
class NewEvent:
    dedupe_key: str
    type: str
    provider_call_id: str | None
    payload: dict[str, Any]
    processed_at: datetime | None
    error: str | None = None
    """Set for an event stored without being processed (quarantined)."""


@cache
def _event_insert(dialect: str) -> Any:
    """`INSERT INTO webhook_events … ON CONFLICT (organization_id, dedupe_key) DO NOTHING
    RETURNING dedupe_key, id`, on the table (no ORM bulk machinery), with bound parameters;
    executed with many rows, SQLAlchemy sends it as multi-row INSERTs ("insertmanyvalues")."""
    table = cast(Table, WebhookEvent.__table__)
    columns = (
        "id",
        "organization_id",
        "dedupe_key",
        "type",
        "provider_call_id",
        "payload",
        "received_at",
        "processed_at",
        "error",
    )
    insert = pg_insert if dialect == "postgresql" else sqlite_insert
    return (
        insert(table)
        .values({name: bindparam(name) for name in columns})
        .on_conflict_do_nothing(index_elements=["organization_id", "dedupe_key"])
        .returning(table.c.dedupe_key, table.c.id)
    )


class EventRepository(TenantRepository[WebhookEvent]):
    model = WebhookEvent
    not_found = "Événement introuvable."

    def by_key(self, key: str) -> WebhookEvent | None:
        rows = self.list(self.scoped().where(WebhookEvent.dedupe_key == key).limit(1))
        return rows[0] if rows else None

    def insert_new(self, events: Sequence[NewEvent]) -> dict[str, uuid.UUID]:
        """Insert events unless their dedupe key is already stored, in one multi-row
        statement (`ON CONFLICT DO NOTHING`); returns the ids of those inserted, by key.

        The keys must be distinct (a batch is deduplicated before). Rows go in key order: two
        workers inserting overlapping batches then wait on each other in one direction only,
        instead of deadlocking on PostgreSQL."""
        if not events:
            return {}
        received = utcnow()
        rows = [
            {
                "id": uuid.uuid4(),
                "organization_id": self.tenant.organization_id,
                "dedupe_key": event.dedupe_key,
                "type": event.type,
                "provider_call_id": event.provider_call_id,
                "payload": event.payload,
                "received_at": received,
                "processed_at": event.processed_at,
                "error": event.error,
            }
            for event in sorted(events, key=lambda event: event.dedupe_key)
        ]
        result = self.session.connection().execute(
            _event_insert(self.session.get_bind().dialect.name), rows
        )
        return {row[0]: row[1] for row in result}

    def result_of(self, key: str) -> dict[str, Any] | None:
        """The stored answer of a tool call (read afresh, not from the session's identity map)."""
        stmt = self.scoped().with_only_columns(WebhookEvent.result)
        return self.session.scalar(stmt.where(WebhookEvent.dedupe_key == key))

    def set_result(self, event_id: uuid.UUID, result: dict[str, Any]) -> None:
        self.session.execute(
            update(WebhookEvent)
            .where(
                WebhookEvent.organization_id == self.tenant.organization_id,
                WebhookEvent.id == event_id,
            )
            .values(result=result)
        )

    def mark_failed(self, event_id: uuid.UUID, error: str) -> None:
        self.session.execute(
            update(WebhookEvent)
            .where(
                WebhookEvent.organization_id == self.tenant.organization_id,
                WebhookEvent.id == event_id,
            )
            .values(processed_at=None, error=error)
        )

    def keys_present(self, keys: Sequence[str]) -> set[str]:
        if not keys:
            return set()
        stmt = self.scoped().with_only_columns(WebhookEvent.dedupe_key)
        return set(self.session.scalars(stmt.where(WebhookEvent.dedupe_key.in_(keys))))

    def page(
        self, *, failed: bool | None, after: tuple[datetime, uuid.UUID] | None, limit: int
    ) -> Sequence[WebhookEvent]:
        stmt = self.scoped().options(defer(WebhookEvent.payload, raiseload=True))
        if failed is True:
            stmt = stmt.where(WebhookEvent.error.is_not(None))
        elif failed is False:
            stmt = stmt.where(WebhookEvent.error.is_(None))
        if after is not None:
            stmt = stmt.where(tuple_(WebhookEvent.received_at, WebhookEvent.id) < tuple_(*after))
        stmt = stmt.order_by(WebhookEvent.received_at.desc(), WebhookEvent.id.desc())
        return self.list(stmt.limit(limit))

    def for_calls(self, provider_call_ids: Sequence[str]) -> Sequence[WebhookEvent]:
        if not provider_call_ids:
            return []
        return self.list(self.scoped().where(WebhookEvent.provider_call_id.in_(provider_call_ids)))

    def count_failed_since(self, since: datetime) -> int:
        # Failed events stay unprocessed: the partial scan of ix_webhook_events_unprocessed.
        stmt = self.scoped().where(
            WebhookEvent.processed_at.is_(None),
            WebhookEvent.error.is_not(None),
            WebhookEvent.received_at >= since,
        )
        return self.count(stmt)

    def delete_ids(self, ids: Sequence[uuid.UUID]) -> int:
        if not ids:
            return 0
        inner = self.scoped().with_only_columns(WebhookEvent.id).where(WebhookEvent.id.in_(ids))
        result = self.session.execute(delete(WebhookEvent).where(WebhookEvent.id.in_(inner)))
        return int(result.rowcount or 0)  # type: ignore[attr-defined]

    def delete_for_calls(self, provider_call_ids: Sequence[str]) -> int:
        if not provider_call_ids:
            return 0
        inner = (
            self.scoped()
            .with_only_columns(WebhookEvent.id)
            .where(WebhookEvent.provider_call_id.in_(provider_call_ids))
        )
        result = self.session.execute(delete(WebhookEvent).where(WebhookEvent.id.in_(inner)))
        return int(result.rowcount or 0)  # type: ignore[attr-defined]

    def delete_older_than(self, cutoff: datetime) -> int:
        inner = (
            self.scoped()
            .with_only_columns(WebhookEvent.id)
            .where(WebhookEvent.received_at < cutoff)
        )
        result = self.session.execute(delete(WebhookEvent).where(WebhookEvent.id.in_(inner)))
        return int(result.rowcount or 0)  # type: ignore[attr-defined]


class WebhookFailureRepository(TenantRepository[WebhookFailure]):
    model = WebhookFailure

    def increment(self, kind: str, hour: datetime) -> None:
        """Count one more failure in this hour (one upsert, safe under concurrency)."""
        values = {
            "id": uuid.uuid4(),
            "organization_id": self.tenant.organization_id,
            "kind": kind,
            "hour": hour,
            "count": 1,
        }
        insert = (
            pg_insert if self.session.get_bind().dialect.name == "postgresql" else sqlite_insert
        )
        stmt = insert(WebhookFailure).values(**values)
        stmt = stmt.on_conflict_do_update(
            index_elements=["organization_id", "kind", "hour"],
            set_={"count": WebhookFailure.count + 1},
        )
        self.session.execute(stmt)

    def total_since(self, kind: str, since: datetime) -> int:
        stmt = self.scoped().with_only_columns(func.coalesce(func.sum(WebhookFailure.count), 0))
        return int(
            self.session.scalar(
                stmt.where(WebhookFailure.kind == kind, WebhookFailure.hour >= since)
            )
            or 0
        )

    def delete_older_than(self, cutoff: datetime) -> int:
        inner = (
            self.scoped().with_only_columns(WebhookFailure.id).where(WebhookFailure.hour < cutoff)
        )
        result = self.session.execute(delete(WebhookFailure).where(WebhookFailure.id.in_(inner)))
        return int(result.rowcount or 0)  # type: ignore[attr-defined]
