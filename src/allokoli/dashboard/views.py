"""Top-level pages: home and dashboard."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from allokoli.assistants.repository import AssistantRepository
from allokoli.assistants.views import STATUS_LABELS
from allokoli.calls import dashboard as calls_dashboard
from allokoli.http.deps import CurrentPrincipal, DbSession, MaybePrincipal
from allokoli.web.templating import render

router = APIRouter(include_in_schema=False)


@router.get("/")
def home(request: Request, principal: MaybePrincipal) -> Response:
    if principal is not None:
        return RedirectResponse("/dashboard", status_code=303)
    return render(request, "home.html")


@router.get("/dashboard")
def dashboard(
    request: Request, principal: CurrentPrincipal, session: DbSession, period: str = "7d"
) -> HTMLResponse:
    assistants = AssistantRepository(session, principal.tenant).search(limit=10)
    ctx = {"assistants": assistants, "labels": STATUS_LABELS}
    ctx |= calls_dashboard.context(session, principal.tenant, period)
    return render(request, "dashboard.html", ctx)
