"""Urgencies per trade are catalogue data: the generated prompt names them, and the assistant
that carries them still validates against Vapi's OpenAPI schema."""

from __future__ import annotations

from datetime import datetime

import pytest

from allokoli.domain.catalogue import load_catalogue
from allokoli.domain.profile import BusinessProfile
from allokoli.generation.service import generate
from tests import vapi_schema

NOW = datetime(2026, 11, 25, 10, 0)


def _prompt_of(family: str, subtype: str, **facts: object) -> tuple[str, dict[str, object]]:
    profile = BusinessProfile.model_validate(
        {"company_name": "Ets Martin", "sector": {"family": family, "subtype": subtype}, **facts}
    )
    body = generate(profile, now=NOW).vapi_assistant
    model = body["model"]
    assert isinstance(model, dict)
    return str(model["messages"][0]["content"]), body


@pytest.mark.parametrize(
    ("family", "subtype", "said"),
    [
        ("artisans", "plombier", "« dégât des eaux »"),
        ("artisans", "serrurier", "« porte claquée »"),
        ("sante", "veterinaire", "« animal qui ne respire plus »"),
        ("automobile", "garage", "« panne sur l'autoroute »"),
    ],
)
def test_the_prompt_names_what_is_urgent_for_the_trade(
    family: str, subtype: str, said: str
) -> None:
    prompt, body = _prompt_of(family, subtype, transfer_number="06 12 34 56 78")
    line = next(line for line in prompt.splitlines() if "Signes d'urgence pour Ets Martin" in line)
    assert said in line and "traite l'appel comme urgent" in line
    if vapi_schema.openapi_path().is_file():
        assert vapi_schema.errors(body) == [] and vapi_schema.errors(body, strict=True) == []


def test_a_trade_without_urgencies_gets_no_urgency_line() -> None:
    prompt, _ = _prompt_of("restauration", "pizzeria")
    assert "Signes d'urgence" not in prompt
    assert "« fuite »" not in prompt


def test_urgencies_are_clean_data() -> None:
    catalogue = load_catalogue()
    for family in catalogue.families:
        for subtype in family.subtypes:
            words = catalogue.urgencies(family.id, subtype.id)
            assert len(words) == len(set(words)), subtype.id
            for word in words:
                assert word == word.strip().lower() and "’" not in word, (subtype.id, word)
    assert "porte claquée" in catalogue.urgencies("artisans", "serrurier")
    assert "porte claquée" not in catalogue.urgencies("artisans", "plombier")
    # an unknown trade hears every trade's urgencies
    assert {"porte claquée", "fuite"} <= set(catalogue.urgencies(None, None))
