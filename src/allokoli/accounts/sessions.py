"""Managing a user's browser sessions: « déconnecter toutes les sessions », the list of live
sessions, ending them on a password change. Opening, resolving and ending one session is
`auth.sessions` (who is calling)."""

from __future__ import annotations

import logging
import uuid
from collections.abc import Sequence
from datetime import datetime, timedelta

from sqlalchemy.orm import Session

from allokoli.audit import service as audit
from allokoli.auth import session_repository as repo
from allokoli.auth.principal import Principal
from allokoli.auth.session_repository import UserSessionRepository
from allokoli.auth.sessions import LIFETIME
from allokoli.db.session import Database
from allokoli.kit.clock import utcnow
from allokoli.models import UserSession

log = logging.getLogger("allokoli.sessions")


def end_all_for_user(
    session: Session, principal: Principal, *, keep: uuid.UUID | None = None, reason: str
) -> int:
    """End every session of the principal's user (all organisations), except `keep`."""
    if principal.user_id is None:
        raise ValueError("an API key has no sessions of its own")
    count = repo.revoke_for_user(session, principal.user_id, utcnow(), keep=keep)
    audit.record(
        session,
        principal.tenant,
        actor=principal.actor,
        entity="user_session",
        entity_id=principal.user_id,
        action="delete",
        details={"count": count, "reason": reason},
    )
    return count


def end_all(session: Session, principal: Principal) -> int:
    """« Déconnecter toutes les sessions »: a user's own everywhere; for an API key (an admin of
    the organisation, no user), every browser session of the organisation."""
    if principal.user_id is not None:
        return end_all_for_user(session, principal, reason="logout_all")
    count = UserSessionRepository(session, principal.tenant).revoke_all(utcnow())
    audit.record(
        session,
        principal.tenant,
        actor=principal.actor,
        entity="user_session",
        entity_id=None,
        action="delete",
        details={"count": count, "reason": "logout_all_organization"},
    )
    return count


def active(session: Session, principal: Principal) -> Sequence[UserSession]:
    """The user's live sessions in this organisation, most recently seen first."""
    if principal.user_id is None:
        return []
    return UserSessionRepository(session, principal.tenant).active_for_user(
        principal.user_id, utcnow() - LIFETIME
    )


def purge_ended(session: Session, retention: timedelta, *, now: datetime | None = None) -> int:
    """Delete the sessions of every organisation that ended (revoked, or past `LIFETIME`) more
    than `retention` ago; returns how many. Live sessions are never touched."""
    cutoff = (now or utcnow()) - retention
    return repo.purge_ended(session, revoked_before=cutoff, created_before=cutoff - LIFETIME)


def purge(db: Database, retention: timedelta) -> int:
    """`purge_ended` in a transaction of its own (the server's periodic job, the CLI)."""
    with db.unit_of_work() as session:
        count = purge_ended(session, retention)
    if count:
        log.info("purged %d ended browser session(s)", count)
    return count
