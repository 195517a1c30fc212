"""session purge: ended browser sessions deleted after a retention

Revision ID: 0013
Revises: 0012
Create Date: 2026-12-05 00:05:00

Revoked or expired `user_sessions` rows authenticate nothing; they are kept
`ALLOKOLI_SESSION_RETENTION_DAYS` and then deleted, for every organisation at once. On PostgreSQL
the table is under RLS: the purge goes through one SECURITY DEFINER function owned by the
migration role, which deletes only rows that ended before the given times.
"""

from __future__ import annotations

from collections.abc import Sequence

from alembic import op

revision: str = "0013"
down_revision: str | None = "0012"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_PURGE = """
CREATE FUNCTION allokoli_purge_user_sessions(p_revoked_before timestamptz,
                                             p_created_before timestamptz)
RETURNS integer
LANGUAGE sql VOLATILE SECURITY DEFINER SET search_path = public AS $$
  WITH purged AS (
    DELETE FROM user_sessions
    WHERE revoked_at < p_revoked_before OR created_at < p_created_before
    RETURNING 1
  )
  SELECT count(*)::integer FROM purged
$$
"""


def upgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    # FORCE applies RLS to the owner too: this policy lets the owner's SECURITY DEFINER function
    # (and only it; the app role is another role) delete ended sessions of every organisation.
    op.execute(
        "CREATE POLICY user_session_purge ON user_sessions FOR DELETE TO CURRENT_USER USING (true)"
    )
    op.execute(_PURGE)
    op.execute(
        "REVOKE ALL ON FUNCTION allokoli_purge_user_sessions(timestamptz, timestamptz) FROM PUBLIC"
    )


def downgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    op.execute("DROP FUNCTION IF EXISTS allokoli_purge_user_sessions(timestamptz, timestamptz)")
    op.execute("DROP POLICY IF EXISTS user_session_purge ON user_sessions")
