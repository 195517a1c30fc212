"""Name shapes met in dev part s: an adverb after the naming, a mistyped « entreprise », a
street word closing a name, and a kind of place with its field, which names nothing."""

from __future__ import annotations

import pytest

from allokoli.understanding.names import company_name_candidates, extract_company_name


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("Poissonnerie à Sète, bon le nom c'est toujours Marée Haute, les gens connaissent.",
         "Marée Haute"),
        ("Élagage et abattage, secteur Tours. Entrprise Morin Élagage", "Morin Élagage"),
        ("Bar à vin à Lille, ça s'appelle Comptoir du Boulevard.", "Comptoir du Boulevard"),
        ("Brasserie du Quai, à Nantes, cuisine de marché.", "Brasserie du Quai"),
    ],
)  # fmt: skip
def test_the_name(text: str, name: str) -> None:
    assert extract_company_name(text) == name


@pytest.mark.parametrize(
    ("text", "description"),
    [
        ("Podologue à Laval. Cabinet de podologie Anne Roux", "Cabinet de podologie"),
        ("Salon de thé à Riquewihr, pâtisseries maison, brunch le dimanche.", "Salon de thé"),
    ],
)
def test_a_kind_of_place_and_its_field_is_no_name(text: str, description: str) -> None:
    assert description not in {c.text for c in company_name_candidates(text)}
