"""calls search: full-text search over transcripts and summaries, list/RGPD indexes, webhook
failure counters

SQLite: an FTS5 external-content table `calls_fts` (rowid = `calls.rowid`) kept in sync by
triggers, accent-insensitive (`unicode61 remove_diacritics 2`). PostgreSQL: a GIN index on the
expression `to_tsvector('french', coalesce(transcript, '') || ' ' || coalesce(summary, ''))`;
`calls/search.py` writes the very same expression so the planner uses it.

Not in the models' metadata (dialect-specific, so `alembic revision --autogenerate` would offer
to drop them — keep them): `calls_fts` and its triggers, `ix_calls_search`, and
`ix_calls_org_started_id` (the calls list order: started_at DESC NULLS LAST, id DESC).
Caveat for later migrations: a SQLite batch ("move and copy") of `calls` drops the triggers and
renumbers rowids; such a migration must recreate the triggers and `rebuild` calls_fts.

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-25 05:00:00
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import allokoli.db.base
from allokoli.db.rls import disable_rls_sql, enable_rls_sql

revision: str = "0005"
down_revision: str | None = "0004"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

PG_SEARCH_EXPR = "to_tsvector('french', coalesce(transcript, '') || ' ' || coalesce(summary, ''))"

SQLITE_FTS = [
    "CREATE VIRTUAL TABLE calls_fts USING fts5(transcript, summary, content='calls', "
    "content_rowid='rowid', tokenize='unicode61 remove_diacritics 2')",
    "INSERT INTO calls_fts(calls_fts) VALUES ('rebuild')",
    "CREATE TRIGGER calls_fts_ai AFTER INSERT ON calls BEGIN "
    "INSERT INTO calls_fts(rowid, transcript, summary) "
    "VALUES (new.rowid, new.transcript, new.summary); END",
    "CREATE TRIGGER calls_fts_ad AFTER DELETE ON calls BEGIN "
    "INSERT INTO calls_fts(calls_fts, rowid, transcript, summary) "
    "VALUES ('delete', old.rowid, old.transcript, old.summary); END",
    "CREATE TRIGGER calls_fts_au AFTER UPDATE OF transcript, summary ON calls BEGIN "
    "INSERT INTO calls_fts(calls_fts, rowid, transcript, summary) "
    "VALUES ('delete', old.rowid, old.transcript, old.summary); "
    "INSERT INTO calls_fts(rowid, transcript, summary) "
    "VALUES (new.rowid, new.transcript, new.summary); END",
]


def upgrade() -> None:
    op.create_table(
        "webhook_failures",
        sa.Column("organization_id", sa.Uuid(), nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("hour", allokoli.db.base.UTCDateTime(timezone=True), nullable=False),
        sa.Column("count", sa.Integer(), nullable=False),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.ForeignKeyConstraint(
            ["organization_id"],
            ["organizations.id"],
            name=op.f("fk_webhook_failures_organization_id_organizations"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_webhook_failures")),
        sa.UniqueConstraint(
            "organization_id",
            "kind",
            "hour",
            name=op.f("uq_webhook_failures_organization_id_kind_hour"),
        ),
    )
    with op.batch_alter_table("calls", schema=None) as batch_op:
        batch_op.create_index("ix_calls_org_caller", ["organization_id", "caller_number"])
    with op.batch_alter_table("taken_messages", schema=None) as batch_op:
        batch_op.create_index("ix_taken_messages_org_call", ["organization_id", "provider_call_id"])
    with op.batch_alter_table("webhook_events", schema=None) as batch_op:
        batch_op.create_index("ix_webhook_events_org_call", ["organization_id", "provider_call_id"])
        batch_op.create_index("ix_webhook_events_org_received", ["organization_id", "received_at"])

    if op.get_bind().dialect.name == "postgresql":
        op.execute(
            "CREATE INDEX ix_calls_org_started_id ON calls "
            "(organization_id, started_at DESC NULLS LAST, id DESC)"
        )
        op.execute(f"CREATE INDEX ix_calls_search ON calls USING gin ({PG_SEARCH_EXPR})")
        for stmt in enable_rls_sql("webhook_failures"):
            op.execute(stmt)
    else:
        # In SQLite NULL sorts first, so a DESC index already puts NULLs last.
        op.execute(
            "CREATE INDEX ix_calls_org_started_id ON calls "
            "(organization_id, started_at DESC, id DESC)"
        )
        for stmt in SQLITE_FTS:
            op.execute(stmt)


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        for stmt in disable_rls_sql("webhook_failures"):
            op.execute(stmt)
        op.execute("DROP INDEX IF EXISTS ix_calls_search")
    else:
        for name in ("calls_fts_ai", "calls_fts_ad", "calls_fts_au"):
            op.execute(f"DROP TRIGGER IF EXISTS {name}")
        op.execute("DROP TABLE IF EXISTS calls_fts")
    op.execute("DROP INDEX IF EXISTS ix_calls_org_started_id")
    with op.batch_alter_table("webhook_events", schema=None) as batch_op:
        batch_op.drop_index("ix_webhook_events_org_received")
        batch_op.drop_index("ix_webhook_events_org_call")
    with op.batch_alter_table("taken_messages", schema=None) as batch_op:
        batch_op.drop_index("ix_taken_messages_org_call")
    with op.batch_alter_table("calls", schema=None) as batch_op:
        batch_op.drop_index("ix_calls_org_caller")
    op.drop_table("webhook_failures")
