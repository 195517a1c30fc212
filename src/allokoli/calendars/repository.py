"""SQL of the calendar tables: tenant-scoped repositories, and the narrow cross-tenant reads the
jobs and the ICS feed need (SECURITY DEFINER functions on PostgreSQL, migration 0018)."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from datetime import datetime, timedelta

from sqlalchemy import delete, select, text, update
from sqlalchemy.orm import InstrumentedAttribute, Session

from allokoli.kit.errors import NotFound
from allokoli.models import (
    ORGANIZATION_SCOPE,
    Assistant,
    CalendarBusyEvent,
    CalendarConnection,
    CalendarFeed,
    CalendarPush,
)
from allokoli.tenancy import TenantRepository


def scope_of(assistant_id: uuid.UUID | None) -> str:
    return ORGANIZATION_SCOPE if assistant_id is None else str(assistant_id)


def _take_lease(
    session: Session,
    model: type[CalendarConnection] | type[CalendarPush],
    due: InstrumentedAttribute[datetime | None],
    row_id: uuid.UUID,
    organization_id: uuid.UUID,
    now: datetime,
    lease: timedelta,
) -> bool:
    """Push a due row's `due` time `lease` ahead, in one UPDATE: the runner whose update touches
    the row has it, the others find it no longer due."""
    result = session.execute(
        update(model)
        .where(model.id == row_id, model.organization_id == organization_id, due <= now)
        .values({due: now + lease})
        .execution_options(synchronize_session=False)
    )
    return bool(getattr(result, "rowcount", 0) == 1)


class AssistantScope(TenantRepository[Assistant]):
    """The tenant's assistants, read only: a calendar of its own is for one of them."""

    model = Assistant
    not_found = "Assistant introuvable."


class ConnectionRepository(TenantRepository[CalendarConnection]):
    model = CalendarConnection
    not_found = "Agenda introuvable : aucun agenda n'est connecté."

    def for_scope(self, assistant_id: uuid.UUID | None) -> CalendarConnection | None:
        return self.session.scalar(
            self.scoped().where(CalendarConnection.scope == scope_of(assistant_id))
        )

    def get_scope(self, assistant_id: uuid.UUID | None) -> CalendarConnection:
        found = self.for_scope(assistant_id)
        if found is None:
            raise NotFound(self.not_found)
        return found

    def serving(self, assistant_id: uuid.UUID | None) -> CalendarConnection | None:
        """The calendar of an assistant: its own when it has one, else the organisation's."""
        if assistant_id is not None:
            own = self.for_scope(assistant_id)
            if own is not None:
                return own
        return self.for_scope(None)

    def claim_sync(self, connection_id: uuid.UUID, now: datetime, lease: timedelta) -> bool:
        """Take a due sync for `lease` (one runner wins, the others see it not due)."""
        return _take_lease(
            self.session,
            CalendarConnection,
            CalendarConnection.next_sync_at,
            connection_id,
            self.tenant.organization_id,
            now,
            lease,
        )


class BusyRepository(TenantRepository[CalendarBusyEvent]):
    model = CalendarBusyEvent

    def replace(self, connection_id: uuid.UUID, rows: Sequence[CalendarBusyEvent]) -> None:
        """The connection's imported events become exactly `rows` (one transaction)."""
        self.session.execute(
            delete(CalendarBusyEvent)
            .where(
                CalendarBusyEvent.organization_id == self.tenant.organization_id,
                CalendarBusyEvent.connection_id == connection_id,
            )
            .execution_options(synchronize_session=False)
        )
        for row in rows:
            row.connection_id = connection_id
            self.stage(row)
        self.session.flush()

    def overlapping(
        self, connection_id: uuid.UUID, start: datetime, end: datetime
    ) -> list[tuple[datetime, datetime]]:
        rows = self.session.execute(
            select(CalendarBusyEvent.start_utc, CalendarBusyEvent.end_utc)
            .where(
                CalendarBusyEvent.organization_id == self.tenant.organization_id,
                CalendarBusyEvent.connection_id == connection_id,
                CalendarBusyEvent.start_utc < end,
                CalendarBusyEvent.end_utc > start,
            )
            .order_by(CalendarBusyEvent.start_utc)
        ).all()
        return [(r[0], r[1]) for r in rows]


