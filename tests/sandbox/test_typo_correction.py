"""Typo correction turns a misspelt keyword into the keyword, never a French word into another."""

from __future__ import annotations

import pytest

from allokoli.sandbox.intents import Intent, read


@pytest.mark.parametrize(
    "utterance",
    ["ça coule partout dans la cuisine", "le robinet coule", "la douche goutte sans arrêt"],
)
def test_a_known_word_is_never_turned_into_a_look_alike_keyword(utterance: str) -> None:
    u = read(utterance)
    assert not u.has(Intent.PRICE)


@pytest.mark.parametrize(
    ("typo", "intent"),
    [("combein ça coute ?", Intent.PRICE), ("quels sont vos horaiers ?", Intent.HOURS)],
)
def test_a_misspelt_keyword_is_still_corrected(typo: str, intent: Intent) -> None:
    assert read(typo).has(intent)


@pytest.mark.parametrize(
    ("typo", "intent"),
    [("vos horraires svp", Intent.HOURS), ("vous pouvez me rapeler ?", Intent.MESSAGE)],
)
def test_a_doubled_letter_typo_that_spacy_knows_is_still_corrected(
    typo: str, intent: Intent
) -> None:
    assert read(typo).has(intent)


@pytest.mark.parametrize(
    "utterance", ["la machine déborde", "ça sent le gaz dans l'entrée", "on n'a plus de chauffage"]
)
def test_trade_emergencies_are_urgent_and_not_about_prices(utterance: str) -> None:
    u = read(utterance)
    assert u.has(Intent.URGENT) and not u.has(Intent.PRICE)
