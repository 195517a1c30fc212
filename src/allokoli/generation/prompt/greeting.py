"""The opening and closing messages: the catalogue's templates in the profile's register and the
voice's gender, with the AI disclosure and the recording notice.
"""

from __future__ import annotations

import re
from functools import lru_cache

from allokoli.domain.catalogue import Subtype
from allokoli.domain.profile import BusinessProfile, Register, Style, VoiceGender
from allokoli.generation.prompt.wording import french_format
from allokoli.generation.recommendations import load_recommendations

__all__ = ["end_call_message", "first_message"]


def _adapt(template: str, register: Register, gender: VoiceGender) -> str | None:
    """The catalogue template in the right register and gender, or None if it cannot be."""
    wording = load_recommendations().wording
    text = template
    if register is Register.TUTOIEMENT:
        for pattern, replacement in wording.tutoiement:
            text = re.sub(pattern, replacement, text)
        if re.search(r"\b(vous|votre|vos)\b", text, re.IGNORECASE):
            return None
    else:
        # « Salut » and the like only go with tu: a vouvoyant assistant says « Bonjour ».
        for pattern, replacement in wording.vouvoiement:
            text = re.sub(pattern, replacement, text)
        if _TUTOIEMENT_WORDS.search(text):
            return None
    table = wording.masculine if gender is VoiceGender.MASCULINE else wording.feminine
    for pattern, replacement in table:
        text = re.sub(pattern, replacement, text)
    if gender is VoiceGender.MASCULINE and "assistante" in text.casefold():
        return None
    if gender is VoiceGender.FEMININE and re.search(r"\bassistant\b", text, re.IGNORECASE):
        return None
    return text


_TUTOIEMENT_WORDS = re.compile(r"\b(salut|coucou|tu|te|toi|ton|ta|tes)\b|\bt'", re.IGNORECASE)
_PLACEHOLDER = re.compile(r"\{[a-z_]+\}")


@lru_cache(maxsize=4096)
def _template_for(
    templates: tuple[str, ...],
    generic: str,
    style: Style,
    register: Register,
    gender: VoiceGender,
    place: str,
    needs_disclosure: bool,
) -> str:
    """The first usable template, starting with the style's variant, with `{place}` filled."""
    wording = load_recommendations().wording
    start = wording.message_variant_by_style.get(style, 0) % len(templates) if templates else 0
    ordered = [*templates[start:], *templates[:start], generic]
    for template in ordered:
        if needs_disclosure and not (
            "{recording}" in template
            and any(m in template.casefold() for m in wording.ai_disclosure_markers)
        ):
            continue
        adapted = _adapt(template, register, gender)
        if adapted is None:
            continue
        text = french_format(adapted, place=place)
        if set(_PLACEHOLDER.findall(text)) <= {"{company_name}", "{recording}"}:
            return text
    raise ValueError("the generic message template does not fit")  # Data error, caught in tests.


def _fill(template: str, profile: BusinessProfile) -> str:
    recording = load_recommendations().wording.recording_notice if profile.recording_enabled else ""
    return french_format(template, recording=recording, company_name=profile.company_name)


def first_message(profile: BusinessProfile, subtype: Subtype, gender: VoiceGender) -> str:
    """The greeting: business name, AI disclosure, recording notice when recording."""
    generic = load_recommendations().wording.generic_first_message.get(profile.tone.register)
    template = _template_for(
        tuple(subtype.first_messages),
        generic,
        profile.tone.style,
        profile.tone.register,
        gender,
        subtype.place,
        True,
    )
    return _fill(template, profile)


def end_call_message(profile: BusinessProfile, subtype: Subtype, gender: VoiceGender) -> str:
    """What the assistant says when it ends the call (≤ 1000 characters)."""
    generic = load_recommendations().wording.generic_end_call_message.get(profile.tone.register)
    template = _template_for(
        tuple(subtype.end_call_messages),
        generic,
        profile.tone.style,
        profile.tone.register,
        gender,
        subtype.place,
        False,
    )
    return _fill(template, profile)[:1000]
