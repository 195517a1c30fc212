"""Golden prompts for a few sectors (with a fixed `now`), and the French spelling helpers.

Regenerate the golden files after an intended change with:
    UPDATE_GOLDEN=1 .venv/bin/pytest tests/generation/test_prompt_golden.py
and review the diff: it is exactly what callers will hear differently.
"""

from __future__ import annotations

import os
from datetime import date, datetime, time
from pathlib import Path
from typing import Any

import pytest

from allokoli.domain.catalogue import load_catalogue
from allokoli.domain.profile import BusinessProfile
from allokoli.generation.prompt import (
    date_words,
    duration_words,
    number_words,
    phone_words,
    postal_code_words,
    price_words,
    speak_text,
    time_words,
)
from allokoli.generation.service import generate

GOLDEN = Path(__file__).parent / "golden"
NOW = datetime(2026, 11, 25, 10, 0)
UPDATE = os.environ.get("UPDATE_GOLDEN") == "1"


def _week(ranges: list[dict[str, str]], days: tuple[str, ...]) -> list[dict[str, Any]]:
    return [{"day": day, "ranges": ranges} for day in days]


CASES: dict[str, dict[str, Any]] = {
    "pizzeria": {
        "company_name": "Da Luigi",
        "activity": "Pizzeria au feu de bois, sur place et à emporter",
        "sector": {"family": "restauration", "subtype": "pizzeria"},
        "address": {"street": "8 place Sathonay", "postal_code": "69001", "city": "Lyon"},
        "business_phone": "04 78 28 12 12",
        "opening_hours": {
            "days": _week(
                [{"start": "11:45", "end": "14:15"}, {"start": "18:45", "end": "22:30"}],
                ("mardi", "mercredi", "jeudi", "vendredi", "samedi"),
            )
            + _week([], ("dimanche", "lundi")),
        },
        "services": [
            {"name": "Margherita", "price_eur": 11},
            {"name": "Regina", "price_eur": 13.5},
            {"name": "Calzone", "price_eur": 14.9},
        ],
        "tone": {"register": "vouvoiement", "style": "chaleureux"},
        "voice_gender": "féminine",
        "tasks": ["answer_faq", "book_appointment", "take_order", "take_message"],
        "faq": [
            {"question": "Vous livrez ?", "answer": "Non, uniquement sur place et à emporter."}
        ],
        "owner_name": "Luigi",
    },
    "plombier": {
        "company_name": "Dupont Plomberie",
        "activity": "Plombier chauffagiste, dépannage 7j/7",
        "sector": {"family": "artisans", "subtype": "plombier"},
        "address": {"city": "Villeurbanne", "postal_code": "69100"},
        "opening_hours": {
            "days": _week(
                [{"start": "08:00", "end": "12:00"}, {"start": "13:30", "end": "18:00"}],
                ("lundi", "mardi", "mercredi", "jeudi", "vendredi"),
            ),
            "note": "Urgences le week-end au 06 11 22 33 44.",
        },
        "services": [
            {"name": "Déplacement et diagnostic", "price_eur": 49},
            {"name": "Débouchage", "price_eur": 90, "price_note": "à partir de"},
            {"name": "Remplacement de chauffe-eau", "price_note": "sur devis"},
        ],
        "service_area": "Lyon, Villeurbanne et Vaulx-en-Velin",
        "tone": {"register": "vouvoiement", "style": "rassurant"},
        "voice_gender": "masculine",
        "transfer_number": "06 11 22 33 44",
        "transfer_when": "fuite importante ou dégât des eaux",
        "owner_name": "Karim",
        "recording_enabled": True,
    },
    "medecin_generaliste": {
        "company_name": "Cabinet du Docteur Leroy",
        "sector": {"family": "sante", "subtype": "medecin_generaliste"},
        "address": {"street": "3 rue Pasteur", "postal_code": "33000", "city": "Bordeaux"},
        "opening_hours": {
            "days": _week(
                [{"start": "08:30", "end": "12:00"}, {"start": "14:00", "end": "18:30"}],
                ("lundi", "mardi", "jeudi", "vendredi"),
            )
            + _week([{"start": "08:30", "end": "12:00"}], ("mercredi",)),
            "by_appointment": True,
        },
        "tone": {"register": "vouvoiement", "style": "formel"},
        "tasks": ["book_appointment", "take_message"],
    },
    "coiffeur_tutoiement": {
        "company_name": "Studio Mèches Folles",
        "sector": {"family": "beaute", "subtype": "coiffeur"},
        "services": [
            {"name": "Coupe femme", "price_eur": 38, "duration_minutes": 45},
            {"name": "Coupe homme", "price_eur": 24, "duration_minutes": 30},
            {
                "name": "Balayage",
                "price_eur": 75,
                "price_note": "à partir de",
                "duration_minutes": 120,
            },
        ],
        "tone": {"register": "tutoiement", "style": "décontracté"},
        "voice_gender": "féminine",
        "policies": {"cancellation": "Merci de prévenir 24h à l'avance."},
    },
}


