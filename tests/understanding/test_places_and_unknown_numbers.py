"""The communes gazetteer after an unaccented « a », and numbers the numbering plan does not know."""

from __future__ import annotations

import pytest

from allokoli.understanding import extract_address
from allokoli.understanding.address import extract_service_area, official_spellings
from allokoli.understanding.phones import find_unknown_numbers
from allokoli.understanding.places import commune_or_short


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


@pytest.mark.parametrize(
    ("said", "town"),
    [
        ("caluire", "Caluire-et-Cuire"),  # « et » joins a compound name too
        ("bagnols", "Bagnols-sur-Cèze"),
        ("salon", "Salon-de-Provence"),  # the town people mean, not the village of that name
    ],
)
def test_a_short_name_is_the_town_people_mean(said: str, town: str) -> None:
    place = commune_or_short(said)
    assert place is not None and place.name == town


def test_a_zone_list_with_short_town_names_is_read_whole() -> None:
    area = extract_service_area("on couvre Salon, Istres, Miramas, Lançon")
    assert area is not None and "Lançon" in area and "Salon" in area


def test_a_delivery_zone_is_a_zone() -> None:
    assert extract_service_area("Épicerie fine, on livre sur Vannes et Séné.") == "Vannes et Séné"


@pytest.mark.parametrize(
    ("text", "street"),
    [
        ("boutique rue des Halles, au numéro 7, à Blois", "7 rue des Halles"),
        ("on est avenue Foch, au 12 bis", "12 bis avenue Foch"),
        ("cabinet rue de la Paix au 3e étage", "rue de la Paix"),
    ],
)
def test_a_street_number_said_after_the_street(text: str, street: str) -> None:
    address = extract_address(text)
    assert address is not None and address.street == street


@pytest.mark.parametrize(
    ("text", "town"),
    [
        ("dépannage sur Rennes et agglo (Cesson, Bruz, Chantepie)", "Chantepie"),
        ("on travaille sur Vannes et le Morbihan, jusqu'à Auray et Ploërmel", "Ploërmel"),
    ],
)
def test_the_towns_that_detail_a_zone_belong_to_it(text: str, town: str) -> None:
    area = extract_service_area(text) or ""
    assert town in area
    assert area.count("(") == area.count(")")
