"""configurator deployments

Revision ID: 0022
Revises: 0021
Create Date: 2026-12-06 02:10:00

Owned by the work on:
deploying the configurator's own Vapi assistant (issue 20).

`configurator_deployments` keeps, per voice setting (ALLOKOLI_CONFIGURATOR_VOICE), the provider's
assistant id, the hash of the config pushed and wanted, and the push's retry state.

Not tenant-owned, hence no `organization_id` and no row-level security: the configurator
assistant is one per installation and serves every organisation (each call carries a session
token naming its organisation and session). Like `organizations` or `login_failures`, the app
role gets SELECT/INSERT/UPDATE/DELETE on it from `allokoli db migrate` (`rls.grant_app_role`).
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import allokoli.db.base

revision: str = "0022"
down_revision: str | None = "0021"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "configurator_deployments",
        sa.Column("voice", sa.String(length=16), nullable=False),
        sa.Column("wanted_hash", sa.String(length=64), nullable=False),
        sa.Column("pushed_hash", sa.String(length=64), nullable=True),
        sa.Column("provider_id", sa.String(length=100), nullable=True),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("status_reason", sa.Text(), nullable=True),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("next_attempt_at", allokoli.db.base.UTCDateTime(timezone=True), nullable=False),
        sa.Column("push_sent_first_at", allokoli.db.base.UTCDateTime(timezone=True), nullable=True),
        sa.Column("push_sent_last_at", allokoli.db.base.UTCDateTime(timezone=True), nullable=True),
        sa.Column("deployed_at", allokoli.db.base.UTCDateTime(timezone=True), nullable=True),
        sa.Column("updated_at", allokoli.db.base.UTCDateTime(timezone=True), nullable=False),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_configurator_deployments")),
        sa.UniqueConstraint("voice", name=op.f("uq_configurator_deployments_voice")),
    )


def downgrade() -> None:
    op.drop_table("configurator_deployments")
