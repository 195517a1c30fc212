"""Shapes met in dev part z (names and opening hours): a lunch break said as « entre midi et
deux », hours said for the week before the days closed and a day with hours of its own, the
afternoon added to mornings already noted, « le nom c … » in SMS, « raison sociale : … », a
name taken back after « attendez, non », a lower-case name joined by « a » to a noun."""

from __future__ import annotations

from datetime import time

import pytest

from allokoli.domain.profile import OpeningHours
from allokoli.understanding import apply_hours_correction
from allokoli.understanding.hours import parse_opening_hours
from allokoli.understanding.names import extract_company_name


def _week(hours: OpeningHours | None) -> dict[str, list[tuple[time, time]]]:
    assert hours is not None
    return {d.day.value: [(r.start, r.end) for r in d.ranges] for d in hours.days}


def test_closed_between_noon_and_two() -> None:
    week = _week(
        parse_opening_hours("Ouvert du lundi au vendredi de 9h à 17h30, fermé entre midi et deux.")
    )
    assert week["mardi"] == [(time(9), time(12)), (time(14), time(17, 30))]


def test_hours_for_the_week_then_days_closed_and_a_day_of_its_own() -> None:
    week = _week(
        parse_opening_hours(
            "on ouvre de 9h a 12h30 et de 14h a 19h, fermé le lundi et le mardi matin. le "
            "dimanche matin on est ouvert de 9h a 13h"
        )
    )
    assert week["lundi"] == []
    assert week["mardi"] == [(time(14), time(19))]
    assert week["jeudi"] == [(time(9), time(12, 30)), (time(14), time(19))]
    assert week["dimanche"] == [(time(9), time(13))]


def test_the_afternoon_adds_to_mornings_noted() -> None:
    mornings = parse_opening_hours("Le matin on est ouverts de 8h à 12h30, du mardi au samedi.")
    assert mornings is not None
    week = _week(
        apply_hours_correction(
            mornings, "Ah et l'après-midi on rouvre de 16h à 19h, du mardi au samedi."
        )
    )
    assert week["mercredi"] == [(time(8), time(12, 30)), (time(16), time(19))]


def test_a_break_said_alone_splits_the_days_noted() -> None:
    known = parse_opening_hours("Le cabinet est ouvert du lundi au vendredi de 8h30 à 18h.")
    assert known is not None
    week = _week(apply_hours_correction(known, "J'oubliais : avec une pause de 12h30 à 13h30."))
    assert week["lundi"] == [(time(8, 30), time(12, 30)), (time(13, 30), time(18))]


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("cabinet de kiné a annecy, le nom c kinélac, on est au dessus de la poste", "Kinélac"),
        (
            "Cabinet comptable à Metz. Raison sociale : SARL Moselle Chiffres.",
            "SARL Moselle Chiffres",
        ),
        ("Le nom c'est Rose Bonbon… attendez, non, Rose Poudré, sans e.", "Rose Poudré"),
        ("slt jai une fromagerie a annecy. on s'appelle la cave a tomme", "La Cave a Tomme"),
    ],
)
def test_names_of_part_z(text: str, name: str) -> None:
    assert extract_company_name(text) == name


def test_a_firm_named_with_its_partners() -> None:
    text = "L'Office notarial Durand, Moreau & Associés, situé à Tours, accompagne les familles."
    assert extract_company_name(text) == "Office notarial Durand, Moreau & Associés"


def test_a_name_does_not_join_how_the_business_works() -> None:
    assert extract_company_name("ça s'appelle coiffure a domicile") is None


@pytest.mark.parametrize(
    ("text", "day", "ranges"),
    [
        (
            "Office hours : open 9 to 5, Monday to Friday. Week-end off.",
            "mercredi",
            [(time(9), time(17))],
        ),
        ("Opening : everyday 8h-20h, sauf le dimanche 9h-13h.", "dimanche", [(time(9), time(13))]),
        ("Opening : everyday 8h-20h, sauf le dimanche 9h-13h.", "lundi", [(time(8), time(20))]),
        ("tous les jours sauf lundi 9h-19h", "lundi", []),
        ("tous les jours sauf lundi 9h-19h", "mardi", [(time(9), time(19))]),
        (
            "Du lundi au samedi, 9h-midi / 14h-18h. Le mercredi après-midi, c'est fermé. Le "
            "dimanche également.",
            "dimanche",
            [],
        ),
    ],
)
def test_hours_of_part_z(text: str, day: str, ranges: list[tuple[time, time]]) -> None:
    assert _week(parse_opening_hours(text))[day] == ranges


@pytest.mark.parametrize(
    ("text", "qualifies"),
    [
        ("L'assistant qualifie les acheteurs, budget, surface, quartier.", True),
        ("lassistant prend les rdv de diag et qualifie (type de bien, surface)", True),
        ("Un artisan qualifié, des prix justes.", False),
    ],
)
def test_qualifying_requests_said_with_the_verb(text: str, qualifies: bool) -> None:
    from allokoli.understanding.tasks import extract_tasks

    assert ("qualify_quote" in [t.value for t in extract_tasks(text)]) is qualifies


def test_what_introduces_a_price_list_is_no_item() -> None:
    from allokoli.understanding.money import extract_services

    services = extract_services(
        "Ah et les prix qu'on me demande le plus : la vidange c'est 89 euros, la révision "
        "complète 189 euros."
    )
    assert [(s.name, s.price_eur) for s in services] == [
        ("Vidange", 89.0),
        ("Révision complète", 189.0),
    ]


@pytest.mark.parametrize(
    ("text", "day", "ranges"),
    [
        ("We're open 9am-6pm Monday to Friday.", "mardi", [(time(9), time(18))]),
        ("Open Tuesday-Saturday 11am to 11pm, Sunday 11am-4pm.", "mardi", [(time(11), time(23))]),
        (
            "Open Tuesday-Saturday 11am to 11pm, Sunday 11am-4pm.",
            "dimanche",
            [(time(11), time(16))],
        ),
        (
            "On travaille de 8 à 18 du lundi au vendredi avec une coupure le midi de 12 à 14.",
            "jeudi",
            [(time(8), time(12)), (time(14), time(18))],
        ),
        (
            "Tabac : 7h-19h du lundi au samedi avec une fermeture de 13h à 14h.",
            "lundi",
            [(time(7), time(13)), (time(14), time(19))],
        ),
        ("Du lundi au samedi de 10h à 18h. Le dimanche je me repose.", "dimanche", []),
    ],
)
def test_hours_said_other_ways(text: str, day: str, ranges: list[tuple[time, time]]) -> None:
    assert _week(parse_opening_hours(text))[day] == ranges
