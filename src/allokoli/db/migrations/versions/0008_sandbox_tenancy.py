"""sandbox tenancy

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-04 20:35:00

Owned by the work on:
sandbox isolation (per-organisation credential, organization_id, RLS).
Empty until that work lands: the fixed order of revisions 0008-0012 lets
parallel work add tables without fighting over the chain.
"""

from __future__ import annotations

from collections.abc import Sequence

revision: str = "0008"
down_revision: str | None = "0007"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    pass


def downgrade() -> None:
    pass
