"""Who is calling, from a credential: an API key (`ak_<prefix>_<secret>`), or a user's
membership once the password or the session cookie has been checked."""

from __future__ import annotations

from sqlalchemy.orm import Session

from allokoli.auth.principal import Principal
from allokoli.auth.repository import IdentityRepository
from allokoli.kit.errors import Unauthorized
from allokoli.kit.security import same, sha256_hex
from allokoli.models import Membership, Role, User

API_KEY_PREFIX = "ak_"


class InvalidApiKey(Unauthorized):
    default_detail = "Clé API invalide ou révoquée."


def principal_for(repo: IdentityRepository, user: User, membership: Membership) -> Principal:
    org = repo.organization(membership.organization_id)
    return Principal(
        organization_id=membership.organization_id,
        user_id=user.id,
        role=membership.role,
        email=user.email,
        organization_name=org.name if org else None,
    )


def authenticate_api_key(session: Session, raw: str) -> Principal:
    """Resolve `ak_<prefix>_<secret>` to its organisation, or raise 401."""
    if not raw.startswith(API_KEY_PREFIX) or raw.count("_") < 2:
        raise InvalidApiKey()
    prefix = raw[len(API_KEY_PREFIX) :].split("_", 1)[0]
    repo = IdentityRepository(session)
    row = repo.find_api_key(prefix)
    if row is None or row.revoked_at is not None or not same(row.key_hash, sha256_hex(raw)):
        raise InvalidApiKey()
    org = repo.organization(row.organization_id)
    return Principal(
        organization_id=row.organization_id,
        api_key_id=row.id,
        role=Role.ADMIN.value,
        organization_name=org.name if org else None,
    )
