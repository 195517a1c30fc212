"""calls search: full-text search over transcripts and summaries, list/RGPD indexes, webhook
failure counters

SQLite: an FTS5 external-content table `calls_fts` (rowid = `calls.rowid`) kept in sync by
triggers, accent-insensitive (`unicode61 remove_diacritics 2`). PostgreSQL: a stored generated
column `search_vector` = `to_tsvector('french', coalesce(transcript, '') || ' ' ||
coalesce(summary, ''))` with a GIN index, reached by the app role through the SECURITY DEFINER
function `allokoli_search_calls` (see below and `calls/search.py`).

Not in the models' metadata (dialect-specific, or on another feature's table, so
`alembic revision --autogenerate` would offer to drop them — keep them): `calls_fts` and its
triggers, PostgreSQL's `calls.search_vector` and `ix_calls_search`, `ix_assistants_org_id` and
`ix_assistants_org_name`.
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

# Matches of the transaction's tenant only (the test of db/rls.py, quoted in dynamic SQL).
SEARCH_FUNCTION = """
CREATE FUNCTION allokoli_search_calls(p_query text, p_max integer)
RETURNS SETOF uuid
LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = public AS $$
BEGIN
  RETURN QUERY EXECUTE
    'SELECT id FROM calls'
    ' WHERE organization_id = nullif(current_setting(''app.tenant_id'', true), '''')::uuid'
    ' AND search_vector @@ to_tsquery(''french'', $1) LIMIT $2'
    USING p_query, p_max;
END
$$
"""
STATS_COLUMNS = [
    "organization_id",
    "started_at",
    "id",
    "ended_reason",
    "duration_seconds",
    "cost_eur",
    "outside_hours",
    "assistant_id",
]
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
        # Read backwards, the calls list order (started_at DESC, id DESC) with no sort; and it
        # covers every column the statistics read (calls/stats.py): index-only range scans.
        # Its prefix is the old (organization_id, started_at) index, dropped.
        batch_op.create_index("ix_calls_stats", STATS_COLUMNS)
        batch_op.drop_index("ix_calls_org_started")
        # One assistant's calls in list order, id included, so no index needs a sort.
        batch_op.drop_index("ix_calls_org_assistant_started")
        batch_op.create_index(
            "ix_calls_org_assistant_started",
            ["organization_id", "assistant_id", "started_at", "id"],
        )
    with op.batch_alter_table("taken_messages", schema=None) as batch_op:
        batch_op.create_index("ix_taken_messages_org_call", ["organization_id", "provider_call_id"])
        batch_op.create_index(
            "ix_taken_messages_org_kind_created", ["organization_id", "kind", "created_at"]
        )
        batch_op.create_index(
            "ix_taken_messages_org_handled_created", ["organization_id", "handled", "created_at"]
        )
    # Name look-ups by id: without it SQLite walks every assistant's large JSON to read `id`.
    op.create_index("ix_assistants_org_id", "assistants", ["organization_id", "id"])
    # The assistant filter of the calls page (names in order), read from the index alone.
    op.create_index("ix_assistants_org_name", "assistants", ["organization_id", "name", "id"])
    with op.batch_alter_table("webhook_events", schema=None) as batch_op:
        batch_op.create_index("ix_webhook_events_org_call", ["organization_id", "provider_call_id"])
        batch_op.create_index("ix_webhook_events_org_received", ["organization_id", "received_at"])

    if op.get_bind().dialect.name == "postgresql":
        # A stored tsvector: testing a call then costs a microsecond instead of a to_tsvector()
        # of its whole transcript, which matters when the list reads the newest calls in order.
        op.execute(
            f"ALTER TABLE calls ADD COLUMN search_vector tsvector "
            f"GENERATED ALWAYS AS ({PG_SEARCH_EXPR}) STORED"
        )
        op.execute("CREATE INDEX ix_calls_search ON calls USING gin (search_vector)")
        # Under row-level security the planner may not use an index through a non-leakproof
        # operator such as @@, so the app role cannot use the GIN index directly: it calls this
        # function, run as the owner (a SELECT-only policy for it), which returns matching ids
        # of the tenant bound to the transaction only (`app.tenant_id`, never a parameter).
        # Dynamic SQL so that each call is planned with its words (GIN for a rare word, a
        # short scan for a frequent one).
        op.execute("CREATE POLICY calls_search ON calls FOR SELECT TO CURRENT_USER USING (true)")
        op.execute(SEARCH_FUNCTION)
        op.execute("REVOKE ALL ON FUNCTION allokoli_search_calls(text, integer) FROM PUBLIC")
        for stmt in enable_rls_sql("webhook_failures"):
            op.execute(stmt)
    else:
        for stmt in SQLITE_FTS:
            op.execute(stmt)


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        for stmt in disable_rls_sql("webhook_failures"):
            op.execute(stmt)
        op.execute("DROP FUNCTION IF EXISTS allokoli_search_calls(text, integer)")
        op.execute("DROP POLICY IF EXISTS calls_search ON calls")
        op.execute("DROP INDEX IF EXISTS ix_calls_search")
        op.execute("ALTER TABLE calls DROP COLUMN IF EXISTS search_vector")
    else:
        for name in ("calls_fts_ai", "calls_fts_ad", "calls_fts_au"):
            op.execute(f"DROP TRIGGER IF EXISTS {name}")
        op.execute("DROP TABLE IF EXISTS calls_fts")
    op.drop_index("ix_assistants_org_name", table_name="assistants")
    op.drop_index("ix_assistants_org_id", table_name="assistants")
    with op.batch_alter_table("webhook_events", schema=None) as batch_op:
        batch_op.drop_index("ix_webhook_events_org_received")
        batch_op.drop_index("ix_webhook_events_org_call")
    with op.batch_alter_table("taken_messages", schema=None) as batch_op:
        batch_op.drop_index("ix_taken_messages_org_handled_created")
        batch_op.drop_index("ix_taken_messages_org_kind_created")
        batch_op.drop_index("ix_taken_messages_org_call")
    with op.batch_alter_table("calls", schema=None) as batch_op:
        batch_op.drop_index("ix_calls_org_assistant_started")
        batch_op.create_index(
            "ix_calls_org_assistant_started", ["organization_id", "assistant_id", "started_at"]
        )
        batch_op.create_index("ix_calls_org_started", ["organization_id", "started_at"])
        batch_op.drop_index("ix_calls_stats")
    op.drop_table("webhook_failures")
