"""Day words: weekday names in every usual spelling, misspelling and abbreviation, rewritten
to their canonical names before the text is tokenised.

Days are numbered 0 (Monday) to 6 (Sunday), and public holidays are an eighth pseudo-day.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from rapidfuzz.distance import Levenshtein

from allokoli.domain.profile import Weekday
from allokoli.understanding.normalize import fold

__all__ = ["ALL_DAYS", "DAYS", "DAY_NAMES", "HOLIDAY", "canonical_days", "find_day"]


DAYS: tuple[Weekday, ...] = tuple(Weekday)
DAY_NAMES: tuple[str, ...] = tuple(d.value for d in DAYS)
ALL_DAYS = frozenset(range(7))
HOLIDAY = 7
"""Public holidays are handled as an eighth pseudo-day while parsing."""


_DAY_VARIANTS: dict[str, int] = {}
for _i, _name in enumerate(DAY_NAMES):
    _DAY_VARIANTS[_name] = _i
    _DAY_VARIANTS[_name + "s"] = _i
# Frequent misspellings (any word within one or two edits is also accepted, see below).
_DAY_VARIANTS.update(
    {
        "lund": 0,
        "lundy": 0,
        "mardy": 1,
        "mecredi": 2,
        "mercredy": 2,
        "mercerdi": 2,
        "jeudy": 3,
        "jeud": 3,
        "vendredy": 4,
        "samdi": 5,
        "sammedi": 5,
        "samed": 5,
        "dimanch": 6,
        "dimache": 6,
        "dimenche": 6,
        # franglais (« Sunday et monday closed »)
        "monday": 0,
        "tuesday": 1,
        "wednesday": 2,
        "thursday": 3,
        "friday": 4,
        "saturday": 5,
        "sunday": 6,
    }
)
# Abbreviations: accepted only in a day-ish context (see _abbrev_ok), so that "Sam", "il vend"
# or "la mer" are not read as days.
_DAY_ABBREVIATIONS: dict[str, int] = {
    "lun": 0,
    "mar": 1,
    "mer": 2,
    "merc": 2,
    "mercr": 2,
    "jeu": 3,
    "ven": 4,
    "vend": 4,
    "vendr": 4,
    "sam": 5,
    "dim": 6,
}
# Real words close to a day name.
_NOT_DAYS = frozenset({"maudi", "mandi", "vendre", "vendrai", "lundie"} - set(_DAY_VARIANTS))


@dataclass(frozen=True, slots=True)
class _DayWord:
    day: int
    abbreviation: bool


def _classify_day_word(word: str) -> _DayWord | None:
    day = _DAY_VARIANTS.get(word)
    if day is not None:
        return _DayWord(day, False)
    day = _DAY_ABBREVIATIONS.get(word)
    if day is not None:
        return _DayWord(day, True)
    if len(word) < 5 or word in _NOT_DAYS:
        return None
    if word.endswith("y"):
        word = word[:-1] + "i"
        day = _DAY_VARIANTS.get(word)
        if day is not None:
            return _DayWord(day, False)
    best: int | None = None
    best_distance = 99
    for i, name in enumerate(DAY_NAMES):
        if word[0] != name[0] or abs(len(word) - len(name)) > 2:
            continue
        limit = 1 if len(word) <= 6 else 2
        distance = Levenshtein.distance(word, name, score_cutoff=limit)
        if distance <= limit and distance < best_distance:
            best, best_distance = i, distance
    return _DayWord(best, False) if best is not None else None


def find_day(word: str) -> Weekday | None:
    """The weekday a single (possibly misspelled or abbreviated) word stands for."""
    found = _classify_day_word(fold(word).strip(" .,"))
    return DAYS[found.day] if found is not None else None


_WORD_RE = re.compile(r"[a-z]+")
_ABBREV_PREV_WORDS = frozenset(
    {
        *("du", "le", "les", "chaque"),
        *("sauf", "sf", "excepte", "hormis", "hors"),  # « tlj sf dim »
        *("ferme", "fermes", "fermee", "ouvert", "ouverts"),
    }
)
_ABBREV_LINK_WORDS = frozenset({"au", "a", "et", "ou"})
_ABBREV_NEXT_RE = re.compile(r"\s*(?::\s*)?(?:\d|matin|apres|aprem|soir|midi|ferme)")
_ABBREV_NEXT_SPACE_RE = re.compile(r"\s+([a-z]+)")
_ABBREV_NEXT_LINK_RE = re.compile(r"\s*(?:[-/,]|\bau\b|\ba\b|\bet\b|\bou\b)\s*([a-z]+)")


def _is_day_word(word: str) -> bool:
    return _classify_day_word(word) is not None


def _abbrev_ok(text: str, start: int, end: int) -> bool:
    """An abbreviation ("sam", "mar", "ven"…) is a day only next to another day or a time."""
    before = text[max(0, start - 24) : start]
    prev_words = _WORD_RE.findall(before)
    if prev_words and prev_words[-1] in _ABBREV_PREV_WORDS:
        return True
    if prev_words and not before[-1:].isalpha() and _is_day_word(prev_words[-1]):
        return True  # « fermé dim lun »: a day after a day
    linked_before = (
        prev_words and prev_words[-1] in _ABBREV_LINK_WORDS
    ) or before.rstrip().endswith(("-", "/", ","))
    if linked_before:
        words = (
            prev_words[:-1] if prev_words and prev_words[-1] in _ABBREV_LINK_WORDS else prev_words
        )
        if words and _is_day_word(words[-1]):
            return True
    after = text[end : end + 16]
    if _ABBREV_NEXT_RE.match(after):
        return True
    link = _ABBREV_NEXT_LINK_RE.match(after) or _ABBREV_NEXT_SPACE_RE.match(after)
    return link is not None and _is_day_word(link.group(1))


_TWO_LETTER = {"lu": 0, "ma": 1, "me": 2, "je": 3, "ve": 4, "sa": 5, "di": 6}
_TWO_LETTER_RANGE_RE = re.compile(
    r"\b(lu|ma|me|je|ve|sa|di)\.?\s*([-/]|au|a)\s*(lu|ma|me|je|ve|sa|di)\b\.?"
    r"|\b(lu|ma|me|je|ve|sa|di)\.?(?=\s*\d{1,2}\s*(?:h|:))"
)


def _two_letter(m: re.Match[str]) -> str:
    if m.group(4):
        return DAY_NAMES[_TWO_LETTER[m.group(4)]]
    first, conn, last = m.group(1), m.group(2), m.group(3)
    return f"{DAY_NAMES[_TWO_LETTER[first]]} {conn} {DAY_NAMES[_TWO_LETTER[last]]}"


def canonical_days(text: str) -> str:
    text = _TWO_LETTER_RANGE_RE.sub(_two_letter, text)

    def replace(m: re.Match[str]) -> str:
        word = m.group(0)
        found = _classify_day_word(word)
        if found is None:
            return word
        if found.abbreviation and not _abbrev_ok(m.string, m.start(), m.end()):
            return word
        return DAY_NAMES[found.day]

    return _WORD_RE.sub(replace, text)
