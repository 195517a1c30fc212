"""`create_app(settings)`: the one place where the web app is assembled."""

from __future__ import annotations

import logging
import threading
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

from fastapi import APIRouter, FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, RedirectResponse, Response
from fastapi.staticfiles import StaticFiles
from sqlalchemy.exc import DataError
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.middleware.sessions import SessionMiddleware
from starlette.routing import Route

from allokoli import __version__
from allokoli.accounts import api as accounts_api
from allokoli.accounts import views as accounts_views
from allokoli.assistants import api as assistants_api
from allokoli.assistants import templates_api
from allokoli.assistants import views as assistants_views
from allokoli.audit import api as audit_api
from allokoli.bookings import api as bookings_api
from allokoli.bookings import views as bookings_views
from allokoli.calendars import views as calendars_views
from allokoli.calls import api as calls_api
from allokoli.calls import views as calls_views
from allokoli.configurator import api as configurator_api
from allokoli.configurator import views as configurator_views
from allokoli.configurator import voice_api as configurator_voice_api
from allokoli.configurator import voice_views as configurator_voice_views
from allokoli.dashboard import views as dashboard_views
from allokoli.db.rls import check_app_role
from allokoli.db.session import Database
from allokoli.generation import api as generation_api
from allokoli.http import health
from allokoli.http import metrics as metrics_endpoint
from allokoli.http import openapi as openapi_docs
from allokoli.http.deps import AlloKoliApp
from allokoli.http.methods import allowed_methods
from allokoli.http.middleware import BodyLimitMiddleware, RequestContextMiddleware
from allokoli.http.proxy import TrustedProxyMiddleware
from allokoli.http.ratelimit import RateLimitMiddleware
from allokoli.http.security_headers import SecurityHeadersMiddleware, security_headers
from allokoli.kit.dberrors import DATABASE_ERRORS, DatabaseUnavailable, ValueRefused, unavailable
from allokoli.kit.errors import AppError, TooManyRequests, Unauthorized
from allokoli.kit.logging import configure_logging
from allokoli.kit.shared import SharedStateUnavailable
from allokoli.kit.validation import french_message, location
from allokoli.legal import views as legal_views
from allokoli.mcp import http as mcp_http
from allokoli.mcp.runtime import RequestIdentity
from allokoli.mcp.server import build_server
from allokoli.notifications import api as notifications_api
from allokoli.notifications import views as notifications_views
from allokoli.phone_numbers import api as phone_api
from allokoli.privacy import views as privacy_views
from allokoli.rehearsal import api as rehearsal_api
from allokoli.rehearsal import views as rehearsal_views
from allokoli.routing import api as routing_api
from allokoli.routing import views as routing_views
from allokoli.sandbox import api as sandbox_api
from allokoli.services import Services
from allokoli.settings import Environment, Settings
from allokoli.web.templating import STATIC_DIR, is_htmx, render
from allokoli.webhooks import api as webhooks_api

log = logging.getLogger("allokoli.app")

HTTP_TITLES = {
    400: "Requête invalide",
    401: "Connexion requise",
    403: "Accès refusé",
    404: "Page introuvable",
    405: "Méthode non autorisée",
    413: "Requête trop volumineuse",
    422: "Données invalides",
    429: "Trop de tentatives",
    500: "Erreur interne",
    503: "Service indisponible",
}
HTTP_DETAILS = {
    404: "La page ou la ressource demandée n'existe pas.",
    405: "Cette action n'est pas possible ici.",
    500: "Une erreur inattendue est survenue. Nos équipes sont prévenues.",
}


def _wants_json(request: Request) -> bool:
    path = request.url.path
    return (
        path.startswith(("/api/", "/webhooks/", "/sandbox/", "/mcp"))
        or is_htmx(request)
        or "application/json" in request.headers.get("accept", "")
    )


def _error_response(request: Request, status: int, body: dict[str, Any]) -> Response:
    headers: dict[str, str] = {}
    if _wants_json(request):
        response: Response = JSONResponse(body, status_code=status, headers=headers)
    else:
        if status == 401:
            return RedirectResponse(f"/login?next={request.url.path}", status_code=303)
        response = render(
            request,
            "error.html",
            {"title": HTTP_TITLES.get(status, "Erreur"), "detail": body["detail"]},
            status_code=status,
        )
    return response


