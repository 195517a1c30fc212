"""job engine: procrastinate's schema on PostgreSQL, and the outbox's dead letter

Revision ID: 0014
Revises: 0013
Create Date: 2026-12-05 21:30:00

On PostgreSQL, `allokoli worker` runs jobs with procrastinate (docs/decisions/0005-job-engine.md):
its tables and functions are created here from the SQL that procrastinate ships for its installed
version (`SchemaManager.get_schema()`), not from a copy. A later procrastinate release that changes
its schema comes with its own migration files: a new revision of ours applies them.

The dead letter is the outbox's messages given up (done with an error). The outbox is under RLS:
the operator's list goes through `allokoli_dead_outbox()`, a SECURITY DEFINER function owned by the
migration role (it reads through the `outbox_dispatch` policy of 0012) that returns those rows only.
Nothing to do on SQLite.
"""

from __future__ import annotations

from collections.abc import Sequence

from alembic import op
from procrastinate.schema import SchemaManager

revision: str = "0014"
down_revision: str | None = "0013"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_DEAD = """
CREATE FUNCTION allokoli_dead_outbox(p_id uuid, p_limit integer)
RETURNS TABLE(id uuid, organization_id uuid, kind varchar, attempts integer, last_error text,
              done_at timestamptz)
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public AS $$
  SELECT id, organization_id, kind, attempts, last_error, done_at FROM outbox
  WHERE done_at IS NOT NULL AND last_error IS NOT NULL AND (p_id IS NULL OR id = p_id)
  ORDER BY done_at DESC LIMIT p_limit
$$
"""

# The relay's read: due messages that have no job waiting yet (procrastinate's unique index on
# waiting jobs' `queueing_lock` answers the NOT EXISTS). Without it, a backlog larger than one
# relay pass would be read again, and refused as already queued, at every pass.
_UNQUEUED = """
CREATE FUNCTION allokoli_unqueued_outbox(p_now timestamptz, p_limit integer)
RETURNS TABLE(id uuid, organization_id uuid)
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public AS $$
  SELECT o.id, o.organization_id FROM outbox o
  WHERE o.done_at IS NULL AND o.next_attempt_at <= p_now
    AND NOT EXISTS (
      SELECT 1 FROM procrastinate_jobs j
      WHERE j.queueing_lock = 'outbox:' || o.id::text AND j.status = 'todo'
    )
  ORDER BY o.created_at LIMIT p_limit
$$
"""

_PROCRASTINATE_TABLES = (
    "procrastinate_events",
    "procrastinate_periodic_defers",
    "procrastinate_jobs",
    "procrastinate_workers",
)

_DROP_PROCRASTINATE_ROUTINES = """
DO $$
DECLARE r record;
BEGIN
  FOR r IN SELECT p.oid::regprocedure AS sig FROM pg_proc p
           JOIN pg_namespace n ON n.oid = p.pronamespace
           WHERE n.nspname = 'public' AND p.proname LIKE 'procrastinate%' LOOP
    EXECUTE 'DROP FUNCTION IF EXISTS ' || r.sig || ' CASCADE';
  END LOOP;
  FOR r IN SELECT t.typname FROM pg_type t JOIN pg_namespace n ON n.oid = t.typnamespace
           WHERE n.nspname = 'public' AND t.typname LIKE 'procrastinate%' AND t.typtype = 'e' LOOP
    EXECUTE 'DROP TYPE IF EXISTS ' || quote_ident(r.typname) || ' CASCADE';
  END LOOP;
END
$$
"""


def upgrade() -> None:
    bind = op.get_bind()
    if bind.dialect.name != "postgresql":
        return
    # The schema is many statements: psycopg runs them as one simple query only without
    # parameters, so it goes to the driver's connection (same transaction) as it is.
    bind.connection.driver_connection.execute(SchemaManager.get_schema())  # type: ignore[union-attr]
    op.execute(_DEAD)
    op.execute("REVOKE ALL ON FUNCTION allokoli_dead_outbox(uuid, integer) FROM PUBLIC")
    op.execute(_UNQUEUED)
    op.execute("REVOKE ALL ON FUNCTION allokoli_unqueued_outbox(timestamptz, integer) FROM PUBLIC")


def downgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    op.execute("DROP FUNCTION IF EXISTS allokoli_unqueued_outbox(timestamptz, integer)")
    op.execute("DROP FUNCTION IF EXISTS allokoli_dead_outbox(uuid, integer)")
    for table in _PROCRASTINATE_TABLES:
        op.execute(f"DROP TABLE IF EXISTS {table} CASCADE")
    op.execute(_DROP_PROCRASTINATE_ROUTINES)
