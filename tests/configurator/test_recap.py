"""The plain-French rendering of facts (recap, acknowledgements) and the French texts."""

from __future__ import annotations

import re
from datetime import time

from allokoli.configurator import ConfiguratorState, Stage, start, texts, turn
from allokoli.configurator.recap import (
    format_hours,
    format_phone,
    format_price,
    format_services,
    recap_text,
)
from allokoli.configurator.state import SectorGuess
from allokoli.domain.profile import DayHours, OpeningHours, Service, TimeRange, Weekday


def _day(day: Weekday, *ranges: tuple[int, int, int, int]) -> DayHours:
    return DayHours(
        day=day,
        ranges=[TimeRange(start=time(a, b), end=time(c, d)) for a, b, c, d in ranges],
    )


def test_phone_by_pairs() -> None:
    assert format_phone("+33612345678") == "06 12 34 56 78"
    assert format_phone("+33478000000") == "04 78 00 00 00"
    assert format_phone("+32470123456").startswith("+32")


def test_prices_the_french_way() -> None:
    assert format_price(35) == "35 €"
    assert format_price(13.5) == "13,50 €"


def test_hours_grouped_with_closed_days() -> None:
    week = [_day(d, (9, 0, 12, 0), (14, 0, 19, 0)) for d in list(Weekday)[1:6]]
    hours = OpeningHours(days=[_day(Weekday.LUNDI), *week, _day(Weekday.DIMANCHE)])
    assert format_hours(hours) == (
        "Du mardi au samedi : 9 h – 12 h et 14 h – 19 h ; fermé le lundi et le dimanche"
    )


def test_hours_every_day_round_the_clock_and_notes() -> None:
    always = OpeningHours(days=[_day(d, (0, 0, 0, 0)) for d in Weekday])
    assert format_hours(always) == "Tous les jours : 24 h/24"
    odd = OpeningHours(
        days=[_day(Weekday.LUNDI, (8, 30, 0, 0)), _day(Weekday.MERCREDI, (8, 30, 0, 0))],
        by_appointment=True,
        note="samedi : le matin (horaires à préciser)",
    )
    assert format_hours(odd) == (
        "Lundi et mercredi : 8 h 30 – minuit ; également sur rendez-vous "
        "(samedi : le matin (horaires à préciser))"
    )
    assert format_hours(OpeningHours(by_appointment=True)) == "Sur rendez-vous"


def test_services_with_prices_and_durations() -> None:
    services = [
        Service(name="Coupe femme", price_eur=35, duration_minutes=45),
        Service(name="Couleur", price_eur=55, price_note="à partir de"),
        Service(name="Soin", duration_minutes=90),
        Service(name="Conseil"),
    ]
    assert format_services(services) == (
        "Coupe femme (35 €, 45 min), Couleur (à partir de 55 €), Soin (1 h 30), Conseil"
    )


def test_recap_marks_defaults_and_hides_nothing_invented() -> None:
    state = ConfiguratorState(
        profile={"company_name": "Da Marco", "voice_gender": "masculine"},
        sector=SectorGuess(
            family="restauration", subtype="pizzeria", label="Pizzeria", confidence=1
        ),
    )
    recap = recap_text(state)
    assert recap.splitlines()[:2] == ["- Entreprise : Da Marco", "- Activité : Pizzeria"]
    assert "- Voix : masculine" in recap
    assert "- Ton : vouvoiement, chaleureux (par défaut)" in recap
    assert "(par défaut)" in next(line for line in recap.splitlines() if "assistant" in line)
    assert "Horaires" not in recap and "Adresse" not in recap


def test_recap_of_the_generic_sector_shows_the_owner_trade_word() -> None:
    state = ConfiguratorState(
        profile={
            "company_name": "FestiLoc",
            "activity": "salut je loue des chapiteaux, sois sympa",
        },
        sector=SectorGuess(
            family="services",
            subtype="pme_generique",
            label="Chapiteaulier",
            trade_label="chapiteaulier",
            confidence=0.6,
        ),
    )
    recap = recap_text(state)
    assert "- Activité : Chapiteaulier" in recap
    assert "sympa" not in recap
    assert state.profile_model().activity == "Chapiteaulier"


def test_recap_without_a_trade_word_shows_no_activity_rather_than_the_message() -> None:
    state = ConfiguratorState(
        profile={"company_name": "FestiLoc", "activity": "bonjour, voilà, on fait un peu de tout"},
        sector=SectorGuess(
            family="services",
            subtype="pme_generique",
            label="Entreprise (générique)",
            confidence=0.1,
        ),
    )
    assert "Activité" not in recap_text(state)
    assert state.profile_model().activity is None


def _french_strings() -> list[str]:
    out: list[str] = []
    for name in dir(texts):
        value = getattr(texts, name)
        if isinstance(value, str) and not name.startswith("_"):
            out.append(value)
        elif isinstance(value, tuple):
            out += [v for v in value if isinstance(v, str)]
        elif isinstance(value, dict):
            out += [v for v in value.values() if isinstance(v, str)]
    return out


def test_texts_use_vouvoiement_and_typographic_french() -> None:
    strings = _french_strings()
    assert len(strings) > 80
    for text in strings:
        quoted_removed = re.sub(r"«[^»]*»", "", text)
        assert not re.search(r"\b(?:tu|toi|ton entreprise|tes)\b", quoted_removed), text
        assert "  " not in text, text
        assert not re.search(r"\s[,.]", text), text
        assert "'" not in text or "’" not in text, text
        if "?" in text or "!" in text or ":" in text:
            assert not re.search(r"\S[?!]", text.replace("…", "")), text


def test_an_owner_message_with_a_trade_outside_the_catalogue_stores_only_the_trade() -> None:
    reply, state = start()
    for line in (
        "cc je suis vitrailliste à Chartres, fais au plus simple stp",
        "L'Atelier du Verre",
    ):
        reply, state = turn(state, line)
    while state.stage is not Stage.RECAP and not reply.done:
        reply, state = turn(state, "je sais pas")
    assert "- Activité : Vitrailliste" in recap_text(state)
    assert state.profile_model().activity == "Vitrailliste"
    assert "stp" not in recap_text(state)
