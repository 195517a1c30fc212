"""Tone in shapes met in dev parts o, p and q: several words for the way of speaking, one of
them a style's own name, which wins; « tone » in franglais is a cue."""

from __future__ import annotations

import pytest

from allokoli.domain.profile import Style
from allokoli.understanding.tone import extract_style


@pytest.mark.parametrize(
    ("text", "style"),
    [
        ("Un ton doux, rassurant, et le vouvoiement.", Style.RASSURANT),
        ("Pour le tone : fun, dynamique, on tutoie.", Style.DYNAMIQUE),
        ("Une voix sympa, décontractée, pas guindée.", Style.DECONTRACTE),
        ("Un ton sobre, rassurant, avec du respect.", Style.RASSURANT),
        ("Un ton doux et calme.", Style.CHALEUREUX),
    ],
)
def test_a_styles_own_name_wins(text: str, style: Style) -> None:
    assert extract_style(text) is style
