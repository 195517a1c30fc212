"""HTML: the number lists, closures and budget pages, and the call page's « Bloquer ce numéro »
/ « Toujours me transférer ce numéro » buttons. Thin: the services the REST API calls."""

from __future__ import annotations

import uuid
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from sqlalchemy.orm import Session

from allokoli.auth.principal import Principal
from allokoli.http.deps import CurrentPrincipal, DbSession, ServicesDep, verify_csrf
from allokoli.kit.errors import AppError, InvalidInput, NotFound
from allokoli.models import NumberKind
from allokoli.phone_numbers.service import french_display
from allokoli.routing import closures, numbers, spend, texts
from allokoli.routing.repository import AssistantReader
from allokoli.web.templating import render

router = APIRouter(include_in_schema=False)
Csrf = Depends(verify_csrf)

_ADDED = {
    NumberKind.BLOCKED: "Le {display} est bloqué : ses appels seront refusés.",
    NumberKind.PROTECTED: "Le {display} sera toujours transféré directement sur votre ligne.",
}


def _kind(raw: str) -> NumberKind:
    try:
        return NumberKind(raw)
    except ValueError:
        raise InvalidInput("Choisissez « protégé » ou « bloqué ».") from None


def _numbers_page(
    request: Request,
    principal: Principal,
    session: Session,
    *,
    error: str | None = None,
    form: dict[str, str] | None = None,
    status_code: int = 200,
) -> HTMLResponse:
    rules = numbers.page(session, principal, None, 500, 0)
    ctx: dict[str, Any] = {
        "protected": [r for r in rules if r.kind == NumberKind.PROTECTED],
        "blocked": [r for r in rules if r.kind == NumberKind.BLOCKED],
        "display": french_display,
        "error": error,
        "form": form or {},
    }
    return render(request, "routing/numbers.html", ctx, status_code=status_code)


@router.get("/routing/numbers")
def numbers_page(request: Request, principal: CurrentPrincipal, session: DbSession) -> HTMLResponse:
    return _numbers_page(request, principal, session)


@router.post("/routing/numbers", dependencies=[Csrf])
def numbers_add(
    request: Request,
    principal: CurrentPrincipal,
    session: DbSession,
    number: Annotated[str, Form()] = "",
    kind: Annotated[str, Form()] = "",
    label: Annotated[str, Form()] = "",
) -> Response:
    try:
        wanted = _kind(kind)
        rule = numbers.add(session, principal, number, wanted, label)
    except AppError as exc:
        form = {"number": number, "kind": kind, "label": label}
        return _numbers_page(
            request, principal, session, error=exc.detail, form=form, status_code=exc.status_code
        )
    request.session["flash"] = _ADDED[wanted].format(display=french_display(rule.number))
    return RedirectResponse("/routing/numbers", status_code=303)


@router.post("/routing/numbers/{rule_id}/delete", dependencies=[Csrf])
def numbers_remove(
    rule_id: uuid.UUID, request: Request, principal: CurrentPrincipal, session: DbSession
) -> Response:
    rule = numbers.remove(session, principal, rule_id)
    request.session["flash"] = (
        f"Le {french_display(rule.number)} a été retiré des {texts.KIND_LABELS[rule.kind]}."
    )
    return RedirectResponse("/routing/numbers", status_code=303)


@router.post("/calls/{call_id}/caller-rule", dependencies=[Csrf])
def caller_rule(
    call_id: uuid.UUID,
    request: Request,
    principal: CurrentPrincipal,
    session: DbSession,
    kind: Annotated[str, Form()] = "",
) -> Response:
    """The call page's two buttons."""
    numbers.caller_of_call(session, principal, call_id)  # another tenant's call: 404
    try:
        wanted = _kind(kind)
        rule = numbers.add_caller_of_call(session, principal, call_id, wanted)
        request.session["flash"] = _ADDED[wanted].format(display=french_display(rule.number))
    except AppError as exc:
        request.session["flash"] = exc.detail
    return RedirectResponse(f"/calls/{call_id}", status_code=303)


# --- closures ------------------------------------------------------------------------------


