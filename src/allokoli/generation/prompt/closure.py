"""The « Fermeture en cours » section: what the assistant says while the business is closed
(« Fermeture exceptionnelle / congés »). Added to the system prompt when a closure starts and
removed when it ends (`routing.closures`), without touching the rest of the prompt."""

from __future__ import annotations

import re
from datetime import date

from allokoli.generation.prompt.numerals import date_words
from allokoli.generation.prompt.spoken import speak_text

__all__ = ["CLOSURE_HEADING", "closure_section", "with_closure"]

CLOSURE_HEADING = "# Fermeture en cours"
_SECTION = re.compile(r"\n*^# Fermeture en cours\n.*?(?=^# |\Z)", re.MULTILINE | re.DOTALL)


def closure_section(start: date, end: date, message: str | None) -> str:
    """The section for a closure from `start` to `end` (both included)."""
    when = (
        f"aujourd'hui, {date_words(start)}"
        if start == end
        else f"du {date_words(start)} au {date_words(end)} inclus"
    )
    lines = [
        CLOSURE_HEADING,
        f"L'établissement est fermé {when} (fermeture exceptionnelle ou congés).",
        "Dis-le dès le début de l'appel, après la salutation, puis propose de prendre un message "
        "pour que l'équipe rappelle à la réouverture.",
        f"Réouverture à partir du {date_words(end.fromordinal(end.toordinal() + 1))}.",
        "Ne propose aucun rendez-vous ni aucune réservation pendant la fermeture.",
    ]
    if message and message.strip():
        lines.append(
            f"Message de l'établissement à transmettre : « {speak_text(message.strip())} »"
        )
    return "\n".join(lines)


def with_closure(prompt: str, section: str | None) -> str:
    """`prompt` with its closure section replaced by `section` (removed when None)."""
    base = _SECTION.sub("", prompt).rstrip()
    if section is None:
        return base
    return f"{base}\n\n{section}"