def _install_error_handlers(app: FastAPI, settings: Settings) -> None:
    @app.exception_handler(AppError)
    async def app_error(request: Request, exc: AppError) -> Response:
        response = _error_response(request, exc.status_code, exc.envelope())
        if isinstance(exc, TooManyRequests | SharedStateUnavailable | DatabaseUnavailable):
            response.headers["Retry-After"] = str(exc.retry_after)
        if isinstance(exc, Unauthorized) and _wants_json(request):
            response.headers["WWW-Authenticate"] = "Bearer"
        return response

    @app.exception_handler(RequestValidationError)
    async def validation_error(request: Request, exc: RequestValidationError) -> Response:
        errors = [
            {
                "field": location(e, skip=("body", "query", "path")),
                "message": french_message(e),
                "type": e["type"],
            }
            for e in exc.errors()
        ]
        body = {
            "error": "ValidationError",
            "detail": "Certaines informations ne sont pas valides.",
            "errors": errors,
        }
        return _error_response(request, 422, body)

    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, exc: StarletteHTTPException) -> Response:
        detail = HTTP_DETAILS.get(exc.status_code) or HTTP_TITLES.get(exc.status_code, "Erreur")
        name = "NotFound" if exc.status_code == 404 else "HTTPError"
        response = _error_response(request, exc.status_code, {"error": name, "detail": detail})
        response.headers.update(exc.headers or {})
        if exc.status_code == 405:
            response.headers["Allow"] = ", ".join(allowed_methods(app.router.routes, request))
        return response

    @app.exception_handler(DataError)
    async def value_refused(request: Request, exc: DataError) -> Response:
        log.warning(
            "database refused a value on %s %s: %s", request.method, request.url.path, exc.orig
        )
        return _error_response(request, 422, ValueRefused().envelope())

    def db_down(request: Request, exc: BaseException) -> Response:
        log.error("database unreachable on %s %s: %s", request.method, request.url.path, exc)
        err = DatabaseUnavailable()
        response = _error_response(request, 503, err.envelope())
        response.headers["Retry-After"] = str(err.retry_after)
        return response

    async def db_error(request: Request, exc: Exception) -> Response:
        if unavailable(exc):
            return db_down(request, exc)
        return await unexpected(request, exc)

    # Handled inside the middleware stack (logged with the request, security headers added).
    for error in DATABASE_ERRORS:
        app.add_exception_handler(error, db_error)

    @app.exception_handler(Exception)
    async def unexpected(request: Request, exc: Exception) -> Response:
        if unavailable(exc):  # the database restarting or unreachable: temporary, 503
            response = db_down(request, exc)
            response.headers.update(security_headers(settings))
            return response
        log.exception("unhandled error on %s %s", request.method, request.url.path)
        response = _error_response(
            request, 500, {"error": "InternalError", "detail": HTTP_DETAILS[500]}
        )
        # Starlette answers this one outside every middleware: add the headers here.
        response.headers.update(security_headers(settings))
        return response


def _add_routes(app: FastAPI, router: APIRouter) -> None:
    """Serve `router`'s routes from `app`: the very route objects, built once per process.

    `include_router` would have `app` rebuild every route's dependency tree and models on its
    first request (half a second for our ~200 routes on a loaded machine), once per app. One
    process runs one app, but the tests build hundreds. Our routers carry everything at the
    route level (prefix, tags, `include_in_schema`, explicit operation ids) and are included
    with no options and no dependency overrides, so the same objects serve every app alike."""
    if router.on_startup or router.on_shutdown:  # pragma: no cover - a wiring mistake
        raise TypeError("a feature router has no start-up or shut-down hooks of its own")
    app.router.routes.extend(router.routes)