def _render(case: str) -> str:
    profile = BusinessProfile.model_validate(CASES[case])
    body = generate(profile, now=NOW).vapi_assistant
    return (
        f"=== FIRST MESSAGE ===\n{body['firstMessage']}\n\n"
        f"=== END-CALL MESSAGE ===\n{body['endCallMessage']}\n\n"
        f"=== SYSTEM PROMPT ===\n{body['model']['messages'][0]['content']}\n"
    )


@pytest.mark.parametrize("case", sorted(CASES))
def test_prompt_matches_golden_file(case: str) -> None:
    subtype = CASES[case]["sector"]["subtype"]
    if subtype not in {s.id for _, s in load_catalogue().all_subtypes()}:
        pytest.skip(f"subtype {subtype} is not in the catalogue")
    path = GOLDEN / f"{case}.txt"
    text = _render(case)
    if UPDATE:
        GOLDEN.mkdir(exist_ok=True)
        path.write_text(text, encoding="utf-8")
    assert path.is_file(), f"missing {path}: run with UPDATE_GOLDEN=1 to create it"
    assert text == path.read_text(encoding="utf-8"), (
        f"{case}: the prompt changed; if intended, run with UPDATE_GOLDEN=1 and review the diff"
    )


# --- French spelling -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("n", "words"),
    [
        (0, "zéro"),
        (1, "un"),
        (17, "dix-sept"),
        (21, "vingt et un"),
        (71, "soixante et onze"),
        (80, "quatre-vingts"),
        (81, "quatre-vingt-un"),
        (91, "quatre-vingt-onze"),
        (100, "cent"),
        (200, "deux cents"),
        (280, "deux cent quatre-vingts"),
        (1000, "mille"),
        (1980, "mille neuf cent quatre-vingts"),
        (2026, "deux mille vingt-six"),
        (80_000, "quatre-vingt mille"),
        (200_000, "deux cent mille"),
        (2_000_000, "deux millions"),
        (80_000_000, "quatre-vingts millions"),
    ],
)
def test_number_words(n: int, words: str) -> None:
    assert number_words(n) == words


@pytest.mark.parametrize(
    ("value", "words"),
    [
        (time(14, 30), "quatorze heures trente"),
        (time(9, 0), "neuf heures"),
        (time(12, 0), "midi"),
        (time(0, 0), "minuit"),
        (time(12, 15), "midi quinze"),
        (time(1, 1), "une heure une"),
        (time(21, 0), "vingt et une heures"),
    ],
)
def test_time_words(value: time, words: str) -> None:
    assert time_words(value) == words


@pytest.mark.parametrize(
    ("amount", "words"),
    [
        (24.5, "vingt-quatre euros cinquante"),
        (1, "un euro"),
        (21, "vingt et un euros"),
        (0.5, "cinquante centimes"),
        (0.01, "un centime"),
        (14.9, "quatorze euros quatre-vingt-dix"),
        (100_000, "cent mille euros"),
    ],
)
def test_price_words(amount: float, words: str) -> None:
    assert price_words(amount) == words


def test_phone_numbers_are_read_in_pairs() -> None:
    assert phone_words("+33612345678") == (
        "zéro six, douze, trente-quatre, cinquante-six, soixante-dix-huit"
    )
    assert (
        phone_words("+33800123456") == "zéro huit, zéro zéro, douze, trente-quatre, cinquante-six"
    )
    assert phone_words("+32470123456").startswith("plus trente-deux, ")


def test_postal_codes_dates_and_durations() -> None:
    assert postal_code_words("69003") == "soixante-neuf zéro zéro trois"
    assert postal_code_words("75011") == "soixante-quinze zéro onze"
    assert postal_code_words("33000") == "trente-trois mille"
    assert postal_code_words("13100") == "treize cent"
    assert date_words(date(2026, 12, 25)) == "vendredi vingt-cinq décembre"
    assert date_words(date(2027, 5, 1), weekday=False) == "premier mai"
    assert duration_words(45) == "quarante-cinq minutes"
    assert duration_words(90) == "une heure trente"
    assert duration_words(120) == "deux heures"


def test_free_text_numbers_become_words() -> None:
    assert speak_text("Ouvert 9h-12h30, rappel au 06 12 34 56 78, menu à 24,50 €.") == (
        "Ouvert de neuf heures à midi trente, rappel au zéro six, douze, trente-quatre, "
        "cinquante-six, soixante-dix-huit, menu à vingt-quatre euros cinquante."
    )
    assert speak_text("7j/7 et 24h/24") == "7j/7 et 24h/24"
