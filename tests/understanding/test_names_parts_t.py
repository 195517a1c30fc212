"""Names met in dev part t: a name taken back and said again in any of its readings (« Garage
de l'Étang, non excusez-moi, Garage du Lac »), renamed « en » or « pour » another, and towns of
a list that are never a name (« sur Mende, Marvejols, Florac et Langogne »)."""

from __future__ import annotations

import pytest

from allokoli.understanding.address import in_town_list
from allokoli.understanding.extract import extract_facts


@pytest.mark.parametrize(
    ("text", "name"),
    [
        (
            "Agent Renault à Ploërmel, Garage de l'Étang, non excusez-moi, Garage du Lac, on a "
            "changé de nom quand on a repris.",
            "Garage du Lac",
        ),
        (
            "On s'appelle Soins à Domicile Sète, enfin non, c'est le Cabinet infirmier du Port "
            "maintenant, on a changé quand Sandrine est arrivée.",
            "Cabinet infirmier du Port",
        ),
        (
            "Coach de vie à Lyon, mon entreprise c'est Cap Sérénité, ah non, j'ai changé pour Cap "
            "Horizon Coaching, Cap Sérénité c'était déjà déposé.",
            "Cap Horizon Coaching",
        ),
        (
            "Retouches à Cholet, ça s'appelle Fil d'Argent. Ah non attendez, j'ai renommé en Fil "
            "& Aiguille depuis que j'ai repris la boutique.",
            "Fil & Aiguille",
        ),
        (
            "Traiteur à Angoulême, maison Faure Réceptions. Enfin, Faure Traiteur, on a simplifié "
            "le nom l'année dernière.",
            "Faure Traiteur",
        ),
        (
            "Dépannage informatique à Cergy, Ordi Secours 95, ou plutôt Ordi Secours tout court.",
            "Ordi Secours",
        ),
    ],
)
def test_the_name_said_after_the_correction_wins(text: str, name: str) -> None:
    assert extract_facts(text).company_name == name


@pytest.mark.parametrize(
    ("text", "name"),
    [
        # « Avignon » ends in « non »: no correction
        (
            "Cabinet de kinésithérapie des Remparts à Avignon, on est 3 kinés. Nous recevons sur "
            "rendez-vous.",
            "Cabinet de kinésithérapie des Remparts",
        ),
        # « enfin à Hérouville »: the town is corrected, not the name
        (
            "Cabinet d'ostéopathie Morel à Caen, enfin à Hérouville-Saint-Clair, c'est juste à "
            "côté de Caen.",
            "Cabinet d'ostéopathie Morel",
        ),
        # « écran changé en 30 minutes »: no renaming
        (
            "Phone Doctor à Montpellier, réparation de smartphones, écran cassé changé en 30 "
            "minutes.",
            "Phone Doctor",
        ),
    ],
)
def test_no_correction_where_none_is_said(text: str, name: str) -> None:
    assert extract_facts(text).company_name == name


def test_towns_of_a_list_are_no_name() -> None:
    text = (
        "Nous assurons le dépannage informatique à domicile ou en atelier, sur Mende, Marvejols, "
        "Florac et Langogne."
    )
    assert extract_facts(text).company_name is None
    assert in_town_list(text, "Florac et Langogne")
    # one more village after the list, that the gazetteer does not know
    assert in_town_list("Je couvre Avon, Samois, Barbizon, Moret, enfin tout le sud", "Moret")
    # words of the language are a name, though each is a commune
    assert not in_town_list("un atelier de poterie, Terre & Tour, à Uzès", "Terre & Tour")
    assert not in_town_list("escape game à Lille, The Lockroom, trois rooms", "The Lockroom")


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("Plombier à Roubaix, on s'appelle Allo Fuite, ouvert de 8h à 20h.", "Allo Fuite"),
        ("Pizzeria à Brest, Allô Pizza, livraison le soir", "Allô Pizza"),
        # the greeting alone, with its comma, is no part of the name
        ("Allô, bonjour, ici la Boulangerie Martin à Lyon", "Boulangerie Martin"),
    ],
)
def test_a_name_made_on_a_greeting(text: str, name: str) -> None:
    assert extract_facts(text).company_name == name


def test_no_special_name_is_no_name() -> None:
    text = "tabac presse loto a saint pol de leon, pas de nom special c juste le tabac de la place"
    assert extract_facts(text).company_name is None


@pytest.mark.parametrize(
    ("text", "name"),
    [
        # an instruction to the assistant, a branch named by its place, a town said first
        (
            "Ah non, Beauvais c'est plus nous, c'est notre agence de l'Oise qui le fait. "
            "Mettez Doullens à la place.",
            None,
        ),
        ("Nomade, c'est un concept store à Biarritz", "Nomade"),
        (
            "Ouais alors moi serrurier sur Évreux et Vernon. Pas de nom spécial, c'est "
            "Serrurerie Benoît, mon prénom, tout bêtement.",
            "Serrurerie Benoît",
        ),
    ],
)
def test_what_is_and_is_not_a_name(text: str, name: str | None) -> None:
    assert extract_facts(text).company_name == name
