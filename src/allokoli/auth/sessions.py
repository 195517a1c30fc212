"""Browser sessions kept server-side, so that they can be ended: logout, password change,
« déconnecter toutes les sessions ».

The cookie (signed by the SessionMiddleware) identifies the user only through a random token;
the database holds its SHA-256 with the user, organisation, times, user agent and IP. Every
request looks the token up: a revoked or expired session is no session, whatever the cookie.
"""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy.orm import Session

from allokoli.auth import session_repository as repo
from allokoli.auth.principal import Principal
from allokoli.auth.session_repository import SessionRow, UserSessionRepository
from allokoli.kit.clock import utcnow
from allokoli.kit.security import random_token, sha256_hex
from allokoli.models import UserSession
from allokoli.tenancy import Tenant

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
