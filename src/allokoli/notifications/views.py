"""HTML: the owner's notification settings, « Questions sans réponse », and the digest's
unsubscribe link (no login: the link carries its own secret)."""

from __future__ import annotations

import uuid
from typing import Annotated

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from allokoli.assistants import service as assistants
from allokoli.http.deps import CurrentPrincipal, DbSession, ServicesDep, verify_csrf
from allokoli.kit.errors import AppError, NotFound
from allokoli.notifications import gaps, service
from allokoli.notifications.repository import SettingsRepository
from allokoli.notifications.schemas import CALLS_LABELS, NotificationPreferencesUpdate
from allokoli.tenancy import Tenant
from allokoli.web.templating import render

router = APIRouter(include_in_schema=False)
Csrf = Depends(verify_csrf)

STATUS_LABELS = {
    "pending": "en attente",
    "sending": "en cours d'envoi",
    "sent": "envoyé",
    "failed": "échec",
    "skipped": "non envoyé",
}
KIND_LABELS = {
    "call": "Appel",
    "confirmation": "Confirmation à l'appelant",
    "alert": "Alerte",
    "digest": "Résumé quotidien",
}


def _lines(raw: str) -> list[str]:
    return [part.strip() for part in raw.replace(";", "\n").replace(",", "\n").splitlines()]


def _settings_ctx(
    session: DbSession, principal: CurrentPrincipal, assistant_id: uuid.UUID
) -> dict[str, object]:
    assistant = assistants.get(session, principal, assistant_id)
    prefs = service.get_preferences(session, principal, assistant_id)
    return {
        "assistant": assistant,
        "prefs": prefs,
        "saved": service.is_saved(session, principal, assistant_id),
        "values": {
            "emails": "\n".join(prefs.emails),
            "phones": "\n".join(prefs.phones),
            "quiet_start": prefs.quiet_start or "",
            "quiet_end": prefs.quiet_end or "",
        },
        "calls_labels": CALLS_LABELS,
        "deliveries": service.recent_deliveries(session, principal, assistant_id, 15),
        "status_labels": STATUS_LABELS,
        "kind_labels": KIND_LABELS,
    }


@router.get("/assistants/{assistant_id}/notifications")
def settings_page(
    assistant_id: uuid.UUID, request: Request, principal: CurrentPrincipal, session: DbSession
) -> HTMLResponse:
    ctx = _settings_ctx(session, principal, assistant_id)
    return render(request, "notifications/settings.html", ctx)


@router.post("/assistants/{assistant_id}/notifications", dependencies=[Csrf])
async def settings_submit(
    assistant_id: uuid.UUID, request: Request, principal: CurrentPrincipal, session: DbSession
) -> Response:
    form = {k: v for k, v in (await request.form()).items() if isinstance(v, str)}
    calls = form.get("calls", "messages")
    data = NotificationPreferencesUpdate(
        calls=calls if calls in CALLS_LABELS else "messages",
        email_enabled=form.get("email_enabled") == "on",
        sms_enabled=form.get("sms_enabled") == "on",
        emails=[e for e in _lines(form.get("emails", "")) if e],
        phones=[p for p in _lines(form.get("phones", "")) if p],
        quiet_start=form.get("quiet_start") or None,
        quiet_end=form.get("quiet_end") or None,
        digest_enabled=form.get("digest_enabled") == "on",
        caller_sms_enabled=form.get("caller_sms_enabled") == "on",
    )
    try:
        service.update_preferences(session, principal, assistant_id, data)
    except AppError as exc:
        ctx = _settings_ctx(session, principal, assistant_id)
        ctx["values"] = {
            "emails": form.get("emails", ""),
            "phones": form.get("phones", ""),
            "quiet_start": form.get("quiet_start", ""),
            "quiet_end": form.get("quiet_end", ""),
        }
        ctx["error"] = exc.detail
        return render(request, "notifications/settings.html", ctx, status_code=exc.status_code)
    request.session["flash"] = "Réglages des notifications enregistrés."
    return RedirectResponse(f"/assistants/{assistant_id}/notifications", status_code=303)


@router.get("/assistants/{assistant_id}/questions")
def questions_page(
    assistant_id: uuid.UUID, request: Request, principal: CurrentPrincipal, session: DbSession
) -> HTMLResponse:
    assistant = assistants.get(session, principal, assistant_id)
    found = gaps.list_gaps(session, principal, assistant_id)
    return render(request, "notifications/questions.html", {"assistant": assistant, "gaps": found})


@router.post("/questions/{gap_id}/answer", dependencies=[Csrf])
async def answer_submit(
    gap_id: uuid.UUID,
    request: Request,
    principal: CurrentPrincipal,
    session: DbSession,
    services: ServicesDep,
) -> Response:
    form = {k: v for k, v in (await request.form()).items() if isinstance(v, str)}
    try:
        gap = gaps.answer(session, principal, gap_id, form.get("answer", ""), services.clock())
    except AppError as exc:
        if exc.status_code == 404:
            raise
        found = gaps.list_gaps(session, principal)
        target = next((g for g in found if g.id == gap_id), None)
        if target is None:
            raise
        assistant = assistants.get(session, principal, target.assistant_id)
        ctx = {
            "assistant": assistant,
            "gaps": gaps.list_gaps(session, principal, assistant.id),
            "error": exc.detail,
            "error_gap": gap_id,
            "typed": form.get("answer", ""),
        }
        return render(request, "notifications/questions.html", ctx, status_code=exc.status_code)
    request.session["flash"] = (
        f"Réponse enregistrée : l'assistant la connaît maintenant (version {gap.answered_version})."
    )
    return RedirectResponse(f"/assistants/{gap.assistant_id}/questions", status_code=303)


@router.get("/notifications/unsubscribe/{org_id}/{token}")
def unsubscribe_page(
    org_id: uuid.UUID, token: str, request: Request, session: DbSession
) -> HTMLResponse:
    prefs = SettingsRepository(session, Tenant(org_id)).by_unsubscribe_token(token)
    if prefs is None:
        raise NotFound("Ce lien de désabonnement n'est plus valable.")
    return render(request, "notifications/unsubscribe.html", {"done": not prefs.digest_enabled})


@router.post("/notifications/unsubscribe/{org_id}/{token}")
def unsubscribe(org_id: uuid.UUID, token: str, request: Request, session: DbSession) -> Response:
    """One click (RFC 8058): the mail client posts here; the page's button too. The link's
    secret is the authentication, so no CSRF token."""
    prefs = SettingsRepository(session, Tenant(org_id)).by_unsubscribe_token(token)
    if prefs is None:
        raise NotFound("Ce lien de désabonnement n'est plus valable.")
    prefs.digest_enabled = False
    return render(request, "notifications/unsubscribe.html", {"done": True})


@router.get("/questions/calls")
def call_question_marks(
    request: Request,
    principal: CurrentPrincipal,
    session: DbSession,
    call: Annotated[list[uuid.UUID], Query(max_length=200)],
) -> HTMLResponse:
    """The « question sans réponse » marks of a page of calls, swapped in by id (HTMX
    out-of-band): whether each was answered since."""
    marks = gaps.marks_by_call_id(session, principal.tenant, call)
    return render(request, "notifications/_call_marks.html", {"marks": marks})
