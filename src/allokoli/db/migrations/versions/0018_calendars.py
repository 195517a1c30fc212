"""calendars: CalDAV connections, imported busy events, entries pushed, the ICS feed's secret

Revision ID: 0018
Revises: 0016
Create Date: 2026-12-06 00:45:00

Four tenant tables under forced RLS on PostgreSQL. Three reads happen before a tenant is known,
each through a SECURITY DEFINER function owned by the migration role (a SELECT policy for that
role lets it see every row; the app role is another role):

- `allokoli_find_calendar_feed(hash)`: the organisation of an ICS feed token;
- `allokoli_due_calendar_syncs(now, limit)`: connections whose periodic sync is due;
- `allokoli_due_calendar_pushes(now, limit)`: entries waiting to be written to a calendar;
- `allokoli_dead_calendar_pushes(id, limit)`: entries given up (`allokoli jobs dead`).
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from allokoli.db.base import UTCDateTime
from allokoli.db.rls import disable_rls_sql, enable_rls_sql

revision: str = "0018"
down_revision: str | None = "0017"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

TABLES = ("calendar_connections", "calendar_busy_events", "calendar_pushes", "calendar_feeds")
LOOKUP_POLICY_TABLES = ("calendar_connections", "calendar_pushes", "calendar_feeds")

_FUNCTIONS = {
    "allokoli_find_calendar_feed(text)": """
CREATE FUNCTION allokoli_find_calendar_feed(p_hash text) RETURNS uuid
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public AS $$
  SELECT organization_id FROM calendar_feeds WHERE token_hash = p_hash
$$
""",
    "allokoli_due_calendar_syncs(timestamptz, integer)": """
CREATE FUNCTION allokoli_due_calendar_syncs(p_now timestamptz, p_limit integer)
RETURNS TABLE(id uuid, organization_id uuid)
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public AS $$
  SELECT id, organization_id FROM calendar_connections
  WHERE next_sync_at IS NOT NULL AND next_sync_at <= p_now
  ORDER BY next_sync_at LIMIT p_limit
$$
""",
    "allokoli_due_calendar_pushes(timestamptz, integer)": """
CREATE FUNCTION allokoli_due_calendar_pushes(p_now timestamptz, p_limit integer)
RETURNS TABLE(id uuid, organization_id uuid)
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public AS $$
  SELECT id, organization_id FROM calendar_pushes
  WHERE next_attempt_at IS NOT NULL AND next_attempt_at <= p_now
  ORDER BY next_attempt_at LIMIT p_limit
$$
""",
    "allokoli_dead_calendar_pushes(uuid, integer)": """
CREATE FUNCTION allokoli_dead_calendar_pushes(p_id uuid, p_limit integer)
RETURNS TABLE(id uuid, organization_id uuid, attempts integer, last_error text,
              given_up_at timestamptz)
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public AS $$
  SELECT id, organization_id, attempts, last_error, given_up_at FROM calendar_pushes
  WHERE given_up_at IS NOT NULL AND (p_id IS NULL OR id = p_id)
  ORDER BY given_up_at DESC LIMIT p_limit
