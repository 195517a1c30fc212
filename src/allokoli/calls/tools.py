"""The function tools our generated assistants call during live calls.

Each handler is pure logic over the session; answers are one-line French sentences the assistant
can read out. Failures become a speakable `error`, never an HTTP error.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date, datetime, time
from typing import Any

from sqlalchemy.orm import Session

from allokoli.calls.hours import PARIS, day_status, next_opening
from allokoli.calls.repository import TakenMessageRepository
from allokoli.domain.profile import OpeningHours, normalize_french_phone
from allokoli.generation.prompt import date_words, phone_words, time_words
from allokoli.models import Assistant, TakenMessage
from allokoli.routing import closures
from allokoli.tenancy import Tenant


class ToolFailure(Exception):
    """A French sentence to say to the caller instead of a result."""


ToolContext = dict[str, Any]
Handler = Callable[[Session, Tenant, Assistant | None, dict[str, Any], ToolContext], str]


def one_line(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


def _callback(raw: Any) -> tuple[str | None, str]:
    text = str(raw or "").strip()
    if not text:
        return None, ""
    try:
        e164 = normalize_french_phone(text)
    except ValueError:
        return text[:32], text
    local = "0" + e164[3:] if e164.startswith("+33") else e164
    return e164, phone_words(local)


def take_message(
    session: Session,
    tenant: Tenant,
    assistant: Assistant | None,
    args: dict[str, Any],
    ctx: ToolContext,
) -> str:
    name = str(args.get("nom_appelant") or "").strip()[:120]
    number, spoken = _callback(args.get("telephone_rappel"))
    if not name and not number:
        raise ToolFailure(
            "Il me manque votre nom et un numéro pour vous rappeler : pouvez-vous me les donner ?"
        )
    TakenMessageRepository(session, tenant).record_from_tool(
        TakenMessage(
            assistant_id=assistant.id if assistant else None,
            provider_call_id=ctx.get("call_id"),
            kind="message",
            caller_name=name or None,
            callback_number=number,
            reason=str(args.get("motif") or "")[:60] or None,
            details=str(args.get("message") or "")[:4000] or None,
            urgent=bool(args.get("urgent")),
            sms_consent=args.get("confirmation_sms") is True,
            tool_call_id=ctx.get("tool_call_id"),
        )
    )
    who = f" de {name}" if name else ""
    back = f" Vous serez rappelé au {spoken}." if spoken else ""
    return one_line(f"C'est noté : le message{who} a bien été transmis.{back}")


def request_appointment(
    session: Session,
    tenant: Tenant,
    assistant: Assistant | None,
    args: dict[str, Any],
    ctx: ToolContext,
) -> str:
    name = str(args.get("nom_appelant") or "").strip()[:120]
    number, spoken = _callback(args.get("telephone_rappel"))
    if not number:
        raise ToolFailure("Pour transmettre la demande, il me faut un numéro où vous rappeler.")
    wanted_date = str(args.get("date_souhaitee") or "").strip()[:20]
    wanted_time = str(args.get("heure_souhaitee") or "").strip()[:60]
    party = args.get("nombre_personnes")
    TakenMessageRepository(session, tenant).record_from_tool(
        TakenMessage(
            assistant_id=assistant.id if assistant else None,
            provider_call_id=ctx.get("call_id"),
            kind="appointment",
            caller_name=name or None,
            callback_number=number,
            reason=str(args.get("objet") or "")[:60] or None,
            details=str(args.get("commentaire") or "")[:4000] or None,
            preferred_date=wanted_date or None,
            preferred_time=wanted_time or None,
            party_size=party if isinstance(party, int) and 0 < party < 1000 else None,
            sms_consent=args.get("confirmation_sms") is True,
            tool_call_id=ctx.get("tool_call_id"),
        )
    )
    when = ""
    try:
        when = (
            f" pour le {date_words(date.fromisoformat(wanted_date), weekday=True)}"
            if wanted_date
            else ""
        )
    except ValueError:
        when = f" pour {wanted_date}"
    return one_line(
        f"Votre demande{when} est bien transmise ; l'établissement vous rappellera au {spoken} "
        "pour la confirmer."
    )


def _ranges(ranges: tuple[Any, ...]) -> str:
    parts = [f"de {time_words(r.start)} à {time_words(r.end)}" for r in ranges]
    return " et ".join(parts)


def check_opening_hours(
    session: Session,
    tenant: Tenant,
    assistant: Assistant | None,
    args: dict[str, Any],
    ctx: ToolContext,
) -> str:
    profile = (assistant.profile if assistant else None) or {}
    raw_hours = profile.get("opening_hours")
    if not raw_hours:
        raise ToolFailure(
            "Je n'ai pas les horaires d'ouverture ; "
            "je peux prendre un message si vous le souhaitez."
        )
    hours = OpeningHours.model_validate(raw_hours)
    now = ctx.get("now") or datetime.now(PARIS)
    now = now.astimezone(PARIS)
    if assistant is not None:
        # « Fermeture exceptionnelle / congés » periods of the routing feature, beside the
        # profile's own closures.
        hours = closures.hours_with_closures(session, tenant, assistant, hours, now.date())
    try:
        day = date.fromisoformat(str(args.get("date") or "")) if args.get("date") else now.date()
    except ValueError as exc:
        raise ToolFailure("Je n'ai pas compris la date ; pouvez-vous la répéter ?") from exc
    at: time | None = None
    raw_time = str(args.get("heure") or "").strip()
    if raw_time:
        match = re.fullmatch(r"(\d{1,2})[:h](\d{2})?", raw_time)
        if not match or int(match.group(1)) > 23:
            raise ToolFailure("Je n'ai pas compris l'heure ; pouvez-vous la répéter ?")
        at = time(int(match.group(1)), int(match.group(2) or 0))
    status = day_status(hours, day)
    label = date_words(day, weekday=True)
    if not status.known:
        base = f"Je n'ai pas les horaires du {label}"
        return one_line(
            base + (" ; l'établissement reçoit sur rendez-vous." if hours.by_appointment else ".")
        )
    if not status.open_at_all:
        following = next_opening(hours, datetime.combine(day, time(23, 59), tzinfo=PARIS))
        then = (
            f" Prochaine ouverture le {date_words(following.date())} "
            f"à {time_words(following.time())}."
            if following
            else ""
        )
        return one_line(f"Le {label}, c'est fermé ({status.closed_reason}).{then}")
    spans = _ranges(status.ranges)
    if at is None:
        return one_line(f"Le {label}, c'est ouvert {spans}.")
    if status.open_at(at):
        return one_line(f"Oui, le {label} à {time_words(at)}, c'est ouvert ({spans}).")
    return one_line(
        f"Non, le {label} à {time_words(at)}, c'est fermé ; ce jour-là, c'est ouvert {spans}."
    )


HANDLERS: dict[str, Handler] = {
    "take_message": take_message,
    "request_appointment": request_appointment,
    "check_opening_hours": check_opening_hours,
}
