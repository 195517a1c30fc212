"""Zones met in dev parts s and t: towns listed without commas (« nimes ales uzes bagnols »),
villages that carry on a list of towns, a town added after a pause or « mais aussi », and a
zone said again whole with more towns."""

from __future__ import annotations

import pytest

from allokoli.understanding.address import extract_service_area, listed_communes
from allokoli.understanding.places import commune_or_short
from tests.configurator.simulate import talk


@pytest.mark.parametrize(
    ("text", "towns"),
    [
        # « ales » ends in « les »: an article only when it is a word of its own
        ("tout le gard : nimes ales uzes bagnols", ("nimes", "ales", "uzes", "bagnols")),
        (
            "Je me déplace à domicile sur Lons, Montmorot, Perrigny, Conliège et Messia-sur-Sorne.",
            ("Montmorot", "Conliège", "Messia-sur-Sorne"),
        ),
        (
            "On intervient sur Quimper, Concarneau et Pont-l'Abbé… et Briec aussi, j'oubliais.",
            ("Quimper", "Pont-l'Abbé", "Briec"),
        ),
        (
            "Nous intervenons à Besançon mais aussi à Pontarlier et Baume-les-Dames.",
            ("Besançon", "Pontarlier", "Baume-les-Dames"),
        ),
    ],
)
def test_every_town_of_a_list_is_in_the_zone(text: str, towns: tuple[str, ...]) -> None:
    area = extract_service_area(text) or ""
    for town in towns:
        assert town in area, (town, area)


@pytest.mark.parametrize(
    "text",
    [
        "on livre sur Vannes et Séné",  # « livre » is a word before it is Livré-sur-Changeon
        "Je suis à Lyon, sur Bron je ne vais pas",
    ],
)
def test_a_word_beside_a_list_stays_out_of_it(text: str) -> None:
    area = extract_service_area(text) or ""
    assert not area.lower().startswith(("livre", "je")), area


def test_a_village_alone_is_no_list() -> None:
    # a rare word that happens to be a small commune lists nothing unless it carries on towns
    assert listed_communes("sur rendez-vous à Conliège") == []
    assert listed_communes("Lons, Perrigny et Conliège") == ["Lons", "Perrigny", "Conliège"]


def test_a_compound_commune_said_by_its_first_word() -> None:
    place = commune_or_short("Menthon")
    assert place is not None and place.name == "Menthon-Saint-Bernard"


def test_a_zone_said_again_whole_replaces_the_shorter_one() -> None:
    _reply, s = talk(
        "depanneur remorqueur 24h/24 sur vierzon et bourges, garage depann'berry",
        "zone: vierzon, bourges, mehun, salbris",
    )
    area = s.profile["service_area"]
    assert area.lower().count("vierzon") == 1, area
    for town in ("mehun", "salbris"):
        assert town in area.lower(), area