$$
""",
}


def _dt(name: str, nullable: bool = True) -> sa.Column[object]:
    return sa.Column(name, UTCDateTime(timezone=True), nullable=nullable)


def _org() -> sa.Column[object]:
    return sa.Column(
        "organization_id",
        sa.Uuid(),
        sa.ForeignKey("organizations.id", ondelete="CASCADE"),
        nullable=False,
    )


def upgrade() -> None:
    op.create_table(
        "calendar_connections",
        sa.Column("id", sa.Uuid(), primary_key=True),
        _org(),
        sa.Column("scope", sa.String(40), nullable=False),
        sa.Column("assistant_id", sa.Uuid(), sa.ForeignKey("assistants.id", ondelete="CASCADE")),
        sa.Column("server_url", sa.String(500), nullable=False),
        sa.Column("username", sa.String(200), nullable=False),
        sa.Column("password_sealed", sa.Text(), nullable=False),
        sa.Column("calendar_url", sa.String(1000), nullable=False),
        sa.Column("calendar_name", sa.String(200), nullable=False),
        sa.Column("available_calendars", sa.JSON(), nullable=False),
        _dt("next_sync_at"),
        _dt("last_sync_at"),
        _dt("last_success_at"),
        sa.Column("last_error", sa.Text()),
        sa.Column("failures", sa.Integer(), nullable=False),
        sa.Column("imported_count", sa.Integer(), nullable=False),
        _dt("created_at", False),
        _dt("updated_at", False),
        sa.UniqueConstraint(
            "organization_id", "scope", name="uq_calendar_connections_organization_id_scope"
        ),
    )
    op.create_index("ix_calendar_connections_next_sync", "calendar_connections", ["next_sync_at"])
    op.create_table(
        "calendar_busy_events",
        sa.Column("id", sa.Uuid(), primary_key=True),
        _org(),
        sa.Column(
            "connection_id",
            sa.Uuid(),
            sa.ForeignKey("calendar_connections.id", ondelete="CASCADE"),
            nullable=False,
        ),
        sa.Column("uid", sa.String(500), nullable=False),
        _dt("start_utc", False),
        _dt("end_utc", False),
        sa.Column("all_day", sa.Boolean(), nullable=False),
    )
    op.create_index(
        "ix_calendar_busy_events_org_start",
        "calendar_busy_events",
        ["organization_id", "start_utc"],
    )
    op.create_index("ix_calendar_busy_events_connection", "calendar_busy_events", ["connection_id"])
    op.create_table(
        "calendar_pushes",
        sa.Column("id", sa.Uuid(), primary_key=True),
        _org(),
        sa.Column("uid", sa.String(255), nullable=False),
        sa.Column("assistant_id", sa.Uuid(), sa.ForeignKey("assistants.id", ondelete="SET NULL")),
        sa.Column("summary", sa.String(300), nullable=False),
        sa.Column("description", sa.Text(), nullable=False),
        sa.Column("location", sa.String(300), nullable=False),
        _dt("start_utc", False),
        _dt("end_utc", False),
        sa.Column("removed", sa.Boolean(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("pushed_version", sa.Integer(), nullable=False),
        sa.Column("pushed_calendar_url", sa.String(1000)),
        sa.Column("attempts", sa.Integer(), nullable=False),
        _dt("next_attempt_at"),
        sa.Column("last_error", sa.Text()),
        _dt("given_up_at"),
        _dt("created_at", False),
        _dt("updated_at", False),
        sa.UniqueConstraint(
            "organization_id", "uid", name="uq_calendar_pushes_organization_id_uid"
        ),
    )
    op.create_index("ix_calendar_pushes_due", "calendar_pushes", ["next_attempt_at"])
    op.create_table(
        "calendar_feeds",
        sa.Column("id", sa.Uuid(), primary_key=True),
        _org(),
        sa.Column("token_hash", sa.String(64), nullable=False),
        sa.Column("token_sealed", sa.Text(), nullable=False),
        _dt("created_at", False),
        sa.UniqueConstraint("organization_id", name="uq_calendar_feeds_organization_id"),
        sa.UniqueConstraint("token_hash", name="uq_calendar_feeds_token_hash"),
    )
    if op.get_bind().dialect.name != "postgresql":
        return
    for table in TABLES:
        for stmt in enable_rls_sql(table):
            op.execute(stmt)
    for table in LOOKUP_POLICY_TABLES:
        # FORCE applies RLS to the owner too: this lets the owner's SECURITY DEFINER functions
        # (and only them: the app role is another role) read every row.
        op.execute(
            f"CREATE POLICY {table}_lookup ON {table} FOR SELECT TO CURRENT_USER USING (true)"
        )
    for signature, body in _FUNCTIONS.items():
        op.execute(body)
        op.execute(f"REVOKE ALL ON FUNCTION {signature} FROM PUBLIC")


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        for signature in _FUNCTIONS:
            op.execute(f"DROP FUNCTION IF EXISTS {signature}")
        for table in LOOKUP_POLICY_TABLES:
            op.execute(f"DROP POLICY IF EXISTS {table}_lookup ON {table}")
        for table in TABLES:
            for stmt in disable_rls_sql(table):
                op.execute(stmt)
    op.drop_table("calendar_feeds")
    op.drop_index("ix_calendar_pushes_due", table_name="calendar_pushes")
    op.drop_table("calendar_pushes")
    op.drop_index("ix_calendar_busy_events_connection", table_name="calendar_busy_events")
    op.drop_index("ix_calendar_busy_events_org_start", table_name="calendar_busy_events")
    op.drop_table("calendar_busy_events")
    op.drop_index("ix_calendar_connections_next_sync", table_name="calendar_connections")
    op.drop_table("calendar_connections")
