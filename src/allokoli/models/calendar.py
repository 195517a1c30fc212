"""Calendar sync: the owner's CalDAV connection, the busy events imported from it, the entries we
write there, and the secret of the read-only ICS feed. All tenant data under RLS."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any

from sqlalchemy import JSON, ForeignKey, Index, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from allokoli.db.base import Base, IdMixin, TimestampMixin, tenant_table
from allokoli.kit.clock import utcnow

ORGANIZATION_SCOPE = "organisation"
"""`CalendarConnection.scope` of the organisation's own calendar (else an assistant's id)."""


class CalendarConnection(IdMixin, TimestampMixin, Base):
    """The owner's CalDAV calendar, for the whole organisation or for one assistant.

    The password (often an app password) is sealed at rest (`kit.crypto.SecretBox`, purpose
    `calendar-credentials`); it is opened only to talk to the server, never shown again.
    """

    __tablename__ = tenant_table("calendar_connections")
    __table_args__ = (
        UniqueConstraint("organization_id", "scope"),
        Index("ix_calendar_connections_next_sync", "next_sync_at"),
    )

    organization_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("organizations.id", ondelete="CASCADE")
    )
    scope: Mapped[str] = mapped_column(String(40), default=ORGANIZATION_SCOPE)
    """`organisation`, or the id of the assistant this calendar belongs to."""
    assistant_id: Mapped[uuid.UUID | None] = mapped_column(
        ForeignKey("assistants.id", ondelete="CASCADE")
    )
    server_url: Mapped[str] = mapped_column(String(500))
    username: Mapped[str] = mapped_column(String(200))
    password_sealed: Mapped[str] = mapped_column(Text)
    calendar_url: Mapped[str] = mapped_column(String(1000))
    calendar_name: Mapped[str] = mapped_column(String(200))
    available_calendars: Mapped[list[dict[str, Any]]] = mapped_column(JSON, default=list)
    """The account's calendars seen at the last test (`{"url", "name"}`), to choose from."""
    next_sync_at: Mapped[datetime | None] = mapped_column(default=utcnow)
    """When the periodic sync takes it next (sooner after a failure, with backoff)."""
    last_sync_at: Mapped[datetime | None]
    last_success_at: Mapped[datetime | None]
    last_error: Mapped[str | None] = mapped_column(Text)
    """The French reason of the last failed sync (None after a success)."""
    failures: Mapped[int] = mapped_column(default=0)
    """Consecutive failed syncs (the backoff's exponent)."""
    imported_count: Mapped[int] = mapped_column(default=0)


class CalendarBusyEvent(IdMixin, Base):
    """One busy interval of the owner's calendar (an occurrence of an opaque event), imported
    by the sync so that a live call reads availability without waiting on the network."""

    __tablename__ = tenant_table("calendar_busy_events")
    __table_args__ = (
        Index("ix_calendar_busy_events_org_start", "organization_id", "start_utc"),
        Index("ix_calendar_busy_events_connection", "connection_id"),
    )

    organization_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("organizations.id", ondelete="CASCADE")
    )
    connection_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("calendar_connections.id", ondelete="CASCADE")
    )
    uid: Mapped[str] = mapped_column(String(500))
    start_utc: Mapped[datetime]
    end_utc: Mapped[datetime]
    all_day: Mapped[bool] = mapped_column(default=False)


class CalendarPush(IdMixin, TimestampMixin, Base):
    """One of our entries (a booking) as it must be on the owner's calendar: the desired state,
    written in the booking's transaction, brought to the server by the push job.

    `version` grows with each change and `pushed_version` records what the server has: the job
    writes the latest state whatever happened in between (two quick changes make one write). A
    removed entry keeps its row (`removed`) until the server has forgotten it too.
    """

    __tablename__ = tenant_table("calendar_pushes")
    __table_args__ = (
        UniqueConstraint("organization_id", "uid"),
        Index("ix_calendar_pushes_due", "next_attempt_at"),
    )

    organization_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("organizations.id", ondelete="CASCADE")
    )
    uid: Mapped[str] = mapped_column(String(255))
    assistant_id: Mapped[uuid.UUID | None] = mapped_column(
        ForeignKey("assistants.id", ondelete="SET NULL")
    )
    summary: Mapped[str] = mapped_column(String(300))
    description: Mapped[str] = mapped_column(Text, default="")
    location: Mapped[str] = mapped_column(String(300), default="")
    start_utc: Mapped[datetime]
    end_utc: Mapped[datetime]
    removed: Mapped[bool] = mapped_column(default=False)
    version: Mapped[int] = mapped_column(default=1)
    pushed_version: Mapped[int] = mapped_column(default=0)
    pushed_calendar_url: Mapped[str | None] = mapped_column(String(1000))
    """Where the entry was last written (a new calendar chosen since: removed from there)."""
    attempts: Mapped[int] = mapped_column(default=0)
    next_attempt_at: Mapped[datetime | None] = mapped_column(default=utcnow)
    """Due for the push job; None when the server is up to date or the push was given up."""
    last_error: Mapped[str | None] = mapped_column(Text)
    given_up_at: Mapped[datetime | None]
    """Set when the push is abandoned (refusal, attempts exhausted): the dead letter."""


class CalendarFeed(IdMixin, Base):
    """The secret of the organisation's read-only ICS feed URL.

    The token is looked up by its SHA-256 before the tenant is known (on PostgreSQL through the
    SECURITY DEFINER function `allokoli_find_calendar_feed`, migration 0018); it is kept sealed
    too, so that the settings page can show the URL again. Rotating it replaces both.
    """

    __tablename__ = tenant_table("calendar_feeds")
    __table_args__ = (UniqueConstraint("organization_id"), UniqueConstraint("token_hash"))

    organization_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("organizations.id", ondelete="CASCADE")
    )
    token_hash: Mapped[str] = mapped_column(String(64))
    token_sealed: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
