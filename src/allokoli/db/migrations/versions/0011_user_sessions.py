"""user sessions

Revision ID: 0011
Revises: 0010
Create Date: 2026-12-04 20:35:00

Server-side browser sessions (revocable: logout, password change, « déconnecter toutes les
sessions »), replacing `users.session_version`; an index for the per-IP login throttling.

On PostgreSQL `user_sessions` is tenant data under RLS. Two reads and writes happen before the
tenant is known or across the user's organisations, each through a SECURITY DEFINER function
owned by the migration role: finding a session by the hash of its token (every request), and
revoking every session of a user (password change, log out everywhere).
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import allokoli.db.base
from allokoli.db.rls import disable_rls_sql, enable_rls_sql

revision: str = "0011"
down_revision: str | None = "0010"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_FIND = """
CREATE FUNCTION allokoli_find_user_session(p_hash text)
RETURNS TABLE(id uuid, organization_id uuid, user_id uuid, created_at timestamptz,
              last_seen_at timestamptz, revoked_at timestamptz)
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public AS $$
  SELECT id, organization_id, user_id, created_at, last_seen_at, revoked_at
  FROM user_sessions WHERE token_hash = p_hash
$$
"""
_REVOKE = """
CREATE FUNCTION allokoli_revoke_user_sessions(p_user uuid, p_keep uuid, p_at timestamptz)
RETURNS integer
LANGUAGE sql VOLATILE SECURITY DEFINER SET search_path = public AS $$
  WITH revoked AS (
    UPDATE user_sessions SET revoked_at = p_at
    WHERE user_id = p_user AND revoked_at IS NULL AND (p_keep IS NULL OR id <> p_keep)
    RETURNING 1
  )
  SELECT count(*)::integer FROM revoked
$$
"""


def upgrade() -> None:
    op.create_table(
        "user_sessions",
        sa.Column("organization_id", sa.Uuid(), nullable=False),
        sa.Column("user_id", sa.Uuid(), nullable=False),
        sa.Column("token_hash", sa.String(length=64), nullable=False),
        sa.Column("created_at", allokoli.db.base.UTCDateTime(timezone=True), nullable=False),
        sa.Column("last_seen_at", allokoli.db.base.UTCDateTime(timezone=True), nullable=False),
        sa.Column("user_agent", sa.String(length=255), nullable=False),
        sa.Column("ip", sa.String(length=64), nullable=False),
        sa.Column("revoked_at", allokoli.db.base.UTCDateTime(timezone=True), nullable=True),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.ForeignKeyConstraint(
            ["organization_id"],
            ["organizations.id"],
            name=op.f("fk_user_sessions_organization_id_organizations"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["user_id"],
            ["users.id"],
            name=op.f("fk_user_sessions_user_id_users"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_user_sessions")),
        sa.UniqueConstraint("token_hash", name=op.f("uq_user_sessions_token_hash")),
    )
    with op.batch_alter_table("user_sessions", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_user_sessions_organization_id"), ["organization_id"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_user_sessions_user_id"), ["user_id"], unique=False)
    with op.batch_alter_table("login_failures", schema=None) as batch_op:
        batch_op.create_index("ix_login_failures_ip_at", ["ip", "at"], unique=False)
    # Cookies signed with a session version are replaced by session rows: every user logs in again.
    with op.batch_alter_table("users", schema=None) as batch_op:
        batch_op.drop_column("session_version")

    if op.get_bind().dialect.name == "postgresql":
        for stmt in enable_rls_sql("user_sessions"):
            op.execute(stmt)
        # FORCE applies RLS to the owner too: these policies let the owner's SECURITY DEFINER
        # functions (and only them; the app role is another role) see every row.
        op.execute(
            "CREATE POLICY user_session_lookup ON user_sessions FOR SELECT TO CURRENT_USER "
            "USING (true)"
        )
        op.execute(
            "CREATE POLICY user_session_revoke ON user_sessions FOR UPDATE TO CURRENT_USER "
            "USING (true) WITH CHECK (true)"
        )
        op.execute(_FIND)
        op.execute(_REVOKE)
        op.execute("REVOKE ALL ON FUNCTION allokoli_find_user_session(text) FROM PUBLIC")
        op.execute(
            "REVOKE ALL ON FUNCTION allokoli_revoke_user_sessions(uuid, uuid, timestamptz) "
            "FROM PUBLIC"
        )


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute("DROP FUNCTION IF EXISTS allokoli_revoke_user_sessions(uuid, uuid, timestamptz)")
        op.execute("DROP FUNCTION IF EXISTS allokoli_find_user_session(text)")
        op.execute("DROP POLICY IF EXISTS user_session_revoke ON user_sessions")
        op.execute("DROP POLICY IF EXISTS user_session_lookup ON user_sessions")
        for stmt in disable_rls_sql("user_sessions"):
            op.execute(stmt)
    with op.batch_alter_table("users", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("session_version", sa.Integer(), nullable=False, server_default="1")
        )
    with op.batch_alter_table("login_failures", schema=None) as batch_op:
        batch_op.drop_index("ix_login_failures_ip_at")
    with op.batch_alter_table("user_sessions", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_user_sessions_user_id"))
        batch_op.drop_index(batch_op.f("ix_user_sessions_organization_id"))
    op.drop_table("user_sessions")
