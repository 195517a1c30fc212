from __future__ import annotations

import uuid

from fastapi import APIRouter, status

from allokoli.accounts import service, sessions
from allokoli.accounts.schemas import (
    ApiKeyCreate,
    ApiKeyCreated,
    ApiKeyOut,
    MeOut,
    OrganizationOut,
    SessionsRevoked,
)
from allokoli.auth.repository import IdentityRepository
from allokoli.http.deps import CurrentPrincipal, DbSession
from allokoli.kit.errors import NotFound

router = APIRouter(prefix="/api/v1", tags=["accounts"])


@router.get("/me", operation_id="accounts-me")
def me(principal: CurrentPrincipal, session: DbSession) -> MeOut:
    """The caller: user (or API key) and organisation."""
    org = IdentityRepository(session).organization(principal.organization_id)
    if org is None:
        raise NotFound("Organisation introuvable.")
    return MeOut(
        user_id=principal.user_id,
        email=principal.email,
        role=principal.role,
        organization=OrganizationOut.model_validate(org),
        via="api_key" if principal.api_key_id else "session",
    )


@router.delete("/me/sessions", operation_id="accounts-revoke_sessions")
def revoke_sessions(principal: CurrentPrincipal, session: DbSession) -> SessionsRevoked:
    """End browser sessions: the caller's own (this one too) with a session, every session of
    the organisation with an API key."""
    return SessionsRevoked(revoked=sessions.end_all(session, principal))


@router.get("/api-keys", operation_id="accounts-list_api_keys")
def list_api_keys(principal: CurrentPrincipal, session: DbSession) -> list[ApiKeyOut]:
    """API keys of the organisation (never the secret)."""
    return [ApiKeyOut.model_validate(k) for k in service.list_api_keys(session, principal)]


@router.post(
    "/api-keys", status_code=status.HTTP_201_CREATED, operation_id="accounts-create_api_key"
)
def create_api_key(
    body: ApiKeyCreate, principal: CurrentPrincipal, session: DbSession
) -> ApiKeyCreated:
    """Create an API key; the full key is in this response only."""
    key, full = service.create_api_key(session, principal, body.name)
    return ApiKeyCreated(**ApiKeyOut.model_validate(key).model_dump(), key=full)


@router.get("/api-keys/{key_id}", operation_id="accounts-get_api_key")
def get_api_key(key_id: uuid.UUID, principal: CurrentPrincipal, session: DbSession) -> ApiKeyOut:
    """One API key of the organisation."""
    return ApiKeyOut.model_validate(service.ApiKeyRepository(session, principal.tenant).get(key_id))


@router.delete("/api-keys/{key_id}", operation_id="accounts-revoke_api_key")
def revoke_api_key(key_id: uuid.UUID, principal: CurrentPrincipal, session: DbSession) -> ApiKeyOut:
    """Revoke an API key (it stops working at once)."""
    return ApiKeyOut.model_validate(service.revoke_api_key(session, principal, key_id))
