"""Small text helpers shared by the per-fact extractors (word sets, negation, title case)."""

from __future__ import annotations

import re


def _wordset(text: str) -> frozenset[str]:
    return frozenset(text.split())


_BOUNDARY = r"[.;!?\n]"
_SENT_SPLIT_RE = re.compile(r"[.;!?\n]+")


_NOT_NEGATION_RE = re.compile(
    r"\bpas de (?:souci|soucis|probleme|problemes|pb|blem)\b|\bsans (?:souci|probleme)\b"
    r"|\bpourquoi pas\b|\bpas mal\b|\bn'hesite[rz]? pas\b|\bne manquez pas\b"
)


def _is_negated(low: str, start: int, window: int = 30) -> bool:
    """Is the expression starting at ``start`` negated ("pas besoin de…", "ne … pas", "sans")?"""
    before = low[max(0, start - window) : start]
    if start > window and low[start - window - 1].isalnum():
        # the window opens inside a word: « …en pa|nne sur la route » is not « ne »
        before = re.sub(r"^\S*", "", before)
    before = re.split(r"[.;!?,\n]|\bmais\b|\bpar contre\b", before)[-1]
    before = _NOT_NEGATION_RE.sub(" ", before)
    return bool(
        re.search(
            r"\b(?:pas|plus|jamais|sans|non|aucun\w*|ni|surtout pas|inutile|evite\w*|hors de"
            r" question)\b(?:\s+\S+){0,4}\s*$|\bn'|\bne\b",
            before,
        )
    )


def _title_if_lower(text: str) -> str:
    """Capitalise words when the owner typed everything in lower case."""
    if any(c.isupper() for c in text):
        return text[0].upper() + text[1:] if text else text
    small = {
        "de",
        "du",
        "des",
        "la",
        "le",
        "les",
        "et",
        "à",
        "a",
        "d'",
        "l'",
        "en",
        "sur",
        "sous",
        "da",
        "di",
        "del",
        "della",
        "lès",
        "lez",
        "aux",
        "au",
    }
    words = text.split(" ")
    out: list[str] = []
    for i, w in enumerate(words):
        if i > 0 and w in small:
            out.append(w)
            continue
        out.append("-".join(p[:1].upper() + p[1:] for p in w.split("-")))
    result = " ".join(out)
    result = re.sub(
        r"\b([dlDL])'(\w)", lambda m: m.group(1).lower() + "'" + m.group(2).upper(), result
    )
    return result[0].upper() + result[1:] if result else result


#: The words, in folded text, that take back a time or an amount just said and put another in
#: its place (« 23h enfin non 23h30 », « 20 euros, non pardon 22 »): the unambiguous ones; each
#: reader adds the looser ones its context allows (« non », « plutôt »)
TAKE_BACK_CUES = r"enfin\s+non|non\s+pardon|pardon|oups|je\s+veux\s+dire|je\s+voulais\s+dire"

#: A value taken back as soon as said, in folded text (« 06 19 28 37 46. ah non c 06 19 28 37
#: 64 dsl », « 14 impasse des Tilleuls… ah non attendez, c'est impasse des Peupliers »)
TAKEN_BACK_RE = re.compile(
    r"\b(?:ah\s+)?non\b|\benfin\s+non\b|\bpardon\b|\bje\s+veux\s+dire\b|\bplutot\b"
    r"|\bje\s+me\s+suis\s+trompee?\b|\boups\b|\berreur\b|\bdsl\b|\bdesolee?\b"
)
