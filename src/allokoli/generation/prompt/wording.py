"""Small pieces of prompt wording shared by the sections: lists joined the French way, bullet
lists, and the words that depend on the register and on the voice's gender.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from allokoli.domain.profile import Register, VoiceGender

__all__ = ["Voice", "bullets", "join_words"]


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
