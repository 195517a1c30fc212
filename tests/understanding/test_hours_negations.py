"""A day closed by a negation ending its clause, and days closed one after the other."""

from __future__ import annotations

import pytest

from allokoli.understanding.extract import extract_facts


def _week(text: str) -> dict[str, list[tuple[str, str]]]:
    hours = extract_facts(text).opening_hours
    assert hours is not None, text
    return {
        d.day.value: [(f"{r.start:%H:%M}", f"{r.end:%H:%M}") for r in d.ranges] for d in hours.days
    }


@pytest.mark.parametrize(
    ("text", "closed"),
    [
        (
            "du mardi au vendredi 9h-18h. Le lundi non, le dimanche non plus hein.",
            {"lundi", "dimanche"},
        ),
        ("mar-sam 10h-19h, lun et dim on bouge pas", {"lundi", "dimanche"}),
        ("Le mercredi je ne consulte plus depuis la rentrée.", {"mercredi"}),
        ("le samedi fermé, le dimanche fermé", {"samedi", "dimanche"}),
        ("lun-ven 8h-12h 14h-18h, le samedi rien", {"samedi"}),
    ],
)
def test_a_day_with_a_negation_is_closed(text: str, closed: set[str]) -> None:
    week = _week(text)
    assert {day for day, ranges in week.items() if not ranges} == closed


@pytest.mark.parametrize(
    "text",
    [
        "du lundi au vendredi 9h-18h, le samedi pas avant 10h jusqu'à 13h",
        "du lundi au samedi 9h-19h, le samedi plus tard jusqu'à 20h",
    ],
)
def test_a_negation_followed_by_hours_closes_nothing(text: str) -> None:
    assert _week(text)["samedi"]


def test_open_days_named_before_a_closed_one_stay_open() -> None:
    week = _week("ouvert du lundi au samedi 9h-19h, fermé le dimanche")
    assert week["samedi"] == [("09:00", "19:00")]
    assert week["dimanche"] == []


def test_two_times_said_one_after_the_other_are_a_range() -> None:
    from allokoli.understanding.hours import parse_opening_hours

    hours = parse_opening_hours("du lundi au vendredi, sept heures trente, dix-sept heures trente.")
    assert hours is not None
    assert {d.day.value: [(str(r.start), str(r.end)) for r in d.ranges] for d in hours.days}[
        "lundi"
    ] == [("07:30:00", "17:30:00")]


def test_closing_earlier_moves_the_end_and_closes_no_day() -> None:
    from allokoli.understanding.hours import apply_hours_correction, parse_opening_hours

    base = parse_opening_hours("du mardi au dimanche de 18h30 à 22h30, fermé le lundi")
    assert base is not None
    fixed = apply_hours_correction(
        base, "le dimanche on ferme plus tôt, vingt-et-une heures trente"
    )
    sunday = next(d for d in fixed.days if d.day.value == "dimanche")
    assert [(str(r.start), str(r.end)) for r in sunday.ranges] == [("18:30:00", "21:30:00")]
    later = apply_hours_correction(base, "le dimanche on ferme plus tard")
    assert next(d for d in later.days if d.day.value == "dimanche").ranges
