"""Owners of dev part t: a name corrected late (« le nom exact c'est « X » »), a zone with a
town taken out and another put in its place, a transfer number with two digits fixed, « nom :
X » while the prices are asked."""

from __future__ import annotations

import pytest

from allokoli.configurator import turn
from allokoli.configurator.handlers.transfer import corrects_number
from tests.configurator.simulate import talk


@pytest.mark.parametrize(
    ("opening", "late", "name"),
    [
        (
            "Bonjour, je suis ramoneur, entreprise Ramonage Dubois, à Gap.",
            "Et pardon, le nom exact c'est « Dubois Ramonage 05 », pas Ramonage Dubois.",
            "Dubois Ramonage 05",
        ),
        (
            "Bonjour, cabinet dentaire du Dr Karim Haddad, à Strasbourg.",
            "Pardon, encore une chose : le nom exact du cabinet c'est « Centre Dentaire Kléber ».",
            "Centre Dentaire Kléber",
        ),
    ],
)
def test_a_name_corrected_late_replaces_the_first(opening: str, late: str, name: str) -> None:
    _reply, s = talk(opening, "Ouvert du lundi au vendredi de 9h à 18h.", late)
    assert s.profile["company_name"] == name


def test_a_name_given_while_prices_are_asked_is_no_item() -> None:
    _reply, s = talk(
        "slt jsuis depanneur info a domicile, pc mac imprimantes box internet", "nom: Geek'O Dom"
    )
    assert s.profile["company_name"] == "Geek'O Dom"
    assert not any("Geek" in str(sv) for sv in s.profile.get("services") or [])


@pytest.mark.parametrize(
    ("messages", "present", "absent"),
    [
        (
            (
                "Bonjour, je suis ramoneur, entreprise Ramonage Dubois, à Gap.",
                "J'interviens sur Gap, Embrun et Briançon.",
                "Ah non attendez, Briançon c'est trop loin finalement, je l'enlève, mettez "
                "plutôt Chorges.",
            ),
            ("Gap", "Embrun", "Chorges"),
            ("Briançon",),
        ),
        (
            (
                "Bonjour, électricien à Brest, entreprise Elec Iroise.",
                "J'interviens à Brest, Guipavas, Plouzané et Le Relecq-Kerhuon. Non, pas "
                "Plouzané finalement, c'est trop loin, mettez Plougastel-Daoulas à la place.",
            ),
            ("Brest", "Guipavas", "Le Relecq-Kerhuon", "Plougastel-Daoulas"),
            ("Plouzané",),
        ),
        (
            (
                "Bonjour, Ramonage Jurassien, à Saint-Claude, je suis Didier.",
                "Je me déplace à Saint-Claude, Oyonnax, Morez et Les Rousses. Ah non, pas "
                "Oyonnax, c'est trop loin.",
            ),
            ("Saint-Claude", "Morez", "Les Rousses"),  # a village the gazetteer lacks stays
            ("Oyonnax",),
        ),
    ],
)
def test_a_town_taken_out_of_the_zone(
    messages: tuple[str, ...], present: tuple[str, ...], absent: tuple[str, ...]
) -> None:
    _reply, s = talk(*messages)
    area = s.profile["service_area"]
    for town in present:
        assert town in area, (town, area)
    for town in absent:
        assert town not in area, (town, area)


def test_two_digits_fixed_correct_the_transfer_number() -> None:
    _reply, s = talk(
        "Bonjour, cabinet dentaire du Dr Karim Haddad, à Strasbourg.",
        "L'assistant prend les rendez-vous, et pour les urgences il transfère au secrétariat, "
        "03 88 21 45 60.",
    )
    assert s.profile["transfer_number"] == "+33388214560"
    _reply, s = turn(s, "Et le numéro du secrétariat c'est le 03 88 21 45 06, pas 60.")
    assert s.profile["transfer_number"] == "+33388214506"
    assert s.profile.get("business_phone") != "+33388214506"


def test_corrects_number() -> None:
    assert corrects_number("+33388214506", "+33388214560")
    assert not corrects_number("+33388214560", "+33388214560")
    assert not corrects_number("+33612345678", "+33388214560")
