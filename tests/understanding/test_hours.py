from __future__ import annotations

import pytest

from allokoli.domain.profile import OpeningHours, Weekday
from allokoli.understanding import (
    apply_hours_correction,
    extract_facts,
    find_day,
    parse_opening_hours,
)

from ._helpers import spec, week

MORNING_AFTERNOON = "0900-1200 1400-1900"

PARSE_CASES: list[tuple[str, dict[str, str]]] = [
    # the canonical sentence and close variants
    (
        "du lundi au vendredi de 9h à 12h et de 14h à 19h, fermé le dimanche",
        spec(lun_ven=MORNING_AFTERNOON, dim="closed"),
    ),
    (
        "Du Lundi Au Vendredi De 9H A 12H Et De 14H A 19H",
        spec(lun_ven=MORNING_AFTERNOON),
    ),
    ("du lundi au vendredi 9h-12h 14h-19h", spec(lun_ven=MORNING_AFTERNOON)),
    ("lundi-vendredi 9h/12h 14h/19h", spec(lun_ven=MORNING_AFTERNOON)),
    ("lun-ven 9h-12h / 14h-19h", spec(lun_ven=MORNING_AFTERNOON)),
    # SMS style: two far-apart days side by side are a range; a list keeps its commas
    ("lundi vendredi 7h30 17h30", spec(lun_ven="0730-1730")),
    ("mardi samedi 9h-19h", spec(mar_sam="0900-1900")),
    ("lundi, vendredi 9h 12h", spec(lun="0900-1200", ven="0900-1200")),
    ("lundi mardi jeudi 9h 18h", spec(lun_mar="0900-1800", jeu="0900-1800")),
    # a day given only an end (or a start) opens (or closes) like the others
    (
        "le lundi, mardi, jeudi et vendredi de 8h30 à 19h, le mercredi seulement le matin "
        "jusqu'à 12h",
        spec(lun_mar="0830-1900", mer="0830-1200", jeu_ven="0830-1900"),
    ),
    (
        "du lundi au vendredi 9h-19h, le samedi jusqu'à 17h",
        spec(lun_ven="0900-1900", sam="0900-1700"),
    ),
    (
        "du lundi au vendredi 9h-19h, le samedi à partir de 10h",
        spec(lun_ven="0900-1900", sam="1000-1900"),
    ),
    ("du lun au ven de 9 h à 12 h et de 14 h à 19 h", spec(lun_ven=MORNING_AFTERNOON)),
    ("9h-12h et 14h-19h du lundi au vendredi", spec(lun_ven=MORNING_AFTERNOON)),
    (
        "de 09:00 à 12:00 puis de 14:00 à 19:00 du lundi au vendredi",
        spec(lun_ven=MORNING_AFTERNOON),
    ),
    ("du lundi au vendredi 9-12 14-19", spec(lun_ven=MORNING_AFTERNOON)),
    (
        "du lundi au vendredi de neuf heures à midi et de quatorze heures à dix-neuf heures",
        spec(lun_ven=MORNING_AFTERNOON),
    ),
    # restaurant style
    ("mardi-samedi 11h30-14h / 18h30-22h30", spec(mar_sam="1130-1400 1830-2230")),
    ("du mar au sam 11h30 14h 18h30 22h30", spec(mar_sam="1130-1400 1830-2230")),
    (
        "ouvert du mardi au dimanche le midi de 12h à 14h30 et le soir de 19h à 23h",
        spec(mar_dim="1200-1430 1900-2300"),
    ),
    (
        "de midi à 14h et de 19h à 22h du mardi au samedi, fermé dimanche et lundi",
        spec(mar_sam="1200-1400 1900-2200", dim="closed", lun="closed"),
    ),
    ("midi-14h et 19h-minuit tous les jours", spec(lun_dim="1200-1400 1900-0000")),
    # every day / exceptions
    ("tous les jours de 8h à 20h", spec(lun_dim="0800-2000")),
    ("7j/7 de 7h à 22h", spec(lun_dim="0700-2200")),
    ("7 jours sur 7, de 10h à 19h", spec(lun_dim="1000-1900")),
    ("ouvert 7/7 10h-19h", spec(lun_dim="1000-1900")),
    ("tous les jours sauf le lundi de 10h à 18h", {**spec(mar_dim="1000-1800"), "lun": "closed"}),
    (
        "de 10h à 18h tous les jours sauf le mardi",
        {**spec(lun="1000-1800", mer_dim="1000-1800"), "mar": "closed"},
    ),
    ("tlj sauf dimanche 9h 19h", {**spec(lun_sam="0900-1900"), "dim": "closed"}),
    ("tous les jours sauf le lundi", {"lun": "closed"}),
    (
        "toute la semaine sauf le mercredi et le dimanche de 9h à 18h",
        {**spec(lun_mar="0900-1800", jeu_sam="0900-1800"), "mer": "closed", "dim": "closed"},
    ),
    # 24h/24
    ("24h/24 7j/7", spec(lun_dim="0000-0000")),
    ("dépannage 24 heures sur 24", spec(lun_dim="0000-0000")),
    ("on est dispo jour et nuit", spec(lun_dim="0000-0000")),
    ("h24 du lundi au samedi", spec(lun_sam="0000-0000")),
    # non-stop
    ("non-stop de 8h à 20h du lundi au samedi", spec(lun_sam="0800-2000")),
    ("du lundi au samedi en continu de 9h30 à 19h", spec(lun_sam="0930-1900")),
    ("journée continue 8h-18h en semaine", spec(lun_ven="0800-1800")),
    # closed days in many forms
    ("fermé le lundi", {"lun": "closed"}),
    ("fermé le dimanche et le lundi", {"dim": "closed", "lun": "closed"}),
    ("le dimanche c'est fermé", {"dim": "closed"}),
    ("dimanche : fermé", {"dim": "closed"}),
    ("on bosse pas le dimanche", {"dim": "closed"}),
    ("on ne travaille pas le samedi ni le dimanche", {"sam": "closed", "dim": "closed"}),
    ("jour de fermeture : mercredi", {"mer": "closed"}),
    ("repos le lundi", {"lun": "closed"}),
    ("fermeture hebdomadaire le mardi", {"mar": "closed"}),
    ("ferme le dimanche", {"dim": "closed"}),
    # day lists and single days
    (
        "lundi, mercredi et vendredi de 14h à 18h",
        spec(lun="1400-1800", mer="1400-1800", ven="1400-1800"),
    ),
    ("mardi jeudi 9h-17h", spec(mar="0900-1700", jeu="0900-1700")),
    ("le samedi de 9h à 12h", {"sam": "0900-1200"}),
    ("samedi 10h - 16h", {"sam": "1000-1600"}),
    ("dim 9h-13h", {"dim": "0900-1300"}),
    ("les samedis de 8h30 à 12h30", {"sam": "0830-1230"}),
    # per-day lines
    (
        "Lundi : 14h-19h\nMardi : 9h-19h\nMercredi : 9h-19h\nJeudi : 9h-20h\nVendredi : 9h-20h\n"
        "Samedi : 8h-17h\nDimanche : fermé",
        {
            "lun": "1400-1900",
            "mar": "0900-1900",
            "mer": "0900-1900",
            "jeu": "0900-2000",
            "ven": "0900-2000",
            "sam": "0800-1700",
            "dim": "closed",
        },
    ),
    (
        "lundi 14h-19h, du mardi au vendredi 9h-12h/14h-19h, samedi 9h-17h, dimanche fermé",
        {
            "lun": "1400-1900",
            **spec(mar_ven=MORNING_AFTERNOON),
            "sam": "0900-1700",
            "dim": "closed",
        },
    ),
    (
        "en semaine de 8h à 19h et le samedi de 9h à 13h",
        {**spec(lun_ven="0800-1900"), "sam": "0900-1300"},
    ),
    (
        "le week-end de 10h à 18h et en semaine de 9h à 20h",
        {**spec(lun_ven="0900-2000"), **spec(sam_dim="1000-1800")},
    ),
    (
        "de 9h à 19h du lundi au vendredi, et de 9h à 12h le samedi",
        {**spec(lun_ven="0900-1900"), "sam": "0900-1200"},
    ),
    # exceptions with other hours
    (
        "du lundi au samedi de 9h à 19h sauf le samedi jusqu'à 17h",
        {**spec(lun_ven="0900-1900"), "sam": "0900-1700"},
    ),
    (
        "du lundi au samedi de 9h à 19h, le samedi on ferme à 18h",
        {**spec(lun_ven="0900-1900"), "sam": "0900-1800"},
    ),
    (
        "du lundi au samedi 9h-12h et 14h-19h, fermé le lundi matin",
        {"lun": "1400-1900", **spec(mar_sam=MORNING_AFTERNOON)},
    ),
    # opening / closing verbs
    ("on ouvre à 8h et on ferme à 18h du lundi au vendredi", spec(lun_ven="0800-1800")),
    ("du mardi au samedi on ouvre à 9h30 et on ferme à 19h", spec(mar_sam="0930-1900")),
    ("ouverture à 7h, fermeture à 13h, du mardi au dimanche", spec(mar_dim="0700-1300")),
    ("à partir de 10h jusqu'à 19h le samedi", {"sam": "1000-1900"}),
    ("dès 6h30 et jusqu'à 20h, du lundi au samedi", spec(lun_sam="0630-2000")),
    # times of day written in many ways
    ("le lundi de 8 heures 30 à 12 heures", {"lun": "0830-1200"}),
    ("le mardi de huit heures et demie à midi et demi", {"mar": "0830-1230"}),
    ("le jeudi de 9h15 à 11h45", {"jeu": "0915-1145"}),
    ("le vendredi de 10h à 7h du soir", {"ven": "1000-1900"}),
    ("le mercredi de 2h à 6h de l'après-midi", {"mer": "1400-1800"}),
    ("le mercredi de 2 à 6", {"mer": "1400-1800"}),
    ("le samedi de 9 à 12", {"sam": "0900-1200"}),
    ("le vendredi de 18h à 2h du matin", {"ven": "1800-0200"}),  # past midnight: one range
    ("le lundi de 9h à 12h30 et de 13h30 à 18h", {"lun": "0900-1230 1330-1800"}),
    ("le samedi de neuf heures à dix-sept heures trente", {"sam": "0900-1730"}),
    ("lundi de 9.30 à 18.30", {"lun": "0930-1830"}),
    # abbreviations, plural, typos, no accents, SMS
    ("lundis et mercredy 9h-12h", {"lun": "0900-1200", "mer": "0900-1200"}),
    ("du mecredi au samdi 10h 19h", spec(mer_sam="1000-1900")),
    ("vendredie et dimanch de 8h a 12h", {"ven": "0800-1200", "dim": "0800-1200"}),
    ("lu-ve 8h-17h sa 8h-12h", {**spec(lun_ven="0800-1700"), "sam": "0800-1200"}),
    ("du lundy au jeudy de 9h a 18h", spec(lun_jeu="0900-1800")),
    (
        "ouvert du lundi au vendredi de 8h a 18h et ferme le we",
        {**spec(lun_ven="0800-1800"), **spec(sam_dim="closed")},
    ),
    ("ouvert ts les jours 10h-20h", spec(lun_dim="1000-2000")),
    ("LUNDI AU VENDREDI 9H 18H", spec(lun_ven="0900-1800")),
    # rambling
    (
        "alors euh nous on est ouverts du lundi au vendredi, en gros de 9h à 18h, et le samedi "
        "matin de 9h à midi, voilà",
        {**spec(lun_ven="0900-1800"), "sam": "0900-1200"},
    ),
    (
        "bah en fait on ouvre le matin vers 9h et on ferme le soir à 19h, sauf le dimanche où on "
        "est fermé",
        {**spec(lun_sam="0900-1900"), "dim": "closed"},
    ),
    (
        "c'est simple : du mardi au samedi, 10h-19h, et le lundi c'est fermé",
        {**spec(mar_sam="1000-1900"), "lun": "closed"},
    ),
    (
        "de 9h à 19h, fermé dimanche et lundi",
        {**spec(mar_sam="0900-1900"), "dim": "closed", "lun": "closed"},
    ),
    # wrap-around day range
    ("du vendredi au lundi de 10h à 18h", {**spec(ven_dim="1000-1800"), "lun": "1000-1800"}),
    # holidays do not pollute days
    ("le dimanche et les jours fériés de 9h à 12h", {"dim": "0900-1200"}),
    ("sur rendez-vous du lundi au samedi de 9h à 20h", spec(lun_sam="0900-2000")),
    # a written range ending in the small hours runs past midnight; "9h à 7h" is 19h
    ("mardi-dimanche 18h-1h", {**spec(mar_sam="1800-0100"), "dim": "1800-0100"}),
    ("jeudi-samedi 10h-3h", spec(jeu_sam="1000-0300")),
    ("lundi 8h à 6h", {"lun": "0800-1800"}),
    # the exception's own hours replace the general ones
    (
        "lundi-vendredi 8h-18h, sauf jeudi 13h-18h",
        {**spec(lun_ven="0800-1800"), "jeu": "1300-1800"},
    ),
    (
        "du mardi au samedi de 10h à 19h sauf le samedi matin (14h-19h seulement)",
        {**spec(mar_ven="1000-1900"), "sam": "1400-1900"},
    ),
    # an exception after an afternoon's hours takes back that afternoon only
    (
        "du lundi au vendredi de 8h30 à 12h, et l'après-midi de 14h à 17h sauf le jeudi",
        {**spec(lun_ven="0830-1200 1400-1700"), "jeu": "0830-1200"},
    ),
    # after the exception, a day with its own range after a comma keeps that range
    (
        "8h-20h sauf lundi, samedi 8h-12h30",
        {**spec(mar_ven="0800-2000"), "lun": "closed", "sam": "0800-1230", "dim": "0800-2000"},
    ),
    # a day told only when it ends (or opens) keeps the other days' lunch break
    (
        "du lundi au jeudi de 8h30 à 12h et de 13h30 à 17h30 ; le vendredi jusqu'à 16h30",
        {**spec(lun_jeu="0830-1200 1330-1730"), "ven": "0830-1200 1330-1630"},
    ),
    (
        "du mardi au vendredi 9h-12h 14h-19h, le samedi à partir de 10h",
        {**spec(mar_ven="0900-1200 1400-1900"), "sam": "1000-1200 1400-1900"},
    ),
    (
        "lundi au vendredi 8h-18h, samedi jusqu'à midi",
        {**spec(lun_ven="0800-1800"), "sam": "0800-1200"},
    ),
]


