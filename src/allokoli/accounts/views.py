"""HTML pages: sign-up, log-in, log-out, the account (password, sessions), API keys."""

from __future__ import annotations

import uuid
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from pydantic import ValidationError
from sqlalchemy.orm import Session

from allokoli.accounts import service, sessions
from allokoli.accounts.schemas import PASSWORD_MIN, SIGNUP_FIELD_MESSAGES, SignupIn
from allokoli.auth.credentials import principal_for
from allokoli.auth.principal import Principal
from allokoli.auth.repository import IdentityRepository
from allokoli.http.deps import (
    CurrentPrincipal,
    DbSession,
    MaybePrincipal,
    ServicesDep,
    client_ip,
    get_settings,
    login_session,
    logout_session,
    verify_csrf,
)
from allokoli.kit.crypto import SecretBox
from allokoli.kit.errors import AppError
from allokoli.legal import content as legal
from allokoli.settings import Settings
from allokoli.web.templating import render

router = APIRouter(include_in_schema=False)
Csrf = Depends(verify_csrf)

FIELD_MESSAGES = SIGNUP_FIELD_MESSAGES


@router.get("/signup")
def signup_page(request: Request, principal: MaybePrincipal) -> Response:
    if principal is not None:
        return RedirectResponse("/dashboard", status_code=303)
    return _signup_page(request, {}, {})


def _signup_page(
    request: Request, values: dict[str, Any], errors: dict[str, str], status_code: int = 200
) -> HTMLResponse:
    ctx = {"values": values, "errors": errors, "terms_version_label": legal.VERSION_LABEL}
    return render(request, "auth/signup.html", ctx, status_code=status_code)


@router.post("/signup", dependencies=[Csrf])
def signup_submit(
    request: Request,
    session: DbSession,
    services: ServicesDep,
    email: Annotated[str, Form()] = "",
    password: Annotated[str, Form()] = "",
    organization_name: Annotated[str, Form()] = "",
    consent: Annotated[str | None, Form()] = None,
) -> Response:
    values = {"email": email, "organization_name": organization_name, "consent": bool(consent)}
    try:
        data = SignupIn(
            email=email,
            password=password,
            organization_name=organization_name,
            consent=bool(consent),
        )
    except ValidationError as exc:
        errors = {str(e["loc"][0]): FIELD_MESSAGES[str(e["loc"][0])] for e in exc.errors()}
        return _signup_page(request, values, errors, status_code=422)
    try:
        box = SecretBox(services.settings.secret_key.get_secret_value())
        result = service.signup(session, data, box=box)
    except AppError as exc:
        field_errors = {e["field"]: e["message"] for e in exc.extra.get("errors", [])}
        return _signup_page(
            request, values, field_errors or {"form": exc.detail}, status_code=exc.status_code
        )
    principal = principal_for(IdentityRepository(session), result.user, result.membership)
    login_session(request, session, principal)
    request.session["flash"] = "Bienvenue sur AlloKoli ! Votre compte est créé."
    return RedirectResponse("/dashboard", status_code=303)


@router.get("/login")
def login_page(request: Request, principal: MaybePrincipal) -> Response:
    if principal is not None:
        return RedirectResponse("/dashboard", status_code=303)
    return render(request, "auth/login.html", {"values": {}, "error": None})


@router.post("/login", dependencies=[Csrf])
def login_submit(
    request: Request,
    session: DbSession,
    settings: Annotated[Settings, Depends(get_settings)],
    email: Annotated[str, Form()] = "",
    password: Annotated[str, Form()] = "",
) -> Response:
    result = service.login(
        session,
        email=email,
        password=password,
        ip=client_ip(request),
        max_failures=settings.login_max_failures,
        window_s=settings.login_window_seconds,
        max_failures_per_ip=settings.login_max_failures_per_ip,
    )
    if result.principal is None or result.user is None:
        status = 429 if result.retry_after else 401
        response = render(
            request,
            "auth/login.html",
            {"values": {"email": email}, "error": result.error},
            status_code=status,
        )
        if result.retry_after:
            response.headers["Retry-After"] = str(result.retry_after)
        return response
    login_session(request, session, result.principal)
    next_url = request.query_params.get("next", "/dashboard")
    if not next_url.startswith("/") or next_url.startswith("//"):
        next_url = "/dashboard"
    return RedirectResponse(next_url, status_code=303)


@router.post("/logout", dependencies=[Csrf])
def logout(request: Request, session: DbSession) -> Response:
    logout_session(request, session)
    request.session["flash"] = "Vous êtes déconnecté."
    return RedirectResponse("/login", status_code=303)


@router.get("/settings/api-keys")
def api_keys_page(
    request: Request, principal: CurrentPrincipal, session: DbSession
) -> HTMLResponse:
    keys = service.list_api_keys(session, principal)
    return render(request, "settings/api_keys.html", {"keys": keys, "new_key": None})


@router.post("/settings/api-keys", dependencies=[Csrf])
def api_keys_create(
    request: Request,
    principal: CurrentPrincipal,
    session: DbSession,
    name: Annotated[str, Form()] = "Clé API",
) -> HTMLResponse:
    name = name.strip()[:80] or "Clé API"
    _key, full = service.create_api_key(session, principal, name)
    keys = service.list_api_keys(session, principal)
    return render(request, "settings/api_keys.html", {"keys": keys, "new_key": full})


@router.post("/settings/api-keys/{key_id}/revoke", dependencies=[Csrf])
def api_keys_revoke(
    key_id: uuid.UUID, request: Request, principal: CurrentPrincipal, session: DbSession
) -> Response:
    service.revoke_api_key(session, principal, key_id)
    request.session["flash"] = "La clé API a été révoquée."
    return RedirectResponse("/settings/api-keys", status_code=303)


def _account_page(
    request: Request,
    principal: Principal,
    session: Session,
    *,
    errors: dict[str, str] | None = None,
    status_code: int = 200,
) -> HTMLResponse:
    return render(
        request,
        "settings/account.html",
        {
            "sessions": sessions.active(session, principal),
            "current_session": principal.session_id,
            "errors": errors or {},
            "password_min": PASSWORD_MIN,
        },
        status_code=status_code,
    )


@router.get("/settings/account")
def account_page(request: Request, principal: CurrentPrincipal, session: DbSession) -> Response:
    return _account_page(request, principal, session)


@router.post("/settings/account/password", dependencies=[Csrf])
def account_password(
    request: Request,
    principal: CurrentPrincipal,
    session: DbSession,
    current: Annotated[str, Form()] = "",
    new: Annotated[str, Form()] = "",
) -> Response:
    try:
        service.change_password(session, principal, current=current, new=new)
    except AppError as exc:
        errors = {e["field"]: e["message"] for e in exc.extra.get("errors", [])}
        return _account_page(
            request,
            principal,
            session,
            errors=errors or {"form": exc.detail},
            status_code=exc.status_code,
        )
    request.session["flash"] = "Mot de passe modifié. Vos autres sessions ont été déconnectées."
    return RedirectResponse("/settings/account", status_code=303)


@router.post("/settings/account/sessions/revoke-all", dependencies=[Csrf])
def account_revoke_all(
    request: Request, principal: CurrentPrincipal, session: DbSession
) -> Response:
    sessions.end_all(session, principal)
    request.session.clear()
    request.session["flash"] = "Toutes vos sessions ont été déconnectées, celle-ci comprise."
    return RedirectResponse("/login", status_code=303)
