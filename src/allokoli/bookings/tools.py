"""The live booking tools: check_availability, book_appointment, cancel_appointment.

Same contract as `calls.tools`: each handler takes (session, tenant, assistant, arguments,
context) and returns one French sentence to read out, or raises `ToolFailure` with one. Dates
and times are read back in words (« mardi neuf mars à dix heures trente »).
"""

from __future__ import annotations

from datetime import UTC, date, datetime, time
from typing import Any

from sqlalchemy.orm import Session, SessionTransaction

from allokoli.bookings import service
from allokoli.bookings.availability import PARIS
from allokoli.bookings.dates import DateNotUnderstood, parse_date, parse_time
from allokoli.bookings.errors import BookingRefused, SlotTaken
from allokoli.bookings.speech import reference_words, slot_words, slots_words
from allokoli.calls.tools import Handler, ToolContext, ToolFailure
from allokoli.generation.prompt import date_words, phone_words
from allokoli.models import Assistant, Booking, BookingStatus
from allokoli.tenancy import Tenant


def _now(ctx: ToolContext) -> datetime:
    now = ctx.get("now")
    return now if isinstance(now, datetime) else datetime.now(UTC)


def _runtime(ctx: ToolContext) -> service.BookingRuntime:
    runtime = ctx.get("bookings")
    return runtime if isinstance(runtime, service.BookingRuntime) else service.BookingRuntime()


def _dry_run(ctx: ToolContext) -> bool:
    """The call is a rehearsal's (decided by the webhook from the signed mark of the rehearsal
    run, never from the tool's arguments): the agenda is checked, then left untouched."""
    return ctx.get("dry_run") is True


def _quiet(runtime: service.BookingRuntime) -> service.BookingRuntime:
    """The same availability, told to no listener: a dry run mirrors nothing to a calendar."""
    return service.BookingRuntime(busy_source=runtime.busy_source)


def _undo(savepoint: SessionTransaction | None) -> None:
    if savepoint is not None and savepoint.is_active:
        savepoint.rollback()


def _scope(session: Session, tenant: Tenant, assistant: Assistant | None) -> service.Scope:
    if assistant is None:
        raise ToolFailure("Je ne peux pas consulter le planning ; je peux prendre un message.")
    try:
        return service.scope_of(session, tenant, assistant)
    except BookingRefused as exc:
        raise ToolFailure(
            "Je ne peux pas consulter le planning ; je peux prendre un message."
        ) from exc


def _when(args: dict[str, Any], now: datetime) -> tuple[date | None, datetime | None]:
    today = now.astimezone(PARIS).date()
    raw_date = str(args.get("date") or "").strip()
    raw_time = str(args.get("heure") or "").strip()
    try:
        day = parse_date(raw_date, today) if raw_date else None
    except DateNotUnderstood as exc:
        raise ToolFailure("Je n'ai pas compris la date ; pouvez-vous la répéter ?") from exc
    if not raw_time:
        return day, None
    try:
        at: time = parse_time(raw_time)
    except DateNotUnderstood as exc:
        raise ToolFailure("Je n'ai pas compris l'heure ; pouvez-vous la répéter ?") from exc
    local = datetime.combine(day or today, at, tzinfo=PARIS)
    return day or today, local.astimezone(UTC)


def _service_asked(args: dict[str, Any]) -> str | None:
    """The service the caller named, if any."""
    return str(args.get("prestation") or "").strip() or None


def _party(args: dict[str, Any]) -> int:
    raw = args.get("nombre_personnes")
    if raw in (None, "", 0):
        return 1
    try:
        return int(raw)
    except (TypeError, ValueError) as exc:
        raise ToolFailure("Combien de personnes en tout ?") from exc


def _offer(proposal: service.Proposal) -> str:
    if not proposal.slots:
        return (
            "Je n'ai aucun créneau libre dans les trois prochaines semaines ; "
            "je peux prendre un message."
        )
    return f"Je peux vous proposer {slots_words(proposal.slots)}."


def check_availability(
    session: Session,
    tenant: Tenant,
    assistant: Assistant | None,
    args: dict[str, Any],
    ctx: ToolContext,
) -> str:
    sc = _scope(session, tenant, assistant)
    now = _now(ctx)
    day, at = _when(args, now)
    try:
        proposal = service.propose(
            session,
            tenant,
            sc,
            service=_service_asked(args),
            party_size=_party(args),
            day=day,
            at=at,
            now=now,
            runtime=_runtime(ctx),
        )
    except BookingRefused as exc:
        raise ToolFailure(exc.detail) from exc
    if proposal.exact and at is not None:
        return f"Oui, {slot_words(at)} est libre pour « {proposal.service.name} »."
    if proposal.exact:
        return (
            f"Pour « {proposal.service.name} », je peux vous proposer "
            f"{slots_words(proposal.slots)}."
        )
    asked = slot_words(at) if at else (date_words(day, weekday=True) if day else "")
    why = f"Pour {asked}, ce n'est pas possible : {proposal.reason}. " if asked else ""
    return why + _offer(proposal)


