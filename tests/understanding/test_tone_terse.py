"""Register and voice stated tersely, among other settings."""

from __future__ import annotations

import pytest

from allokoli.domain.profile import Register, VoiceGender
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
