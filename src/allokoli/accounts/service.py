"""Sign-up, log-in (with throttling) and API keys. No HTTP here: every surface calls these."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import timedelta

from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from allokoli.accounts import sessions
from allokoli.accounts.schemas import PASSWORD_MAX, PASSWORD_MIN, SignupIn
from allokoli.audit import service as audit
from allokoli.auth import session_repository
from allokoli.auth.credentials import API_KEY_PREFIX, principal_for
from allokoli.auth.passwords import hash_password, verify_password
from allokoli.auth.principal import Principal
from allokoli.auth.repository import IdentityRepository
from allokoli.db.session import bind_tenant
from allokoli.kit.clock import utcnow
from allokoli.kit.crypto import SecretBox
from allokoli.kit.errors import Conflict, InvalidInput, NotFound, TooManyRequests, Unauthorized
from allokoli.kit.security import random_token, sha256_hex
from allokoli.legal import content as legal
from allokoli.models import ApiKey, LoginFailure, Membership, Organization, Role, User
from allokoli.sandbox import keys as sandbox_keys
from allokoli.tenancy import Tenant, TenantRepository

LOGIN_FAILED = "E-mail ou mot de passe incorrect."


class EmailTaken(Conflict):
    default_detail = "Un compte existe déjà avec cette adresse e-mail."


class ConsentRequired(InvalidInput):
    default_detail = (
        "Vous devez accepter les conditions d'utilisation et la politique de confidentialité."
    )


class ApiKeyNotFound(NotFound):
    default_detail = "Clé API introuvable."


class WrongCurrentPassword(InvalidInput):
    default_detail = "Le mot de passe actuel est incorrect."


class WeakPassword(InvalidInput):
    default_detail = (
        f"Le nouveau mot de passe doit contenir entre {PASSWORD_MIN} et {PASSWORD_MAX} caractères."
    )


class UnknownUser(NotFound):
    default_detail = "Aucun utilisateur avec cette adresse e-mail."


@dataclass(frozen=True)
class SignupResult:
    user: User
    organization: Organization
    membership: Membership


def signup(session: Session, data: SignupIn, *, box: SecretBox) -> SignupResult:
    """Create a user, their organisation (with its sandbox credential, sealed with `box`) and
    the owner membership, or nothing at all."""
    if not data.consent:
        raise ConsentRequired(
            extra={"errors": [{"field": "consent", "message": ConsentRequired.default_detail}]}
        )
    repo = IdentityRepository(session)
    if repo.user_by_email(data.email) is not None:
        raise EmailTaken(
            extra={"errors": [{"field": "email", "message": EmailTaken.default_detail}]}
        )
    now = utcnow()
    user = User(
        email=data.email,
        password_hash=hash_password(data.password),
        consent_at=now,
        terms_version=legal.VERSION,
    )
    org = Organization(name=data.organization_name)
    try:
        with session.begin_nested():
            repo.add(user, org)
            bind_tenant(session, org.id)  # the membership row is the new tenant's (RLS)
            membership = Membership(organization_id=org.id, user_id=user.id, role=Role.OWNER.value)
            repo.add(membership)
            sandbox_keys.issue(session, box, org.id)
    except IntegrityError as exc:  # a concurrent sign-up with the same e-mail
        raise EmailTaken() from exc
    audit.record(
        session,
        Tenant(org.id),
        actor=f"user:{user.id}",
        entity="organization",
        entity_id=org.id,
        action="create",
        details={"name": org.name},
    )
    return SignupResult(user=user, organization=org, membership=membership)


@dataclass(frozen=True)
class LoginResult:
    principal: Principal | None
    user: User | None = None
    error: str | None = None
    retry_after: int | None = None


def login(
    session: Session,
    *,
    email: str,
    password: str,
    ip: str,
    max_failures: int,
    window_s: int,
    max_failures_per_ip: int | None = None,
) -> LoginResult:
    """Check credentials. Failures are recorded (the caller commits them) and throttled twice:
    per e-mail and IP (`max_failures`: guessing one account's password) and per IP whatever the
    e-mail (`max_failures_per_ip`: trying one password on many accounts).

    Returns a result rather than raising so that the failure row survives the transaction.
    An unknown e-mail and a wrong password give the same message, in the same time.
    """
    email = email.strip().lower()
    repo = IdentityRepository(session)
    now = utcnow()
    since = now - timedelta(seconds=window_s)
    if repo.recent_failures(email, ip, since) >= max_failures or (
        max_failures_per_ip is not None
        and repo.recent_failures_from_ip(ip, since) >= max_failures_per_ip
    ):
        return LoginResult(
            principal=None, error=TooManyRequests.default_detail, retry_after=window_s
        )
    user = repo.user_by_email(email)
    if not verify_password(user.password_hash if user else None, password) or user is None:
        repo.add(LoginFailure(email=email, ip=ip, at=now))
        return LoginResult(principal=None, error=LOGIN_FAILED)
    membership = repo.first_membership(user.id)
    if membership is None:
        repo.add(LoginFailure(email=email, ip=ip, at=now))
        return LoginResult(principal=None, error=LOGIN_FAILED)
    user.last_login_at = now
    return LoginResult(principal=principal_for(repo, user, membership), user=user)


def change_password(session: Session, principal: Principal, *, current: str, new: str) -> None:
    """Replace the user's password and end every session of theirs but the current one (a thief
    holding an old cookie is logged out). Nothing changes when the current password is wrong."""
    user = IdentityRepository(session).user(principal.user_id) if principal.user_id else None
    if user is None:
        raise Unauthorized()
    if not verify_password(user.password_hash, current):
        raise WrongCurrentPassword(
            extra={"errors": [{"field": "current", "message": WrongCurrentPassword.default_detail}]}
        )
    if not PASSWORD_MIN <= len(new) <= PASSWORD_MAX:
        raise WeakPassword(
            extra={"errors": [{"field": "new", "message": WeakPassword.default_detail}]}
        )
    user.password_hash = hash_password(new)
    sessions.end_all_for_user(
        session, principal, keep=principal.session_id, reason="password_change"
    )


def reset_password(session: Session, *, email: str, new: str, actor: str = "cli") -> int:
    """Operator path (CLI): set a user's password without the current one, under the same rules
    as sign-up, and end every session of theirs in every organisation (whoever held one must log
    in again). Returns how many sessions were ended; audited in each of the user's
    organisations."""
    repo = IdentityRepository(session)
    user = repo.user_by_email(email.strip())
    if user is None:
        raise UnknownUser(f"Aucun utilisateur avec l'adresse {email.strip()}.")
    if not PASSWORD_MIN <= len(new) <= PASSWORD_MAX:
        raise WeakPassword()
    user.password_hash = hash_password(new)
    ended = session_repository.revoke_for_user(session, user.id, utcnow())
    for membership in repo.memberships(user.id):
        bind_tenant(session, membership.organization_id)
        audit.record(
            session,
            Tenant(membership.organization_id),
            actor=actor,
            entity="user",
            entity_id=user.id,
            action="password_reset",
            details={"sessions_ended": ended},
        )
    return ended


def create_user(
    session: Session, *, email: str, password: str, org_name: str, box: SecretBox
) -> SignupResult:
    """Operator path (CLI): consent is recorded as given by the operator on the user's behalf."""
    return signup(
        session,
        SignupIn(email=email, password=password, organization_name=org_name, consent=True),
        box=box,
    )


