"""SQL for identity tables (users, organisations, memberships, login failures, key lookup).

Users and organisations are identity, not tenant data: they must be read before a tenant is known
(log-in). Memberships are tenant rows under RLS that a user may also read as their own
(`bind_user`). API keys are tenant data under RLS; the one cross-tenant read
(finding a key by its prefix) goes through a SECURITY DEFINER function on PostgreSQL.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import func, select, text
from sqlalchemy.orm import Session

from allokoli.db.session import bind_user
from allokoli.models import LoginFailure, Membership, Organization, User

_PG_KEY_LOOKUP = text(
    "SELECT id, organization_id, key_hash, revoked_at FROM allokoli_find_api_key(:p)"
)
_KEY_LOOKUP = text(
    "SELECT id, organization_id, key_hash, revoked_at FROM api_keys WHERE prefix = :p"
)


@dataclass(frozen=True)
class KeyRow:
    id: uuid.UUID
    organization_id: uuid.UUID
    key_hash: str
    revoked_at: datetime | None


class IdentityRepository:
    def __init__(self, session: Session) -> None:
        self.session = session

    def user_by_email(self, email: str) -> User | None:
        return self.session.scalar(select(User).where(User.email == email.lower()))

    def user(self, user_id: uuid.UUID) -> User | None:
        return self.session.get(User, user_id)

    def organization(self, org_id: uuid.UUID) -> Organization | None:
        return self.session.get(Organization, org_id)

    def organization_ids(self) -> list[uuid.UUID]:
        """Every organisation (periodic jobs that visit each tenant in turn)."""
        return list(self.session.scalars(select(Organization.id).order_by(Organization.id)))

    def organization_by_webhook_key(self, key: str) -> Organization | None:
        return self.session.scalar(select(Organization).where(Organization.webhook_key == key))

    def first_membership(self, user_id: uuid.UUID) -> Membership | None:
        bind_user(self.session, user_id)
        return self.session.scalar(
            select(Membership)
            .where(Membership.user_id == user_id)
            .order_by(Membership.created_at)
            .limit(1)
        )

    def memberships(self, user_id: uuid.UUID) -> list[Membership]:
        bind_user(self.session, user_id)
        return list(
            self.session.scalars(
                select(Membership)
                .where(Membership.user_id == user_id)
                .order_by(Membership.created_at)
            )
        )

    def membership(self, user_id: uuid.UUID, org_id: uuid.UUID) -> Membership | None:
        bind_user(self.session, user_id)
        return self.session.scalar(
            select(Membership).where(
                Membership.user_id == user_id, Membership.organization_id == org_id
            )
        )

    def add(self, *rows: object) -> None:
        self.session.add_all(rows)
        self.session.flush()

    def recent_failures(self, email: str, ip: str, since: datetime) -> int:
        stmt = select(func.count(LoginFailure.id)).where(
            LoginFailure.email == email, LoginFailure.ip == ip, LoginFailure.at >= since
        )
        return int(self.session.scalar(stmt) or 0)

    def recent_failures_from_ip(self, ip: str, since: datetime) -> int:
        stmt = select(func.count(LoginFailure.id)).where(
            LoginFailure.ip == ip, LoginFailure.at >= since
        )
        return int(self.session.scalar(stmt) or 0)

    def find_api_key(self, prefix: str) -> KeyRow | None:
        if self.session.get_bind().dialect.name == "postgresql":
            row = self.session.execute(
                _PG_KEY_LOOKUP,
                {"p": prefix},
            ).first()
        else:
            row = self.session.execute(
                _KEY_LOOKUP,
                {"p": prefix},
            ).first()
        if row is None:
            return None
        revoked = row.revoked_at
        if isinstance(revoked, str):
            revoked = datetime.fromisoformat(revoked)
        return KeyRow(
            id=uuid.UUID(str(row.id)),
            organization_id=uuid.UUID(str(row.organization_id)),
            key_hash=row.key_hash,
            revoked_at=revoked,
        )
