"""HTML: the owner's agenda (day and week), requests accepted or declined, bookings moved or
cancelled, slots and days blocked. Thin: each action calls the services the API calls."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from dataclasses import replace
from datetime import date, datetime, time, timedelta
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from sqlalchemy.orm import Session

from allokoli.assistants import service as assistants
from allokoli.assistants.repository import AssistantRepository
from allokoli.assistants.service import is_live
from allokoli.bookings import availability as av
from allokoli.bookings import config, owner
from allokoli.bookings.errors import BookingRefused
from allokoli.bookings.repository import (
    BookingRepository,
    ResourceRepository,
    ServiceRepository,
    SettingsRepository,
)
from allokoli.bookings.schemas import BookingUpdate
from allokoli.bookings.service import unblock
from allokoli.generation.prompt import date_words
from allokoli.http.deps import CurrentPrincipal, DbSession, ServicesDep, verify_csrf
from allokoli.kit.errors import AppError
from allokoli.models import Assistant
from allokoli.web.templating import render

router = APIRouter(include_in_schema=False)
Csrf = Depends(verify_csrf)
STATUS_LABELS = {"confirmed": "Confirmé", "requested": "Demande à valider"}


def _day(value: str, default: date) -> date:
    try:
        return date.fromisoformat(value) if value else default
    except ValueError:
        return default


def _uuid(value: str) -> uuid.UUID | None:
    try:
        return uuid.UUID(value) if value else None
    except ValueError:
        return None


@router.get("/agenda")
def agenda_page(
    request: Request,
    principal: CurrentPrincipal,
    session: DbSession,
    services: ServicesDep,
    day: str = "",
    view: str = "jour",
    assistant_id: str = "",
) -> HTMLResponse:
    today = services.clock().astimezone(av.PARIS).date()
    first = _day(day, today)
    week = view == "semaine"
    if week:
        first -= timedelta(days=first.weekday())
    chosen = _uuid(assistant_id)
    days = owner.agenda(session, principal.tenant, first, 7 if week else 1, chosen)
    repo = AssistantRepository(session, principal.tenant)
    assistants = [
        (r[0], r[1])
        for r in session.execute(
            repo.scoped().with_only_columns(Assistant.id, Assistant.name).order_by(Assistant.name)
        )
    ]
    step = timedelta(days=7 if week else 1)
    return render(
        request,
        "bookings/agenda.html",
        {
            "days": days,
            "first": first,
            "week": week,
            "view": "semaine" if week else "jour",
            "previous": (first - step).isoformat(),
            "following": (first + step).isoformat(),
            "today": today,
            "assistants": assistants,
            "assistant_id": str(chosen or ""),
            "labels": STATUS_LABELS,
            "day_words": lambda d: date_words(d, weekday=True),
            "paris": av.PARIS,
        },
    )


def _back(request: Request) -> RedirectResponse:
    back = request.headers.get("referer") or "/agenda"
    return RedirectResponse(back if back.startswith(str(request.base_url)) else "/agenda", 303)


def _act(request: Request, session: Session, action: Callable[[], str]) -> Response:
    """Run an action in a savepoint; its French error, if any, is shown as the flash and the
    savepoint rolled back: nothing half-written."""
    try:
        with session.begin_nested():
            request.session["flash"] = action()
    except AppError as exc:
        request.session["flash"] = exc.detail
    return _back(request)


def _update(
    session: Session,
    principal: CurrentPrincipal,
    services: ServicesDep,
    booking_id: uuid.UUID,
    body: BookingUpdate,
) -> None:
    owner.update_booking(
        session,
        principal.tenant,
        booking_id,
        body,
        now=services.clock(),
        runtime=services.bookings,
        actor=principal.actor,
    )


@router.post("/agenda/bookings/{booking_id}/status", dependencies=[Csrf])
def booking_status(
    booking_id: uuid.UUID,
    request: Request,
    principal: CurrentPrincipal,
    session: DbSession,
    services: ServicesDep,
    status: Annotated[str, Form()],
) -> Response:
    BookingRepository(session, principal.tenant).get(booking_id)
    messages = {
        "confirmed": "Demande acceptée.",
        "declined": "Demande refusée : le créneau est libéré.",
        "cancelled": "Rendez-vous annulé : le créneau est libéré.",
    }
    if status not in messages:
        raise BookingRefused("Action inconnue.")

    def run() -> str:
        _update(session, principal, services, booking_id, BookingUpdate(status=status))
        return messages[status]

    return _act(request, session, run)


@router.post("/agenda/bookings/{booking_id}/move", dependencies=[Csrf])
def booking_move(
    booking_id: uuid.UUID,
    request: Request,
    principal: CurrentPrincipal,
    session: DbSession,
    services: ServicesDep,
    start: Annotated[str, Form()],
) -> Response:
    BookingRepository(session, principal.tenant).get(booking_id)

    def run() -> str:
        try:
            local = datetime.fromisoformat(start).replace(tzinfo=av.PARIS)
        except ValueError as exc:
            raise BookingRefused("Indiquez le nouveau jour et la nouvelle heure.") from exc
        _update(session, principal, services, booking_id, BookingUpdate(start_at=local))
        return f"Rendez-vous déplacé au {date_words(local.date())} à {local:%H:%M}."

    return _act(request, session, run)


@router.post("/agenda/blocks", dependencies=[Csrf])
def block_create(
    request: Request,
    principal: CurrentPrincipal,
    session: DbSession,
    assistant_id: Annotated[str, Form()],
    day: Annotated[str, Form()],
    start: Annotated[str, Form()] = "",
    end: Annotated[str, Form()] = "",
    reason: Annotated[str, Form(max_length=200)] = "",
) -> Response:
    chosen = _uuid(assistant_id)
    if chosen is None:
        raise BookingRefused("Choisissez l'assistant dont l'agenda est bloqué.")
    AssistantRepository(session, principal.tenant).get(chosen)

    def run() -> str:
        try:
            when = date.fromisoformat(day)
            first = time.fromisoformat(start) if start else None
            last = time.fromisoformat(end) if end else None
        except ValueError as exc:
            raise BookingRefused("Indiquez le jour, et les heures au format HH:MM.") from exc
        owner.block_day_or_slot(
            session, principal.tenant, chosen, when, first, last, reason, actor=principal.actor
        )
        return "Créneau bloqué." if first else "Journée bloquée."

    return _act(request, session, run)


@router.post("/agenda/blocks/{block_id}/delete", dependencies=[Csrf])
def block_delete(
    block_id: uuid.UUID, request: Request, principal: CurrentPrincipal, session: DbSession
) -> Response:
    unblock(session, principal.tenant, block_id, actor=principal.actor)
    request.session["flash"] = "Blocage retiré."
    return _back(request)


# --- « Réglages des rendez-vous »: mode, notice, horizon, resources, services -------------------

MODE_LABELS = {"direct": "Réservation directe", "request": "Demandes à confirmer"}
MODE_SENTENCES = {
    "direct": (
        "L'assistant propose les créneaux libres et confirme le rendez-vous à l'appelant "
        "pendant l'appel ; il apparaît aussitôt dans votre agenda."
    ),
    "request": (
        "L'assistant propose les créneaux libres et note une demande : il dit à l'appelant que "
        "vous la confirmerez. Le créneau est gardé jusqu'à ce que vous l'acceptiez ou la refusiez."
    ),
}


def _whole(raw: str, message: str, *, empty: int | None = None) -> int:
    text = raw.strip().replace(" ", "")
    if not text and empty is not None:
        return empty
    try:
        return int(text)
    except ValueError:
        raise BookingRefused(message) from None


def _notice_minutes(raw: str) -> int:
    try:
        hours = float(raw.strip().replace(",", ".") or "0")
    except ValueError:
        raise BookingRefused(
            "Le délai de prévenance s'écrit en heures, par exemple 2 ou 0,5."
        ) from None
    if hours != hours or hours in (float("inf"), float("-inf")):
        raise BookingRefused("Le délai de prévenance s'écrit en heures, par exemple 2 ou 0,5.")
    return round(hours * 60)


def _price_cents(raw: str) -> int | None:
    text = raw.strip().replace("€", "").replace(" ", "").replace(",", ".")
    if not text:
        return None
    try:
        value = float(text)
    except ValueError:
        raise BookingRefused("Le prix s'écrit en euros, par exemple 25 ou 25,50.") from None
    if value != value or value in (float("inf"), float("-inf")):
        raise BookingRefused("Le prix s'écrit en euros, par exemple 25 ou 25,50.")
    return round(value * 100)


def _hours_text(minutes: int) -> str:
    hours = minutes / 60
    return str(int(hours)) if hours == int(hours) else f"{hours:.2f}".rstrip("0").replace(".", ",")


def _euros_text(cents: int | None) -> str:
    if cents is None:
        return ""
    return str(cents // 100) if cents % 100 == 0 else f"{cents / 100:.2f}".replace(".", ",")


def _setup_page(
    request: Request,
    session: Session,
    principal: CurrentPrincipal,
    assistant_id: uuid.UUID,
    *,
    form_id: str = "",
    values: dict[str, str] | None = None,
    error: str = "",
    status_code: int = 200,
) -> HTMLResponse:
    assistant = AssistantRepository(session, principal.tenant).get(assistant_id)
    tenant = principal.tenant
    settings = SettingsRepository(session, tenant).of_assistant(assistant_id)
    resources = list(ResourceRepository(session, tenant).of_assistant(assistant_id))
    services_ = list(ServiceRepository(session, tenant).of_assistant(assistant_id))
    profile = assistant.profile or {}
    mode = profile.get("booking_mode")
    rules = {
        "enabled": "on" if mode else "",
        "mode": mode or (settings.mode if settings else "direct"),
        "notice_hours": _hours_text(
            settings.min_notice_minutes if settings else config.default_notice_minutes(assistant)
        ),
        "horizon_days": str(settings.horizon_days if settings else 60),
    }
    if form_id == "rules" and values is not None:
        rules = {k: values.get(k, "") for k in rules}
    return render(
        request,
        "bookings/setup.html",
        {
            "assistant": assistant,
            "has_profile": assistant.profile is not None,
            "enabled": bool(mode),
            "rules": rules,
            "resources": resources,
            "resource_names": {r.id: r.name for r in resources},
            "services": services_,
            "form_id": form_id,
            "values": values or {},
            "error": error,
            "modes": MODE_LABELS,
            "mode_sentences": MODE_SENTENCES,
            "euros": _euros_text,
        },
        status_code=status_code,
    )


@router.get("/assistants/{assistant_id}/rendez-vous")
def booking_setup_page(
    assistant_id: uuid.UUID, request: Request, principal: CurrentPrincipal, session: DbSession
) -> HTMLResponse:
    return _setup_page(request, session, principal, assistant_id)


async def _form(request: Request) -> dict[str, str]:
    return {k: v for k, v in (await request.form()).items() if isinstance(v, str)}


def _setup_act(
    request: Request,
    session: Session,
    principal: CurrentPrincipal,
    assistant_id: uuid.UUID,
    form_id: str,
    form: dict[str, str],
    action: Callable[[], str],
) -> Response:
    """Run one change in a savepoint. On a refusal the page comes back with the French reason
    beside the form, the owner's input kept, and nothing written."""
    AssistantRepository(session, principal.tenant).get(assistant_id)
    try:
        with session.begin_nested():
            flash = action()
    except AppError as exc:
        return _setup_page(
            request,
            session,
            principal,
            assistant_id,
            form_id=form_id,
            values=form,
            error=exc.detail,
            status_code=exc.status_code,
        )
    request.session["flash"] = flash
    return RedirectResponse(
        f"/assistants/{assistant_id}/rendez-vous#{form_id.split(':')[0]}", status_code=303
    )


