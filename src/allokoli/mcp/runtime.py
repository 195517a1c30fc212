"""What a tool call needs: the app's wiring, and who is calling.

`Runtime` reads the app's state at call time (tests and the stdio command swap HTTP clients in
`app.state` after the app is built). `Identity` turns a tool call into a `Principal`: over HTTP
the endpoint authenticated the request's Bearer key; over stdio the key given at start is checked
again on every call, so revoking it takes effect at once.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any, Protocol

from sqlalchemy.orm import Session
from starlette.datastructures import State

from allokoli.auth.credentials import authenticate_api_key
from allokoli.auth.principal import Principal
from allokoli.db.session import Database, bind_tenant
from allokoli.deploy.service import Dispatcher
from allokoli.kit.errors import Unauthorized
from allokoli.providers.twilio import TwilioGateway
from allokoli.providers.vapi import GatewayFactory, VapiGateway
from allokoli.settings import Settings

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
    state: State
    identity: Identity

    @property
    def db(self) -> Database:
        return self.state.db  # type: ignore[no-any-return]

    @property
    def settings(self) -> Settings:
        return self.state.settings  # type: ignore[no-any-return]

    @property
    def dispatcher(self) -> Dispatcher:
        return self.state.dispatcher  # type: ignore[no-any-return]

    def gateway(self, organization_id: uuid.UUID) -> VapiGateway:
        factory: GatewayFactory = self.state.gateway_factory
        return factory(organization_id)

    def twilio(self) -> TwilioGateway | None:
        factory: Callable[[], TwilioGateway | None] = self.state.twilio_factory
        return factory()

    @contextmanager
    def unit(self, ctx: Any) -> Iterator[tuple[Session, Principal]]:
        """One transaction scoped to the caller's organisation (committed when the block ends)."""
        with self.db.unit_of_work() as session:
            principal = self.identity.principal(session, ctx)
            bind_tenant(session, principal.organization_id)
            yield session, principal
