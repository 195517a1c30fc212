"""rehearsals

Revision ID: 0021
Revises: 0016
Create Date: 2026-12-06 00:50:00

Owned by the work on:
the French dress rehearsal before going live (issue 19).

`rehearsal_scenarios` keeps the real calls turned into regression scenarios (their caller's
lines). `rehearsals` keeps every rehearsal of an assistant version: its scenarios, runs, replies and
tool calls, its verdict and the owner's audited override of a failure. Tenant-owned, under RLS.
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import allokoli.db.base
from allokoli.db.rls import disable_rls_sql, enable_rls_sql

revision: str = "0021"
down_revision: str | None = "0020"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "rehearsals",
        sa.Column("organization_id", sa.Uuid(), nullable=False),
        sa.Column("assistant_id", sa.Uuid(), nullable=False),
        sa.Column("assistant_version", sa.Integer(), nullable=False),
        sa.Column("created_at", allokoli.db.base.UTCDateTime(timezone=True), nullable=False),
        sa.Column("provider", sa.String(length=16), nullable=False),
        sa.Column("passed", sa.Boolean(), nullable=False),
        sa.Column("scenario_count", sa.Integer(), nullable=False),
        sa.Column("failed_count", sa.Integer(), nullable=False),
        sa.Column("runs_per_scenario", sa.Integer(), nullable=False),
        sa.Column("duration_ms", sa.Integer(), nullable=False),
        sa.Column("results", sa.JSON(), nullable=False),
        sa.Column("actor", sa.String(length=200), nullable=False),
        sa.Column("overridden_at", allokoli.db.base.UTCDateTime(timezone=True), nullable=True),
        sa.Column("overridden_by", sa.String(length=200), nullable=True),
        sa.Column("override_reason", sa.Text(), nullable=True),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.ForeignKeyConstraint(
            ["assistant_id"],
            ["assistants.id"],
            name=op.f("fk_rehearsals_assistant_id_assistants"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["organization_id"],
            ["organizations.id"],
            name=op.f("fk_rehearsals_organization_id_organizations"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_rehearsals")),
    )
    with op.batch_alter_table("rehearsals", schema=None) as batch_op:
        batch_op.create_index(
            "ix_rehearsals_assistant_created", ["assistant_id", "created_at"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_rehearsals_organization_id"), ["organization_id"], unique=False
        )
    op.create_table(
        "rehearsal_scenarios",
        sa.Column("organization_id", sa.Uuid(), nullable=False),
        sa.Column("assistant_id", sa.Uuid(), nullable=False),
        sa.Column("call_id", sa.Uuid(), nullable=True),
        sa.Column("title", sa.String(length=200), nullable=False),
        sa.Column("lines", sa.JSON(), nullable=False),
        sa.Column("created_at", allokoli.db.base.UTCDateTime(timezone=True), nullable=False),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.ForeignKeyConstraint(
            ["assistant_id"],
            ["assistants.id"],
            name=op.f("fk_rehearsal_scenarios_assistant_id_assistants"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["call_id"],
            ["calls.id"],
            name=op.f("fk_rehearsal_scenarios_call_id_calls"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["organization_id"],
            ["organizations.id"],
            name=op.f("fk_rehearsal_scenarios_organization_id_organizations"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_rehearsal_scenarios")),
        sa.UniqueConstraint(
            "assistant_id", "call_id", name=op.f("uq_rehearsal_scenarios_assistant_id_call_id")
        ),
    )
    with op.batch_alter_table("rehearsal_scenarios", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_rehearsal_scenarios_assistant_id"), ["assistant_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_rehearsal_scenarios_organization_id"), ["organization_id"], unique=False
        )
    if op.get_bind().dialect.name == "postgresql":
        for table in ("rehearsals", "rehearsal_scenarios"):
            for stmt in enable_rls_sql(table):
                op.execute(stmt)


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        for table in ("rehearsals", "rehearsal_scenarios"):
            for stmt in disable_rls_sql(table):
                op.execute(stmt)
    with op.batch_alter_table("rehearsal_scenarios", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_rehearsal_scenarios_organization_id"))
        batch_op.drop_index(batch_op.f("ix_rehearsal_scenarios_assistant_id"))
    op.drop_table("rehearsal_scenarios")
    with op.batch_alter_table("rehearsals", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_rehearsals_organization_id"))
        batch_op.drop_index("ix_rehearsals_assistant_created")
    op.drop_table("rehearsals")
