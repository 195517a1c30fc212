"""/settings/calendar: connect, test, choose, sync and disconnect the owner's CalDAV calendar, and
the read-only ICS feed (`/calendar/{token}.ics`, no login: the token is the secret)."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from allokoli.calendars.service import ConnectionIn
from allokoli.http.deps import CurrentPrincipal, DbSession, ServicesDep, verify_csrf
from allokoli.kit.errors import AppError
from allokoli.web.templating import render

router = APIRouter(include_in_schema=False)
Csrf = Depends(verify_csrf)
PAGE = "/settings/calendar"

#: Where the owner finds the CalDAV address and an app password, per provider.
PROVIDERS = [
    ("Google Agenda", "https://apidata.googleusercontent.com/caldav/v2/VOTRE-ADRESSE-GMAIL/events"),
    ("iCloud", "https://caldav.icloud.com/"),
    ("Nextcloud", "https://VOTRE-NEXTCLOUD/remote.php/dav/"),
]


def _page(
    request: Request,
    principal: CurrentPrincipal,
    session: DbSession,
    services: ServicesDep,
    *,
    status_code: int = 200,
    **extra: Any,
) -> HTMLResponse:
    status = services.calendars.status(session, principal.tenant)
    base = services.settings.public_url.rstrip("/")
    ctx: dict[str, Any] = {
        "status": status,
        "connection": status.connection,
        "feed_url": f"{base}/calendar/{status.feed_token}.ics" if status.feed_token else None,
        "can_manage": principal.role in ("owner", "admin"),
        "providers": PROVIDERS,
        "error": None,
        "values": {},
    }
    ctx.update(extra)
    return render(request, "settings/calendar.html", ctx, status_code=status_code)


@router.get(PAGE)
def calendar_page(
    request: Request, principal: CurrentPrincipal, session: DbSession, services: ServicesDep
) -> HTMLResponse:
    return _page(request, principal, session, services)


@router.post(f"{PAGE}/connect", dependencies=[Csrf])
def calendar_connect(
    request: Request,
    principal: CurrentPrincipal,
    session: DbSession,
    services: ServicesDep,
    server_url: Annotated[str, Form()] = "",
    username: Annotated[str, Form()] = "",
    password: Annotated[str, Form()] = "",
    calendar_name: Annotated[str, Form()] = "",
) -> Response:
    form = ConnectionIn(
        server_url=server_url, username=username, password=password, calendar_name=calendar_name
    )
    try:
        connection = services.calendars.connect(session, principal, form)
    except AppError as exc:
        values = {"server_url": server_url, "username": username, "calendar_name": calendar_name}
        return _page(
            request,
            principal,
            session,
            services,
            status_code=exc.status_code,
            error=exc.detail,
            values=values,
        )
    request.session["flash"] = (
        f"Agenda connecté : « {connection.calendar_name} ». Ses événements sont importés en "
        "arrière-plan."
    )
    return RedirectResponse(PAGE, status_code=303)


@router.post(f"{PAGE}/test", dependencies=[Csrf])
def calendar_test(
    request: Request, principal: CurrentPrincipal, session: DbSession, services: ServicesDep
) -> Response:
    try:
        calendars = services.calendars.test(session, principal)
    except AppError as exc:
        return _page(
            request, principal, session, services, status_code=exc.status_code, error=exc.detail
        )
    count = len(calendars)
    request.session["flash"] = (
        f"Connexion réussie : le serveur a accepté vos identifiants ({count} agenda"
        f"{'s' if count > 1 else ''} trouvé{'s' if count > 1 else ''})."
    )
    return RedirectResponse(PAGE, status_code=303)


@router.post(f"{PAGE}/choose", dependencies=[Csrf])
def calendar_choose(
    request: Request,
    principal: CurrentPrincipal,
    session: DbSession,
    services: ServicesDep,
    calendar_url: Annotated[str, Form()] = "",
) -> Response:
    try:
        connection = services.calendars.choose_calendar(session, principal, calendar_url)
    except AppError as exc:
        return _page(
            request, principal, session, services, status_code=exc.status_code, error=exc.detail
        )
    request.session["flash"] = f"Agenda utilisé : « {connection.calendar_name} »."
    return RedirectResponse(PAGE, status_code=303)


@router.post(f"{PAGE}/sync", dependencies=[Csrf])
def calendar_sync(
    request: Request, principal: CurrentPrincipal, session: DbSession, services: ServicesDep
) -> Response:
    services.calendars.sync_now(session, principal)
    request.session["flash"] = "Synchronisation lancée : rechargez la page dans un instant."
    return RedirectResponse(PAGE, status_code=303)


@router.post(f"{PAGE}/disconnect", dependencies=[Csrf])
def calendar_disconnect(
    request: Request, principal: CurrentPrincipal, session: DbSession, services: ServicesDep
) -> Response:
    try:
        services.calendars.disconnect(session, principal)
    except AppError as exc:
        return _page(
            request, principal, session, services, status_code=exc.status_code, error=exc.detail
        )
    request.session["flash"] = "Agenda déconnecté : son mot de passe a été effacé d'AlloKoli."
    return RedirectResponse(PAGE, status_code=303)


@router.post(f"{PAGE}/feed/rotate", dependencies=[Csrf])
def calendar_feed_rotate(
    request: Request, principal: CurrentPrincipal, session: DbSession, services: ServicesDep
) -> Response:
    try:
        services.calendars.rotate_feed(session, principal)
    except AppError as exc:
        return _page(
            request, principal, session, services, status_code=exc.status_code, error=exc.detail
        )
    request.session["flash"] = (
        "Nouvelle adresse d'abonnement créée : l'ancienne ne fonctionne plus. Mettez-la à jour "
        "dans vos applications d'agenda."
    )
    return RedirectResponse(PAGE, status_code=303)


@router.get("/calendar/{token}.ics")
def calendar_feed(token: str, session: DbSession, services: ServicesDep) -> Response:
    """The read-only ICS feed of an organisation (404 for a wrong or former token)."""
    body = services.calendars.feed(session, token)
    return Response(
        body,
        media_type="text/calendar; charset=utf-8",
        headers={"Cache-Control": "private, max-age=300", "X-Robots-Tag": "noindex"},
    )
