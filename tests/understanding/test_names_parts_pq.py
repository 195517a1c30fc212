"""Names in shapes met in dev parts p and q, written here with other words: a word of starting
over inside a name, a place's initials, two communes that are words of the language, a trade
said after « moi c'est », a sign led by an article."""

from __future__ import annotations

import pytest

from allokoli.understanding.address import extract_service_area
from allokoli.understanding.extract import extract_facts
from allokoli.understanding.owner import extract_owner_name


@pytest.mark.parametrize(
    ("text", "name"),
    [
        # a word of starting over inside the name: the description is read, not thrown away
        (
            "Je suis naturopathe à Vannes, mon cabinet c'est Fresh Reset Naturo. Je reçois "
            "surtout des gens fatigués, en cabinet ou en visio.",
            "Fresh Reset Naturo",
        ),
        (
            "Conseillère en image. Mon activité s'appelle Nouveau Départ Style, je reçois à "
            "Chartres et je me déplace aussi.",
            "Nouveau Départ Style",
        ),
        # a kind of place, then its initials
        (
            "Agence BDM Conseil, courtier en prêts à Niort, on monte les dossiers.",
            "Agence BDM Conseil",
        ),
        # two communes that are words of the language: the name, not a zone
        (
            "Atelier de poterie Terre & Mer, je tourne des bols et des vases, à Quimper.",
            "Terre & Mer",
        ),
        # the trade after « moi c'est », then the name written with capitals mid-sentence
        (
            "Moi c'est menuiserie, hein, surtout de l'agencement, euh, Menuiserie Bois Services, "
            "et on tourne autour de Rodez.",
            "Menuiserie Bois Services",
        ),
        # a sign led by its article after the trade, in lower case
        ("fromagerie bio La Cloche a Dole, fromages du Jura, plateaux sur commande.", "La Cloche"),
    ],
)
def test_name_found(text: str, name: str) -> None:
    assert extract_facts(text).company_name == name


def test_two_communes_that_are_words_are_no_zone_on_their_own() -> None:
    assert extract_service_area("Atelier Terre & Mer, poterie, à Quimper.") is None
    assert extract_service_area("on bosse sur Sens, Auxerre et Joigny") == "Sens, Auxerre et Joigny"


@pytest.mark.parametrize(
    ("text", "owner"),
    [
        ("Moi c'est plomberie, du dépannage surtout.", None),
        ("moi c'est coiffure à domicile", None),
        ("moi c'est nadia j'ai un salon", "Nadia"),
        ("moi c pierre, je suis maçon", "Pierre"),
    ],
)
def test_a_trade_after_moi_cest_is_no_person(text: str, owner: str | None) -> None:
    assert extract_owner_name(text) == owner


@pytest.mark.parametrize(
    "text",
    [
        "Je suis kiné à Metz. On fait de la rééducation. Ah, et on ne fait plus de domicile.",
        "Bonjour. Alors, je suis détective privé, basé à Lyon, pour les particuliers.",
        "Écrivain public, j'aide les particuliers. J'exerce à Moulins et me rends à domicile.",
        "Nous sommes une auto-école qui prépare au permis B. Nous aimerions un assistant.",
        "Je suis ramoneur dans le Cantal. L'automne c'est la folie, tout le monde appelle.",
    ],
)
def test_words_of_the_sentence_are_no_name(text: str) -> None:
    assert extract_facts(text).company_name is None


def test_a_name_opening_the_text_then_what_it_is() -> None:
    assert (
        extract_facts(
            "Horizon, c'est une agence de voyages à Niort, on fait les circuits."
        ).company_name
        == "Horizon"
    )
    assert extract_facts("Lyon, c'est une ville où on livre beaucoup.").company_name is None
