"""Sector detection in a shape met in dev parts o and q: the place a sign names after its own
trade (« La Brasserie du Théâtre ») says nothing of the trade."""

from __future__ import annotations

import pytest

from allokoli.understanding.detection import detect_sector


@pytest.mark.parametrize(
    ("text", "subtype"),
    [
        (
            "La Brasserie du Théâtre, face à l'opéra, sert midi et soir. Formule du jour à "
            "seize euros, et on prend les groupes.",
            "brasserie",
        ),
        ("Le Restaurant des Pêcheurs, au port, poisson du jour et fruits de mer.", "restaurant"),
    ],
)
def test_the_complement_of_a_trade_word_is_no_trade(text: str, subtype: str) -> None:
    assert detect_sector(text).subtype == subtype