@pytest.mark.parametrize(("text", "expected"), PARSE_CASES)
def test_parse_opening_hours(text: str, expected: dict[str, str]) -> None:
    assert week(parse_opening_hours(text)) == expected


@pytest.mark.parametrize(
    "text",
    [
        "bonjour",
        "je m'appelle Sam et j'ai un salon",
        "la mer est belle aujourd'hui",
        "coupe homme 25€, coupe femme 35€",
        "appelez-moi au 06 12 34 56 78",
        "on est au 12 rue de la République, 69003 Lyon",
        "il vend des pizzas depuis 20 ans",
        "je suis plombier à Lyon",
        "dans un rayon de 30 km",
        "",
    ],
)
def test_no_hours_in_unrelated_text(text: str) -> None:
    assert parse_opening_hours(text) is None


@pytest.mark.parametrize(
    ("text", "flag"),
    [
        ("uniquement sur rendez-vous", True),
        ("sur rdv", True),
        ("sur RDV du lundi au vendredi", True),
        ("on reçoit seulement sur rendez vous", True),
        ("du lundi au vendredi 9h-18h", False),
    ],
)
def test_by_appointment(text: str, flag: bool) -> None:
    hours = parse_opening_hours(text)
    assert hours is not None
    assert hours.by_appointment is flag


