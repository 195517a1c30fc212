"""Browser sessions kept server-side, so that they can be ended: logout, password change,
« déconnecter toutes les sessions ».

The cookie (signed by the SessionMiddleware) identifies the user only through a random token;
the database holds its SHA-256 with the user, organisation, times, user agent and IP. Every
request looks the token up: a revoked or expired session is no session, whatever the cookie.
"""

from __future__ import annotations

import logging
import uuid
from collections.abc import Sequence
from datetime import datetime, timedelta

from sqlalchemy.orm import Session

from allokoli.accounts import session_repository as repo
from allokoli.accounts.session_repository import SessionRow, UserSessionRepository
from allokoli.audit import service as audit
from allokoli.auth.principal import Principal
from allokoli.db.session import Database
from allokoli.kit.clock import utcnow
from allokoli.kit.security import random_token, sha256_hex
from allokoli.models import UserSession
from allokoli.tenancy import Tenant

log = logging.getLogger("allokoli.sessions")

#: A session ends this long after log-in, whatever its activity (the cookie's max age too).
LIFETIME = timedelta(days=14)
#: `last_seen_at` is written at most this often: not one write per page view.
TOUCH_EVERY = timedelta(minutes=5)
USER_AGENT_MAX = 255


def start(session: Session, principal: Principal, *, user_agent: str, ip: str) -> str:
    """Open a session for a logged-in user; returns the token for the cookie (not stored)."""
    if principal.user_id is None:
        raise ValueError("only a user opens a browser session")
    token = random_token(32)
    UserSessionRepository(session, principal.tenant).add(
        UserSession(
            user_id=principal.user_id,
            token_hash=sha256_hex(token),
            user_agent=user_agent[:USER_AGENT_MAX],
            ip=ip[:64],
        )
    )
    return token


def resolve(session: Session, token: str) -> SessionRow | None:
    """The live session of this token (and note the activity), or None."""
    row = repo.find_by_hash(session, sha256_hex(token))
    now = utcnow()
    if row is None or row.revoked_at is not None or row.created_at + LIFETIME <= now:
        return None
    if now - row.last_seen_at >= TOUCH_EVERY:
        UserSessionRepository(session, Tenant(row.organization_id)).touch(row.id, now)
    return row


def end(session: Session, token: str) -> None:
    """Log out: the session of this token stops working at once, on every copy of the cookie."""
    row = repo.find_by_hash(session, sha256_hex(token))
    if row is not None:
        UserSessionRepository(session, Tenant(row.organization_id)).revoke(row.id, utcnow())


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
