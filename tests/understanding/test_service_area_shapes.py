"""Zones said the way owners say them: « et alentour », « et autour du lac », « on va sur … »."""

from __future__ import annotations

import pytest

from allokoli.understanding.address import extract_service_area


@pytest.mark.parametrize(
    ("text", "area"),
    [
        (
            "bonjour je suis peintre a Cholet et alentour, entreprise Martin Déco",
            "Cholet et alentour",
        ),
        ("paysagiste sur Evian et autour du lac, devis gratuit", "Evian et autour du lac"),
        (
            "Dépannage à Lorient et dans tout le pays de Lorient, jour et nuit.",
            "Lorient et dans tout le pays de Lorient",
        ),
        (
            "On va sur Quiberon, La Trinité-sur-Mer, Carnac, tout ça.",
            "Quiberon, La Trinité-sur-Mer, Carnac",
        ),
    ],
)
def test_a_zone_as_owners_say_it(text: str, area: str) -> None:
    assert extract_service_area(text) == area


@pytest.mark.parametrize(
    "text",
    ["on fait tout le temps des devis", "on va vous rappeler", "je vais sur place chez le client"],
)
def test_no_zone_where_none_is_said(text: str) -> None:
    assert extract_service_area(text) is None