@pytest.mark.parametrize(
    ("text", "open_on_holidays"),
    [
        ("ouvert les jours fériés", True),
        ("ouvert même les jours fériés de 10h à 13h", True),
        ("du lundi au samedi 9h-19h, y compris les jours fériés", True),
        ("le dimanche et les jours fériés de 9h à 12h", True),
        ("du lundi au samedi 9h-19h, fermé les jours fériés", False),
        ("tous les jours sauf jours fériés de 9h à 18h", False),
    ],
)
def test_public_holidays(text: str, open_on_holidays: bool) -> None:
    hours = parse_opening_hours(text)
    assert hours is not None
    assert hours.open_on_public_holidays is open_on_holidays


@pytest.mark.parametrize(
    ("text", "known_days", "note_part"),
    [
        ("le samedi matin", {}, "samedi : le matin"),
        ("ouvert le dimanche matin", {}, "dimanche : ouvert le matin"),
        ("ouvert du mardi au samedi midi et soir", {}, "le midi et le soir"),
        ("en semaine de 8h à 18h et le samedi matin", spec(lun_ven="0800-1800"), "samedi"),
        ("de 9h à 19h", {}, "jours à préciser"),
        ("7j/7", {}, "tous les jours"),
        ("le lundi on est fermé le matin", {}, "lundi : fermé le matin"),
        (
            "du lundi au vendredi de 9h à 17h sauf le mercredi après-midi",
            spec(lun_ven="0900-1700"),
            "mercredi : fermé l'après-midi",
        ),
        ("fermé en août", {}, "août"),
    ],
)
def test_periods_without_times_become_notes(
    text: str, known_days: dict[str, str], note_part: str
) -> None:
    """Policy: no hours are invented; the day stays unknown and a note says what was said."""
    hours = parse_opening_hours(text)
    assert hours is not None
    assert week(hours) == known_days
    assert hours.note is not None
    assert note_part in hours.note


