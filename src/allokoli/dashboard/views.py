"""Top-level pages: home, dashboard and the favicon."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import FileResponse, HTMLResponse, RedirectResponse, Response

from allokoli.assistants.repository import AssistantRepository
from allokoli.assistants.views import STATUS_LABELS
from allokoli.bookings import owner as bookings
from allokoli.calls import dashboard as calls_dashboard
from allokoli.http.deps import CurrentPrincipal, DbSession, MaybePrincipal, ServicesDep
from allokoli.web.templating import STATIC_DIR, render

router = APIRouter(include_in_schema=False)


@router.get("/")
def home(request: Request, principal: MaybePrincipal) -> Response:
    if principal is not None:
        return RedirectResponse("/dashboard", status_code=303)
    return render(request, "home.html")


@router.get("/favicon.ico")
def favicon() -> FileResponse:
    """Browsers ask for it at the root whatever the page says."""
    return FileResponse(
        STATIC_DIR / "favicon.ico",
        media_type="image/x-icon",
        headers={"Cache-Control": "public, max-age=604800"},
    )


@router.get("/dashboard")
def dashboard(
    request: Request,
    principal: CurrentPrincipal,
    session: DbSession,
    services: ServicesDep,
    period: str = "7d",
) -> HTMLResponse:
    assistants = AssistantRepository(session, principal.tenant).search(limit=10)
    upcoming = bookings.next_bookings(session, principal.tenant, services.clock())
    ctx = {"assistants": assistants, "labels": STATUS_LABELS, "next_bookings": upcoming}
    ctx |= calls_dashboard.context(session, principal.tenant, period)
    return render(request, "dashboard.html", ctx)
