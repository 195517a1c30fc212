"""The three legal pages, public (no log-in): the sign-up consent and every page's footer link
to them."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse

from allokoli.http.deps import ServicesDep
from allokoli.legal.content import legal_info
from allokoli.web.templating import render

router = APIRouter(include_in_schema=False)


@router.get("/conditions-d-utilisation")
def terms_page(request: Request, services: ServicesDep) -> HTMLResponse:
    return render(request, "legal/terms.html", {"legal": legal_info(services.settings)})


@router.get("/politique-de-confidentialite")
def privacy_policy_page(request: Request, services: ServicesDep) -> HTMLResponse:
    return render(request, "legal/privacy.html", {"legal": legal_info(services.settings)})


@router.get("/mentions-legales")
def legal_notice_page(request: Request, services: ServicesDep) -> HTMLResponse:
    return render(request, "legal/notice.html", {"legal": legal_info(services.settings)})
