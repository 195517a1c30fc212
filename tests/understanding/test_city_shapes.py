"""Towns said without the usual cue: after a dash, « au barreau de », beside a postal code
said apart, or misspelt by one letter."""

from __future__ import annotations

import pytest

from allokoli.understanding.extract import extract_facts
from allokoli.understanding.places import misspelt_town


@pytest.mark.parametrize(
    ("text", "city"),
    [
        ("Boulangerie Au Blé d'Or – Saint-Flour. Pains au levain.", "Saint-Flour"),
        ("Avocate au barreau de Chambéry, droit de la famille.", "Chambéry"),
        ("Institut Belle Lune – Perpignan, 8 rue Foch, 66000", "Perpignan"),
        ("Bonjour, électricien a Montpelier et alentour", "Montpellier"),
        ("on livre a domicile dans Marseile", "Marseille"),
        # a town taken back at once gives way to the one meant
        ("Fromagerie à Annecy — non pardon, à Rumilly, Annecy c'était avant.", "Rumilly"),
        ("pension canine près de Périgueux, enfin à Trélissac exactement", "Trélissac"),
        # « a » typed for « à » before a capitalised town
        ("spa a Évian, massages et hammam", "Évian"),
        ("pressing a Chateauroux, retouches", "Châteauroux"),
        # « sur place », after the street, is no village called Placé
        ("pizzeria a Dole, 12 rue des Arènes, sur place et à emporter", "Dole"),
    ],
)
def test_the_town_is_read(text: str, city: str) -> None:
    address = extract_facts(text).address
    assert address is not None and address.city == city


@pytest.mark.parametrize("word", ["domicile", "Sens", "Tours", "Mâcon", "Strasbourgeois"])
def test_no_town_is_made_of_an_ordinary_or_exact_word(word: str) -> None:
    assert misspelt_town(word) is None


def test_a_word_after_the_town_is_never_part_of_it() -> None:
    address = extract_facts("je tiens une cave à vins à Saumur depuis bientôt vingt ans").address
    assert address is not None and address.city == "Saumur"


def test_a_commune_wins_over_an_unknown_word_after_a() -> None:
    from allokoli.understanding.address import extract_address

    found = extract_address(
        "je suis caviste, La Cave à Paulette, à Tournus, 16 rue du Docteur Privey."
    )
    assert found is not None and found.city == "Tournus"
    # no commune named: the word after « à » still stands for the town
    alone = extract_address("plombier à Saint-Jean-de-Truc")
    assert alone is not None and alone.city == "Saint-Jean-de-Truc"


@pytest.mark.parametrize("text", ["il y a Paul le matin", "on a Julien au standard"])
def test_a_first_name_after_the_verb_a_is_no_town(text: str) -> None:
    assert extract_facts(text).address is None