class ApiKeyRepository(TenantRepository[ApiKey]):
    model = ApiKey
    not_found = ApiKeyNotFound.default_detail


def create_api_key(session: Session, principal: Principal, name: str) -> tuple[ApiKey, str]:
    prefix = random_token(9)[:12].replace("-", "x").replace("_", "y")
    secret = random_token(32)
    full = f"{API_KEY_PREFIX}{prefix}_{secret}"
    key = ApiKeyRepository(session, principal.tenant).add(
        ApiKey(name=name, prefix=prefix, key_hash=sha256_hex(full), created_by_id=principal.user_id)
    )
    audit.record(
        session,
        principal.tenant,
        actor=principal.actor,
        entity="api_key",
        entity_id=key.id,
        action="create",
        details={"name": name},
    )
    return key, full


def list_api_keys(session: Session, principal: Principal) -> list[ApiKey]:
    repo = ApiKeyRepository(session, principal.tenant)
    return list(repo.list(repo.scoped().order_by(ApiKey.created_at.desc())))


def revoke_api_key(session: Session, principal: Principal, key_id: uuid.UUID) -> ApiKey:
    key = ApiKeyRepository(session, principal.tenant).get(key_id)
    if key.revoked_at is None:
        key.revoked_at = utcnow()
        audit.record(
            session,
            principal.tenant,
            actor=principal.actor,
            entity="api_key",
            entity_id=key.id,
            action="delete",
            details={"name": key.name},
        )
    return key
