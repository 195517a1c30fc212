"""Sandbox credentials: one random bearer token per organisation, sealed at rest.

Issued at sign-up (`issue`), or on first use for an organisation that predates them
(`token_for`). The token is stored sealed (`kit.crypto.SecretBox`) so that AlloKoli can present
it to the sandbox, and hashed (SHA-256) so that the sandbox can find whose it is. That lookup
happens before the tenant is known: on PostgreSQL it goes through the SECURITY DEFINER function
`allokoli_find_sandbox_key` (migration 0008), like API keys, because `sandbox_keys` is under
row-level security.
"""

from __future__ import annotations

import uuid

from sqlalchemy import select, text
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from allokoli.db.session import Database, bind_tenant
from allokoli.kit.crypto import SealedValueError, SecretBox
from allokoli.kit.security import random_token, sha256_hex
from allokoli.sandbox.models import SandboxKey

_PG_LOOKUP = text("SELECT allokoli_find_sandbox_key(:h)")
_LOOKUP = text("SELECT organization_id FROM sandbox_keys WHERE token_hash = :h")


def _new_token() -> str:
    return random_token(32)


def issue(session: Session, box: SecretBox, organization_id: uuid.UUID) -> str:
    """Create the organisation's sandbox credential (a new organisation has none)."""
    bind_tenant(session, organization_id)
    token = _new_token()
    session.add(
        SandboxKey(
            organization_id=organization_id,
            token_hash=sha256_hex(token),
            token_sealed=box.seal(token),
        )
    )
    session.flush()
    return token


def token_in(session: Session, box: SecretBox, organization_id: uuid.UUID) -> str:
    """The organisation's sandbox token, created now if it has none (or if it was sealed with
    a former secret key: the sandbox's data belongs to the organisation, not to the token)."""
    bind_tenant(session, organization_id)
    row = session.scalar(select(SandboxKey).where(SandboxKey.organization_id == organization_id))
    if row is not None:
        try:
            return box.open(row.token_sealed)
        except SealedValueError:
            token = _new_token()
            row.token_hash, row.token_sealed = sha256_hex(token), box.seal(token)
            session.flush()
            return token
    try:
        with session.begin_nested():
            return issue(session, box, organization_id)
    except IntegrityError:  # created meanwhile by a concurrent first use
        return token_in(session, box, organization_id)


def token_for(db: Database, box: SecretBox, organization_id: uuid.UUID) -> str:
    """`token_in`, in a short transaction of its own (for gateways built outside a request)."""
    with db.unit_of_work(tenant_id=organization_id) as session:
        return token_in(session, box, organization_id)


def organization_of(session: Session, token: str) -> uuid.UUID | None:
    """Whose sandbox token this is, or None. Runs before any tenant is bound."""
    if not token:
        return None
    postgres = session.get_bind().dialect.name == "postgresql"
    value = session.scalar(_PG_LOOKUP if postgres else _LOOKUP, {"h": sha256_hex(token)})
    return None if value is None else uuid.UUID(str(value))
