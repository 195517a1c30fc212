"""Names that start with a trade word ("Salon Belle Mèche", "Restaurant Le Gourmet")."""

from __future__ import annotations

import pytest

from allokoli.understanding.extract import extract_facts


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("Salon Belle Mèche, coiffeuse à Bordeaux, coupe femme 35 euros", "Salon Belle Mèche"),
        ("Salon Gamma à Paris, ouvert du lundi au samedi de 9h à 19h", "Salon Gamma"),
        ("Bonjour, Restaurant Le Gourmet à Lyon, cuisine du marché", "Restaurant Le Gourmet"),
        ("Le restaurant s'appelle Restaurant Le Gourmet, à Lyon.", "Restaurant Le Gourmet"),
        ("Bonjour ! Maison Dupont, traiteur à Nantes", "Maison Dupont"),
    ],
)
def test_leading_trade_word_is_part_of_the_name(text: str, name: str) -> None:
    assert extract_facts(text).company_name == name


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("Restaurant Le Gourmet à Lyon, cuisine du marché", "Le Gourmet"),
        ("Quincaillerie La Clé des Champs, à Auch : outillage, jardin.", "La Clé des Champs"),
        ("Bar à vins Les Trois Tonneaux, à Beaune.", "Les Trois Tonneaux"),
        ("Magasin de jouets Au Petit Prince, à Brest.", "Au Petit Prince"),
        ("Laverie Bulle'Express à Caen, ouverte 7j/7.", "Bulle'Express"),
        ("Tapissier à Niort. Atelier TapiCréa.", "TapiCréa"),
    ],
)
def test_a_heading_kind_of_business_before_a_name_of_its_own_is_left_out(
    text: str, name: str
) -> None:
    """A text opening on the kind of business then a name led by its own article, a name
    after a described kind (« Bar à vins »), or a coined name: the kind is a label. Announced
    after a greeting or named after « s'appelle », the sign is kept whole (above)."""
    assert extract_facts(text).company_name == name


@pytest.mark.parametrize("text", ["Salon de coiffure à Paris", "salon de thé en centre-ville"])
def test_a_bare_trade_is_not_a_name(text: str) -> None:
    assert extract_facts(text).company_name is None


@pytest.mark.parametrize(
    ("text", "name"),
    [
        (
            "Cabinet de kinésithérapie du Dr Lefèvre (2 praticiens) – rééducation, sport",
            "Cabinet de kinésithérapie du Dr Lefèvre",
        ),
        ("Cabinet dentaire du Docteur Martin à Lyon 3e", "Cabinet dentaire du Docteur Martin"),
        ("Étude de Maître Durand, notaire à Tours", "Étude de Maître Durand"),
        ("Garage de la Gare : vidange, pneus, freins", "Garage de la Gare"),
        ("Bonjour. Salon de coiffure de Julie, coupe 30 €", "Salon de coiffure de Julie"),
    ],
)
def test_a_practice_named_after_its_owner_or_place(text: str, name: str) -> None:
    assert extract_facts(text).company_name == name


@pytest.mark.parametrize(
    "text",
    ["Cabinet de kinésithérapie à Lyon, ouvert le lundi", "Cabinet d'avocats à Bordeaux"],
)
def test_a_practice_without_a_proper_name_is_not_a_name(text: str) -> None:
    assert extract_facts(text).company_name is None
