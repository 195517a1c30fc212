"""Address (city) and zone d'intervention handlers."""

from __future__ import annotations

import pytest

from allokoli.configurator.handlers.place import AddressHandler, ZoneHandler
from allokoli.domain.profile import Address

from ._helpers import correct, reads, say, state_for

ADDRESS = AddressHandler()
ZONE = ZoneHandler()


def test_city_read_while_the_tasks_are_asked() -> None:
    s = state_for("coiffeur")
    say(s, "prendre les rdv, on est installes a Carpentras", "tasks")
    assert s.profile["address"]["city"] == "Carpentras"


@pytest.mark.parametrize("text", ["Oui je confirme", "ouais", "c'est bon", "non merci"])
def test_a_bare_reply_is_never_a_city_nor_a_zone(text: str) -> None:
    s = state_for("plombier")
    answered, filled = say(s, text, "service_area")
    assert not answered
    assert "service_area" not in s.profile and "address" not in s.profile
    assert not filled


def test_address_accepts_only_an_address_or_a_known_city() -> None:
    assert ADDRESS.accepts(Address(street="4 impasse des Lilas", city="Orange"))
    assert ADDRESS.accepts(Address(city="Pertuis"))
    assert not ADDRESS.accepts(Address(city="Je confirme"))
    assert not ADDRESS.accepts(Address(city="Parfait"))


def test_zone_rejects_what_is_not_a_place() -> None:
    assert not ZONE.accepts("oui")
    assert not ZONE.accepts("1")
    assert ZONE.accepts("tout le Vaucluse")


def test_hours_given_while_the_zone_is_asked_are_not_the_zone() -> None:
    s = state_for("electricien")
    answered, filled = say(s, "lun-ven 8h a 17h30", "service_area")
    assert not answered
    assert "service_area" not in s.profile
    assert "opening_hours" in filled


def test_zone_answer_in_sms_style() -> None:
    s = state_for("plombier")
    answered, _ = say(s, "ds un rayon de 25 km autour d'avignon", "service_area")
    assert answered
    assert "25 km" in s.profile["service_area"]


def test_city_correction_changes_the_city_only() -> None:
    s = state_for(
        "boulangerie",
        address={"street": "3 rue Vieille", "city": "Avignon", "postal_code": "84000"},
        company_name="Le Fournil",
    )
    assert correct(s, "en fait on est à Cavaillon")
    assert s.profile["address"]["city"] == "Cavaillon"
    assert s.profile["address"]["street"] == "3 rue Vieille"
    assert "postal_code" not in s.profile["address"]
    assert s.profile["company_name"] == "Le Fournil"


def test_reads_a_known_city_from_an_unrelated_turn() -> None:
    s = state_for("fleuriste")
    assert reads(ADDRESS, s, "vouvoiement, la boutique se trouve a Pertuis") == Address(
        city="Pertuis"
    )


def test_a_list_of_communes_said_in_passing_is_the_zone() -> None:
    s = state_for("électricien", address={"city": "Colmar"})
    say(s, "colmar, sélestat, guebwiller", "services")
    assert "sélestat" in s.profile["service_area"]


def test_the_zone_asked_is_not_filled_with_a_message_about_services_and_hours() -> None:
    s = state_for("pisciniste")
    say(
        s,
        "construction de piscines, entretien hebdo 60e le passage, mise en route 150e. "
        "on bosse lun-ven 8h-18h",
        "service_area",
    )
    assert "service_area" not in s.profile
    assert s.profile["services"]


def test_a_street_said_later_stays_in_the_town_noted() -> None:
    s = state_for("restaurant")
    say(s, "on est un restaurant à Nantes", "activity")
    say(s, "L'adresse c'est 4 rue Kervégan.", "services")
    assert s.profile["address"]["city"] == "Nantes"
    assert "Kervégan" in s.profile["address"]["street"]
