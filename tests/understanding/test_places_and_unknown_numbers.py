"""The communes gazetteer after an unaccented « a », and numbers the numbering plan does not know."""

from __future__ import annotations

import pytest

from allokoli.understanding import extract_address
from allokoli.understanding.address import extract_service_area, official_spellings
from allokoli.understanding.phones import find_unknown_numbers


@pytest.mark.parametrize(
    ("text", "city"),
    [
        ("la boutique se trouve a Pertuis", "Pertuis"),
        ("on est installes a cavaillon depuis 2010", "Cavaillon"),
        ("atelier situé à Bollène", "Bollène"),
    ],
)
def test_commune_after_a_preposition(text: str, city: str) -> None:
    address = extract_address(text)
    assert address is not None and address.city == city


@pytest.mark.parametrize("text", ["livraison a domicile", "plats a emporter", "ouvert a Noel"])
def test_not_a_commune(text: str) -> None:
    assert extract_address(text) is None


@pytest.mark.parametrize(
    "text",
    [
        "06 39 98 01 02",
        "06.39.98.01.02",
        "+33 6 39 98 01 02",
        "zero six trente-neuf quatre-vingt-dix-huit zero un zero deux",
    ],
)
def test_possible_but_unknown_number(text: str) -> None:
    assert find_unknown_numbers(text) == ["+33639980102"]


@pytest.mark.parametrize("text", ["06 12 34 56 78", "06 39 98 01", "rappelez au 39 98"])
def test_valid_or_incomplete_numbers_are_not_unknown(text: str) -> None:
    assert find_unknown_numbers(text) == []


@pytest.mark.parametrize(
    ("said", "spelled"),
    [
        ("Rennes, Cesson Sevigne, st gregoire", "Cesson-Sévigné"),
        ("Rennes, Cesson Sevigne, st gregoire", "Saint-Grégoire"),
        ("du côté de Bourg en Bresse", "Bourg-en-Bresse"),
    ],
)
def test_towns_of_a_zone_are_spelled_as_the_gazetteer_does(said: str, spelled: str) -> None:
    assert spelled in (extract_service_area(said, expecting=True) or "")


def test_a_lower_case_common_word_of_a_zone_is_left_alone() -> None:
    assert official_spellings("Lyon et les monts du lyonnais") == "Lyon et les monts du lyonnais"
