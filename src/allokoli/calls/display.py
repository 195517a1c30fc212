"""How calls and messages are shown to the owner: masked numbers, French labels, durations,
euros and dates in Paris time. Pure functions, shared by the API, the HTML and the CLI."""

from __future__ import annotations

from datetime import datetime
from functools import lru_cache
from zoneinfo import ZoneInfo

import phonenumbers

PARIS = ZoneInfo("Europe/Paris")
MASK = "••"
UNKNOWN_NUMBER = "Numéro inconnu"

CALL_STATUS_LABELS = {
    "scheduled": "Programmé",
    "queued": "En attente",
    "ringing": "Sonnerie",
    "in-progress": "En cours",
    "forwarding": "Transfert en cours",
    "ended": "Terminé",
}
#: Filter value of the calls list for calls that ended on a technical error.
FAILED = "failed"
STATUS_FILTERS = {**CALL_STATUS_LABELS, FAILED: "En erreur"}

ENDED_REASON_LABELS = {
    "customer-ended-call": "Raccroché par l'appelant",
    "assistant-ended-call": "Terminé par l'assistant",
    "assistant-said-end-call-phrase": "Terminé par l'assistant",
    "assistant-forwarded-call": "Transféré",
    "silence-timed-out": "Silence prolongé",
    "exceeded-max-duration": "Durée maximale atteinte",
    "customer-did-not-answer": "Pas de réponse",
    "customer-busy": "Occupé",
    "voicemail": "Messagerie vocale",
    "manually-canceled": "Annulé",
}
ERROR_LABEL = "Erreur technique"
KIND_LABELS = {"message": "Message", "appointment": "Demande de rendez-vous"}
KIND_FILTER_LABELS = {"message": "Messages", "appointment": "Demandes de rendez-vous"}
"""The same kinds in the plural, as the messages filter offers them."""


def is_failure(reason: str | None) -> bool:
    """A call that ended on a technical problem (Vapi's reasons with "error" or "failed")."""
    return bool(reason) and ("error" in reason or "failed" in reason)  # type: ignore[operator]


def ended_reason_label(reason: str | None) -> str:
    if not reason:
        return "—"
    if reason in ENDED_REASON_LABELS:
        return ENDED_REASON_LABELS[reason]
    if is_failure(reason):
        return ERROR_LABEL
    return reason.replace("-", " ").capitalize()


@lru_cache(maxsize=4096)
def _parse(number: str) -> phonenumbers.PhoneNumber | None:
    try:
        parsed = phonenumbers.parse(number, "FR")
    except phonenumbers.NumberParseException:
        return None
    return parsed


@lru_cache(maxsize=4096)
def display_number(number: str | None) -> str:
    """The full number written for a French reader: "06 12 34 56 78", "+44 20 7946 0958"."""
    if not number:
        return UNKNOWN_NUMBER
    parsed = _parse(number)
    if parsed is None:
        return number
    if parsed.country_code == 33:
        return str(phonenumbers.format_number(parsed, phonenumbers.PhoneNumberFormat.NATIONAL))
    return str(phonenumbers.format_number(parsed, phonenumbers.PhoneNumberFormat.INTERNATIONAL))


@lru_cache(maxsize=4096)
def mask_number(number: str | None) -> str:
    """The number with its middle hidden, for lists: "06 •• •• •• 78", "+44 •• •• 58"."""
    if not number:
        return UNKNOWN_NUMBER
    parsed = _parse(number)
    digits = "".join(ch for ch in number if ch.isdigit())
    if parsed is not None and parsed.country_code == 33:
        national = str(phonenumbers.format_number(parsed, phonenumbers.PhoneNumberFormat.NATIONAL))
        groups = national.split(" ")
        if len(groups) >= 3:
            return " ".join([groups[0], *[MASK] * (len(groups) - 2), groups[-1]])
    if len(digits) < 4:
        return MASK
    prefix = f"+{parsed.country_code}" if parsed is not None else digits[:2]
    return f"{prefix} {MASK} {MASK} {digits[-2:]}"


def local(dt: datetime | None) -> datetime | None:
    return dt.astimezone(PARIS) if dt is not None else None


def date_time(dt: datetime | None) -> str:
    """ "24/11/2026 à 11 h 02" (Paris time)."""
    value = local(dt)
    if value is None:
        return "—"
    return f"{value:%d/%m/%Y} à {value.hour} h {value:%M}"


def short_date(dt: datetime | None) -> str:
    value = local(dt)
    return "—" if value is None else f"{value:%d/%m %H:%M}"


def duration(seconds: float | None) -> str:
    """ "2 min 30 s", "45 s"."""
    if seconds is None:
        return "—"
    total = round(seconds)
    minutes, secs = divmod(total, 60)
    if minutes and secs:
        return f"{minutes} min {secs:02d} s"
    if minutes:
        return f"{minutes} min"
    return f"{secs} s"


def euros(amount: float | None, digits: int = 2) -> str:
    """ "1 234,56 €" with a narrow no-break space as thousands separator, as French writes it."""
    if amount is None:
        return "—"
    text = f"{amount:,.{digits}f}".replace(",", "\u202f").replace(".", ",")
    return f"{text}\u00a0€"


def number_fr(value: float, digits: int = 0) -> str:
    return f"{value:,.{digits}f}".replace(",", "\u202f").replace(".", ",")