BASE_TEXT = "du lundi au samedi de 9h à 12h et de 14h à 19h, fermé le dimanche"


@pytest.fixture
def base() -> OpeningHours:
    hours = parse_opening_hours(BASE_TEXT)
    assert hours is not None
    return hours


CORRECTIONS: list[tuple[str, dict[str, str]]] = [
    ("en fait c'est fermé le lundi", {"lun": "closed"}),
    ("le samedi c'est jusqu'à 17h", {"sam": "0900-1200 1400-1700"}),
    ("le samedi on ferme à 18h", {"sam": "0900-1200 1400-1800"}),
    ("en fait on ouvre à 10h le mardi", {"mar": "1000-1200 1400-1900"}),
    ("le jeudi c'est 14h-20h", {"jeu": "1400-2000"}),
    ("le dimanche on est ouvert de 9h à 12h", {"dim": "0900-1200"}),
    ("ouvert le dimanche aussi", {"dim": MORNING_AFTERNOON}),
    ("le mercredi c'est que le matin", {"mer": "0900-1200"}),
    ("fermé le samedi après-midi", {"sam": "0900-1200"}),
    ("non, le vendredi c'est non-stop de 9h à 19h", {"ven": "0900-1900"}),
]


@pytest.mark.parametrize(("text", "changed"), CORRECTIONS)
def test_apply_hours_correction_changes_only_what_is_said(
    base: OpeningHours, text: str, changed: dict[str, str]
) -> None:
    expected = {**week(base), **changed}
    assert week(apply_hours_correction(base, text)) == expected


