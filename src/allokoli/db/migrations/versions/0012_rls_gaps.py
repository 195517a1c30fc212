"""rls gaps: memberships and outbox under row-level security

Revision ID: 0012
Revises: 0011
Create Date: 2026-12-04 20:35:00

Every table with an `organization_id` column is tenant data and gets ENABLE + FORCE row-level
security with the `tenant_isolation` policy (tests/test_postgres_rls.py lists them from the
catalogue). Two of them are also read before a tenant is known, each through one narrow door:

- `memberships`: log-in finds a user's organisations; the `membership_of_user` policy shows the
  rows of the user named by `app.user_id` (`db.session.bind_user`), for reading only.
- `outbox`: the dispatcher finds every tenant's due messages; `allokoli_due_outbox()` is a
  SECURITY DEFINER function owned by the migration role that returns ids and organisations only.
  Each message is then claimed and processed in a unit of work bound to its organisation.
"""

from __future__ import annotations

from collections.abc import Sequence

from alembic import op

from allokoli.db.rls import USER_EXPR, disable_rls_sql, enable_rls_sql

revision: str = "0012"
down_revision: str | None = "0011"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

TABLES = ("memberships", "outbox")


def upgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    for table in TABLES:
        for stmt in enable_rls_sql(table):
            op.execute(stmt)
    op.execute(
        f"CREATE POLICY membership_of_user ON memberships FOR SELECT USING (user_id = {USER_EXPR})"
    )
    op.execute("CREATE POLICY outbox_dispatch ON outbox FOR SELECT TO CURRENT_USER USING (true)")
    op.execute(
        """
        CREATE FUNCTION allokoli_due_outbox(p_now timestamptz, p_limit integer)
        RETURNS TABLE(id uuid, organization_id uuid)
        LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public AS $$
          SELECT id, organization_id FROM outbox
          WHERE done_at IS NULL AND next_attempt_at <= p_now
          ORDER BY created_at LIMIT p_limit
        $$
        """
    )
    op.execute("REVOKE ALL ON FUNCTION allokoli_due_outbox(timestamptz, integer) FROM PUBLIC")


def downgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    op.execute("DROP FUNCTION IF EXISTS allokoli_due_outbox(timestamptz, integer)")
    op.execute("DROP POLICY IF EXISTS outbox_dispatch ON outbox")
    op.execute("DROP POLICY IF EXISTS membership_of_user ON memberships")
    for table in TABLES:
        for stmt in disable_rls_sql(table):
            op.execute(stmt)
