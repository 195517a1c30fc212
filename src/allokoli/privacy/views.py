"""/settings/privacy: retention, export and erasure of a caller's data (RGPD)."""

from __future__ import annotations

import json
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from allokoli.calls.display import mask_number
from allokoli.http.deps import CurrentPrincipal, DbSession, verify_csrf
from allokoli.kit.errors import AppError
from allokoli.privacy import service
from allokoli.web.templating import render

router = APIRouter(include_in_schema=False)
Csrf = Depends(verify_csrf)


def _page(
    request: Request,
    principal: CurrentPrincipal,
    session: DbSession,
    *,
    status_code: int = 200,
    **extra: Any,
) -> HTMLResponse:
    ctx: dict[str, Any] = {
        "retention_days": service.retention_days(session, principal.tenant),
        "choices": service.RETENTION_CHOICES,
        "min_days": service.MIN_RETENTION_DAYS,
        "max_days": service.MAX_RETENTION_DAYS,
        "can_manage": principal.role in ("owner", "admin"),
        "error": None,
        "number": "",
        "preview": None,
        "masked": None,
    }
    ctx.update(extra)
    return render(request, "settings/privacy.html", ctx, status_code=status_code)


@router.get("/settings/privacy")
def privacy_page(request: Request, principal: CurrentPrincipal, session: DbSession) -> HTMLResponse:
    return _page(request, principal, session)


@router.post("/settings/privacy/retention", dependencies=[Csrf])
def retention_submit(
    request: Request,
    principal: CurrentPrincipal,
    session: DbSession,
    retention_days: Annotated[str, Form()] = "",
) -> Response:
    try:
        service.require_admin(principal)
        try:
            days = int(retention_days.strip())
        except ValueError:
            days = -1
        service.set_retention(session, principal.tenant, principal.actor, days)
    except AppError as exc:
        return _page(request, principal, session, status_code=exc.status_code, error=exc.detail)
    request.session["flash"] = f"Durée de conservation enregistrée : {days} jours."
    return RedirectResponse("/settings/privacy", status_code=303)


@router.post("/settings/privacy/export", dependencies=[Csrf])
def export_submit(
    request: Request,
    principal: CurrentPrincipal,
    session: DbSession,
    number: Annotated[str, Form()] = "",
) -> Response:
    try:
        service.require_admin(principal)
        document = service.export(session, principal.tenant, principal.actor, number)
    except AppError as exc:
        return _page(
            request,
            principal,
            session,
            status_code=exc.status_code,
            error=exc.detail,
            number=number,
        )
    digits = document["number"].lstrip("+")
    return Response(
        json.dumps(document, ensure_ascii=False, indent=2),
        media_type="application/json",
        headers={"Content-Disposition": f'attachment; filename="donnees-appelant-{digits}.json"'},
    )


@router.post("/settings/privacy/erase", dependencies=[Csrf])
def erase_submit(
    request: Request,
    principal: CurrentPrincipal,
    session: DbSession,
    number: Annotated[str, Form()] = "",
    confirm: Annotated[str, Form()] = "",
) -> Response:
    try:
        service.require_admin(principal)
        if confirm != "oui":
            preview = service.preview_erasure(session, principal.tenant, number)
            return _page(
                request,
                principal,
                session,
                number=number,
                preview=preview,
                masked=mask_number(preview.number),
            )
        done = service.erase(session, principal.tenant, principal.actor, number)
    except AppError as exc:
        return _page(
            request,
            principal,
            session,
            status_code=exc.status_code,
            error=exc.detail,
            number=number,
        )
    request.session["flash"] = (
        f"Données du {mask_number(done.number)} effacées : {done.calls} appel(s), "
        f"{done.messages} message(s), {done.events} événement(s)."
    )
    return RedirectResponse("/settings/privacy", status_code=303)