def test_correction_of_all_hours(base: OpeningHours) -> None:
    new = apply_hours_correction(base, "en fait c'est de 10h à 19h")
    assert week(new) == {**spec(lun_sam="1000-1900"), "dim": "closed"}


def test_correction_of_closing_time_for_every_day(base: OpeningHours) -> None:
    new = apply_hours_correction(base, "finalement on ferme à 18h30")
    assert week(new) == {**spec(lun_sam="0900-1200 1400-1830"), "dim": "closed"}


def test_correction_of_open_days(base: OpeningHours) -> None:
    new = apply_hours_correction(base, "non plutôt du mardi au samedi")
    assert week(new) == {"lun": "closed", **spec(mar_sam=MORNING_AFTERNOON), "dim": "closed"}


def test_correction_adds_by_appointment(base: OpeningHours) -> None:
    new = apply_hours_correction(base, "ah et c'est sur rendez-vous")
    assert new.by_appointment is True
    assert week(new) == week(base)


@pytest.mark.parametrize("text", ["bonjour", "ok", "merci beaucoup", ""])
def test_correction_without_hours_keeps_existing(base: OpeningHours, text: str) -> None:
    assert apply_hours_correction(base, text) == base


@pytest.mark.parametrize(
    ("word", "day"),
    [
        ("lundi", Weekday.LUNDI),
        ("Mardis", Weekday.MARDI),
        ("mercredy", Weekday.MERCREDI),
        ("mecredi", Weekday.MERCREDI),
        ("jeudi.", Weekday.JEUDI),
        ("vendredie", Weekday.VENDREDI),
        ("samdi", Weekday.SAMEDI),
        ("Dimanche", Weekday.DIMANCHE),
        ("dim", Weekday.DIMANCHE),
        ("mari", None),
        ("semaine", None),
    ],
)
def test_find_day(word: str, day: Weekday | None) -> None:
    assert find_day(word) == day


@pytest.mark.parametrize(
    ("text", "day", "expected"),
    [
        (
            "du lundi au vendredi 8h-18h, et le vendredi on termine plus tôt, à 16h",
            "vendredi",
            "08:00-16:00",
        ),
        (
            "du lundi au samedi 9h-19h, le lundi on ouvre un peu plus tard, à 11h",
            "lundi",
            "11:00-19:00",
        ),
        # « arrêter » and the franglais « stop » close a day like « fermer »
        ("du mardi au jeudi de 9h à 19h, le mercredi on arrête à 16h", "mercredi", "09:00-16:00"),
        ("du mardi au jeudi de 9h à 19h, le jeudi je stop à 17h", "jeudi", "09:00-17:00"),
    ],
)
def test_earlier_or_later_said_before_the_time_changes_that_day(
    text: str, day: str, expected: str
) -> None:
    hours = extract_facts(text, expecting="opening_hours").opening_hours
    assert hours is not None
    ranges = {d.day.value: d.ranges for d in hours.days}
    assert [f"{r.start:%H:%M}-{r.end:%H:%M}" for r in ranges[day]] == [expected]
    assert [f"{r.start:%H:%M}-{r.end:%H:%M}" for r in ranges["mardi"]] != [expected]
