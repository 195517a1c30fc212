"""Names, places and the finish in shapes met in fresh development data (parts i and j),
written here with other words: each case is a general mechanism, not the example's text."""

from __future__ import annotations

import pytest

from allokoli.understanding.intents import Finish, detect_finish
from allokoli.understanding.names import extract_company_name
from allokoli.understanding.places import city_spans
from tests.configurator.simulate import name_key, same_business


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("Notre agence, dénommée Horizon Conseil, aide les PME de Rouen.", "Horizon Conseil"),
        (
            "On a monté avec deux amis une petite boîte baptisée Rando Pyrénées, à Pau.",
            "Rando Pyrénées",
        ),
        ("Coach de yoga à Lille. My business is Flow Studio.", "Flow Studio"),
        ("Je suis photographe à Tours, ma brand c'est PixelMoments.", "PixelMoments"),
        ("Le salon s'appelle Cut in Style, à Metz.", "Cut in Style"),
        ("Dépôt-vente 'La Malle aux Trésors' à Dinan, on achète aussi.", "La Malle aux Trésors"),
        (
            "Je suis pâtissière depuis dix ans sur Nancy, Sucre et Cannelle, on fait des gâteaux.",
            "Sucre et Cannelle",
        ),
        (
            "La Ferme à Chèvres du Causse propose des visites et des fromages.",
            "La Ferme à Chèvres du Causse",
        ),
        (
            "le Cabinet d'orthoptie des Tilleuls regroupe trois orthoptistes à Dijon.",
            "Cabinet d'orthoptie des Tilleuls",
        ),
        (
            "Je suis la directrice du Centre Équestre des Pins, près de Royan.",
            "Centre Équestre des Pins",
        ),
        (
            "Je suis fleuriste, et mon entreprise c'est Julie Fleurs, à Albi, voilà.",
            "Julie Fleurs",
        ),
        (
            "Cabinet Durand Conseil, à Niort. Enfin, c'est devenu une SAS, donc c'est Durand "
            "Conseil SAS maintenant.",
            "Durand Conseil SAS",
        ),
        (
            "J'ai repris la boulangerie à Rodez, Fournil du Lévézou, on est dépositaire Banette "
            "mais on fait nos pains.",
            "Fournil du Lévézou",
        ),
        ("magasin de sport runzone evreux ouvert 9h 19h, dispo des chaussures", "Runzone"),
    ],
)
def test_names_in_fresh_shapes(text: str, name: str) -> None:
    found = extract_company_name(text)
    assert found is not None and (name_key(found) == name_key(name) or same_business(found, name))


@pytest.mark.parametrize(
    "text",
    [
        "Cours de natation pour enfants à Millau, Crawl et Brasse, petits groupes.",
        "on livre aussi à Ergué-Gabéric, Pluguffan et Briec",
        "Vente de pneus, Pneus Discount 91 a Evry.",
    ],
)
def test_no_pair_or_town_becomes_a_name(text: str) -> None:
    found = extract_company_name(text)
    assert found is None or not any(w in found for w in ("Crawl", "Pluguffan", " a Evry"))


@pytest.mark.parametrize(
    ("text", "town"),
    [("plombier fitzone evreux", "Évreux"), ("taxi julien dax, gare", "Dax")],
)
def test_a_town_in_lower_case_without_a_cue(text: str, town: str) -> None:
    assert town in [c.name for c in city_spans(text)]


@pytest.mark.parametrize(
    "text", ["on écoute les messages en ligne", "je suis macon a macon", "je fais des tartes"]
)
def test_an_ordinary_word_is_no_bare_town(text: str) -> None:
    assert len(city_spans(text)) <= 1


@pytest.mark.parametrize(
    ("text", "strength"),
    [
        ("Ce résumé est exact, je le valide.", Finish.STRONG),
        ("Je vous confirme l'exactitude de ces éléments.", Finish.STRONG),
        ("Les infos sont correctes.", Finish.STRONG),
        ("bon ben c'est bon, allez.", Finish.WEAK),
        ("go c bon", Finish.STRONG),
    ],
)
def test_a_validation_in_the_owner_s_own_words(text: str, strength: Finish) -> None:
    assert detect_finish(text) is strength


@pytest.mark.parametrize(
    "text",
    [
        "le nom est correct mais pas les horaires",
        "Ce n'est pas correct.",
        "Coupe 25 euros, c'est correct",
        "ok",
        "les horaires sont bons",
    ],
)
def test_not_a_validation_of_everything(text: str) -> None:
    assert detect_finish(text) is None


def test_names_compared_without_article_or_kind_word() -> None:
    assert name_key("le Syndic des Collines") == name_key("Syndic des Collines")
    assert same_business("Poissonnerie Marée du Jour", "Marée du Jour")
    assert same_business("Chez Dédé", "Friterie Chez Dédé")
    assert not same_business("Chez Soi Services", "Bien Chez Soi Services")
    assert not same_business("Laser Arena Laval", "Laser Arena")
