"""Conversations of dev parts 4 and 5: hours said without their days are noted at once, the
days asked apart when a turn remains, and days said later go with the times noted; a round
the clock availability said with « joignable » is the hours."""

from __future__ import annotations

from tests.configurator.simulate import talk

_OPENING = "Bonjour, je suis guide de pêche à Millau, Carnassiers du Lac"
_FULL = (
    f"{_OPENING}. L'assistant prend les réservations et les messages, pas de transfert. "
    "Vouvoiement, voix masculine."
)


def test_times_without_days_are_noted_at_once() -> None:
    reply, s = talk(_OPENING, "oui", "entre 7h et 19h")
    assert "7h–19h" in s.profile["opening_hours"]["note"]
    assert "pas bien compris" not in reply.text
    assert reply.asked != "opening_hours"


def test_days_said_later_go_with_the_times_noted() -> None:
    _reply, s = talk(
        _OPENING, "oui", "entre 7h et 19h", "sorties à la journée 150 euros", "du mardi au dimanche"
    )
    days = {d["day"]: d["ranges"] for d in s.profile["opening_hours"]["days"]}
    assert days["mardi"] == [{"start": "07:00:00", "end": "19:00:00"}]
    assert days["lundi"] == []


def test_the_days_are_asked_when_a_turn_remains() -> None:
    reply, _s = talk(_FULL, "oui", "entre 7h et 19h", "sorties à la journée 150 euros")
    assert reply.asked == "opening_hours"
    assert "quels jours" in reply.text and "de 7h à 19h" in reply.text


def test_the_days_answer_completes_the_hours() -> None:
    reply, s = talk(
        _FULL,
        "oui",
        "entre 7h et 19h",
        "sorties à la journée 150 euros",
        "du mercredi au dimanche, fermé lundi et mardi",
    )
    assert reply.asked != "opening_hours"
    days = {d["day"]: d["ranges"] for d in s.profile["opening_hours"]["days"]}
    assert days["mercredi"] == [{"start": "07:00:00", "end": "19:00:00"}]
    assert days["mardi"] == []


def test_joignable_around_the_clock_is_the_hours() -> None:
    _reply, s = talk(
        "Pompes funèbres Morel à Vesoul",
        "il faut que ce soit joignable vingt-quatre heures sur vingt-quatre, tous les jours",
    )
    assert len(s.profile["opening_hours"]["days"]) == 7


def test_lengths_said_later_go_to_the_services_noted() -> None:
    _reply, s = talk(
        "salon de coiffure Belle Mèche à Nantes",
        "coupe femme 32€, coupe homme 19€, brushing 22€",
        "pour la durée, coupe femme quarante-cinq minutes, coupe homme 30min",
    )
    services = {sv["name"]: sv for sv in s.profile["services"]}
    assert services["Coupe femme"] == {
        "name": "Coupe femme",
        "price_eur": 32.0,
        "duration_minutes": 45,
    }
    assert services["Coupe homme"]["duration_minutes"] == 30
    assert "duration_minutes" not in services["Brushing"]


def test_a_validation_with_an_english_thanks_finishes() -> None:
    reply, _s = talk(
        "Réparation de smartphones à Montpellier, Fix&Go, écrans et batteries",
        "Ok, c'est validé, thanks !",
    )
    assert reply.done
