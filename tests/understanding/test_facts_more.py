"""Facts read right: hours past midnight and corrected within a message, services with their
durations and the owner's own words, communes with no preposition, zones that list communes,
and numbers stated without a role."""

from __future__ import annotations

from datetime import time

import pytest

from allokoli.domain.profile import DayHours, OpeningHours, TimeRange, Weekday
from allokoli.understanding import extract_address, extract_facts, parse_opening_hours
from allokoli.understanding.address import extract_service_area, lists_communes
from allokoli.understanding.hours import apply_hours_correction, close_unnamed_days
from allokoli.understanding.money import extract_services
from allokoli.understanding.places import commune_or_short
from allokoli.understanding.transfer import classify_phones


def _week(hours: OpeningHours | None) -> dict[str, str]:
    assert hours is not None
    return {
        d.day.value[:3]: " ".join(f"{r.start:%H%M}-{r.end:%H%M}" for r in d.ranges) or "closed"
        for d in hours.days
    }


# --- hours ---------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("du jeudi au samedi de 18h à 3h du matin", {"jeu": "1800-0300", "sam": "1800-0300"}),
        ("ouvert tous les soirs 20h - 4h du mat", {"lun": "2000-0400", "dim": "2000-0400"}),
        ("le vendredi de 19h à 1h", {"ven": "1900-0100"}),
        ("du mardi au samedi de 10h à minuit", {"mar": "1000-0000", "sam": "1000-0000"}),
    ],
)
def test_a_range_past_midnight_is_kept_whole(text: str, expected: dict[str, str]) -> None:
    week = _week(parse_opening_hours(text))
    assert {k: week[k] for k in expected} == expected


def test_a_range_past_midnight_round_trips_through_a_correction() -> None:
    hours = parse_opening_hours("du mercredi au dimanche de 18h à 2h")
    assert hours is not None
    fixed = apply_hours_correction(hours, "le mercredi on ouvre à 20h")
    assert _week(fixed)["mer"] == "2000-0200"
    assert _week(fixed)["jeu"] == "1800-0200"


def test_closing_after_midnight_for_named_days() -> None:
    hours = parse_opening_hours("du mardi au samedi 18h-23h, le vendredi et samedi on ferme à 2h")
    week = _week(hours)
    assert week["mar"] == "1800-2300"
    assert week["ven"] == week["sam"] == "1800-0200"


def test_overnight_time_range_is_valid_but_not_backwards_days() -> None:
    assert TimeRange(start=time(17), end=time(2)).overnight
    with pytest.raises(ValueError):
        TimeRange(start=time(18), end=time(9))


@pytest.mark.parametrize(
    ("text", "day", "expected"),
    [
        (
            "du lundi au vendredi de 8h à 17h, le vendredi jusqu'à 16h enfin non, 15h",
            "ven",
            "0800-1500",
        ),
        ("le jeudi 10h-18h, pardon 10h-19h", "jeu", "1000-1900"),
        ("le samedi de 9h à 13h ou plutôt 14h", "sam", "0900-1400"),
    ],
)
def test_a_time_corrected_within_the_message(text: str, day: str, expected: str) -> None:
    assert _week(parse_opening_hours(text))[day] == expected


def test_a_day_restated_with_new_hours_takes_them() -> None:
    text = "du lundi au samedi de 8h à 18h… ah non, le samedi c'est seulement 8h-12h"
    week = _week(parse_opening_hours(text))
    assert week["sam"] == "0800-1200"
    assert week["lun"] == "0800-1800"


def test_two_statements_of_one_day_add_up() -> None:
    assert _week(parse_opening_hours("le mardi 8h-11h, le mardi aussi 15h-18h"))["mar"] == (
        "0800-1100 1500-1800"
    )


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("open tuesday au saturday 11h-19h", {"mar": "1100-1900", "sam": "1100-1900"}),
        ("monday closed", {"lun": "closed"}),
        ("jeu ven sam 10h-18h", {"jeu": "1000-1800", "ven": "1000-1800", "sam": "1000-1800"}),
    ],
)
def test_franglais_and_abbreviated_days(text: str, expected: dict[str, str]) -> None:
    week = _week(parse_opening_hours(text))
    assert {k: week[k] for k in expected} == expected


def test_an_exception_ends_where_a_day_gets_its_own_closing_time() -> None:
    text = (
        "on ouvre à 7h et on ferme à 19h, tous les jours sauf le lundi, et le samedi on ferme à 12h"
    )
    week = _week(parse_opening_hours(text))
    assert week["lun"] == "closed"
    assert week["sam"] == "0700-1200"
    assert week["mar"] == "0700-1900"


