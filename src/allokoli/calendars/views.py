"""/settings/calendar: connect, test, choose, sync and disconnect the owner's CalDAV calendar;
/assistants/{id}/calendar: the same for one assistant's own calendar; and the read-only ICS feed
(`/calendar/{token}.ics`, no login: the token is the secret)."""

from __future__ import annotations

import uuid
from collections.abc import Callable
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
ASSISTANT_PAGE = "/assistants/{assistant_id}/calendar"
ACTIONS = ("connect", "test", "choose", "sync", "disconnect")

#: Where the owner finds the CalDAV address and an app password, per provider.
PROVIDERS = [
    ("Google Agenda", "https://apidata.googleusercontent.com/caldav/v2/VOTRE-ADRESSE-GMAIL/events"),
    ("iCloud", "https://caldav.icloud.com/"),
    ("Nextcloud", "https://VOTRE-NEXTCLOUD/remote.php/dav/"),
]


def _routes(assistant_id: uuid.UUID | None) -> dict[str, Any]:
    """The route names (and their parameters) of the page's forms."""
    if assistant_id is None:
        return {"names": {a: f"calendar_{a}" for a in ACTIONS}, "params": {}}
    return {
        "names": {a: f"assistant_calendar_{a}" for a in ACTIONS},
        "params": {"assistant_id": assistant_id},
    }


def _page(
    request: Request,
    principal: CurrentPrincipal,
    session: DbSession,
    services: ServicesDep,
    assistant_id: uuid.UUID | None = None,
    *,
    status_code: int = 200,
    **extra: Any,
) -> HTMLResponse:
    calendars = services.calendars
    status = calendars.status(session, principal.tenant, assistant_id)  # 404: not our assistant
    base = services.settings.public_url.rstrip("/")
    ctx: dict[str, Any] = {
        "status": status,
        "connection": status.connection,
        "assistant": status.assistant,
        "assistants": calendars.assistants(session, principal.tenant)
        if assistant_id is None
        else [],
        "feed_url": f"{base}/calendar/{status.feed_token}.ics" if status.feed_token else None,
        "can_manage": principal.role in ("owner", "admin"),
        "providers": PROVIDERS,
        "routes": _routes(assistant_id),
        "error": None,
        "values": {},
    }
    ctx.update(extra)
    return render(request, "settings/calendar.html", ctx, status_code=status_code)


def _back(assistant_id: uuid.UUID | None) -> RedirectResponse:
    target = PAGE if assistant_id is None else ASSISTANT_PAGE.format(assistant_id=assistant_id)
    return RedirectResponse(target, status_code=303)


def _run(
    request: Request,
    principal: CurrentPrincipal,
    session: DbSession,
    services: ServicesDep,
    assistant_id: uuid.UUID | None,
    action: Callable[[], str],
    *,
    values: dict[str, str] | None = None,
) -> Response:
    """Run one form's action: on success its sentence becomes the flash and the owner goes back
    to the page; on a refusal the page comes back with the French reason (and the owner's input,
    when given)."""
    try:
        flash = action()
    except AppError as exc:
        return _page(
            request,
            principal,
            session,
            services,
            assistant_id,
            status_code=exc.status_code,
            error=exc.detail,
            values=values or {},
        )
    request.session["flash"] = flash
    return _back(assistant_id)


def _connect(
    request: Request,
    principal: CurrentPrincipal,
    session: DbSession,
    services: ServicesDep,
    assistant_id: uuid.UUID | None,
    form: ConnectionIn,
) -> Response:
    def action() -> str:
        connection = services.calendars.connect(session, principal, form, assistant_id)
        return (
            f"Agenda connecté : « {connection.calendar_name} ». Ses événements sont importés en "
            "arrière-plan."
        )

    values = {
        "server_url": form.server_url,
        "username": form.username,
        "calendar_name": form.calendar_name,
    }
    return _run(request, principal, session, services, assistant_id, action, values=values)


def _test(
    request: Request,
    principal: CurrentPrincipal,
    session: DbSession,
    services: ServicesDep,
    assistant_id: uuid.UUID | None,
) -> Response:
    def action() -> str:
        count = len(services.calendars.test(session, principal, assistant_id))
        return (
            f"Connexion réussie : le serveur a accepté vos identifiants ({count} agenda"
            f"{'s' if count > 1 else ''} trouvé{'s' if count > 1 else ''})."
        )

    return _run(request, principal, session, services, assistant_id, action)


def _choose(
    request: Request,
    principal: CurrentPrincipal,
    session: DbSession,
    services: ServicesDep,
    assistant_id: uuid.UUID | None,
    calendar_url: str,
) -> Response:
    def action() -> str:
        connection = services.calendars.choose_calendar(
            session, principal, calendar_url, assistant_id
        )
        return f"Agenda utilisé : « {connection.calendar_name} »."

    return _run(request, principal, session, services, assistant_id, action)


def _sync(
    request: Request,
    principal: CurrentPrincipal,
    session: DbSession,
    services: ServicesDep,
    assistant_id: uuid.UUID | None,
) -> Response:
    def action() -> str:
        services.calendars.sync_now(session, principal, assistant_id)
        return "Synchronisation lancée : rechargez la page dans un instant."

    return _run(request, principal, session, services, assistant_id, action)


