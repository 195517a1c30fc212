"""Names that start with a trade word ("Salon Belle Mèche", "Restaurant Le Gourmet")."""

from __future__ import annotations

import pytest

from allokoli.understanding.extract import extract_facts


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("Salon Belle Mèche, coiffeuse à Bordeaux, coupe femme 35 euros", "Salon Belle Mèche"),
        ("Salon Gamma à Paris, ouvert du lundi au samedi de 9h à 19h", "Salon Gamma"),
        ("Restaurant Le Gourmet à Lyon, cuisine du marché", "Restaurant Le Gourmet"),
        ("Bonjour ! Maison Dupont, traiteur à Nantes", "Maison Dupont"),
    ],
)
def test_leading_trade_word_is_part_of_the_name(text: str, name: str) -> None:
    assert extract_facts(text).company_name == name


@pytest.mark.parametrize("text", ["Salon de coiffure à Paris", "salon de thé en centre-ville"])
def test_a_bare_trade_is_not_a_name(text: str) -> None:
    assert extract_facts(text).company_name is None
