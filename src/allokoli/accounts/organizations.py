"""Reads over every organisation, for the background jobs (reconciliation, purge).

Organisations are identity, not tenant data (no RLS): the jobs list them first, then work inside
one unit of work bound to each organisation.
"""

from __future__ import annotations

import uuid

from sqlalchemy import select
from sqlalchemy.orm import Session

from allokoli.models import Organization


def retention_by_organization(
    session: Session, only: uuid.UUID | None = None
) -> dict[uuid.UUID, int]:
    """{organisation id: retention in days}, for all organisations or just `only`."""
    stmt = select(Organization.id, Organization.retention_days).order_by(Organization.created_at)
    if only is not None:
        stmt = stmt.where(Organization.id == only)
    return {row[0]: int(row[1]) for row in session.execute(stmt)}
