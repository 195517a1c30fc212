"""Hours in shapes met in dev part q, written here with other words: « 24/7 », franglais days
joined by « to », and four times said one after the other with « midi » among them."""

from __future__ import annotations

from datetime import time

import pytest

from allokoli.understanding.hours import parse_opening_hours


def _by_day(text: str) -> dict[str, list[tuple[time, time]]]:
    hours = parse_opening_hours(text)
    assert hours is not None
    return {d.day.value: [(r.start, r.end) for r in d.ranges] for d in hours.days}


@pytest.mark.parametrize("text", ["La laverie est open 24/7.", "ouvert 24 / 7 pour les adhérents"])
def test_open_twenty_four_seven(text: str) -> None:
    by_day = _by_day(text)
    assert len(by_day) == 7
    assert all(r == [(time(0, 0), time(0, 0))] for r in by_day.values())


def test_franglais_days_joined_by_to() -> None:
    by_day = _by_day("On répond du Tuesday to Saturday, 9h-17h.")
    assert set(by_day) == {"mardi", "mercredi", "jeudi", "vendredi", "samedi"}


def test_four_times_said_in_a_row_with_noon_among_them() -> None:
    by_day = _by_day("Du mardi au vendredi, neuf heures, midi, quatorze heures, dix-neuf heures.")
    assert by_day["mardi"] == [(time(9, 0), time(12, 0)), (time(14, 0), time(19, 0))]
    assert by_day["vendredi"] == by_day["mardi"]


def test_except_that_brings_a_change_not_a_day_closed() -> None:
    by_day = _by_day(
        "On ouvre tous les jours de 8h à 20h, même le dimanche, sauf que le dimanche je ferme à "
        "13h pour voir mes enfants."
    )
    assert by_day["dimanche"] == [(time(8, 0), time(13, 0))]
    assert by_day["lundi"] == [(time(8, 0), time(20, 0))]


def test_times_in_words_joined_by_a_hyphen() -> None:
    by_day = _by_day(
        "du lundi au vendredi, neuf heures-midi, quatorze heures trente-dix-huit heures trente"
    )
    assert by_day["lundi"] == [(time(9, 0), time(12, 0)), (time(14, 30), time(18, 30))]


def test_week_end_with_a_space_and_days_abbreviated_side_by_side() -> None:
    by_day = _by_day("je reçois lundi mardi jeudi de 9h a 19h. mercredi et week end fermé")
    assert by_day["samedi"] == [] and by_day["dimanche"] == [] and by_day["mercredi"] == []
    by_day = _by_day("horaires mar mer jeu ven 9h-18h, sam 9h-16h, ferme dim lun")
    assert by_day["lundi"] == [] and by_day["dimanche"] == []


def test_opens_only_at_and_no_longer_on_a_day() -> None:
    by_day = _by_day(
        "Lundi au vendredi 8h-19h, samedi 9h-17h. Ah, et le mardi on n'ouvre qu'à 13h en fait."
    )
    assert by_day["mardi"] == [(time(13, 0), time(19, 0))]
    assert by_day["lundi"] == [(time(8, 0), time(19, 0))]
    by_day = _by_day(
        "Lundi au vendredi 9h-18h, samedi 9h-12h. Ah non, plus le samedi, on a arrêté."
    )
    assert by_day["samedi"] == []
    # « plus » that adds a day stays an addition
    by_day = _by_day("du lundi au vendredi 9h-18h, plus le samedi matin 9h-12h")
    assert by_day["samedi"] == [(time(9, 0), time(12, 0))]