def _speak_booking(booking: Booking, service_name: str, mode_request: bool) -> str:
    when = slot_words(booking.start_at)
    ref = reference_words(booking.reference)
    phone = (
        phone_words("0" + booking.callback_number[3:])
        if booking.callback_number and booking.callback_number.startswith("+33")
        else ""
    )
    if mode_request:
        back = f" au {phone}" if phone else ""
        return (
            f"Votre demande pour « {service_name} » le {when} est enregistrée et le créneau vous "
            f"est gardé ; l'établissement vous rappellera{back} pour la valider. "
            f"Votre référence : {ref}."
        )
    return f"C'est réservé : « {service_name} » le {when}. Votre référence : {ref}."


def book_appointment(
    session: Session,
    tenant: Tenant,
    assistant: Assistant | None,
    args: dict[str, Any],
    ctx: ToolContext,
) -> str:
    sc = _scope(session, tenant, assistant)
    now = _now(ctx)
    day, at = _when(args, now)
    if at is None:
        raise ToolFailure("À quelle heure ? Il me faut le jour et l'heure du créneau.")
    runtime = _runtime(ctx)
    dry = _dry_run(ctx)
    wanted = _service_asked(args)
    party = _party(args)
    tool_call_id = ctx.get("tool_call_id")
    # A dry run goes the real, atomic way (same checks, same claim of the slot) inside a
    # savepoint rolled back once the answer is worded: no booking, audit, outbox row or
    # calendar push outlives it, and the caller hears what a real call would.
    savepoint = session.begin_nested() if dry else None
    try:
        booking = service.book(
            session,
            tenant,
            service.NewBooking(
                assistant_id=sc.assistant.id,
                start=at,
                service=wanted,
                party_size=party,
                customer_name=str(args.get("nom_appelant") or ""),
                callback_number=str(args.get("telephone_rappel") or ""),
                note=str(args.get("commentaire") or ""),
                source="call",
                provider_call_id=ctx.get("call_id"),
                tool_call_id=str(tool_call_id)[:64] if tool_call_id else None,
            ),
            now=now,
            runtime=_quiet(runtime) if dry else runtime,
            actor="assistant",
            sc=sc,
        )
        svc = sc.service(booking.service_id)
        spoken = _speak_booking(booking, svc.name, booking.status == BookingStatus.REQUESTED.value)
    except SlotTaken as exc:
        _undo(savepoint)
        savepoint = None
        proposal = service.propose(
            session,
            tenant,
            sc,
            service=wanted,
            party_size=party,
            day=day,
            at=at,
            now=now,
            runtime=runtime,
        )
        raise ToolFailure(f"Ce créneau vient d'être pris. {_offer(proposal)}") from exc
    except BookingRefused as exc:
        raise ToolFailure(exc.detail) from exc
    finally:
        _undo(savepoint)
    return spoken


def cancel_appointment(
    session: Session,
    tenant: Tenant,
    assistant: Assistant | None,
    args: dict[str, Any],
    ctx: ToolContext,
) -> str:
    sc = _scope(session, tenant, assistant)
    now = _now(ctx)
    day, _ = _when({"date": args.get("date")}, now)
    try:
        found = service.find_to_cancel(
            session, tenant, sc.assistant.id, str(args.get("telephone_rappel") or ""), day, now
        )
    except BookingRefused as exc:
        raise ToolFailure(exc.detail) from exc
    found = [b for b in found if b.start_at > now]
    if not found:
        when = f" le {date_words(day, weekday=True)}" if day else ""
        raise ToolFailure(
            f"Je ne trouve aucun rendez-vous à venir{when} pour ce numéro ; pouvez-vous vérifier "
            "le numéro donné lors de la réservation ?"
        )
    if len(found) > 1:
        raise ToolFailure(
            "J'ai plusieurs rendez-vous pour ce numéro : "
            f"{slots_words([b.start_at for b in found[:3]])}. "
            "Lequel faut-il annuler ?"
        )
    booking = found[0]
    spoken = f"C'est annulé : le rendez-vous du {slot_words(booking.start_at)} est libéré."
    if not _dry_run(ctx):
        service.cancel(session, tenant, booking, runtime=_runtime(ctx), actor="assistant")
        return spoken
    savepoint = session.begin_nested()
    try:
        service.cancel(session, tenant, booking, runtime=_quiet(_runtime(ctx)), actor="assistant")
    finally:
        _undo(savepoint)
    return spoken


HANDLERS: dict[str, Handler] = {
    "check_availability": check_availability,
    "book_appointment": book_appointment,
    "cancel_appointment": cancel_appointment,
}