def test_open_over_lunch_is_not_a_closure() -> None:
    week = _week(parse_opening_hours("du mardi au vendredi de 9h à 18h sans fermer le midi"))
    assert week["mar"] == "0900-1800"


def test_closed_in_the_evening_keeps_the_lunch_service() -> None:
    text = "du jeudi au lundi, midi 12h-14h et soir 19h-22h, sauf le lundi soir"
    week = _week(parse_opening_hours(text))
    assert week["lun"] == "1200-1400"
    assert week["jeu"] == "1200-1400 1900-2200"


def _hours(*days: tuple[Weekday, bool]) -> OpeningHours:
    return OpeningHours(
        days=[
            DayHours(day=d, ranges=[TimeRange(start=time(9), end=time(17))] if open_ else [])
            for d, open_ in days
        ]
    )


def test_a_weekly_statement_closes_the_days_it_names_nowhere() -> None:
    hours = parse_opening_hours("du jeudi au dimanche de 10h à 18h")
    assert hours is not None
    week = _week(close_unnamed_days(hours))
    assert week["lun"] == week["mar"] == week["mer"] == "closed"
    assert week["jeu"] == "1000-1800"


def test_closed_days_named_by_the_owner_leave_the_others_unknown() -> None:
    hours = _hours(
        (Weekday.LUNDI, True), (Weekday.MARDI, True), (Weekday.MERCREDI, True),
        (Weekday.DIMANCHE, False),
    )  # fmt: skip
    assert close_unnamed_days(hours) == hours


def test_one_or_two_days_do_not_describe_the_week() -> None:
    hours = _hours((Weekday.SAMEDI, True), (Weekday.DIMANCHE, True))
    assert close_unnamed_days(hours) == hours


def test_a_day_the_note_mentions_stays_unknown() -> None:
    hours = parse_opening_hours("du lundi au jeudi 9h-17h, le vendredi matin")
    assert hours is not None
    week = _week(close_unnamed_days(hours))
    assert "ven" not in week
    assert week["sam"] == "closed"


# --- services ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("le bilan c'est 80 euros, il dure une heure", [("Bilan", 80.0, 60)]),
        ("on demande 30 balles pour un shampoing", [("Shampoing", 30.0, None)]),
        ("massage dos : 1h15 - 70€", [("Massage dos", 70.0, 75)]),
        ("cours d'une heure et demie à quarante euros", [("Cours", 40.0, 90)]),
        ("45 min de réflexologie 50€", [("Réflexologie", 50.0, 45)]),
        ("le menu trois plats trente-deux euros", [("Menu trois plats", 32.0, None)]),
        ("une boîte de six macarons neuf euros", [("Boîte de six macarons", 9.0, None)]),
    ],
)
def test_services_with_prices_and_durations(
    text: str, expected: list[tuple[str, float | None, int | None]]
) -> None:
    assert [(s.name, s.price_eur, s.duration_minutes) for s in extract_services(text)] == expected


def test_an_agreement_sector_is_never_a_price() -> None:
    services = extract_services("conventionnée secteur 2, consultation 50 euros")
    assert [(s.name, s.price_eur) for s in services] == [("Consultation", 50.0)]


# --- places --------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "city"),
    [
        ("menuisier besançon, Bois & Co", "Besançon"),
        ("Cordonnerie Martin, Poitiers.", "Poitiers"),
        ("pâtisserie fine, montauban", "Montauban"),
        ("22 rue des Tanneurs, Colmar", "Colmar"),
        ("allée des Pins, Arcachon", "Arcachon"),
        ("nous sommes à Villeneuve-lès-Avignon, en face d'Avignon", "Villeneuve-lès-Avignon"),
    ],
)
def test_a_commune_without_a_preposition(text: str, city: str) -> None:
    address = extract_address(text)
    assert address is not None and address.city == city


@pytest.mark.parametrize(
    "text",
    [
        "on fait des tours en calèche",
        "jus d'orange pressé 4 euros",
        "secteur besançon, dole, pontarlier",
        "prendre les messages",
    ],
)
def test_no_commune_from_words_or_zone_lists(text: str) -> None:
    address = extract_address(text)
    assert address is None or address.city is None


