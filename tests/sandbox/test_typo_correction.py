"""Typo correction turns a misspelt keyword into the keyword, never a French word into another."""

from __future__ import annotations

import pytest

from allokoli.domain.catalogue import load_catalogue
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


def _urgencies(family: str | None, subtype: str | None) -> list[str]:
    return load_catalogue().urgencies(family, subtype)


@pytest.mark.parametrize(
    ("utterance", "family", "subtype"),
    [
        ("la machine déborde", "artisans", "plombier"),
        ("ça coule partout dans la cuisine", "artisans", "plombier"),
        ("ça sent le gaz dans l'entrée", "artisans", "chauffagiste"),
        ("on n'a plus de chauffage", "artisans", "chauffagiste"),
        ("j'ai la porte claquée, mes clés sont dedans", "artisans", "serrurier"),
        ("mon chat ne respire plus", "sante", "veterinaire"),
        ("je suis en panne sur l'autoroute", "automobile", "garage"),
        ("une fuite chez vous, c'est urgent ?", None, None),  # unknown trade: every trade's
    ],
)
def test_trade_emergencies_are_urgent_and_not_about_prices(
    utterance: str, family: str | None, subtype: str | None
) -> None:
    u = read(utterance, urgencies=_urgencies(family, subtype))
    assert u.has(Intent.URGENT) and not u.has(Intent.PRICE)


@pytest.mark.parametrize(
    ("utterance", "family", "subtype"),
    [
        ("ma voiture est en panne, je serai en retard", "beaute", "coiffeur"),
        ("j'ai la porte claquée", "artisans", "plombier"),
        ("il y a une fuite", "restauration", "pizzeria"),
    ],
)
def test_an_urgency_of_another_trade_is_not_urgent_here(
    utterance: str, family: str, subtype: str
) -> None:
    assert not read(utterance, urgencies=_urgencies(family, subtype)).has(Intent.URGENT)


def test_the_words_every_trade_shares_stay_urgent_without_a_sector() -> None:
    assert read("c'est urgent, au secours").has(Intent.URGENT)
