"""Impossible times are found (and worded in French); possible ones, durations included, not."""

from __future__ import annotations

import pytest

from allokoli.understanding.from_text import profile_from_text
from allokoli.understanding.hours import impossible_hours


@pytest.mark.parametrize(
    ("text", "said"),
    [
        ("de 25h à 3h", "25h"),
        ("le vendredi on ferme à 26 h", "26h"),
        ("de 8h70 à 12h", "8h70"),
        ("ouvert 9 jours sur 7", "pas 9"),
        ("ouvert 8j/7 de 9h à 18h", "pas 8"),
        ("du lundi au vendredi de 14h à 10h", "avant d'ouvrir"),
        ("le jeudi de 11h à 7h", "avant d'ouvrir"),
    ],
)
def test_an_impossible_time_gets_a_french_question(text: str, said: str) -> None:
    question = impossible_hours(text)
    assert question is not None and said in question and question.endswith("?")


@pytest.mark.parametrize(
    "text",
    [
        "du mardi au samedi 9h-19h",
        "9h-12h et 14h-19h",
        "de 19h à 2h",  # into the night
        "le samedi de 22h à 0h",
        "ouvert 24h/24 7j/7",
        "de 8 à 12h30",
        "intervention en 2h, dépannage sous 48h",
        "coupe 25 € et brushing 20 €",
        "dans un rayon de 30 km",
    ],
)
def test_possible_times_and_durations_are_not_questioned(text: str) -> None:
    assert impossible_hours(text) is None


def test_a_description_with_impossible_hours_stores_no_hours() -> None:
    profile = profile_from_text("Salon Belle Mèche, coiffeuse à Pertuis, de 25h à 3h")
    assert profile.opening_hours is None


def test_a_description_closes_the_days_its_range_leaves_out() -> None:
    profile = profile_from_text("Fleuriste Coquelicot à Apt, ouvert du mercredi au dimanche 9h-18h")
    assert profile.opening_hours is not None
    week = {d.day.value: d.ranges for d in profile.opening_hours.days}
    assert week["lundi"] == [] and week["mardi"] == []
    assert len(week["mercredi"]) == 1
