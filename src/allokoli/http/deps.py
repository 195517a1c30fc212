"""FastAPI dependencies shared by the API and the HTML views: the app's `Services`, the unit of
work, the caller (principal) and CSRF protection."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace
from typing import TYPE_CHECKING, Annotated

from fastapi import BackgroundTasks, Depends, FastAPI, Request
from sqlalchemy.orm import Session

from allokoli.auth import sessions
from allokoli.auth.credentials import authenticate_api_key, principal_for
from allokoli.auth.principal import Principal
from allokoli.auth.repository import IdentityRepository
from allokoli.db.session import Database
from allokoli.kit.errors import CSRFError, Unauthorized
from allokoli.kit.security import random_token, same
from allokoli.settings import Settings

if TYPE_CHECKING:
    # Type only: `Services` is the composition root, above every feature; this module sits
    # below them and only hands the object on (checked by import-linter and mypy).
    from allokoli.services import Services

SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})
CSRF_FIELD = "csrf_token"
CSRF_HEADER = "x-csrf-token"


class AlloKoliApp(FastAPI):
    """The FastAPI app with its one piece of state, typed: the `Services` that `create_app`
    attaches. Routes and views reach it through `ServicesDep` (or `services_of`), never through
    the untyped Starlette state object."""

    services: Services


def services_of(request: Request) -> Services:
    """The `Services` of the app that serves `request`."""
    app = request.app
    if not isinstance(app, AlloKoliApp):  # pragma: no cover - a wiring mistake, not a request's
        raise TypeError("the request is not served by an app built by create_app")
    return app.services


async def _services(request: Request) -> Services:
    # async: resolved on the event loop, without a thread hand-over (the webhook route's path).
    return services_of(request)


ServicesDep = Annotated["Services", Depends(_services)]


def get_settings(services: ServicesDep) -> Settings:
    return services.settings


def get_database(services: ServicesDep) -> Database:
    return services.db


def _unit_of_work(services: ServicesDep, background: BackgroundTasks) -> Iterator[Session]:
    """One request, one transaction: committed before the response is sent, or rolled back.
    What must follow the commit (`db.session.after_commit`) runs after the response is sent."""
    with services.db.unit_of_work(run_after_commit=background.add_task) as session:
        yield session


DbSession = Annotated[Session, Depends(_unit_of_work, scope="function")]


def csrf_token(request: Request) -> str:
    """The CSRF token bound to this browser's session (created on first use)."""
    token = request.session.get("csrf")
    if not token:
        token = random_token(24)
        request.session["csrf"] = token
    return str(token)


async def verify_csrf(request: Request) -> None:
    """For browser requests that change state: the token in the form or the header must match."""
    expected = request.session.get("csrf")
    sent = request.headers.get(CSRF_HEADER)
    if sent is None and request.headers.get("content-type", "").startswith(
        ("application/x-www-form-urlencoded", "multipart/form-data")
    ):
        form = await request.form()
        value = form.get(CSRF_FIELD)
        sent = value if isinstance(value, str) else None
    if not expected or not sent or not same(str(expected), sent):
        raise CSRFError()


#: The session cookie's key for the session token (the only identity the cookie carries).
SESSION_TOKEN = "sid"  # noqa: S105 - a key name, not a secret


def _session_principal(request: Request, session: Session) -> Principal | None:
    token = request.session.get(SESSION_TOKEN)
    if not isinstance(token, str) or not token:
        return None
    row = sessions.resolve(session, token)
    if row is None:
        # Revoked or expired: forget the token so that the next requests skip the look-up.
        request.session.pop(SESSION_TOKEN, None)
        return None
    repo = IdentityRepository(session)
    user = repo.user(row.user_id)
    membership = repo.membership(row.user_id, row.organization_id)
    if user is None or membership is None:
        return None
    return replace(principal_for(repo, user, membership), session_id=row.id)


def optional_principal(request: Request, session: DbSession) -> Principal | None:
    """Bearer API key, else the session cookie, else None."""
    auth = request.headers.get("authorization")
    if auth:
        scheme, _, value = auth.partition(" ")
        if scheme.lower() != "bearer" or not value.strip():
            raise Unauthorized("En-tête Authorization invalide : attendu « Bearer <clé API> ».")
        by_key = authenticate_api_key(session, value.strip())
        request.state.principal = by_key
        return by_key
    principal = _session_principal(request, session)
    request.state.principal = principal
    return principal


async def _api_csrf(request: Request) -> None:
    unsafe = request.method not in SAFE_METHODS
    if unsafe and not request.headers.get("authorization") and request.session.get(SESSION_TOKEN):
        await verify_csrf(request)


def require_principal(
    principal: Annotated[Principal | None, Depends(optional_principal)],
    _csrf: Annotated[None, Depends(_api_csrf)],
) -> Principal:
    if principal is None:
        raise Unauthorized()
    return principal


CurrentPrincipal = Annotated[Principal, Depends(require_principal)]
MaybePrincipal = Annotated[Principal | None, Depends(optional_principal)]


def client_ip(request: Request) -> str:
    """The client's IP, as `TrustedProxyMiddleware` resolved it (X-Forwarded-For is believed
    only from ALLOKOLI_TRUSTED_PROXIES): the one source of the address for every use."""
    return request.client.host if request.client else "unknown"


def login_session(request: Request, session: Session, principal: Principal) -> None:
    """Open a server-side session for the user and put only its token (and a fresh CSRF
    token) in the cookie: whatever the cookie held before is dropped (no session fixation)."""
    token = sessions.start(
        session,
        principal,
        user_agent=request.headers.get("user-agent", ""),
        ip=client_ip(request),
    )
    request.session.clear()
    request.session.update({SESSION_TOKEN: token, "csrf": random_token(24)})


def logout_session(request: Request, session: Session) -> None:
    """End the cookie's session server-side and empty the cookie."""
    token = request.session.get(SESSION_TOKEN)
    if isinstance(token, str) and token:
        sessions.end(session, token)
    request.session.clear()
