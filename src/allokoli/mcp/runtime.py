"""What a tool call needs: the process's `Services`, and who is calling.

`Identity` turns a tool call into a `Principal`: over HTTP the endpoint authenticated the
request's Bearer key; over stdio the key given at start is checked again on every call, so
revoking it takes effect at once. A tool reaches its `Runtime` through its context
(`mcp.server.runtime(ctx)`): the server it runs on carries it.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any, Protocol

from sqlalchemy.orm import Session

from allokoli.auth.credentials import authenticate_api_key
from allokoli.auth.principal import Principal
from allokoli.db.session import bind_tenant
from allokoli.kit.errors import Unauthorized
from allokoli.services import Services

PRINCIPAL_SCOPE_KEY = "allokoli.principal"
"""Where the HTTP endpoint leaves the authenticated `Principal` in the ASGI scope."""


class Identity(Protocol):
    def principal(self, session: Session, ctx: Any) -> Principal: ...


@dataclass(frozen=True)
class ApiKeyIdentity:
    """stdio: one API key for the whole process, re-checked on every call."""

    raw_key: str

    def principal(self, session: Session, ctx: Any) -> Principal:
        return authenticate_api_key(session, self.raw_key)


class RequestIdentity:
    """HTTP: the principal the `/mcp` endpoint authenticated for the current request."""

    def principal(self, session: Session, ctx: Any) -> Principal:
        request = getattr(ctx.request_context, "request", None)
        scope = getattr(request, "scope", None) or {}
        principal = scope.get(PRINCIPAL_SCOPE_KEY)
        if not isinstance(principal, Principal):
            raise Unauthorized()
        return principal


@dataclass(frozen=True)
class Runtime:
    services: Services
    identity: Identity

    @contextmanager
    def unit(self, ctx: Any) -> Iterator[tuple[Session, Principal]]:
        """One transaction scoped to the caller's organisation (committed when the block ends)."""
        with self.services.db.unit_of_work() as session:
            principal = self.identity.principal(session, ctx)
            bind_tenant(session, principal.organization_id)
            yield session, principal