@router.post("/assistants/{assistant_id}/rendez-vous/regles", dependencies=[Csrf])
async def booking_rules_submit(
    assistant_id: uuid.UUID, request: Request, principal: CurrentPrincipal, session: DbSession
) -> Response:
    form = await _form(request)

    def run() -> str:
        enabled = form.get("enabled") == "on"
        mode = form.get("mode", "direct")
        if mode not in MODE_LABELS:
            raise BookingRefused("Choisissez « Réservation directe » ou « Demandes à confirmer ».")
        rules = config.RulesIn(
            mode=mode,
            min_notice_minutes=_notice_minutes(form.get("notice_hours", "")),
            horizon_days=_whole(
                form.get("horizon_days", ""), "L'horizon s'écrit en jours, par exemple 60."
            ),
        )
        current = SettingsRepository(session, principal.tenant).of_assistant(assistant_id)
        if current is not None:
            rules = replace(rules, slot_step_minutes=current.slot_step_minutes)
        assistant, changed = assistants.set_booking_mode(
            session, principal, assistant_id, mode if enabled else None
        )
        config.set_rules(
            session,
            principal.tenant,
            assistant_id,
            rules,
            actor=principal.actor,
            touch_profile=False,
        )
        if not enabled:
            if changed:
                return (
                    f"Rendez-vous désactivés : l'assistant a été mis à jour (version "
                    f"{assistant.version}) et ne propose plus de créneaux ; il note les "
                    "demandes de rendez-vous comme messages."
                )
            return "Réglages enregistrés."
        config.apply_defaults(session, principal.tenant, assistant_id, actor=principal.actor)
        if changed:
            live = " et la nouvelle version est envoyée à votre ligne" if is_live(assistant) else ""
            return (
                f"Rendez-vous activés en « {MODE_LABELS[mode].lower()} » : l'assistant a été mis "
                f"à jour (version {assistant.version}){live}. {MODE_SENTENCES[mode]}"
            )
        return "Réglages enregistrés."

    return _setup_act(request, session, principal, assistant_id, "rules", form, run)


