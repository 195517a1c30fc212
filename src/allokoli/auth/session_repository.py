"""SQL for browser sessions (`user_sessions`).

Three operations cannot be scoped to one tenant: finding a session from its token (the tenant is
not known yet), revoking every session of a user (they may span organisations) and purging
ended sessions (every organisation's). On PostgreSQL each goes through a SECURITY DEFINER
function (migrations 0011 and 0013); everything else is an ordinary tenant-scoped query.
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import delete, or_, select, text, update
from sqlalchemy.orm import Session

from allokoli.kit.errors import NotFound
from allokoli.models import UserSession
from allokoli.tenancy import TenantRepository

_PG_FIND = text(
    "SELECT id, organization_id, user_id, created_at, last_seen_at, revoked_at "
    "FROM allokoli_find_user_session(:h)"
)
_PG_REVOKE_USER = text("SELECT allokoli_revoke_user_sessions(:u, :keep, :at)")
_PG_PURGE = text("SELECT allokoli_purge_user_sessions(:revoked_before, :created_before)")


@dataclass(frozen=True)
class SessionRow:
    id: uuid.UUID
    organization_id: uuid.UUID
    user_id: uuid.UUID
    created_at: datetime
    last_seen_at: datetime
    revoked_at: datetime | None


def _is_postgres(session: Session) -> bool:
    return session.get_bind().dialect.name == "postgresql"


def find_by_hash(session: Session, token_hash: str) -> SessionRow | None:
    """The session whose token hashes to `token_hash`, whatever its organisation."""
    if _is_postgres(session):
        row = session.execute(_PG_FIND, {"h": token_hash}).first()
        if row is None:
            return None
        return SessionRow(
            id=row.id,
            organization_id=row.organization_id,
            user_id=row.user_id,
            created_at=row.created_at,
            last_seen_at=row.last_seen_at,
            revoked_at=row.revoked_at,
        )
    found = session.scalar(select(UserSession).where(UserSession.token_hash == token_hash))
    if found is None:
        return None
    return SessionRow(
        id=found.id,
        organization_id=found.organization_id,
        user_id=found.user_id,
        created_at=found.created_at,
        last_seen_at=found.last_seen_at,
        revoked_at=found.revoked_at,
    )


def revoke_for_user(
    session: Session, user_id: uuid.UUID, at: datetime, *, keep: uuid.UUID | None = None
) -> int:
    """Revoke every live session of the user (in every organisation), except `keep`."""
    if _is_postgres(session):
        count = session.scalar(_PG_REVOKE_USER, {"u": user_id, "keep": keep, "at": at})
        return int(count or 0)
    stmt = update(UserSession).where(
        UserSession.user_id == user_id, UserSession.revoked_at.is_(None)
    )
    if keep is not None:
        stmt = stmt.where(UserSession.id != keep)
    result = session.execute(
        stmt.values(revoked_at=at), execution_options={"synchronize_session": False}
    )
    return int(result.rowcount or 0)  # type: ignore[attr-defined]


def purge_ended(session: Session, *, revoked_before: datetime, created_before: datetime) -> int:
    """Delete, in every organisation, the sessions revoked before `revoked_before` or created
    before `created_before` (the caller turns the lifetime and the retention into those)."""
    if _is_postgres(session):
        count = session.scalar(
            _PG_PURGE, {"revoked_before": revoked_before, "created_before": created_before}
        )
        return int(count or 0)
    result = session.execute(
        delete(UserSession).where(
            or_(
                UserSession.revoked_at < revoked_before,
                UserSession.created_at < created_before,
            )
        ),
        execution_options={"synchronize_session": False},
    )
    return int(result.rowcount or 0)  # type: ignore[attr-defined]


class UserSessionRepository(TenantRepository[UserSession]):
    model = UserSession
    not_found = "Session introuvable."

    def active_for_user(self, user_id: uuid.UUID, since: datetime) -> Sequence[UserSession]:
        return self.list(
            self.scoped()
            .where(
                UserSession.user_id == user_id,
                UserSession.revoked_at.is_(None),
                UserSession.created_at >= since,
            )
            .order_by(UserSession.last_seen_at.desc())
        )

    def touch(self, session_id: uuid.UUID, at: datetime) -> None:
        self.session.execute(
            update(UserSession)
            .where(
                UserSession.id == session_id,
                UserSession.organization_id == self.tenant.organization_id,
            )
            .values(last_seen_at=at),
            execution_options={"synchronize_session": False},
        )

    def revoke(self, session_id: uuid.UUID, at: datetime) -> None:
        row = self.find(session_id)
        if row is None:
            raise NotFound(self.not_found)
        if row.revoked_at is None:
            row.revoked_at = at
            self.session.flush()

    def revoke_all(self, at: datetime) -> int:
        """Every live session of the organisation (an admin API key ending them all)."""
        result = self.session.execute(
            update(UserSession)
            .where(
                UserSession.organization_id == self.tenant.organization_id,
                UserSession.revoked_at.is_(None),
            )
            .values(revoked_at=at),
            execution_options={"synchronize_session": False},
        )
        return int(result.rowcount or 0)  # type: ignore[attr-defined]
