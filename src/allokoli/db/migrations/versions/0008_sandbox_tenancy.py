"""sandbox tenancy: one sandbox account per organisation, tables under row-level security

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-04 20:35:00

The embedded Vapi sandbox partitioned its rows by `org_id`, the SHA-256 of whatever bearer token
created them, and accepted any token. Its tables now carry `organization_id` (FK to
organizations), and each organisation has one sandbox credential in the new `sandbox_keys` table
(the token sealed with the application's secret key, and its SHA-256 for lookup).

Existing sandbox rows belong to no organisation (a token hash cannot be traced back to one), so
they are DELETED by this migration. This is acceptable because the sandbox is an embedded test
provider holding only test data: an assistant that was deployed to it is re-created there by its
next deployment (a push whose provider assistant is gone creates it again).

On PostgreSQL every sandbox table gets ENABLE + FORCE row-level security with the
`tenant_isolation` policy. Finding whose a sandbox token is happens before the tenant is known:
like API keys, through the SECURITY DEFINER function `allokoli_find_sandbox_key(hash)`, owned by
the migration role (a SELECT policy for that role lets the function see every row).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Literal

import sqlalchemy as sa
from alembic import op

import allokoli.db.base
from allokoli.db.rls import disable_rls_sql, enable_rls_sql

revision: str = "0008"
down_revision: str | None = "0007"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

#: table → (old index name, new index name, indexed columns after the org column)
INDEXES: dict[str, list[tuple[str, str, list[str]]]] = {
    "sandbox_assistants": [
        (
            "ix_sandbox_assistants_org_created",
            "ix_sandbox_assistants_organization_created",
            ["created_at"],
        )
    ],
    "sandbox_phone_numbers": [
        (
            "ix_sandbox_phone_numbers_org_created",
            "ix_sandbox_phone_numbers_organization_created",
            ["created_at"],
        )
    ],
    "sandbox_calls": [
        ("ix_sandbox_calls_org_created", "ix_sandbox_calls_organization_created", ["created_at"])
    ],
    "sandbox_chats": [
        ("ix_sandbox_chats_org_created", "ix_sandbox_chats_organization_created", ["created_at"]),
        ("ix_sandbox_chats_org_session", "ix_sandbox_chats_organization_session", ["session_id"]),
    ],
    "sandbox_credentials": [
        (
            "ix_sandbox_credentials_org_created",
            "ix_sandbox_credentials_organization_created",
            ["created_at"],
        )
    ],
}
RESOURCE_TABLES = list(INDEXES)
OLD_PHONE_UNIQUE = "uq_sandbox_phone_numbers_org_id_number"
NEW_PHONE_UNIQUE = "uq_sandbox_phone_numbers_organization_id_number"
LOOKUP_FUNCTION = "allokoli_find_sandbox_key(text)"


def _is_postgres() -> bool:
    return op.get_bind().dialect.name == "postgresql"


def _recreate() -> Literal["auto", "always"]:
    # SQLite cannot add a NOT NULL column without a default: copy the (emptied) table.
    return "auto" if _is_postgres() else "always"


def upgrade() -> None:
    for table in RESOURCE_TABLES:
        # Rows of no organisation: see the module docstring.
        op.execute(f"DELETE FROM {table}")  # noqa: S608 - a constant table name
        with op.batch_alter_table(table, recreate=_recreate()) as batch_op:
            for old, _new, _columns in INDEXES[table]:
                batch_op.drop_index(old)
            if table == "sandbox_phone_numbers":
                batch_op.drop_constraint(OLD_PHONE_UNIQUE, type_="unique")
            batch_op.drop_column("org_id")
            batch_op.add_column(sa.Column("organization_id", sa.Uuid(), nullable=False))
            batch_op.create_foreign_key(
                f"fk_{table}_organization_id_organizations",
                "organizations",
                ["organization_id"],
                ["id"],
                ondelete="CASCADE",
            )
            for _old, new, columns in INDEXES[table]:
                batch_op.create_index(new, ["organization_id", *columns], unique=False)
            if table == "sandbox_phone_numbers":
                batch_op.create_unique_constraint(NEW_PHONE_UNIQUE, ["organization_id", "number"])

    op.create_table(
        "sandbox_keys",
        sa.Column("organization_id", sa.Uuid(), nullable=False),
        sa.Column("token_hash", sa.String(length=64), nullable=False),
        sa.Column("token_sealed", sa.Text(), nullable=False),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("created_at", allokoli.db.base.UTCDateTime(timezone=True), nullable=False),
        sa.Column("updated_at", allokoli.db.base.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["organization_id"],
            ["organizations.id"],
            name=op.f("fk_sandbox_keys_organization_id_organizations"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_sandbox_keys")),
        sa.UniqueConstraint("organization_id", name=op.f("uq_sandbox_keys_organization_id")),
        sa.UniqueConstraint("token_hash", name=op.f("uq_sandbox_keys_token_hash")),
    )

    if _is_postgres():
        for table in [*RESOURCE_TABLES, "sandbox_keys"]:
            for stmt in enable_rls_sql(table):
                op.execute(stmt)
        op.execute(
            "CREATE POLICY sandbox_key_lookup ON sandbox_keys FOR SELECT TO CURRENT_USER "
            "USING (true)"
        )
        op.execute(
            """
            CREATE FUNCTION allokoli_find_sandbox_key(p_hash text)
            RETURNS uuid
            LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public AS $$
              SELECT organization_id FROM sandbox_keys WHERE token_hash = p_hash
            $$
            """
        )
        op.execute(f"REVOKE ALL ON FUNCTION {LOOKUP_FUNCTION} FROM PUBLIC")


def downgrade() -> None:
    if _is_postgres():
        op.execute(f"DROP FUNCTION IF EXISTS {LOOKUP_FUNCTION}")
        op.execute("DROP POLICY IF EXISTS sandbox_key_lookup ON sandbox_keys")
        for table in [*RESOURCE_TABLES, "sandbox_keys"]:
            for stmt in disable_rls_sql(table):
                op.execute(stmt)
    op.drop_table("sandbox_keys")
    for table in RESOURCE_TABLES:
        # Back to token-hash accounts: no row can say which token it belonged to.
        op.execute(f"DELETE FROM {table}")  # noqa: S608 - a constant table name
        with op.batch_alter_table(table, recreate=_recreate()) as batch_op:
            if table == "sandbox_phone_numbers":
                batch_op.drop_constraint(NEW_PHONE_UNIQUE, type_="unique")
            for _old, new, _columns in INDEXES[table]:
                batch_op.drop_index(new)
            batch_op.drop_constraint(
                f"fk_{table}_organization_id_organizations", type_="foreignkey"
            )
            batch_op.drop_column("organization_id")
            batch_op.add_column(sa.Column("org_id", sa.String(length=64), nullable=False))
            for old, _new, columns in INDEXES[table]:
                batch_op.create_index(old, ["org_id", *columns], unique=False)
            if table == "sandbox_phone_numbers":
                batch_op.create_unique_constraint(OLD_PHONE_UNIQUE, ["org_id", "number"])
