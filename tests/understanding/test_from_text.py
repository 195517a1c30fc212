"""A profile from one free description: names, numbers and their roles, refusals."""

from __future__ import annotations

import pytest

from allokoli.understanding.from_text import MissingCompanyName, profile_from_text


def test_a_number_with_no_cue_is_the_business_number() -> None:
    profile = profile_from_text("Garage Martin, mécanique toutes marques, 06 11 22 33 44")
    assert profile.business_phone == "+33611223344" and profile.transfer_number is None


def test_an_urgent_line_is_the_transfer_number_not_the_business_one() -> None:
    profile = profile_from_text(
        "Garage Martin. Accueil au 01 23 45 67 89. Dépannage 7j/7 au 06 11 22 33 44"
    )
    assert profile.business_phone == "+33123456789"
    assert profile.transfer_number == "+33611223344"


def test_a_practice_named_after_its_doctor() -> None:
    profile = profile_from_text(
        "Cabinet de kinésithérapie du Dr Lefèvre – rééducation, sport. Lun-ven 8h-20h, Lyon 7e"
    )
    assert profile.company_name == "Cabinet de kinésithérapie du Dr Lefèvre"
    assert profile.sector is not None
    assert profile.sector.subtype == "kinesitherapeute"


@pytest.mark.parametrize(
    "text",
    [
        "plombier chauffagiste indépendant sur Toulouse, urgences 24/24",
        "slt jsuis coiffeuse a domicile sur nantes, du lundi au samedi 9h-19h",
    ],
)
def test_no_name_is_a_clear_french_error(text: str) -> None:
    with pytest.raises(MissingCompanyName, match="Le nom de l'entreprise est introuvable"):
        profile_from_text(text)


def test_a_city_named_in_the_first_sentence_is_the_address() -> None:
    profile = profile_from_text(
        "Agence Immobilière du Lac, Annecy. Ouvert lundi-samedi 9h30-12h30 / 14h-19h."
    )
    assert profile.address is not None and profile.address.city == "Annecy"


def test_only_the_first_sentence_names_the_city() -> None:
    from allokoli.understanding.extract import city_in_first_sentence

    assert city_in_first_sentence("Taxi Martin, Bordeaux et Mérignac, 24h/24") is not None
    assert city_in_first_sentence("Pizzeria Da Marco. Clients de Villeurbanne bienvenus") is None
