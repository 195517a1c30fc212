"""The family classifier votes beside the word vectors when a description names a trade the
catalogue does not know: one trade word's vector is one clue, the whole description another
(ADR 0009)."""

from __future__ import annotations

import numpy as np
import pytest

from allokoli.understanding.detection import _classifier_vote, detect_sector


@pytest.mark.parametrize(
    ("text", "family"),
    [
        # the vectors alone read « maisons », « domaines » (immobilier) or « restaurateurs »
        (
            "Bonjour, nous sommes tonneliers à Cognac, Tonnellerie Rivière et Fils, on fabrique "
            "des fûts et des barriques en chêne pour les maisons de cognac et les domaines "
            "viticoles.",
            "artisans",
        ),
        (
            "Alors moi je suis rémouleur, c'est un vieux métier hein, j'aiguise les couteaux, "
            "les ciseaux, les outils de jardin, euh, je fais les marchés autour de Périgueux, "
            "et je passe aussi chez les restaurateurs.",
            "artisans",
        ),
        (
            "On a un magasin d'instruments de musique, guitares, basses, un peu de claviers et "
            "beaucoup de batteries, on fait aussi la location pour les élèves du conservatoire.",
            "commerce",
        ),
    ],
)
def test_the_whole_description_helps_place_an_unknown_trade(text: str, family: str) -> None:
    found = detect_sector(text)
    assert found.family == family
    assert found.generic


def test_a_line_too_short_for_a_bag_of_words_gets_no_vote() -> None:
    families = ["restauration", "artisans"]
    assert not np.any(_classifier_vote("Vannier, paniers sur mesure", families))
    long = (
        "Je suis vannier, je tresse des paniers et des corbeilles en osier sur mesure dans mon "
        "atelier, et je répare les vieux fauteuils en rotin."
    )
    assert float(_classifier_vote(long, families).sum()) > 0