class PushRepository(TenantRepository[CalendarPush]):
    model = CalendarPush

    def by_uid(self, uid: str) -> CalendarPush | None:
        return self.session.scalar(self.scoped().where(CalendarPush.uid == uid))

    def uids(self) -> frozenset[str]:
        rows = self.session.scalars(
            select(CalendarPush.uid).where(
                CalendarPush.organization_id == self.tenant.organization_id
            )
        )
        return frozenset(rows)

    def current(self) -> list[CalendarPush]:
        """Entries that are not removed, by start."""
        return list(
            self.session.scalars(
                self.scoped()
                .where(CalendarPush.removed.is_(False))
                .order_by(CalendarPush.start_utc)
            )
        )

    def pending(self) -> list[CalendarPush]:
        return list(
            self.session.scalars(
                self.scoped().where(CalendarPush.pushed_version < CalendarPush.version)
            )
        )

    def claim(self, push_id: uuid.UUID, now: datetime, lease: timedelta) -> bool:
        return _take_lease(
            self.session,
            CalendarPush,
            CalendarPush.next_attempt_at,
            push_id,
            self.tenant.organization_id,
            now,
            lease,
        )

    def given_up(self) -> list[CalendarPush]:
        return list(
            self.session.scalars(
                self.scoped()
                .where(CalendarPush.given_up_at.is_not(None))
                .order_by(CalendarPush.given_up_at.desc())
            )
        )


class FeedRepository(TenantRepository[CalendarFeed]):
    model = CalendarFeed

    def current(self) -> CalendarFeed | None:
        return self.session.scalar(self.scoped())


# --- before a tenant is known ------------------------------------------------------------------

_PG_FEED = text("SELECT allokoli_find_calendar_feed(:h)")
_PG_SYNCS = text("SELECT id, organization_id FROM allokoli_due_calendar_syncs(:now, :limit)")
_PG_DEAD = text(
    "SELECT id, organization_id, attempts, last_error, given_up_at "
    "FROM allokoli_dead_calendar_pushes(:id, :limit)"
)
_PG_PUSHES = text("SELECT id, organization_id FROM allokoli_due_calendar_pushes(:now, :limit)")


def _pg(session: Session) -> bool:
    return session.get_bind().dialect.name == "postgresql"


def feed_organization(session: Session, token_hash: str) -> uuid.UUID | None:
    """The organisation whose feed token has this SHA-256, if any."""
    if _pg(session):
        found = session.scalar(_PG_FEED, {"h": token_hash})
    else:
        found = session.scalar(
            select(CalendarFeed.organization_id).where(CalendarFeed.token_hash == token_hash)
        )
    return None if found is None else uuid.UUID(str(found))


def due_syncs(session: Session, now: datetime, limit: int) -> list[tuple[uuid.UUID, uuid.UUID]]:
    """(connection, organisation) of every tenant's connections due for a sync."""
    if _pg(session):
        rows = session.execute(_PG_SYNCS, {"now": now, "limit": limit}).all()
    else:
        rows = session.execute(
            select(CalendarConnection.id, CalendarConnection.organization_id)
            .where(CalendarConnection.next_sync_at <= now)
            .order_by(CalendarConnection.next_sync_at)
            .limit(limit)
        ).all()
    return [(uuid.UUID(str(r[0])), uuid.UUID(str(r[1]))) for r in rows]


def due_pushes(session: Session, now: datetime, limit: int) -> list[tuple[uuid.UUID, uuid.UUID]]:
    """(entry, organisation) of every tenant's entries waiting to be written."""
    if _pg(session):
        rows = session.execute(_PG_PUSHES, {"now": now, "limit": limit}).all()
    else:
        rows = session.execute(
            select(CalendarPush.id, CalendarPush.organization_id)
            .where(CalendarPush.next_attempt_at <= now)
            .order_by(CalendarPush.next_attempt_at)
            .limit(limit)
        ).all()
    return [(uuid.UUID(str(r[0])), uuid.UUID(str(r[1]))) for r in rows]


def dead_pushes(
    session: Session, limit: int, push_id: uuid.UUID | None = None
) -> list[tuple[uuid.UUID, uuid.UUID, int, str, datetime]]:
    """(entry, organisation, attempts, error, given up at) of every tenant's entries given up,
    newest first: the calendar part of the dead letter."""
    if _pg(session):
        rows = session.execute(_PG_DEAD, {"id": push_id, "limit": limit}).all()
    else:
        query = select(
            CalendarPush.id,
            CalendarPush.organization_id,
            CalendarPush.attempts,
            CalendarPush.last_error,
            CalendarPush.given_up_at,
        ).where(CalendarPush.given_up_at.is_not(None))
        if push_id is not None:
            query = query.where(CalendarPush.id == push_id)
        rows = session.execute(query.order_by(CalendarPush.given_up_at.desc()).limit(limit)).all()
    return [
        (uuid.UUID(str(r[0])), uuid.UUID(str(r[1])), int(r[2]), str(r[3] or ""), r[4]) for r in rows
    ]