def _resource_fields(form: dict[str, str]) -> tuple[str, int, bool]:
    capacity = _whole(
        form.get("capacity", ""), "La capacité s'écrit en chiffres, par exemple 1 ou 30.", empty=1
    )
    return form.get("name", ""), capacity, form.get("per_person") == "on"


@router.post("/assistants/{assistant_id}/rendez-vous/ressources", dependencies=[Csrf])
async def booking_resource_create(
    assistant_id: uuid.UUID, request: Request, principal: CurrentPrincipal, session: DbSession
) -> Response:
    form = await _form(request)

    def run() -> str:
        name, capacity, per_person = _resource_fields(form)
        row = config.add_resource(
            session,
            principal.tenant,
            assistant_id,
            name,
            capacity,
            per_person=per_person,
            actor=principal.actor,
        )
        return f"Ressource « {row.name} » ajoutée."

    return _setup_act(request, session, principal, assistant_id, "resources", form, run)


@router.post("/assistants/{assistant_id}/rendez-vous/ressources/{resource_id}", dependencies=[Csrf])
async def booking_resource_update(
    assistant_id: uuid.UUID,
    resource_id: uuid.UUID,
    request: Request,
    principal: CurrentPrincipal,
    session: DbSession,
) -> Response:
    form = await _form(request)

    def run() -> str:
        name, capacity, per_person = _resource_fields(form)
        row = config.update_resource(
            session,
            principal.tenant,
            assistant_id,
            resource_id,
            name,
            capacity,
            per_person=per_person,
            actor=principal.actor,
        )
        return f"Ressource « {row.name} » enregistrée."

    form_id = f"resources:{resource_id}"
    return _setup_act(request, session, principal, assistant_id, form_id, form, run)


