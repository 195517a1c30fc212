"""Small pieces of prompt wording shared by the sections: lists joined the French way, bullet
lists, the words that depend on the register and on the voice's gender, and the glue between a
preposition or an article and the words that follow it (« au responsable », « d'Atelier Dupont »,
« l'atelier »).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence

from allokoli.domain.profile import Register, VoiceGender

__all__ = ["Voice", "bullets", "elides", "french_format", "join_words", "preposition"]

_VOWELS = frozenset("aàâäeéèêëiîïoôöuùûüœæ")
# Words starting with a mute h (« l'hôtel », « d'Hélène »); any other h is taken as aspirated
# (« le hammam », « de Hugo »), the safe side: no elision reads oddly, a wrong one reads wrong.
_MUTE_H = (
    "habit",
    "hébergement",
    "hélène",
    "herbor",
    "heure",
    "histoire",
    "homme",
    "homéo",
    "hôpital",
    "horlog",
    "hôtel",
    "huile",
    "huissier",
    "humain",
    "hygiène",
    "hypno",
)
# Vowel-initial words French does not elide before (« le onze mars », « de huit heures »).
_NO_ELISION = ("onze", "onzième", "oui", "ouistiti")
_CONTRACTED = {
    ("à", "le"): "au",
    ("à", "les"): "aux",
    ("de", "le"): "du",
    ("de", "les"): "des",
}


def elides(word: str) -> bool:
    """Whether « le », « la » or « de » before `word` becomes « l' » or « d' »."""
    low = word.strip().casefold()
    if not low or low.startswith(_NO_ELISION):
        return False
    return low[0] in _VOWELS or low.startswith(_MUTE_H)


def _same_case(word: str, model: str) -> str:
    return word[:1].upper() + word[1:] if model[:1].isupper() else word


def preposition(word: str, phrase: str) -> str:
    """`word` (« à », « de », « le » or « la », any case) glued to `phrase` the French way.

    « à » + « le responsable » → « au responsable », « de » + « les Délices » → « des Délices »,
    « de » + « Atelier Dupont » → « d'Atelier Dupont », « le » + « atelier » → « l'atelier ».
    """
    key = word.casefold()
    head, space, rest = phrase.partition(" ")
    contracted = _CONTRACTED.get((key, head.casefold())) if space and rest else None
    if contracted is not None:
        return f"{_same_case(contracted, word)} {rest}"
    if key in ("de", "le", "la") and elides(phrase):
        return f"{_same_case(key[0] + chr(39), word)}{phrase}"
    return f"{word} {phrase}"


_SLOT = re.compile(r"(?:\b(à|À|de|De|le|Le|la|La) )?\{([a-z_]+)\}")


def french_format(template: str, **values: str) -> str:
    """`template` with its `{name}` slots filled, each preposition or article just before a slot
    glued to the value by :func:`preposition`. Slots without a value stay as they are."""

    def fill(match: re.Match[str]) -> str:
        word, name = match.group(1), match.group(2)
        if name not in values:
            return match.group(0)
        value = values[name]
        if word is None or not value:
            return (f"{word} " if word else "") + value
        return preposition(word, value)

    return _SLOT.sub(fill, template)


def join_words(items: Sequence[str], last: str = "et") -> str:
    if len(items) <= 1:
        return "".join(items)
    return f"{', '.join(items[:-1])} {last} {items[-1]}"


class Voice:
    """Picks the words that depend on the register and on the voice's gender."""

    def __init__(self, register: Register, gender: VoiceGender) -> None:
        self.register, self.gender = register, gender

    def r(self, vous: str, tu: str) -> str:
        return tu if self.register is Register.TUTOIEMENT else vous

    def g(self, feminine: str, masculine: str) -> str:
        return masculine if self.gender is VoiceGender.MASCULINE else feminine


def bullets(lines: Iterable[str], indent: str = "") -> str:
    return "\n".join(f"{indent}- {line}" for line in lines)
