"""HTML: the report card of the dress rehearsal on the assistant's page (« Répétition »)."""

from __future__ import annotations

import uuid
from typing import Annotated

from fastapi import APIRouter, Depends, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from allokoli.http.deps import CurrentPrincipal, DbSession, ServicesDep, verify_csrf
from allokoli.kit.errors import AppError
from allokoli.rehearsal import service
from allokoli.rehearsal.judge import judge_from_settings
from allokoli.rehearsal.repository import RehearsedAssistants
from allokoli.web.templating import render

router = APIRouter(include_in_schema=False)
Csrf = Depends(verify_csrf)

KIND_TOOLS = {
    "take_message": "message enregistré",
    "request_appointment": "demande de rendez-vous transmise",
    "check_availability": "disponibilités consultées",
    "book_appointment": "réservation à blanc (rien n'est réservé)",
    "transferCall": "appel transféré",
}


@router.get("/assistants/{assistant_id}/repetition")
def rehearsal_page(
    assistant_id: uuid.UUID,
    request: Request,
    principal: CurrentPrincipal,
    session: DbSession,
    error: str | None = None,
) -> HTMLResponse:
    assistant = RehearsedAssistants(session, principal.tenant).get(assistant_id)
    latest = service.latest(session, principal, assistant_id)
    report = service.report(session, principal, latest) if latest is not None else None
    ctx = {
        "assistant": assistant,
        "report": report,
        "current": latest is not None and latest.assistant_version == assistant.version,
        "tool_labels": KIND_TOOLS,
        "error": error,
    }
    return render(request, "rehearsal/report.html", ctx)


@router.post("/assistants/{assistant_id}/repetition", dependencies=[Csrf])
def rehearsal_submit(
    assistant_id: uuid.UUID,
    request: Request,
    principal: CurrentPrincipal,
    session: DbSession,
    services: ServicesDep,
) -> Response:
    judge = judge_from_settings(services.settings)
    try:
        found = service.run(
            session,
            principal,
            assistant_id,
            gateway=services.gateway(principal.organization_id),
            settings=services.settings,
            clock=services.clock,
            judge=judge,
        )
    finally:
        if judge is not None:
            judge.close()
    request.session["flash"] = (
        "Répétition réussie : l'assistant est prêt."
        if found.passed
        else f"Répétition terminée : {found.failed_count} scénario(s) à revoir."
    )
    return RedirectResponse(f"/assistants/{assistant_id}/repetition", status_code=303)


@router.post("/assistants/{assistant_id}/repetition/outrepasser", dependencies=[Csrf])
def override_submit(
    assistant_id: uuid.UUID,
    request: Request,
    principal: CurrentPrincipal,
    session: DbSession,
    services: ServicesDep,
    reason: Annotated[str, Form(max_length=500)] = "",
) -> Response:
    try:
        service.override(session, principal, assistant_id, reason, clock=services.clock)
    except AppError as exc:
        if exc.status_code == 404:
            raise
        return rehearsal_page(assistant_id, request, principal, session, error=exc.detail)
    request.session["flash"] = "C'est noté : vous pouvez mettre cette version en service."
    return RedirectResponse(f"/assistants/{assistant_id}/repetition", status_code=303)


@router.post("/calls/{call_id}/repetition", dependencies=[Csrf])
def call_scenario_submit(
    call_id: uuid.UUID,
    request: Request,
    principal: CurrentPrincipal,
    session: DbSession,
    services: ServicesDep,
) -> Response:
    try:
        item = service.scenario_from_call(session, principal, call_id, clock=services.clock)
    except AppError as exc:
        if exc.status_code == 404:
            raise
        request.session["flash"] = exc.detail
        return RedirectResponse(f"/calls/{call_id}", status_code=303)
    request.session["flash"] = (
        "Cet appel fait désormais partie de la répétition : il sera rejoué à chaque version."
    )
    return RedirectResponse(f"/assistants/{item.assistant_id}/repetition", status_code=303)
