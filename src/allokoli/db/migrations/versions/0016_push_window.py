"""push window: when pushes of an assistant were sent without their outcome recorded

Revision ID: 0016
Revises: 0015
Create Date: 2026-12-05 22:00:00

`assistants.push_sent_first_at` / `push_sent_last_at` bound the retry-safety lookup at the
provider (assistants created in that window only, never the whole account). Numbered 0016 to
follow the job engine's 0014 and the terms version's 0015.
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from allokoli.db.base import UTCDateTime

revision: str = "0016"
down_revision: str | None = "0015"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("assistants") as batch:
        batch.add_column(sa.Column("push_sent_first_at", UTCDateTime(timezone=True), nullable=True))
        batch.add_column(sa.Column("push_sent_last_at", UTCDateTime(timezone=True), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("assistants") as batch:
        batch.drop_column("push_sent_last_at")
        batch.drop_column("push_sent_first_at")