@pytest.mark.parametrize(
    ("text", "parts"),
    [
        ("Toulouse et 40 km autour", ["Toulouse", "40 km"]),
        ("secteur : colmar, sélestat, guebwiller", ["colmar", "sélestat", "guebwiller"]),
        ("on se déplace sur Nantes, Rezé et Saint-Herblain", ["Nantes", "Rezé", "Saint-Herblain"]),
        ("Angoulême Cognac Jarnac", ["Angoulême", "Cognac", "Jarnac"]),
    ],
)
def test_a_zone_keeps_the_communes_it_lists(text: str, parts: list[str]) -> None:
    area = extract_service_area(text)
    assert area is not None
    assert all(p in area for p in parts)


# --- phone numbers -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "pour m'avoir c'est le 06 71 23 45 67",
        "si souci, appeler Marc au 07 61 22 33 44",
        "en cas de problème : 06 80 90 10 20",
    ],
)
def test_transfer_cues(text: str) -> None:
    assert [r.role for r in classify_phones(text)] == ["transfer"]


def test_a_landline_without_a_cue_has_no_role() -> None:
    assert [r.role for r in classify_phones("05 56 12 34 56")] == [None]
    assert extract_facts("le standard c'est le 05 56 12 34 56").business_phone == "+33556123456"


def test_a_second_schedule_for_many_days_does_not_replace_the_first() -> None:
    text = "le club est ouvert 24h/24 7j/7 avec la carte, le secrétariat du mardi au samedi 9h-17h"
    week = _week(parse_opening_hours(text))
    assert week["mar"] == week["sam"] == week["dim"] == "0000-0000"


def test_the_town_where_the_business_is_settled_wins() -> None:
    text = "j'ai appris le métier à Lille, puis je me suis installée à Arras il y a dix ans"
    address = extract_address(text)
    assert address is not None and address.city == "Arras"


@pytest.mark.parametrize(
    ("text", "lists"),
    [("colmar sélestat guebwiller", True), ("Nantes, Rezé", True), ("coupe et brushing", False)],
)
def test_a_list_of_communes(text: str, lists: bool) -> None:
    assert lists_communes(text) is lists


def test_each_excepted_day_keeps_its_own_period() -> None:
    text = "ouvert midi et soir sauf mardi soir et mercredi, 11h45-14h et 19h-22h"
    week = _week(parse_opening_hours(text))
    assert week["mar"] == "1145-1400"
    assert week["mer"] == "closed"
    assert week["jeu"] == "1145-1400 1900-2200"


def test_a_free_quote_is_a_free_service() -> None:
    services = extract_services("réparation sur devis, devis gratuit")
    assert [(s.name, s.price_eur, s.price_note) for s in services] == [
        ("Réparation", None, "sur devis"),
        ("Devis", 0.0, "gratuit"),
    ]


def test_a_lunch_break_splits_the_open_days() -> None:
    week = _week(parse_opening_hours("du mardi au samedi 8h30-18h (fermé de 12h15 à 13h45)"))
    assert week["mar"] == week["sam"] == "0830-1215 1345-1800"


def test_a_break_for_one_day_as_a_correction() -> None:
    hours = parse_opening_hours("du lundi au samedi 8h-18h")
    assert hours is not None
    week = _week(apply_hours_correction(hours, "le mercredi c'est fermé entre 13h et 15h"))
    assert week["mer"] == "0800-1300 1500-1800"
    assert week["jeu"] == "0800-1800"


@pytest.mark.parametrize(
    ("short", "name"),
    [
        ("Cagnes", "Cagnes-sur-Mer"),
        ("Saint-Pol", "Saint-Pol-de-Léon"),
        ("Lyon", "Lyon"),
        ("La Baule", "La Baule-Escoublac"),
    ],
)
def test_a_compound_commune_called_by_its_first_part(short: str, name: str) -> None:
    found = commune_or_short(short)
    assert found is not None and found.name == name


def test_a_zone_with_departments_and_a_trailing_clause() -> None:
    text = "on intervient dans toute la Haute-Savoie et un peu dans l'Ain aussi quand il faut"
    area = extract_service_area(text)
    assert area is not None and "Haute-Savoie" in area and "Ain" in area
    assert "quand" not in area


def test_a_zone_with_a_town_called_by_its_article_and_first_word() -> None:
    area = extract_service_area(
        "on tourne sur Saint-Nazaire, Pornichet, La Baule et jusqu'à Guérande, pas plus loin"
    )
    assert area is not None and "La Baule" in area and "Guérande" in area
