"""webhook idempotency: one taken message per live tool call

A tool call retried by Vapi, delivered to several workers at once, could store its message
several times. The tool call is now run once (its inbox row is claimed first); this unique index
on `taken_messages (organization_id, tool_call_id)` is the database's wall behind that. NULLs are
distinct in a unique index on both databases, so messages kept from an end-of-call report (no
tool call id) are not concerned.

Copies stored before this revision are removed first: for each tool call, the oldest row is kept.
On PostgreSQL the owner running the migration is itself subject to the forced row-level security
(no tenant is bound here), so FORCE is lifted for the clean-up and put back.

A unique index, not a constraint: created in place on SQLite (no batch "move and copy" of the
table), and `ON CONFLICT (organization_id, tool_call_id)` works with either.

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-04 20:35:00
"""

from __future__ import annotations

from collections.abc import Sequence

from alembic import op

revision: str = "0010"
down_revision: str | None = "0009"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

INDEX = "uq_taken_messages_org_tool_call"

# Portable SQL (no DELETE … USING on SQLite): a row goes when an older copy of it exists.
DELETE_COPIES = """
DELETE FROM taken_messages
WHERE tool_call_id IS NOT NULL AND EXISTS (
    SELECT 1 FROM taken_messages AS older
    WHERE older.organization_id = taken_messages.organization_id
      AND older.tool_call_id = taken_messages.tool_call_id
      AND (older.created_at < taken_messages.created_at
           OR (older.created_at = taken_messages.created_at AND older.id < taken_messages.id))
)
"""


def upgrade() -> None:
    postgres = op.get_bind().dialect.name == "postgresql"
    if postgres:
        op.execute("ALTER TABLE taken_messages NO FORCE ROW LEVEL SECURITY")
    op.execute(DELETE_COPIES)
    if postgres:
        op.execute("ALTER TABLE taken_messages FORCE ROW LEVEL SECURITY")
    op.create_index(INDEX, "taken_messages", ["organization_id", "tool_call_id"], unique=True)


def downgrade() -> None:
    op.drop_index(INDEX, table_name="taken_messages")
