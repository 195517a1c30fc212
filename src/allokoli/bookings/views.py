"""HTML: the owner's agenda (day and week), requests accepted or declined, bookings moved or
cancelled, slots and days blocked. Thin: each action calls the services the API calls."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from datetime import date, datetime, time, timedelta
from typing import Annotated

from fastapi import APIRouter, Depends, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from sqlalchemy.orm import Session

from allokoli.assistants.repository import AssistantRepository
from allokoli.bookings import availability as av
from allokoli.bookings import owner
from allokoli.bookings.errors import BookingRefused
from allokoli.bookings.repository import BookingRepository
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
