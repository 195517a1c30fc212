"""The web chat (HTMX): bubbles, typing indicator, quick-reply chips, a live profile panel."""

from __future__ import annotations

import uuid
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from allokoli.configurator import service
from allokoli.configurator.state import ConfiguratorState
from allokoli.http.deps import CurrentPrincipal, DbSession, ServicesDep, verify_csrf
from allokoli.web.templating import render

router = APIRouter(include_in_schema=False)
Csrf = Depends(verify_csrf)

INPUT_MODES = {"transfer_number": "tel", "business_phone": "tel", "email": "email"}


def _hhmm(value: str) -> str:
    hour, minute = value.split(":")[:2]
    return f"{int(hour)}h{minute if minute != '00' else ''}"


def hours_summary(hours: dict[str, Any]) -> str:
    """ "mar.–sam. 9h–19h · lun. fermé", grouping consecutive days with the same ranges."""
    parts: list[str] = []
    groups: list[tuple[list[str], str]] = []
    for day in hours.get("days", []):
        ranges = day.get("ranges") or []
        spans = ", ".join(f"{_hhmm(r['start'])}–{_hhmm(r['end'])}" for r in ranges) or "fermé"
        short = f"{str(day['day'])[:3]}."
        if groups and groups[-1][1] == spans:
            groups[-1][0].append(short)
        else:
            groups.append(([short], spans))
    for days, spans in groups:
        label = days[0] if len(days) == 1 else f"{days[0]}–{days[-1]}"
        parts.append(f"{label} {spans}")
    if hours.get("by_appointment"):
        parts.append("sur rendez-vous")
    if hours.get("note"):
        parts.append(str(hours["note"]))
    return " · ".join(parts)


def panel(state: ConfiguratorState) -> list[tuple[str, str]]:
    """The profile so far, in plain French, for the live panel."""
    p = state.profile
    rows: list[tuple[str, str]] = []
    if state.sector:
        rows.append(("Activité", state.sector.label))
    if p.get("company_name"):
        rows.append(("Nom", str(p["company_name"])))
    address = p.get("address") or {}
    town = " ".join(
        str(x)
        for x in (address.get("street"), address.get("postal_code"), address.get("city"))
        if x
    )
    if town:
        rows.append(("Adresse", town))
    if p.get("service_area"):
        rows.append(("Zone", str(p["service_area"])))
    hours = p.get("opening_hours") or {}
    if hours.get("days") or hours.get("by_appointment") or hours.get("note"):
        rows.append(("Horaires", hours_summary(hours)))
    if p.get("services"):
        rows.append(("Prestations", ", ".join(str(s.get("name")) for s in p["services"][:5])))
    if p.get("transfer_number"):
        rows.append(("Transfert", str(p["transfer_number"])))
    tone = p.get("tone") or {}
    if tone.get("register"):
        rows.append(("Ton", f"{tone.get('register')}, {tone.get('style', '')}".strip(", ")))
    if p.get("voice_gender"):
        rows.append(("Voix", str(p["voice_gender"])))
    return rows


def _page_ctx(conv: Any, reply: Any, turns: list[Any] | None = None) -> dict[str, Any]:
    state = ConfiguratorState.model_validate(conv.state)
    return {
        "conv": conv,
        "reply": reply,
        "turns": turns or [],
        "panel": panel(state),
        "progress": reply.progress,
        "inputmode": INPUT_MODES.get(reply.asked or "", "text"),
    }


@router.get("/configurator")
def configurator_home(
    request: Request, principal: CurrentPrincipal, session: DbSession
) -> HTMLResponse:
    return render(
        request, "configurator/home.html", {"sessions": service.unfinished(session, principal)}
    )


@router.post("/configurator", dependencies=[Csrf])
def configurator_start(
    request: Request, principal: CurrentPrincipal, session: DbSession
) -> Response:
    outcome = service.begin(session, principal, channel="web")
    return RedirectResponse(f"/configurator/{outcome.conversation.id}", status_code=303)


@router.get("/configurator/{conversation_id}")
def configurator_page(
    conversation_id: uuid.UUID, request: Request, principal: CurrentPrincipal, session: DbSession
) -> Response:
    conv, turns = service.get(session, principal, conversation_id)
    if conv.done and conv.assistant_id:
        return RedirectResponse(f"/assistants/{conv.assistant_id}", status_code=303)
    reply = service.current_reply(conv)
    ctx = _page_ctx(conv, reply, turns)
    # The transcript ends on the pending question; when it does not (no turn stored yet, or the
    # owner's last answer got no reply), the question is added so that the page always ends on it.
    ctx["ask_again"] = not turns or turns[-1].role == "owner"
    return render(request, "configurator/chat.html", ctx)


@router.post("/configurator/{conversation_id}/turns", dependencies=[Csrf])
def configurator_turn(
    conversation_id: uuid.UUID,
    request: Request,
    services: ServicesDep,
    principal: CurrentPrincipal,
    session: DbSession,
    text: Annotated[str, Form()] = "",
) -> Response:
    llm = services.llm
    outcome = service.reply(session, principal, conversation_id, text, llm=llm)
    ctx = _page_ctx(outcome.conversation, outcome.reply) | {"text": text}
    response = render(request, "configurator/_turn.html", ctx)
    if outcome.assistant is not None:
        response.headers["HX-Redirect"] = f"/assistants/{outcome.assistant.id}"
        request.session["flash"] = (
            "Votre assistant est prêt ! Vérifiez-le, testez-le puis mettez-le en service."
        )
    return response