def _closures_page(
    request: Request,
    principal: Principal,
    session: Session,
    *,
    error: str | None = None,
    form: dict[str, str] | None = None,
    status_code: int = 200,
) -> HTMLResponse:
    reader = AssistantReader(session, principal.tenant)
    names = {a.id: a.name for a in reader.list(reader.scoped().limit(300))}
    ctx: dict[str, Any] = {
        "closures": closures.listing(session, principal),
        "assistants": names,
        "error": error,
        "form": form or {},
    }
    return render(request, "routing/closures.html", ctx, status_code=status_code)


@router.get("/routing/closures")
def closures_page(
    request: Request, principal: CurrentPrincipal, session: DbSession
) -> HTMLResponse:
    return _closures_page(request, principal, session)


@router.post("/routing/closures", dependencies=[Csrf])
def closures_add(
    request: Request,
    principal: CurrentPrincipal,
    session: DbSession,
    services: ServicesDep,
    starts_on: Annotated[str, Form()] = "",
    ends_on: Annotated[str, Form()] = "",
    message: Annotated[str, Form()] = "",
    assistant_id: Annotated[str, Form()] = "",
) -> Response:
    form = {
        "starts_on": starts_on,
        "ends_on": ends_on,
        "message": message,
        "assistant_id": assistant_id,
    }
    try:
        try:
            target = uuid.UUID(assistant_id) if assistant_id else None
        except ValueError:
            raise InvalidInput("Choisissez un assistant de la liste.") from None
        closures.create(
            session,
            principal,
            starts_on=starts_on,
            ends_on=ends_on or starts_on,
            message=message,
            assistant_id=target,
            now=services.clock(),
            hook=services.alert_owner,
        )
    except NotFound:
        raise  # another organisation's assistant: the not-found page, like every foreign id
    except AppError as exc:
        return _closures_page(
            request, principal, session, error=exc.detail, form=form, status_code=exc.status_code
        )
    request.session["flash"] = (
        "Fermeture enregistrée : votre assistant l'annoncera pendant toute la période."
    )
    return RedirectResponse("/routing/closures", status_code=303)


@router.post("/routing/closures/{closure_id}/delete", dependencies=[Csrf])
def closures_remove(
    closure_id: uuid.UUID,
    request: Request,
    principal: CurrentPrincipal,
    session: DbSession,
    services: ServicesDep,
) -> Response:
    closures.delete(session, principal, closure_id, now=services.clock(), hook=services.alert_owner)
    request.session["flash"] = "Fermeture supprimée."
    return RedirectResponse("/routing/closures", status_code=303)


# --- budget --------------------------------------------------------------------------------


def _budget_page(
    request: Request,
    principal: Principal,
    session: Session,
    now_status: spend.SpendStatus,
    *,
    error: str | None = None,
    form: dict[str, str] | None = None,
    status_code: int = 200,
) -> HTMLResponse:
    ctx: dict[str, Any] = {"status": now_status, "error": error, "form": form or {}}
    return render(request, "routing/budget.html", ctx, status_code=status_code)


@router.get("/routing/budget")
def budget_page(
    request: Request, principal: CurrentPrincipal, session: DbSession, services: ServicesDep
) -> HTMLResponse:
    status_ = spend.month_spend(session, principal.tenant, services.clock())
    return _budget_page(request, principal, session, status_)


@router.post("/routing/budget", dependencies=[Csrf])
def budget_save(
    request: Request,
    principal: CurrentPrincipal,
    session: DbSession,
    services: ServicesDep,
    budget: Annotated[str, Form()] = "",
    auto_pause: Annotated[str, Form()] = "",
) -> Response:
    try:
        spend.set_budget(
            session,
            principal,
            budget,
            auto_pause == "on",
            now=services.clock(),
            hook=services.alert_owner,
        )
    except AppError as exc:
        status_ = spend.month_spend(session, principal.tenant, services.clock())
        form = {"budget": budget, "auto_pause": auto_pause}
        return _budget_page(
            request,
            principal,
            session,
            status_,
            error=exc.detail,
            form=form,
            status_code=exc.status_code,
        )
    request.session["flash"] = "Budget enregistré."
    return RedirectResponse("/routing/budget", status_code=303)
