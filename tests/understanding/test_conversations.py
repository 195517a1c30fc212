"""Whole answers as owners type or dictate them, checked fact by fact."""

from __future__ import annotations

from typing import Any

import pytest

from allokoli.domain.profile import Register, Style, Task, VoiceGender
from allokoli.understanding import ExtractedFacts, extract_facts

from ._helpers import spec, week


def _check(facts: ExtractedFacts, expected: dict[str, Any]) -> None:
    for key, value in expected.items():
        if key == "hours":
            assert week(facts.opening_hours) == value
        elif key == "hours_note":
            assert facts.opening_hours is not None and value in (facts.opening_hours.note or "")
        elif key == "city":
            assert facts.address is not None and facts.address.city == value
        elif key == "postal_code":
            assert facts.address is not None and facts.address.postal_code == value
        elif key == "street":
            assert facts.address is not None and facts.address.street == value
        elif key == "service_names":
            assert [s.name for s in facts.services] == value
        elif key == "service_prices":
            assert [s.price_eur for s in facts.services] == value
        else:
            assert getattr(facts, key) == value, key


CONVERSATIONS: list[tuple[str | None, str, dict[str, Any]]] = [
    (
        None,
        "Bonjour, je m'appelle Nathalie, je tiens un institut de beauté à Rennes qui s'appelle "
        "L'Instant Zen",
        {"owner_name": "Nathalie", "company_name": "L'Instant Zen", "city": "Rennes"},
    ),
    (
        None,
        "Salut ! Moi c'est Kevin, plombier chauffagiste à Villeurbanne. J'interviens sur Lyon et sa "
        "banlieue, urgences 7j/7 au 06 11 22 33 44. Sinon mon fixe 04 72 00 11 22.",
        {
            "owner_name": "Kevin",
            "city": "Villeurbanne",
            "service_area": "Lyon et sa banlieue",
            "transfer_number": "+33611223344",
            "business_phone": "+33472001122",
            "transfer_when": "en cas d'urgence",
        },
    ),
    (
        None,
        "On est une pizzeria, La Bella Napoli, à Marseille, rue Paradis. On prend les commandes à "
        "emporter, du mardi au dimanche soir de 18h30 à 22h30",
        {
            "company_name": "La Bella Napoli",
            "city": "Marseille",
            "street": "rue Paradis",
            "tasks": [Task.TAKE_ORDER],
            "hours": spec(mar_dim="1830-2230"),
        },
    ),
    (
        None,
        "Bonjour je suis électricien, j'ai ma boîte Elec 2000, je bosse sur tout le 92 et le 78, "
        "appels urgents sur mon portable 07 81 22 33 44",
        {
            "company_name": "Elec 2000",
            "service_area": "tout le 92 et le 78",
            "transfer_number": "+33781223344",
        },
    ),
    (
        None,
        "slt jsuis coiffeuse a domicile sur nantes, je fais coupe 20e brushing 15e couleur 45e, "
        "dispo du lundi au samedi",
        {
            "city": "Nantes",
            "service_names": ["Coupe", "Brushing", "Couleur"],
            "service_prices": [20.0, 15.0, 45.0],
            "hours_note": "du lundi au samedi",
        },
    ),
    (
        None,
        "euh bonjour alors voilà on est un cabinet d'avocats à Paris 8e, on voudrait que "
        "l'assistant prenne les messages et les demandes de rendez-vous",
        {
            "city": "Paris",
            "postal_code": "75008",
            "tasks": [Task.TAKE_MESSAGE, Task.BOOK_APPOINTMENT],
        },
    ),
    (
        None,
        "c'est un resto italien, ouvert du mardi au samedi midi et soir, le dimanche midi "
        "seulement",
        {"hours": {}, "hours_note": "dimanche : ouvert le midi"},
    ),
    (
        None,
        "on est ouvert du mardi au samedi, fermé dimanche et lundi, de 10h à 19h",
        {"hours": {**spec(mar_sam="1000-1900"), "dim": "closed", "lun": "closed"}},
    ),
    (
        None,
        "le patron s'appelle Antoine mais tout le monde dit Tonio",
        {"owner_name": "Antoine", "company_name": None},
    ),
    (
        "opening_hours",
        "on ouvre a 6h30 le matin et on ferme a 13h, tous les jours sauf mercredi",
        {"hours": {**spec(lun_mar="0630-1300", jeu_dim="0630-1300"), "mer": "closed"}},
    ),
    (
        "opening_hours",
        "on est ouvert de sept heures du matin à sept heures du soir tous les jours",
        {"hours": spec(lun_dim="0700-1900")},
    ),
    (
        "opening_hours",
        "le matin de 9h à 12h du lundi au samedi et l'après-midi de 14h à 18h sauf le samedi",
        {"hours": {**spec(lun_ven="0900-1200 1400-1800"), "sam": "0900-1200"}},
    ),
    (
        "opening_hours",
        "semaine 8h30-18h30 / samedi 9h-13h / dimanche fermé",
        {
            "hours": {**spec(lun_ven="0830-1830"), "sam": "0900-1300", "dim": "closed"},
            "services": [],
        },
    ),
    (
        "opening_hours",
        "tous les soirs sauf le dimanche à partir de 19h",
        {"hours": {"dim": "closed"}, "hours_note": "du lundi au samedi : à partir de 19h"},
    ),
    (
        "opening_hours",
        "du 1er au 15 août fermé, sinon du mardi au samedi 9-19",
        {"hours": spec(mar_sam="0900-1900"), "hours_note": "août"},
    ),
    (
        "opening_hours",
        "On travaille du lundi au vendredi, de 8h à 18h. Le samedi c'est seulement sur "
        "rendez-vous.",
        {"hours": spec(lun_ven="0800-1800")},
    ),
    (
        "services",
        "on fait pizza reine 11€, 4 fromages 12,50€, la calzone 13 euros et les desserts à 6",
        {
            "service_names": ["Pizza reine", "4 fromages", "Calzone", "Desserts"],
            "service_prices": [11.0, 12.5, 13.0, 6.0],
        },
    ),
    (
        "services",
        "Coupe femme 38€ / Coupe homme 24€ / Enfant 15€ / Couleur dès 55€ / Mèches 70€",
        {"service_prices": [38.0, 24.0, 15.0, 55.0, 70.0]},
    ),
    (
        "services",
        "la séance d'ostéo c'est 60 euros, ça dure à peu près 45 minutes",
        {"service_names": ["Séance d'ostéo"], "service_prices": [60.0]},
    ),
    (
        "company_name",
        "je sais pas encore, je dirais Bella Pizza",
        {"company_name": "Bella Pizza"},
    ),
    ("company_name", "Pour le nom mettez Chez Nous", {"company_name": "Chez Nous"}),
    (
        "company_name",
        "on s'appelle Plomberie Martin et fils",
        {"company_name": "Plomberie Martin et fils"},
    ),
    ("company_name", "Boulangerie Au Bon Pain", {"company_name": "Boulangerie Au Bon Pain"}),
    (
        "transfer_number",
        "sur mon mobile au 06.45.78.12.90 si c'est urgent, sinon qu'il prenne un message",
        {
            "transfer_number": "+33645781290",
            "transfer_when": "en cas d'urgence",
            "tasks": [Task.TRANSFER_URGENT, Task.TAKE_MESSAGE],
        },
    ),
    (
        "tasks",
        "tout ça : messages, rdv, urgences",
        {"tasks": [Task.TAKE_MESSAGE, Task.BOOK_APPOINTMENT, Task.TRANSFER_URGENT]},
    ),
    ("voice_gender", "plutôt une voix de femme, douce", {"voice_gender": VoiceGender.FEMININE}),
    (
        "tone",
        "vous, avec un ton rassurant parce que nos patients sont âgés",
        {"tone_register": Register.VOUVOIEMENT, "tone_style": Style.RASSURANT},
    ),
    (
        "tone",
        "on est entre potes ici, on tutoie tout le monde, ambiance détendue",
        {
            "tone_register": Register.TUTOIEMENT,
            "tone_style": Style.DECONTRACTE,
            "service_area": None,
        },
    ),
    (
        "service_area",
        "sur Nantes, Rezé, Saint-Herblain et les alentours",
        {"service_area": "Nantes, Rezé, Saint-Herblain et les alentours", "address": None},
    ),
    ("recording_enabled", "oui pas de souci vous pouvez enregistrer", {"recording_enabled": True}),
    ("owner_name", "c'est moi Thomas", {"owner_name": "Thomas"}),
]


@pytest.mark.parametrize(("expecting", "text", "expected"), CONVERSATIONS)
def test_conversation_answers(expecting: str | None, text: str, expected: dict[str, Any]) -> None:
    _check(extract_facts(text, expecting=expecting), expected)
