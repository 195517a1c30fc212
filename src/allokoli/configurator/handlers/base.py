"""What every fact handler shares: the reading of one owner message, the ways a value is
stored, and the small helpers that write the partial profile.

A handler owns one fact of the profile. It reads that fact from any owner message (whatever was
just asked), accepts only a value of its own type, and stores it in one of three ways:

- ``ANSWER``: the fact's own question was pending; the value replaces the earlier one;
- ``PASSING``: the owner mentioned the fact while answering something else; it fills what is
  unknown and never overwrites an earlier answer (hours merge as a correction of a named day);
- ``CORRECTION``: the owner corrects the fact (« en fait … », « non, … »); only what the
  correction names changes.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any, ClassVar, Generic, TypeVar

from allokoli.configurator import texts
from allokoli.configurator.state import ConfiguratorState
from allokoli.understanding import ExtractedFacts, fold

__all__ = [
    "FactHandler",
    "How",
    "Reading",
    "dump",
    "is_bare_reply",
    "join_and",
    "mark_skipped",
    "sentence",
    "set_fact",
    "split_list",
]

T = TypeVar("T")


class How(StrEnum):
    ANSWER = "answer"
    PASSING = "passing"
    CORRECTION = "correction"


@dataclass(slots=True)
class Reading:
    """One owner message, as every handler sees it."""

    text: str
    facts: ExtractedFacts
    pending: str | None
    """The pending question's fact key (``Question.fact``), or None."""
    pending_id: str | None = None
    question_text: str | None = None
    last_try: bool = False
    """The pending question was already asked again once."""
    correction: bool = False
    target: str | None = None
    """For a correction: the fact it names, when identifiable."""
    name_guessed: bool = False
    """The company name was guessed from a capitalised span (to confirm with the owner)."""
    others: set[str] = field(default_factory=set)
    """Facts other handlers found in this message (a free-text answer then yields to them)."""
    also: tuple[str, ...] = ()
    """Other facts the pending question asks for (``Question.also``)."""

    def asks(self, key: str) -> bool:
        """Did the pending question ask for this fact (as its own or besides it)?"""
        return key == self.pending or key in self.also

    @property
    def folded(self) -> str:
        return fold(self.text)


class FactHandler(Generic[T]):
    """One fact: its typed slot, its extractor, its validator, its correction reader and its
    re-ask. Subclasses set ``key`` and implement ``read`` and ``store``."""

    key: ClassVar[str]
    """The fact key (``Question.fact``, ``Reply.asked``)."""
    hint: ClassVar[str | None] = None
    """The example given with the one targeted re-ask."""

    def read(self, s: ConfiguratorState, r: Reading) -> T | None:
        """The fact's value stated in this message, or None (never raises)."""
        raise NotImplementedError

    def read_answer(self, s: ConfiguratorState, r: Reading) -> T | None:
        """The value read as an answer to this fact's own question: by default the same as
        ``read``; free-text facts also take the owner's words when nothing else was said."""
        return self.read(s, r)

    def accepts(self, value: T) -> bool:
        """Is ``value`` of this fact's type? « oui », « je confirme » never are."""
        return value is not None

    def store(self, s: ConfiguratorState, value: T, how: How, r: Reading) -> bool:
        """Write ``value`` into the partial profile. True when the profile changed or the
        question is answered."""
        raise NotImplementedError

    def handle(self, s: ConfiguratorState, r: Reading, how: How) -> bool:
        value = self.read_answer(s, r) if how is How.ANSWER else self.read(s, r)
        if value is None or not self.accepts(value):
            return False
        return self.store(s, value, how, r)

    def found(self, s: ConfiguratorState, r: Reading) -> bool:
        """Does the message state this fact (without writing anything)?"""
        value = self.read(s, r)
        return value is not None and self.accepts(value)

    def reask(self, question: str) -> str:
        return f"{question} {self.hint}" if self.hint else question


# --- never a value ------------------------------------------------------------------------------

