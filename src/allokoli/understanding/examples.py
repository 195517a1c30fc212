"""What an answer of each kind looks like, in the owner's words: the examples shown when a fact
is asked again (configurator) or refused in a form (the « Fiche »), so that both say the same."""

from __future__ import annotations

from typing import Final

__all__ = ["HINTS", "PHONE_INCOMPLETE"]

#: Short examples, by fact key.
HINTS: Final[dict[str, str]] = {
    "opening_hours": (
        "Par exemple : « du lundi au vendredi de 9 h à 12 h et de 14 h à 19 h, fermé le week-end »."
    ),
    "address": "Par exemple : « 12 rue de la République, 69002 Lyon », ou simplement « Lyon ».",
    "service_area": "Par exemple : « Lyon et 30 km autour » ou « tout le Rhône ».",
    "services": "Par exemple : « coupe femme 35 €, coupe homme 20 € ».",
    "tone": "Par exemple : « vouvoiement, ton chaleureux ».",
    "voice_gender": "Répondez simplement « féminine » ou « masculine ».",
    "company_name": "Par exemple : « Pizzeria Da Marco ».",
    "owner_name": "Par exemple : « Sophie Martin ».",
    "tasks": "Par exemple : « prendre les messages et noter les rendez-vous ».",
    "transfer_number": "Par exemple : « 06 12 34 56 78 », ou « pas de transfert ».",
}

#: A number that cannot be used.
PHONE_INCOMPLETE: Final = (
    "Ce numéro ne semble pas complet. Pouvez-vous me le redonner, avec ses dix chiffres ? "
    "Par exemple : 06 12 34 56 78."
)
