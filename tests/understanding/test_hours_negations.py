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


def test_hours_taken_back_whole_and_a_day_said_for_its_morning_only() -> None:
    from allokoli.understanding import apply_hours_correction, parse_opening_hours
    from allokoli.understanding.speech import normalise_speech

    def days(text: str) -> dict[str, list[tuple[str, str]]]:
        hours = parse_opening_hours(text)
        assert hours is not None
        return {
            d.day.value: [(str(r.start)[:5], str(r.end)[:5]) for r in d.ranges] for d in hours.days
        }

    said = normalise_speech(
        "du lundi au vendredi de 8h à 19h, et le samedi de 9h à 16h… non, 9h-17h le samedi"
    )
    assert days(said)["samedi"] == [("09:00", "17:00")]
    week = days(
        "du lundi au vendredi, de 8h30 à 12h30 et de 14h à 19h. Le mercredi, seulement le matin."
    )
    assert week["mercredi"] == [("08:30", "12:30")]
    assert week["jeudi"] == [("08:30", "12:30"), ("14:00", "19:00")]
    known = parse_opening_hours("du mardi au samedi de 10h à 13h et de 15h à 19h30")
    assert known is not None
    later = apply_hours_correction(
        known, "Ah et le vendredi on ferme plus tard à cause de la dégustation, à 21h."
    )
    friday = next(d for d in later.days if d.day.value == "vendredi")
    assert [(str(r.start)[:5], str(r.end)[:5]) for r in friday.ranges] == [
        ("10:00", "13:00"),
        ("15:00", "21:00"),
    ]


@pytest.mark.parametrize(
    ("said", "tuesday", "saturday"),
    [
        # the days first, the hours in the next sentence, then the days closed
        (
            "Du mardi au samedi. De 12h à 14h et de 19h30 à 22h. Dimanche et lundi fermé.",
            [("12:00", "14:00"), ("19:30", "22:00")],
            [("12:00", "14:00"), ("19:30", "22:00")],
        ),
        # hours for no day, then the days closed: the others have them
        (
            "9h-12h et 14h-18h. Samedi et dimanche fermé.",
            [("09:00", "12:00"), ("14:00", "18:00")],
            [],
        ),
        # « fermé » goes with the days after it
        (
            "de midi à 14h et de 19h à 22h du mardi au samedi, fermé dimanche et lundi",
            [("12:00", "14:00"), ("19:00", "22:00")],
            [("12:00", "14:00"), ("19:00", "22:00")],
        ),
    ],
)
def test_days_being_closed_take_no_hours(
    said: str, tuesday: list[tuple[str, str]], saturday: list[tuple[str, str]]
) -> None:
    from allokoli.understanding import parse_opening_hours

    hours = parse_opening_hours(said)
    assert hours is not None
    days = {d.day.value: [(str(r.start)[:5], str(r.end)[:5]) for r in d.ranges] for d in hours.days}
    assert days["mardi"] == tuesday
    assert days["samedi"] == saturday
    assert days["dimanche"] == []


def test_a_range_overlapping_the_days_hours_goes_with_the_days_after_it() -> None:
    # a second range of the same days never overlaps the first: « 9h-21h le jeudi » is
    # Thursday's own, in brackets or after a comma
    for text in (
        "du lundi au vendredi de 9h à 18h (9h-21h le jeudi), samedi 9h-12h",
        "du lundi au vendredi de 9h à 18h, 9h-21h le jeudi",
    ):
        week = _week(text)
        assert week["jeudi"] == [("09:00", "21:00")], text
        assert week["lundi"] == week["vendredi"] == [("09:00", "18:00")], text
    week = _week("du lundi au vendredi 9h-12h, 14h-18h le samedi fermé")
    assert week["lundi"] == [("09:00", "12:00"), ("14:00", "18:00")] and not week["samedi"]


def test_two_days_joined_by_et_share_the_period_and_the_time_after_them() -> None:
    week = _week(
        "du mardi au samedi 12h-14h et 19h-22h, le vendredi et le samedi soir on va jusqu'à 23h"
    )
    assert week["vendredi"] == week["samedi"] == [("12:00", "14:00"), ("19:00", "23:00")]
    assert week["jeudi"] == [("12:00", "14:00"), ("19:00", "22:00")]


def test_round_the_clock_taken_back_by_a_range() -> None:
    week = _week("24h/24 enfin non, de 6h à minuit tous les jours")
    assert all(ranges == [("06:00", "00:00")] for ranges in week.values()), week


@pytest.mark.parametrize(
    "text",
    [
        "On est open du lundi au vendredi, 9h-18h, pas le week-end.",
        "du lundi au vendredi de sept heures et demie à dix-sept heures, et pas le week-end.",
        "du lundi au vendredi 9h-18h, pas de week-end",
    ],
)
def test_not_the_week_end_after_the_weeks_hours_closes_it(text: str) -> None:
    week = _week(text)
    assert week["samedi"] == [] and week["dimanche"] == [] and week["lundi"]
