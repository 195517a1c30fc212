"""HTML pages: call history (filters, search, « voir plus »), one call, messages taken with
their « traité » toggles, alerts. Thin: each page calls the services the API calls."""

from __future__ import annotations

import uuid
from datetime import date
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from sqlalchemy.orm import Session

from allokoli.assistants.repository import AssistantRepository
from allokoli.calls import alerts, display, history
from allokoli.calls.history import filters
from allokoli.calls.schemas import CallPage
from allokoli.http.deps import CurrentPrincipal, DbSession, verify_csrf
from allokoli.kit.errors import AppError
from allokoli.models import Assistant
from allokoli.routing import numbers
from allokoli.tenancy import Tenant
from allokoli.web.templating import is_htmx, render

router = APIRouter(include_in_schema=False)
Csrf = Depends(verify_csrf)
PAGE_SIZE = 30
ASSISTANT_CHOICES = 300


def assistant_choices(session: Session, tenant: Tenant) -> list[tuple[uuid.UUID, str]]:
    repo = AssistantRepository(session, tenant)
    stmt = (
        repo.scoped()
        .with_only_columns(Assistant.id, Assistant.name)
        .order_by(Assistant.name)
        .limit(ASSISTANT_CHOICES)
    )
    return [(r[0], r[1]) for r in session.execute(stmt)]


def _date(value: str) -> date | None:
    try:
        return date.fromisoformat(value) if value else None
    except ValueError:
        return None


def _uuid(value: str) -> uuid.UUID | None:
    try:
        return uuid.UUID(value) if value else None
    except ValueError:
        return None


@router.get("/calls")
def calls_page(
    request: Request,
    principal: CurrentPrincipal,
    session: DbSession,
    assistant_id: str = "",
    status: str = "",
    q: str = "",
    cursor: str = "",
    fragment: str = "",
) -> HTMLResponse:
    params = request.query_params
    date_from, date_to = params.get("from", ""), params.get("to", "")
    error = None
    try:
        flt = filters(
            _uuid(assistant_id),
            _date(date_from),
            _date(date_to),
            status if status in display.STATUS_FILTERS else None,
            q[:200],
        )
        page = history.list_calls(session, principal.tenant, flt, cursor or None, PAGE_SIZE)
    except AppError as exc:
        error = exc.detail
        page = CallPage(items=[], next_cursor=None)
    query = {
        k: v
        for k, v in {
            "assistant_id": assistant_id,
            "from": date_from,
            "to": date_to,
            "status": status,
            "q": q,
        }.items()
        if v
    }
    ctx: dict[str, Any] = {
        "page": page,
        "fmt": display,
        "query": query,
        "error": error,
        "first_page": not cursor,
    }
    if fragment == "items":
        return render(request, "calls/_items.html", ctx)
    if is_htmx(request) and request.headers.get("hx-target") == "call-results":
        return render(request, "calls/_results.html", ctx)
    ctx |= {
        "assistants": assistant_choices(session, principal.tenant),
        "assistant_id": assistant_id,
        "date_from": date_from,
        "date_to": date_to,
        "status": status,
        "statuses": display.STATUS_FILTERS,
        "q": q,
        "alerts": alerts.compute(session, principal.tenant),
    }
    return render(request, "calls/list.html", ctx)


@router.get("/calls/{call_id}")
def call_page(
    call_id: uuid.UUID, request: Request, principal: CurrentPrincipal, session: DbSession
) -> HTMLResponse:
    call = history.get_call(session, principal.tenant, call_id)
    lists = numbers.kinds_of_caller(session, principal, call.caller_number)
    return render(
        request, "calls/detail.html", {"call": call, "fmt": display, "caller_lists": lists}
    )


@router.get("/messages")
def messages_page(
    request: Request,
    principal: CurrentPrincipal,
    session: DbSession,
    kind: str = "",
    handled: str = "non",
    cursor: str = "",
) -> HTMLResponse:
    kind = kind if kind in display.KIND_LABELS else ""
    handled = handled if handled in ("non", "oui", "tous") else "non"
    flag = {"non": False, "oui": True}.get(handled)
    page = history.list_messages(
        session,
        principal.tenant,
        kind=kind or None,
        handled=flag,
        cursor=cursor or None,
        limit=PAGE_SIZE,
    )
    query = {k: v for k, v in {"kind": kind, "handled": handled}.items() if v}
    ctx: dict[str, Any] = {
        "page": page,
        "fmt": display,
        "kind": kind,
        "handled": handled,
        "query": query,
        "kinds": display.KIND_FILTER_LABELS,
    }
    return render(request, "calls/messages.html", ctx)


@router.post("/messages/{message_id}/handled", dependencies=[Csrf])
def message_handled(
    message_id: uuid.UUID,
    request: Request,
    principal: CurrentPrincipal,
    session: DbSession,
    handled: Annotated[str, Form()] = "1",
) -> Response:
    message = history.set_handled(session, principal, message_id, handled == "1")
    if is_htmx(request):
        return render(request, "calls/_message.html", {"m": message, "fmt": display})
    request.session["flash"] = (
        "Marqué comme traité." if message.handled else "Marqué comme à traiter."
    )
    back = request.headers.get("referer") or "/messages"
    return RedirectResponse(back if back.startswith(str(request.base_url)) else "/messages", 303)


@router.get("/alerts")
def alerts_page(request: Request, principal: CurrentPrincipal, session: DbSession) -> HTMLResponse:
    found = alerts.compute(session, principal.tenant)
    return render(request, "calls/alerts.html", {"alerts": found, "thresholds": alerts})