@router.post(
    "/assistants/{assistant_id}/rendez-vous/ressources/{resource_id}/supprimer",
    dependencies=[Csrf],
)
async def booking_resource_delete(
    assistant_id: uuid.UUID,
    resource_id: uuid.UUID,
    request: Request,
    principal: CurrentPrincipal,
    session: DbSession,
) -> Response:
    def run() -> str:
        config.delete_resource(
            session, principal.tenant, assistant_id, resource_id, actor=principal.actor
        )
        return "Ressource supprimée."

    form_id = f"resources:{resource_id}"
    return _setup_act(request, session, principal, assistant_id, form_id, {}, run)


def _service_fields(form: dict[str, str]) -> dict[str, Any]:
    resource = _uuid(form.get("resource_id", ""))
    if resource is None:
        raise BookingRefused("Choisissez la ressource que la prestation occupe.")
    return {
        "name": form.get("name", ""),
        "duration_minutes": _whole(
            form.get("duration_minutes", ""), "La durée s'écrit en minutes, par exemple 30."
        ),
        "buffer_minutes": _whole(
            form.get("buffer_minutes", ""),
            "Le temps de battement s'écrit en minutes, par exemple 10.",
            empty=0,
        ),
        "price_cents": _price_cents(form.get("price", "")),
        "resource_id": resource,
    }


@router.post("/assistants/{assistant_id}/rendez-vous/prestations", dependencies=[Csrf])
async def booking_service_create(
    assistant_id: uuid.UUID, request: Request, principal: CurrentPrincipal, session: DbSession
) -> Response:
    form = await _form(request)

    def run() -> str:
        row = config.add_service(
            session, principal.tenant, assistant_id, actor=principal.actor, **_service_fields(form)
        )
        return f"Prestation « {row.name} » ajoutée."

    return _setup_act(request, session, principal, assistant_id, "services", form, run)


@router.post("/assistants/{assistant_id}/rendez-vous/prestations/{service_id}", dependencies=[Csrf])
async def booking_service_update(
    assistant_id: uuid.UUID,
    service_id: uuid.UUID,
    request: Request,
    principal: CurrentPrincipal,
    session: DbSession,
) -> Response:
    form = await _form(request)

    def run() -> str:
        row = config.update_service(
            session,
            principal.tenant,
            assistant_id,
            service_id,
            actor=principal.actor,
            **_service_fields(form),
        )
        return f"Prestation « {row.name} » enregistrée."

    form_id = f"services:{service_id}"
    return _setup_act(request, session, principal, assistant_id, form_id, form, run)


@router.post(
    "/assistants/{assistant_id}/rendez-vous/prestations/{service_id}/supprimer",
    dependencies=[Csrf],
)
async def booking_service_delete(
    assistant_id: uuid.UUID,
    service_id: uuid.UUID,
    request: Request,
    principal: CurrentPrincipal,
    session: DbSession,
) -> Response:
    def run() -> str:
        config.delete_service(
            session, principal.tenant, assistant_id, service_id, actor=principal.actor
        )
        return "Prestation supprimée."

    form_id = f"services:{service_id}"
    return _setup_act(request, session, principal, assistant_id, form_id, {}, run)
