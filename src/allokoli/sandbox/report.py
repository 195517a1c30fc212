"""After the call: the French summary and the structured data built from the conversation state."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from allokoli.sandbox.speech import join_fr, say_phone

__all__ = ["structured_data", "summary"]


def structured_data(state: Mapping[str, Any]) -> dict[str, Any]:
    """What the call captured, for `analysis.structuredData` (keys in English, values as said)."""
    transfer = state.get("transfer")
    return {
        "messages": list(state.get("messages", [])),
        "appointmentRequests": list(state.get("appointments", [])),
        # Booked on the owner's agenda through the booking tools (already in the agenda).
        "bookings": list(state.get("bookings", [])),
        "transferRequested": transfer is not None,
        "transferNumber": transfer.get("number") if isinstance(transfer, Mapping) else None,
        "topics": list(state.get("topics", [])),
        "unansweredQuestions": list(state.get("unanswered", [])),
        # The key of the generated assistants' structured output: the sandbox reports the
        # questions it could not answer the same way (« Questions sans réponse »).
        "questions_sans_reponse": list(state.get("unanswered", [])),
    }


def summary(state: Mapping[str, Any], ended_reason: str | None) -> str:
    """A short French summary of the call, built from the state (deterministic)."""
    parts: list[str] = []
    topics = list(state.get("topics", []))
    if topics:
        parts.append(f"L'appelant s'est renseigné sur {join_fr(topics)}.")
    for message in state.get("messages", []):
        callback = f" ({say_phone(message['phone'])})" if message.get("phone") else ""
        parts.append(f"Message laissé par {message['name']}{callback} : {message['reason']}.")
    for request in state.get("appointments", []):
        callback = f" ({say_phone(request['phone'])})" if request.get("phone") else ""
        what = request.get("service") or (
            f"{request['partySize']} personne(s)" if request.get("partySize") else "rendez-vous"
        )
        kind = "réservation" if request.get("partySize") else "rendez-vous"
        slot = request["preferredSlot"]
        parts.append(f"Demande de {kind} de {request['name']}{callback} : {what}, {slot}.")
    for booking in state.get("bookings", []):
        callback = f" ({say_phone(booking['phone'])})" if booking.get("phone") else ""
        what = booking.get("service") or (
            f"{booking['partySize']} personne(s)" if booking.get("partySize") else "rendez-vous"
        )
        kind = "Demande enregistrée" if booking.get("status") == "requested" else "Réservé"
        parts.append(f"{kind} pour {booking['name']}{callback} : {what}, {booking['slot']}.")
    transfer = state.get("transfer")
    if isinstance(transfer, Mapping):
        number = say_phone(str(transfer.get("number")))
        parts.append(f"Transfert vers le {number} ({transfer.get('reason')}).")
    unanswered = list(state.get("unanswered", []))
    if unanswered:
        quoted = join_fr([f"« {q} »" for q in unanswered[:3]])
        parts.append(f"Sans réponse : {quoted}.")
    if not parts:
        parts.append("Appel sans demande particulière.")
    if ended_reason == "customer-ended-call":
        parts.append("L'appelant a mis fin à l'appel.")
    elif ended_reason == "assistant-ended-call":
        parts.append("L'assistant a mis fin à l'appel.")
    elif ended_reason == "silence-timed-out":
        parts.append("L'appel s'est terminé faute de réponse de l'appelant.")
    return " ".join(parts)
