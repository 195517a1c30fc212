"""test chats

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-04 20:35:00

Owned by the work on:
chat ids bound to their organisation and assistant.

`test_chats` records every provider chat id obtained for a test chat, with the organisation and
assistant it belongs to; a turn may only continue a chat bound to both (issue 12, item 1).
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import allokoli.db.base
from allokoli.db.rls import disable_rls_sql, enable_rls_sql

revision: str = "0009"
down_revision: str | None = "0008"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "test_chats",
        sa.Column("organization_id", sa.Uuid(), nullable=False),
        sa.Column("assistant_id", sa.Uuid(), nullable=False),
        sa.Column("provider_chat_id", sa.String(length=64), nullable=False),
        sa.Column("created_at", allokoli.db.base.UTCDateTime(timezone=True), nullable=False),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.ForeignKeyConstraint(
            ["assistant_id"],
            ["assistants.id"],
            name=op.f("fk_test_chats_assistant_id_assistants"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["organization_id"],
            ["organizations.id"],
            name=op.f("fk_test_chats_organization_id_organizations"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_test_chats")),
        sa.UniqueConstraint("provider_chat_id", name=op.f("uq_test_chats_provider_chat_id")),
    )
    with op.batch_alter_table("test_chats", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_test_chats_assistant_id"), ["assistant_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_test_chats_organization_id"), ["organization_id"], unique=False
        )
    if op.get_bind().dialect.name == "postgresql":
        for stmt in enable_rls_sql("test_chats"):
            op.execute(stmt)


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        for stmt in disable_rls_sql("test_chats"):
            op.execute(stmt)
    with op.batch_alter_table("test_chats", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_test_chats_organization_id"))
        batch_op.drop_index(batch_op.f("ix_test_chats_assistant_id"))
    op.drop_table("test_chats")