_BARE_WORDS = (
    "oui|ouais|ouai|ouep|yes|yep|si|non|nan|nope|no|ok|okay|oki|dac|d'accord|daccord|d'ac|bien sur"
    "|tout a fait|absolument|exactement|exact|voila|parfait|c'est parfait|c'est bon|c'est ca"
    "|c'est exact|c'est correct|correct|je confirme|confirme|confirmer|je valide|valide|merci"
    "|merci beaucoup|super|top|nickel|genial|impeccable|carrement|evidemment|bien|tres bien"
    "|bon|alors|euh|bah|ben|hmm|ah|oh|effectivement|en effet|pas du tout|pas vraiment|c'est juste"
    "|juste|vas-y|allez|allez-y|go|d'acc|okey|ca marche|ca me va|tres bien merci|c'est tout"
    "|rien|aucun|aucune|jamais|peut-etre|je sais pas|je ne sais pas|sais pas|pareil|idem"
)
_BARE_RE = re.compile(rf"\b(?:{_BARE_WORDS})\b")
_VERDICT_RE = re.compile(
    r"\b(?:(?:tout|ca|cela|le recapitulatif|le recap|le resume|l'ensemble)\s+"
    r"(?:est|me semble|m'a l'air|me parait|parait|semble)|je vous le confirme|je le confirme)"
    r"(?=\s+(?:tout a fait\s+|bien\s+|parfaitement\s+)?(?:exact|correct|bon|juste|ok|parfait)\b)"
)


def is_bare_reply(text: str) -> bool:
    """« Oui je confirme », « non merci », « ok parfait » : a reply with no content of its own,
    never the value of a fact."""
    folded = re.sub(r"\bc\s*['’]?\s*est\b", "c'est", fold(text))  # « c est bon » in SMS
    # « tout est exact », « ça me semble correct », « le récapitulatif est bon »: a verdict on
    # what was said, with no content of its own
    folded = _VERDICT_RE.sub(" ", folded)
    rest = _BARE_RE.sub(" ", re.sub(r"\bc'est\b", " ", folded))
    return not re.search(r"[a-z0-9]", rest)


# --- writing the profile ------------------------------------------------------------------------

_FREE_TEXT_LEAD_RE = re.compile(
    r"^\s*(?:(?:euh|bah|ben|bon|alors|hmm+|oui|ouais|ok|je (?:ne )?sais pas(?: trop)?)"
    r"\s*[,.:!]*\s*)+",
    re.IGNORECASE,
)
_LIST_SPLIT_RE = re.compile(r"\s*(?:[,;/\n+]|\bet\b|\bou\b|&)\s*")
_FILLER_RE = re.compile(
    r"^(?:euh|alors|bah|ben|bon|ok|oui|ouais|donc|on fait|je fais|nous faisons|on propose"
    r"|je propose|surtout|principalement|notamment|aussi|un peu de|un peu d'|du|de la|des|le|la"
    r"|les|en)\s+"
)


def set_fact(s: ConfiguratorState, key: str, value: Any) -> None:
    s.profile[key] = value
    if key not in s.confirmed:
        s.confirmed.append(key)
    if key in s.defaulted:
        s.defaulted.remove(key)


def dump(model: Any) -> Any:
    return model.model_dump(mode="json", exclude_none=True)


def mark_skipped(s: ConfiguratorState, qid: str) -> None:
    if qid not in s.skipped:
        s.skipped.append(qid)


def sentence(text: str) -> str:
    """The owner's words as a sentence: hesitations at the start dropped, capital, full stop."""
    stripped = _FREE_TEXT_LEAD_RE.sub("", text)
    text = stripped if len(stripped) >= 3 else text
    text = re.sub(r"\s+", " ", text).strip(" ,;")
    if not text:
        return text
    text = text[:1].upper() + text[1:]
    return text if text[-1] in ".!?…" else f"{text}."


def split_list(text: str) -> list[str]:
    items: list[str] = []
    for part in _LIST_SPLIT_RE.split(text):
        part = part.strip(" .!-")
        while True:
            stripped = _FILLER_RE.sub("", part, count=1)
            if stripped == part:
                break
            part = stripped
        if len(part) >= 2 and re.search(r"[^\W\d_]", part) and not is_bare_reply(part):
            items.append(part[:1].upper() + part[1:])
    return list(dict.fromkeys(items))[:50]


def join_and(items: list[str]) -> str:
    if len(items) <= 1:
        return "".join(items)
    return f"{', '.join(items[:-1])} {texts.AND} {items[-1]}"
