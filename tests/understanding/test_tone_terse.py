"""Register and voice stated tersely, among other settings."""

from __future__ import annotations

import pytest

from allokoli.domain.profile import Register, Style, VoiceGender
from allokoli.understanding import extract_facts
from allokoli.understanding.tone import extract_register, extract_voice_gender


@pytest.mark.parametrize(
    ("text", "register"),
    [
        ("04 78 11 22 33, tu, voix f", Register.TUTOIEMENT),
        ("transfert 06 70 80 90 10 vous voix m", Register.VOUVOIEMENT),
        ("ton : vous. merci", Register.VOUVOIEMENT),
        ("le vouvoiement non, tutoiement plutôt", Register.TUTOIEMENT),
        ("je vous remercie", None),
        ("vous pouvez noter mon numéro", None),
        ("et vous ?", None),
    ],
)
def test_terse_register(text: str, register: Register | None) -> None:
    assert extract_register(text) is register


@pytest.mark.parametrize(
    ("text", "gender"),
    [
        ("voix f, vous", VoiceGender.FEMININE),
        ("tu, voix h", VoiceGender.MASCULINE),
        ("voix : m", VoiceGender.MASCULINE),
        ("la voix d'Hélène", None),
    ],
)
def test_voice_initial(text: str, gender: VoiceGender | None) -> None:
    assert extract_voice_gender(text) is gender


def test_a_degree_word_in_a_long_description_is_no_tone() -> None:
    text = (
        "Bonjour, on tient un bar à vins sur le port de Sète, on fait des planches et des "
        "concerts le jeudi, et en semaine le midi c'est plus calme que le week-end"
    )
    assert extract_facts(text).tone_style is None


def test_a_degree_word_in_a_short_answer_is_a_tone() -> None:
    assert extract_facts("assez calme et posé").tone_style is Style.RASSURANT
