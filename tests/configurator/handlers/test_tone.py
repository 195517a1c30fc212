"""Tone and voice handlers."""

from __future__ import annotations

from allokoli.configurator.handlers.tone import ToneChoice, ToneHandler, VoiceHandler
from allokoli.domain.profile import Register, VoiceGender

from ._helpers import correct, reads, say, state_for

TONE = ToneHandler()
VOICE = VoiceHandler()


def test_tone_read_while_hours_pending() -> None:
    s = state_for("bar a cocktails")
    answered, _ = say(s, "tutoiement direct, c'est un bar", "opening_hours")
    assert not answered
    assert s.profile["tone"]["register"] == "tutoiement"


def test_voice_read_from_an_unrelated_turn() -> None:
    s = state_for("garage automobile")
    assert (
        reads(VOICE, s, "mettez une voix d'homme, et c'est ouvert le samedi")
        is VoiceGender.MASCULINE
    )


def test_a_bare_yes_is_no_tone() -> None:
    s = state_for("avocat")
    assert reads(TONE, s, "oui", "tone") is None


def test_register_correction_flips_only_the_register() -> None:
    s = state_for("coach sportif", tone={"register": "vouvoiement", "style": "dynamique"})
    assert correct(s, "non finalement tutoyez-les")
    assert s.profile["tone"] == {"register": "tutoiement", "style": "dynamique"}


def test_tone_choice_type() -> None:
    s = state_for("avocat")
    choice = reads(TONE, s, "vous vouvoyez, ton formel", "tone")
    assert isinstance(choice, ToneChoice)
    assert choice.register is Register.VOUVOIEMENT


def test_settings_listed_tersely_in_passing() -> None:
    s = state_for("plombier")
    say(s, "07 45 12 12 12, vous, voix h", "services")
    assert s.profile["tone"]["register"] == Register.VOUVOIEMENT.value
    assert s.profile["voice_gender"] == VoiceGender.MASCULINE.value
