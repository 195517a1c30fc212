"""terms version: which version of the terms and privacy policy each user accepted

Revision ID: 0015
Revises: 0014
Create Date: 2026-12-05 22:00:00

Sign-up records `legal.content.VERSION` next to `consent_at`. Users who signed up before keep
NULL: their consent is dated, its text is not known.
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0015"
down_revision: str | None = "0014"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("users") as batch:
        batch.add_column(sa.Column("terms_version", sa.String(length=32), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("users") as batch:
        batch.drop_column("terms_version")
