"""Top-level pages: home and dashboard."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from allokoli.http.deps import CurrentPrincipal, MaybePrincipal
from allokoli.web.templating import render

router = APIRouter(include_in_schema=False)


@router.get("/")
def home(request: Request, principal: MaybePrincipal) -> Response:
    if principal is not None:
        return RedirectResponse("/dashboard", status_code=303)
    return render(request, "home.html")


@router.get("/dashboard")
def dashboard(request: Request, principal: CurrentPrincipal) -> HTMLResponse:
    return render(request, "dashboard.html")
