"""bookings: scheduling settings, resources, services, bookings, their units, owner blocks

Revision ID: 0017
Revises: 0016
Create Date: 2026-12-06 00:23:55

Issue 17. `booking_units` holds one row per capacity unit and 15-minute cell a booking
occupies; its unique index (resource, cell, unit) is the no-double-booking guarantee on both
backends. Every table is tenant-owned, under RLS on PostgreSQL.
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import allokoli.db.base
from allokoli.db.rls import disable_rls_sql, enable_rls_sql

revision: str = "0017"
down_revision: str | None = "0016"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

TABLES = (
    "booking_settings",
    "booking_resources",
    "booking_services",
    "bookings",
    "booking_units",
    "booking_blocks",
)


def upgrade() -> None:
    op.create_table(
        "booking_blocks",
        sa.Column("organization_id", sa.Uuid(), nullable=False),
        sa.Column("assistant_id", sa.Uuid(), nullable=False),
        sa.Column("start_at", allokoli.db.base.UTCDateTime(timezone=True), nullable=False),
        sa.Column("end_at", allokoli.db.base.UTCDateTime(timezone=True), nullable=False),
        sa.Column("reason", sa.String(length=200), nullable=True),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("created_at", allokoli.db.base.UTCDateTime(timezone=True), nullable=False),
        sa.Column("updated_at", allokoli.db.base.UTCDateTime(timezone=True), nullable=False),
        sa.CheckConstraint("end_at > start_at", name=op.f("ck_booking_blocks_span")),
        sa.ForeignKeyConstraint(
            ["assistant_id"],
            ["assistants.id"],
            name=op.f("fk_booking_blocks_assistant_id_assistants"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["organization_id"],
            ["organizations.id"],
            name=op.f("fk_booking_blocks_organization_id_organizations"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_booking_blocks")),
    )
    with op.batch_alter_table("booking_blocks", schema=None) as batch_op:
        batch_op.create_index(
            "ix_booking_blocks_assistant_span", ["assistant_id", "start_at", "end_at"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_booking_blocks_organization_id"), ["organization_id"], unique=False
        )

    op.create_table(
        "booking_resources",
        sa.Column("organization_id", sa.Uuid(), nullable=False),
        sa.Column("assistant_id", sa.Uuid(), nullable=False),
        sa.Column("name", sa.String(length=80), nullable=False),
        sa.Column("capacity", sa.Integer(), nullable=False),
        sa.Column("per_person", sa.Boolean(), nullable=False),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("created_at", allokoli.db.base.UTCDateTime(timezone=True), nullable=False),
        sa.Column("updated_at", allokoli.db.base.UTCDateTime(timezone=True), nullable=False),
        sa.CheckConstraint("capacity > 0", name=op.f("ck_booking_resources_capacity")),
        sa.ForeignKeyConstraint(
            ["assistant_id"],
            ["assistants.id"],
            name=op.f("fk_booking_resources_assistant_id_assistants"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["organization_id"],
            ["organizations.id"],
            name=op.f("fk_booking_resources_organization_id_organizations"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_booking_resources")),
        sa.UniqueConstraint(
            "assistant_id", "name", name=op.f("uq_booking_resources_assistant_id_name")
        ),
    )
    with op.batch_alter_table("booking_resources", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_booking_resources_organization_id"), ["organization_id"], unique=False
        )

    op.create_table(
        "booking_settings",
        sa.Column("organization_id", sa.Uuid(), nullable=False),
        sa.Column("assistant_id", sa.Uuid(), nullable=False),
        sa.Column("mode", sa.String(length=16), nullable=False),
        sa.Column("min_notice_minutes", sa.Integer(), nullable=False),
        sa.Column("horizon_days", sa.Integer(), nullable=False),
        sa.Column("slot_step_minutes", sa.Integer(), nullable=False),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("created_at", allokoli.db.base.UTCDateTime(timezone=True), nullable=False),
        sa.Column("updated_at", allokoli.db.base.UTCDateTime(timezone=True), nullable=False),
        sa.CheckConstraint("horizon_days > 0", name=op.f("ck_booking_settings_horizon")),
        sa.CheckConstraint("min_notice_minutes >= 0", name=op.f("ck_booking_settings_notice")),
        sa.CheckConstraint("slot_step_minutes > 0", name=op.f("ck_booking_settings_step")),
        sa.ForeignKeyConstraint(
            ["assistant_id"],
            ["assistants.id"],
            name=op.f("fk_booking_settings_assistant_id_assistants"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["organization_id"],
            ["organizations.id"],
            name=op.f("fk_booking_settings_organization_id_organizations"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_booking_settings")),
        sa.UniqueConstraint("assistant_id", name=op.f("uq_booking_settings_assistant_id")),
    )
    with op.batch_alter_table("booking_settings", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_booking_settings_organization_id"), ["organization_id"], unique=False
        )

    op.create_table(
        "booking_services",
        sa.Column("organization_id", sa.Uuid(), nullable=False),
        sa.Column("assistant_id", sa.Uuid(), nullable=False),
        sa.Column("resource_id", sa.Uuid(), nullable=False),
        sa.Column("name", sa.String(length=80), nullable=False),
        sa.Column("duration_minutes", sa.Integer(), nullable=False),
        sa.Column("buffer_minutes", sa.Integer(), nullable=False),
        sa.Column("price_cents", sa.Integer(), nullable=True),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("created_at", allokoli.db.base.UTCDateTime(timezone=True), nullable=False),
        sa.Column("updated_at", allokoli.db.base.UTCDateTime(timezone=True), nullable=False),
        sa.CheckConstraint("buffer_minutes >= 0", name=op.f("ck_booking_services_buffer")),
        sa.CheckConstraint("duration_minutes > 0", name=op.f("ck_booking_services_duration")),
        sa.ForeignKeyConstraint(
            ["assistant_id"],
            ["assistants.id"],
            name=op.f("fk_booking_services_assistant_id_assistants"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["organization_id"],
            ["organizations.id"],
            name=op.f("fk_booking_services_organization_id_organizations"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["resource_id"],
            ["booking_resources.id"],
            name=op.f("fk_booking_services_resource_id_booking_resources"),
            ondelete="RESTRICT",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_booking_services")),
        sa.UniqueConstraint(
            "assistant_id", "name", name=op.f("uq_booking_services_assistant_id_name")
        ),
    )
    with op.batch_alter_table("booking_services", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_booking_services_organization_id"), ["organization_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_booking_services_resource_id"), ["resource_id"], unique=False
        )

    op.create_table(
        "bookings",
        sa.Column("organization_id", sa.Uuid(), nullable=False),
        sa.Column("assistant_id", sa.Uuid(), nullable=False),
        sa.Column("service_id", sa.Uuid(), nullable=False),
        sa.Column("resource_id", sa.Uuid(), nullable=False),
        sa.Column("reference", sa.String(length=12), nullable=False),
        sa.Column("start_at", allokoli.db.base.UTCDateTime(timezone=True), nullable=False),
        sa.Column("end_at", allokoli.db.base.UTCDateTime(timezone=True), nullable=False),
        sa.Column("party_size", sa.Integer(), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("customer_name", sa.String(length=120), nullable=True),
        sa.Column("callback_number", sa.String(length=20), nullable=True),
        sa.Column("note", sa.Text(), nullable=True),
        sa.Column("source", sa.String(length=16), nullable=False),
        sa.Column("provider_call_id", sa.String(length=64), nullable=True),
        sa.Column("tool_call_id", sa.String(length=64), nullable=True),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("created_at", allokoli.db.base.UTCDateTime(timezone=True), nullable=False),
        sa.Column("updated_at", allokoli.db.base.UTCDateTime(timezone=True), nullable=False),
        sa.CheckConstraint("end_at > start_at", name=op.f("ck_bookings_span")),
        sa.CheckConstraint("party_size > 0", name=op.f("ck_bookings_party")),
        sa.ForeignKeyConstraint(
            ["assistant_id"],
            ["assistants.id"],
            name=op.f("fk_bookings_assistant_id_assistants"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["organization_id"],
            ["organizations.id"],
            name=op.f("fk_bookings_organization_id_organizations"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["resource_id"],
            ["booking_resources.id"],
            name=op.f("fk_bookings_resource_id_booking_resources"),
            ondelete="RESTRICT",
        ),
        sa.ForeignKeyConstraint(
            ["service_id"],
            ["booking_services.id"],
            name=op.f("fk_bookings_service_id_booking_services"),
            ondelete="RESTRICT",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_bookings")),
        sa.UniqueConstraint(
            "organization_id", "reference", name=op.f("uq_bookings_organization_id_reference")
        ),
    )
    with op.batch_alter_table("bookings", schema=None) as batch_op:
        batch_op.create_index(
            "ix_bookings_assistant_start", ["assistant_id", "start_at"], unique=False
        )
        batch_op.create_index(
            "ix_bookings_org_callback", ["organization_id", "callback_number"], unique=False
        )
        batch_op.create_index(
            "ix_bookings_org_start", ["organization_id", "start_at"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_bookings_resource_id"), ["resource_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_bookings_service_id"), ["service_id"], unique=False)
        batch_op.create_index(
            "uq_bookings_org_tool_call", ["organization_id", "tool_call_id"], unique=True
        )

    op.create_table(
        "booking_units",
        sa.Column("organization_id", sa.Uuid(), nullable=False),
        sa.Column("resource_id", sa.Uuid(), nullable=False),
        sa.Column("cell_start", allokoli.db.base.UTCDateTime(timezone=True), nullable=False),
        sa.Column("unit", sa.Integer(), nullable=False),
        sa.Column("booking_id", sa.Uuid(), nullable=False),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.ForeignKeyConstraint(
            ["booking_id"],
            ["bookings.id"],
            name=op.f("fk_booking_units_booking_id_bookings"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["organization_id"],
            ["organizations.id"],
            name=op.f("fk_booking_units_organization_id_organizations"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["resource_id"],
            ["booking_resources.id"],
            name=op.f("fk_booking_units_resource_id_booking_resources"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_booking_units")),
        sa.UniqueConstraint(
            "resource_id",
            "cell_start",
            "unit",
            name=op.f("uq_booking_units_resource_id_cell_start_unit"),
        ),
    )
    with op.batch_alter_table("booking_units", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_booking_units_booking_id"), ["booking_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_booking_units_organization_id"), ["organization_id"], unique=False
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
    with op.batch_alter_table("booking_units", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_booking_units_organization_id"))
        batch_op.drop_index(batch_op.f("ix_booking_units_booking_id"))

    op.drop_table("booking_units")
    with op.batch_alter_table("bookings", schema=None) as batch_op:
        batch_op.drop_index("uq_bookings_org_tool_call")
        batch_op.drop_index(batch_op.f("ix_bookings_service_id"))
        batch_op.drop_index(batch_op.f("ix_bookings_resource_id"))
        batch_op.drop_index("ix_bookings_org_start")
        batch_op.drop_index("ix_bookings_org_callback")
        batch_op.drop_index("ix_bookings_assistant_start")

    op.drop_table("bookings")
    with op.batch_alter_table("booking_services", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_booking_services_resource_id"))
        batch_op.drop_index(batch_op.f("ix_booking_services_organization_id"))

    op.drop_table("booking_services")
    with op.batch_alter_table("booking_settings", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_booking_settings_organization_id"))

    op.drop_table("booking_settings")
    with op.batch_alter_table("booking_resources", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_booking_resources_organization_id"))

    op.drop_table("booking_resources")
    with op.batch_alter_table("booking_blocks", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_booking_blocks_organization_id"))
        batch_op.drop_index("ix_booking_blocks_assistant_span")

    op.drop_table("booking_blocks")
