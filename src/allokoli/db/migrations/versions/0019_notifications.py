"""notifications: preferences, deliveries, STOP list, knowledge gaps

Revision ID: 0019
Revises: 0016
Create Date: 2026-12-06 00:24:58

Owned by the work on issue 18 (points 1-3): the owner's notification settings per assistant,
every e-mail / SMS sent at most once (`notification_deliveries`, unique idempotency key per
organisation), the numbers that said STOP, the questions callers asked that the assistant could
not answer, and the caller's consent to a confirmation SMS on `taken_messages`. Every new table
is tenant-owned, under forced row-level security on PostgreSQL.
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import allokoli.db.base
from allokoli.db.rls import disable_rls_sql, enable_rls_sql

revision: str = "0019"
down_revision: str | None = "0018"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

TABLES = (
    "notification_settings",
    "notification_deliveries",
    "sms_opt_outs",
    "knowledge_gaps",
    "knowledge_gap_asks",
)


def upgrade() -> None:
    op.create_table(
        "sms_opt_outs",
        sa.Column("organization_id", sa.Uuid(), nullable=False),
        sa.Column("number", sa.String(length=32), nullable=False),
        sa.Column("source", sa.String(length=16), nullable=False),
        sa.Column("created_at", allokoli.db.base.UTCDateTime(timezone=True), nullable=False),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.ForeignKeyConstraint(
            ["organization_id"],
            ["organizations.id"],
            name=op.f("fk_sms_opt_outs_organization_id_organizations"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_sms_opt_outs")),
        sa.UniqueConstraint(
            "organization_id", "number", name=op.f("uq_sms_opt_outs_organization_id_number")
        ),
    )
    op.create_table(
        "knowledge_gaps",
        sa.Column("organization_id", sa.Uuid(), nullable=False),
        sa.Column("assistant_id", sa.Uuid(), nullable=False),
        sa.Column("key", sa.String(length=300), nullable=False),
        sa.Column("question", sa.String(length=300), nullable=False),
        sa.Column("asked_count", sa.Integer(), nullable=False),
        sa.Column("last_asked_at", allokoli.db.base.UTCDateTime(timezone=True), nullable=False),
        sa.Column("answer", sa.Text(), nullable=True),
        sa.Column("answered_at", allokoli.db.base.UTCDateTime(timezone=True), nullable=True),
        sa.Column("answered_version", sa.Integer(), nullable=True),
        sa.Column("extra", sa.JSON(), nullable=True),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("created_at", allokoli.db.base.UTCDateTime(timezone=True), nullable=False),
        sa.Column("updated_at", allokoli.db.base.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["assistant_id"],
            ["assistants.id"],
            name=op.f("fk_knowledge_gaps_assistant_id_assistants"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["organization_id"],
            ["organizations.id"],
            name=op.f("fk_knowledge_gaps_organization_id_organizations"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_knowledge_gaps")),
        sa.UniqueConstraint(
            "organization_id",
            "assistant_id",
            "key",
            name=op.f("uq_knowledge_gaps_organization_id_assistant_id_key"),
        ),
    )
    op.create_table(
        "notification_deliveries",
        sa.Column("organization_id", sa.Uuid(), nullable=False),
        sa.Column("assistant_id", sa.Uuid(), nullable=True),
        sa.Column("provider_call_id", sa.String(length=64), nullable=True),
        sa.Column("taken_message_id", sa.Uuid(), nullable=True),
        sa.Column("kind", sa.String(length=24), nullable=False),
        sa.Column("channel", sa.String(length=8), nullable=False),
        sa.Column("recipient", sa.String(length=320), nullable=False),
        sa.Column("idempotency_key", sa.String(length=200), nullable=False),
        sa.Column("subject", sa.String(length=300), nullable=True),
        sa.Column("text_body", sa.Text(), nullable=True),
        sa.Column("html_body", sa.Text(), nullable=True),
        sa.Column("status", sa.String(length=12), nullable=False),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("last_error", sa.Text(), nullable=True),
        sa.Column("attempt_started_at", allokoli.db.base.UTCDateTime(timezone=True), nullable=True),
        sa.Column("sent_at", allokoli.db.base.UTCDateTime(timezone=True), nullable=True),
        sa.Column("provider_ref", sa.String(length=200), nullable=True),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("created_at", allokoli.db.base.UTCDateTime(timezone=True), nullable=False),
        sa.Column("updated_at", allokoli.db.base.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["assistant_id"],
            ["assistants.id"],
            name=op.f("fk_notification_deliveries_assistant_id_assistants"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["organization_id"],
            ["organizations.id"],
            name=op.f("fk_notification_deliveries_organization_id_organizations"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_notification_deliveries")),
        sa.UniqueConstraint(
            "organization_id",
            "idempotency_key",
            name=op.f("uq_notification_deliveries_organization_id_idempotency_key"),
        ),
    )
    with op.batch_alter_table("notification_deliveries", schema=None) as batch_op:
        batch_op.create_index(
            "ix_notification_deliveries_org_call",
            ["organization_id", "provider_call_id"],
            unique=False,
        )
        batch_op.create_index(
            "ix_notification_deliveries_org_created",
            ["organization_id", "created_at"],
            unique=False,
        )

    op.create_table(
        "notification_settings",
        sa.Column("organization_id", sa.Uuid(), nullable=False),
        sa.Column("assistant_id", sa.Uuid(), nullable=False),
        sa.Column("calls", sa.String(length=16), nullable=False),
        sa.Column("email_enabled", sa.Boolean(), nullable=False),
        sa.Column("sms_enabled", sa.Boolean(), nullable=False),
        sa.Column("emails", sa.JSON(), nullable=False),
        sa.Column("phones", sa.JSON(), nullable=False),
        sa.Column("quiet_start", sa.String(length=5), nullable=True),
        sa.Column("quiet_end", sa.String(length=5), nullable=True),
        sa.Column("digest_enabled", sa.Boolean(), nullable=False),
        sa.Column("caller_sms_enabled", sa.Boolean(), nullable=False),
        sa.Column("unsubscribe_token", sa.String(length=64), nullable=False),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("created_at", allokoli.db.base.UTCDateTime(timezone=True), nullable=False),
        sa.Column("updated_at", allokoli.db.base.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["assistant_id"],
            ["assistants.id"],
            name=op.f("fk_notification_settings_assistant_id_assistants"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["organization_id"],
            ["organizations.id"],
            name=op.f("fk_notification_settings_organization_id_organizations"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_notification_settings")),
        sa.UniqueConstraint(
            "organization_id",
            "assistant_id",
            name=op.f("uq_notification_settings_organization_id_assistant_id"),
        ),
        sa.UniqueConstraint(
            "unsubscribe_token", name=op.f("uq_notification_settings_unsubscribe_token")
        ),
    )
    op.create_table(
        "knowledge_gap_asks",
        sa.Column("organization_id", sa.Uuid(), nullable=False),
        sa.Column("gap_id", sa.Uuid(), nullable=False),
        sa.Column("provider_call_id", sa.String(length=64), nullable=False),
        sa.Column("wording", sa.String(length=300), nullable=False),
        sa.Column("asked_at", allokoli.db.base.UTCDateTime(timezone=True), nullable=False),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.ForeignKeyConstraint(
            ["gap_id"],
            ["knowledge_gaps.id"],
            name=op.f("fk_knowledge_gap_asks_gap_id_knowledge_gaps"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["organization_id"],
            ["organizations.id"],
            name=op.f("fk_knowledge_gap_asks_organization_id_organizations"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_knowledge_gap_asks")),
        sa.UniqueConstraint(
            "organization_id",
            "gap_id",
            "provider_call_id",
            name=op.f("uq_knowledge_gap_asks_organization_id_gap_id_provider_call_id"),
        ),
    )
    with op.batch_alter_table("taken_messages", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("sms_consent", sa.Boolean(), nullable=False, server_default=sa.false())
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
    with op.batch_alter_table("taken_messages", schema=None) as batch_op:
        batch_op.drop_column("sms_consent")
    op.drop_table("knowledge_gap_asks")
    op.drop_table("notification_settings")
    with op.batch_alter_table("notification_deliveries", schema=None) as batch_op:
        batch_op.drop_index("ix_notification_deliveries_org_created")
        batch_op.drop_index("ix_notification_deliveries_org_call")

    op.drop_table("notification_deliveries")
    op.drop_table("knowledge_gaps")
    op.drop_table("sms_opt_outs")
