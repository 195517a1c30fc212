"""Shapes met in dev part y: a trade the owner says the business is not, or no longer is
(« pas le restaurant hein », « j'ai été infirmière pendant quinze ans »); what the business
belongs to or works with is not its name (a network, a brand it installs, the body that
approves it, the clinic that hosts it, a former employer, a social handle); a name said in
full after a shorter one; a name of five words typed in lower case after « ça s'apl »."""

from __future__ import annotations

import pytest

from allokoli.understanding.address import extract_address
from allokoli.understanding.detection import detect_sector
from allokoli.understanding.money import extract_services
from allokoli.understanding.names import extract_company_name
from allokoli.understanding.owner import extract_owner_name


@pytest.mark.parametrize(
    ("text", "family", "subtype"),
    [
        (
            "On fait des toilettages pour chiens et chats, bain, coupe, démêlage. Pas de soins "
            "vétérinaires bien sûr. Le salon s'appelle Truffe & Moustache.",
            "services",
            "pme_generique",
        ),
        (
            "Je tiens un dépôt-vente de meubles, on me confond parfois avec un déménageur mais "
            "je ne transporte rien. Ça s'appelle La Malle aux Trésors.",
            "commerce",
            "commerce_generique",
        ),
        (
            "Je répare et je fabrique des violons et des altos dans mon atelier, je ne suis pas "
            "une école de musique. L'atelier s'appelle L'Âme du Bois.",
            None,
            None,
        ),
    ],
)
def test_a_trade_the_business_is_not_says_nothing_of_its_trade(
    text: str, family: str | None, subtype: str | None
) -> None:
    found = detect_sector(text)
    assert found.subtype not in ("veterinaire", "demenageur", "ecole_danse")
    if family is not None:
        assert (found.family, found.subtype) == (family, subtype)


def test_a_former_trade_is_not_the_current_one() -> None:
    text = (
        "J'ai été infirmière pendant douze ans, aujourd'hui j'accompagne les gens dans leur "
        "reconversion, en séances individuelles. J'exerce sous le nom Nouveau Cap."
    )
    assert detect_sector(text).subtype != "infirmier"


@pytest.mark.parametrize(
    "text",
    [
        "On installe des pompes à chaleur, on pose surtout du Daikin et de l'Atlantic, à Metz.",
        "Dépannage et remorquage jour et nuit près d'Orange, on est agréés par Vinci Autoroutes.",
        "Je reçois dans un espace au sein de la clinique Saint-Joseph à Angers, sur rendez-vous.",
        "Psychologue à Dieppe, adultes et ados, TCC et EMDR.",
        "maquilleuse pro a brest, insta @makeup.by.nolwenn, pas encore de nom de societe",
        "Je suis responsable de l'agence de Saint-Étienne, on fait de l'aide à domicile.",
    ],
)
def test_what_the_business_belongs_to_or_works_with_is_not_its_name(text: str) -> None:
    assert extract_company_name(text) is None


@pytest.mark.parametrize(
    ("text", "name"),
    [
        (
            "Conseil en organisation pour les PME. Après vingt ans chez Renault, j'ai fondé "
            "Cap Horizon à Rouen.",
            "Cap Horizon",
        ),
        (
            "Nous sommes sous l'enseigne Orpi, c'est une franchise, le nom de l'agence c'est "
            "Orpi Côte Sauvage Immobilier.",
            "Orpi Côte Sauvage Immobilier",
        ),
        (
            "Je fais des chambres d'hôtes. ça s'apl le clos de la vieille forge",
            "Le Clos de la Vieille Forge",
        ),
        (
            "graphiste a Nantes. mon nom de marque c'est atelier encre & papier",
            "Atelier Encre & Papier",
        ),
        (
            "Je suis maquilleuse, je m'appelle Inès, et mon activité c'est Inès Beauty Studio.",
            "Inès Beauty Studio",
        ),
        (
            "L'hôtel s'appelle Hôtel de la Poste et du Lion d'Or, à Vézelay.",
            "Hôtel de la Poste et du Lion d'Or",
        ),
    ],
)
def test_the_name_stated_is_read_whole(text: str, name: str) -> None:
    assert extract_company_name(text) == name


def test_a_number_word_inside_a_street_name_stays_a_word() -> None:
    found = extract_address(
        "Le cabinet est au trente-deux rue des Trois Cailloux, quatre-vingt mille Amiens."
    )
    assert found is not None
    assert (found.street, found.postal_code) == ("32 rue des Trois Cailloux", "80000")


@pytest.mark.parametrize(
    ("text", "name", "minutes"),
    [
        (
            "La visite conseil c'est cent cinquante euros, une heure et demie sur place.",
            "Visite conseil",
            90,
        ),
        ("Séance d'essai gratuite, une heure avec un coach.", "Séance d'essai", 60),
        ("Le pack vente c'est 250 euros, comptez deux heures sur place.", "Pack vente", 120),
    ],
)
def test_a_length_then_where_it_is_spent_is_the_items_length(
    text: str, name: str, minutes: int
) -> None:
    services = extract_services(text)
    assert [(s.name, s.duration_minutes) for s in services] == [(name, minutes)]


@pytest.mark.parametrize(
    ("text", "owner"),
    [
        ("C'est pour ma boutique, Au Jardin de Louise. Et Louise c'est moi, hein.", "Louise"),
        ("Le patron c'est moi.", None),
    ],
)
def test_a_name_said_to_be_mine(text: str, owner: str | None) -> None:
    assert extract_owner_name(text) == owner


def test_towns_then_the_area_around_them_make_one_zone() -> None:
    from allokoli.understanding.address import extract_service_area

    zone = extract_service_area(
        "Montpellier, Nîmes, Sète, Béziers, un peu tout l'Hérault et le Gard."
    )
    assert zone is not None
    assert zone.startswith("Montpellier, Nîmes") and zone.endswith("le Gard")
