"""Service names as said in a price list: shorthand written out, hyphenated compounds, a head
noun left out of an item and understood from the item before (word vectors), the length of a
named item said apart; and the owner's name introduced with a title or in apposition."""

from __future__ import annotations

import pytest

from allokoli.understanding.facts import extract_owner_name
from allokoli.understanding.money import extract_services


def _names(text: str) -> list[tuple[str, float | None, int | None]]:
    return [(s.name, s.price_eur, s.duration_minutes) for s in extract_services(text)]


def test_shorthand_is_written_out() -> None:
    assert _names("abo 35€, appart témoin 200€, clim réversible 90€") == [
        ("Abonnement", 35.0, None),
        ("Appartement témoin", 200.0, None),
        ("Climatisation réversible", 90.0, None),
    ]


def test_dictionary_compounds_take_their_hyphen() -> None:
    assert [n for n, _p, _d in _names("contre visite 15 €, semi permanent pieds 30 €")] == [
        "Contre-visite",
        "Semi-permanent pieds",
    ]


def test_plus_and_slash_between_words_read_as_french() -> None:
    assert [n for n, _p, _d in _names("shampoing+coupe 28€, nettoyage vitres/volets 40€")] == [
        "Shampoing et coupe",
        "Nettoyage vitres ou volets",
    ]


def test_a_left_out_head_comes_from_the_previous_item() -> None:
    assert [n for n, _p, _d in _names("cours violon 28 €, guitare 26 €, solfège 20 €")] == [
        "Cours violon",
        "Cours guitare",
        "Cours solfège",
    ]
    assert _names("consultation adulte 50€, enfant 35€")[1][0] == "Consultation enfant"


@pytest.mark.parametrize(
    "text",
    [
        "coupe homme 17€, couleur 40€",
        "vaccin chien 60€, stérilisation chatte 150€",
        "heure sup 30€, installation imprimante 45€",
    ],
)
def test_an_item_of_its_own_keeps_its_name(text: str) -> None:
    second = _names(text)[1][0]
    assert second.split()[0].lower() in ("couleur", "stérilisation", "installation")


def test_the_length_of_a_named_item_said_apart() -> None:
    services = _names("taille 22€, shampoing 8€, ça prend 40 min la taille")
    assert ("Taille", 22.0, 40) in services


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("bon moi c est Lucien, je fais les marchés", "Lucien"),
        ("pour les devis cest Mourad le patron", "Mourad"),
        ("ici cest Mourad le patron, rappelez-moi", "Mourad"),
        (
            "Je suis kinésithérapeute à Rodez, Hélène Vidal, installée depuis dix ans.",
            "Hélène Vidal",
        ),
        ("Le cabinet du Dr Samir Benali est au 4 rue Haute.", "Samir Benali"),
        ("Je suis menuisier à Dole, Menuiserie Girard, on fait du sur-mesure.", None),
    ],
)
def test_owner_introduced_by_title_apposition_or_sms(text: str, name: str | None) -> None:
    assert extract_owner_name(text) == name


def test_a_length_said_inside_a_name_becomes_the_items_length() -> None:
    assert _names("balade de deux heures 45 €, atelier d'1h30 60 €") == [
        ("Balade", 45.0, 120),
        ("Atelier", 60.0, 90),
    ]


def test_a_sentences_verb_is_not_part_of_a_name() -> None:
    names = [n for n, _p, _d in _names("les coffrets cadeaux commencent à 35 euros")]
    assert names == ["Coffrets cadeaux"]
    # the tagger's doubts on short phrases never cut a dish
    assert [n for n, _p, _d in _names("pizza margherita 9 €, formule midi 12 €")] == [
        "Pizza margherita",
        "Formule midi",
    ]


def test_an_item_completed_by_the_head_of_the_one_before() -> None:
    # the tagger takes « bain » for an adjective on its own: the dictionary knows the noun
    assert _names("bain + coupe petit chien 45 €, grand chien 70 €, coupe des griffes 10 €") == [
        ("Bain et coupe petit chien", 45.0, None),
        ("Bain et coupe grand chien", 70.0, None),
        ("Coupe des griffes", 10.0, None),  # it names its own head
    ]