def _disconnect(
    request: Request,
    principal: CurrentPrincipal,
    session: DbSession,
    services: ServicesDep,
    assistant_id: uuid.UUID | None,
) -> Response:
    def action() -> str:
        services.calendars.disconnect(session, principal, assistant_id)
        return "Agenda déconnecté : son mot de passe a été effacé d'AlloKoli."

    return _run(request, principal, session, services, assistant_id, action)


Field = Annotated[str, Form()]

# -- the organisation's calendar ----------------------------------------------------------------


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
    server_url: Field = "",
    username: Field = "",
    password: Field = "",
    calendar_name: Field = "",
) -> Response:
    form = ConnectionIn(
        server_url=server_url, username=username, password=password, calendar_name=calendar_name
    )
    return _connect(request, principal, session, services, None, form)


@router.post(f"{PAGE}/test", dependencies=[Csrf])
def calendar_test(
    request: Request, principal: CurrentPrincipal, session: DbSession, services: ServicesDep
) -> Response:
    return _test(request, principal, session, services, None)


@router.post(f"{PAGE}/choose", dependencies=[Csrf])
def calendar_choose(
    request: Request,
    principal: CurrentPrincipal,
    session: DbSession,
    services: ServicesDep,
    calendar_url: Field = "",
) -> Response:
    return _choose(request, principal, session, services, None, calendar_url)


@router.post(f"{PAGE}/sync", dependencies=[Csrf])
def calendar_sync(
    request: Request, principal: CurrentPrincipal, session: DbSession, services: ServicesDep
) -> Response:
    return _sync(request, principal, session, services, None)


@router.post(f"{PAGE}/disconnect", dependencies=[Csrf])
def calendar_disconnect(
    request: Request, principal: CurrentPrincipal, session: DbSession, services: ServicesDep
) -> Response:
    return _disconnect(request, principal, session, services, None)


@router.post(f"{PAGE}/feed/rotate", dependencies=[Csrf])
def calendar_feed_rotate(
    request: Request, principal: CurrentPrincipal, session: DbSession, services: ServicesDep
) -> Response:
    def action() -> str:
        services.calendars.rotate_feed(session, principal)
        return (
            "Nouvelle adresse d'abonnement créée : l'ancienne ne fonctionne plus. Mettez-la à jour "
            "dans vos applications d'agenda."
        )

    return _run(request, principal, session, services, None, action)


# -- one assistant's own calendar ---------------------------------------------------------------


@router.get(ASSISTANT_PAGE)
def assistant_calendar_page(
    assistant_id: uuid.UUID,
    request: Request,
    principal: CurrentPrincipal,
    session: DbSession,
    services: ServicesDep,
) -> HTMLResponse:
    return _page(request, principal, session, services, assistant_id)


@router.post(f"{ASSISTANT_PAGE}/connect", dependencies=[Csrf])
def assistant_calendar_connect(
    assistant_id: uuid.UUID,
    request: Request,
    principal: CurrentPrincipal,
    session: DbSession,
    services: ServicesDep,
    server_url: Field = "",
    username: Field = "",
    password: Field = "",
    calendar_name: Field = "",
) -> Response:
    form = ConnectionIn(
        server_url=server_url, username=username, password=password, calendar_name=calendar_name
    )
    return _connect(request, principal, session, services, assistant_id, form)


@router.post(f"{ASSISTANT_PAGE}/test", dependencies=[Csrf])
def assistant_calendar_test(
    assistant_id: uuid.UUID,
    request: Request,
    principal: CurrentPrincipal,
    session: DbSession,
    services: ServicesDep,
) -> Response:
    return _test(request, principal, session, services, assistant_id)


@router.post(f"{ASSISTANT_PAGE}/choose", dependencies=[Csrf])
def assistant_calendar_choose(
    assistant_id: uuid.UUID,
    request: Request,
    principal: CurrentPrincipal,
    session: DbSession,
    services: ServicesDep,
    calendar_url: Field = "",
) -> Response:
    return _choose(request, principal, session, services, assistant_id, calendar_url)


@router.post(f"{ASSISTANT_PAGE}/sync", dependencies=[Csrf])
def assistant_calendar_sync(
    assistant_id: uuid.UUID,
    request: Request,
    principal: CurrentPrincipal,
    session: DbSession,
    services: ServicesDep,
) -> Response:
    return _sync(request, principal, session, services, assistant_id)


@router.post(f"{ASSISTANT_PAGE}/disconnect", dependencies=[Csrf])
def assistant_calendar_disconnect(
    assistant_id: uuid.UUID,
    request: Request,
    principal: CurrentPrincipal,
    session: DbSession,
    services: ServicesDep,
) -> Response:
    return _disconnect(request, principal, session, services, assistant_id)


# -- the feed -----------------------------------------------------------------------------------


@router.get("/calendar/{token}.ics")
def calendar_feed(token: str, session: DbSession, services: ServicesDep) -> Response:
    """The read-only ICS feed of an organisation (404 for a wrong or former token)."""
    body = services.calendars.feed(session, token)
    return Response(
        body,
        media_type="text/calendar; charset=utf-8",
        headers={"Cache-Control": "private, max-age=300", "X-Robots-Tag": "noindex"},
    )
