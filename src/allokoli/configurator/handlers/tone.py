"""How the assistant speaks: the register and style (the tone), and the voice. Read from any
answer: a tone given while the hours are asked goes to the tone, never to the hours."""

from __future__ import annotations

from dataclasses import dataclass

from allokoli.configurator import texts
from allokoli.configurator.handlers.base import FactHandler, How, Reading, set_fact
from allokoli.configurator.state import ConfiguratorState
from allokoli.domain.profile import Register, Style, VoiceGender

__all__ = ["ToneChoice", "ToneHandler", "VoiceHandler"]


@dataclass(frozen=True, slots=True)
class ToneChoice:
    register: Register | None
    style: Style | None


class ToneHandler(FactHandler[ToneChoice]):
    key = "tone"
    hint = texts.HINTS["tone"]

    def read(self, s: ConfiguratorState, r: Reading) -> ToneChoice | None:
        if r.facts.tone_register is None and r.facts.tone_style is None:
            return None
        return ToneChoice(r.facts.tone_register, r.facts.tone_style)

    def store(self, s: ConfiguratorState, value: ToneChoice, how: How, r: Reading) -> bool:
        tone = dict(s.profile.get("tone") or {})
        if value.register is not None:
            tone["register"] = value.register.value
        if value.style is not None:
            tone["style"] = value.style.value
        set_fact(s, self.key, tone)
        return True

    def flip_register(self, s: ConfiguratorState) -> None:
        """« Non, tutoyez-les plutôt » without saying which: the other register."""
        register = (
            Register.TUTOIEMENT
            if s.tone().register is Register.VOUVOIEMENT
            else Register.VOUVOIEMENT
        )
        tone = dict(s.profile.get("tone") or {})
        tone["register"] = register.value
        set_fact(s, self.key, tone)


class VoiceHandler(FactHandler[VoiceGender]):
    key = "voice_gender"
    hint = texts.HINTS["voice_gender"]

    def read(self, s: ConfiguratorState, r: Reading) -> VoiceGender | None:
        return r.facts.voice_gender

    def store(self, s: ConfiguratorState, value: VoiceGender, how: How, r: Reading) -> bool:
        set_fact(s, self.key, value.value)
        return True

    def flip(self, s: ConfiguratorState) -> None:
        """« Non, l'autre voix »: the other gender."""
        current = s.profile.get(self.key) or s.subtype().voice_gender.value
        voice = (
            VoiceGender.MASCULINE if current == VoiceGender.FEMININE.value else VoiceGender.FEMININE
        )
        set_fact(s, self.key, voice.value)
