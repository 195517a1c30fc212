"""call routing: protected and blocked numbers, closures, monthly budget, screened calls

Revision ID: 0020
Revises: 0016
Create Date: 2026-12-06 00:30:00

Four tenant tables, each under forced row-level security on PostgreSQL (`tenant_isolation`).
`down_revision` is 0016 for now: re-chained when merged after the other branches' revisions.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import sqlalchemy as sa
from alembic import op

from allokoli.db.base import UTCDateTime
from allokoli.db.rls import disable_rls_sql, enable_rls_sql

revision: str = "0020"
down_revision: str | None = "0019"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

TABLES = ("number_rules", "closures", "spend_controls", "call_screenings")


def _org(table: str) -> list[Any]:
    return [
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("organization_id", sa.Uuid(), nullable=False),
        sa.ForeignKeyConstraint(
            ["organization_id"],
            ["organizations.id"],
            name=f"fk_{table}_organization_id_organizations",
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=f"pk_{table}"),
    ]


def upgrade() -> None:
    op.create_table(
        "number_rules",
        *_org("number_rules"),
        sa.Column("number", sa.String(20), nullable=False),
        sa.Column("kind", sa.String(16), nullable=False),
        sa.Column("label", sa.String(80), nullable=True),
        sa.Column("created_at", UTCDateTime(timezone=True), nullable=False),
        sa.UniqueConstraint(
            "organization_id", "number", "kind", name="uq_number_rules_organization_id_number_kind"
        ),
    )
    op.create_index(
        "ix_number_rules_org_created", "number_rules", ["organization_id", "created_at"]
    )
    op.create_table(
        "closures",
        *_org("closures"),
        sa.Column("assistant_id", sa.Uuid(), nullable=True),
        sa.Column("starts_on", sa.Date(), nullable=False),
        sa.Column("ends_on", sa.Date(), nullable=False),
        sa.Column("message", sa.Text(), nullable=True),
        sa.Column("created_at", UTCDateTime(timezone=True), nullable=False),
        sa.Column("switched_on_at", UTCDateTime(timezone=True), nullable=True),
        sa.Column("switched_off_at", UTCDateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["assistant_id"],
            ["assistants.id"],
            name="fk_closures_assistant_id_assistants",
            ondelete="CASCADE",
        ),
    )
    op.create_index("ix_closures_org_ends", "closures", ["organization_id", "ends_on"])
    op.create_table(
        "spend_controls",
        *_org("spend_controls"),
        sa.Column("monthly_budget_eur", sa.Float(), nullable=True),
        sa.Column("auto_pause", sa.Boolean(), nullable=False),
        sa.Column("alerted_month", sa.String(7), nullable=True),
        sa.Column("alerted_percent", sa.Integer(), nullable=False),
        sa.Column("updated_at", UTCDateTime(timezone=True), nullable=False),
        sa.UniqueConstraint("organization_id", name="uq_spend_controls_organization_id"),
    )
    op.create_table(
        "call_screenings",
        *_org("call_screenings"),
        sa.Column("provider_call_id", sa.String(64), nullable=True),
        sa.Column("caller_number", sa.String(32), nullable=True),
        sa.Column("decision", sa.String(16), nullable=False),
        sa.Column("reason", sa.String(40), nullable=False),
        sa.Column("created_at", UTCDateTime(timezone=True), nullable=False),
    )
    op.create_index(
        "ix_call_screenings_org_call", "call_screenings", ["organization_id", "provider_call_id"]
    )
    op.create_index(
        "ix_call_screenings_org_created", "call_screenings", ["organization_id", "created_at"]
    )
    if op.get_bind().dialect.name == "postgresql":
        for table in TABLES:
            for stmt in enable_rls_sql(table):
                op.execute(stmt)


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        for table in TABLES:
            for stmt in disable_rls_sql(table):
                op.execute(stmt)
    op.drop_index("ix_call_screenings_org_created", table_name="call_screenings")
    op.drop_index("ix_call_screenings_org_call", table_name="call_screenings")
    op.drop_table("call_screenings")
    op.drop_table("spend_controls")
    op.drop_index("ix_closures_org_ends", table_name="closures")
    op.drop_table("closures")
    op.drop_index("ix_number_rules_org_created", table_name="number_rules")
    op.drop_table("number_rules")