def create_app(
    settings: Settings | None = None,
    *,
    database: Database | None = None,
    services: Services | None = None,
) -> AlloKoliApp:
    """The web app over `services` (built here from `settings`, and closed at shutdown, when
    not given; `database` is then used as is and left open)."""
    if services is not None:
        settings = services.settings
    settings = settings or Settings()
    configure_logging(json_lines=settings.env is Environment.PRODUCTION, level=settings.log_level)
    if settings.sentry_dsn:
        import sentry_sdk

        sentry_sdk.init(
            dsn=settings.sentry_dsn, environment=settings.env.value, release=__version__
        )
    owns_services = services is None
    wiring = services or Services.build(settings, database=database)
    db = wiring.db

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[dict[str, Any]]:
        if db.is_postgres:
            check_app_role(db.engine)
        # The embedded engine runs the jobs here; with workers this starts nothing.
        wiring.jobs.start()
        # In the background; /healthz says « starting » until done (`Services.warm_up`).
        wiring.warm_up.start()
        # The configurator's own assistant: enqueued and pushed if its config changed.
        threading.Thread(
            target=wiring.configurator_deployer.start, name="configurator-deploy", daemon=True
        ).start()
        async with mcp_http.lifespan(mcp_server) as mcp_state:
            yield mcp_state
        wiring.jobs.stop()
        if owns_services:
            await wiring.aclose()

    app = AlloKoliApp(
        title="AlloKoli API",
        version=__version__,
        description=(
            "API of AlloKoli: generate, test, deploy and monitor French AI phone receptionists. "
            "Authenticate with `Authorization: Bearer <API key>` (create keys in the web UI or "
            "with `allokoli apikey create`). Errors use one envelope: "
            '`{"error": "ClassName", "detail": "message en français"}`.'
        ),
        lifespan=lifespan,
    )
    # The one place the app holds state: routes and views reach it through `ServicesDep`.
    app.services = wiring
    _install_error_handlers(app, settings)

    _add_routes(app, health.router)
    _add_routes(app, metrics_endpoint.router)
    _add_routes(app, accounts_api.router)
    _add_routes(app, audit_api.router)
    _add_routes(app, generation_api.router)
    _add_routes(app, configurator_voice_api.router)  # before /webhooks/vapi/{org_key}
    _add_routes(app, webhooks_api.router)
    _add_routes(app, assistants_api.router)
    _add_routes(app, templates_api.router)
    _add_routes(app, phone_api.router)
    _add_routes(app, rehearsal_api.router)
    _add_routes(app, rehearsal_api.calls_router)
    _add_routes(app, notifications_api.router)
    _add_routes(app, notifications_api.twilio_router)
    _add_routes(app, routing_api.router)
    _add_routes(app, routing_views.router)
    _add_routes(app, bookings_api.router)
    for calls_router in calls_api.routers:
        _add_routes(app, calls_router)
    _add_routes(app, assistants_views.router)
    _add_routes(app, configurator_api.router)
    _add_routes(app, configurator_views.router)
    _add_routes(app, configurator_voice_views.router)
    _add_routes(app, accounts_views.router)
    _add_routes(app, dashboard_views.router)
    _add_routes(app, calls_views.router)
    _add_routes(app, bookings_views.router)
    _add_routes(app, notifications_views.router)
    _add_routes(app, rehearsal_views.router)
    _add_routes(app, privacy_views.router)
    _add_routes(app, calendars_views.router)
    _add_routes(app, legal_views.router)
    if not sandbox_api.disabled(settings):
        _add_routes(app, sandbox_api.router)
    app.mount("/static", StaticFiles(directory=str(STATIC_DIR)), name="static")
    mcp_server = build_server(wiring, RequestIdentity())
    app.router.routes.append(Route(mcp_http.PATH, mcp_http.McpEndpoint(db)))
    openapi_docs.install(app)

    app.add_middleware(
        SessionMiddleware,
        secret_key=settings.secret_key.get_secret_value(),
        session_cookie="allokoli_session",
        max_age=14 * 24 * 3600,
        same_site="lax",
        https_only=settings.secure_cookies,
    )
    app.add_middleware(BodyLimitMiddleware, max_bytes=settings.max_body_bytes)
    app.add_middleware(RateLimitMiddleware, limiter=wiring.rate_limiter)
    app.add_middleware(RequestContextMiddleware)
    app.add_middleware(TrustedProxyMiddleware, trusted=settings.trusted_proxy_networks)
    app.add_middleware(SecurityHeadersMiddleware, settings=settings)
    return app
