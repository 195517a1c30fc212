"""Text normalisation shared by every extractor.

Two views of an utterance are used:

* the *converted* text: the original text where French numbers written in words are turned into
  digits (``"zéro six douze"`` → ``"06 12"``), case and accents kept, so that names can be sliced
  from it;
* the *folded* text: the converted text in lower case without accents (``"fermé"`` → ``"ferme"``),
  with a map from every folded character back to the converted text.

Everything here is pure and cheap; :func:`prepare` is memoised so that ``extract_facts`` computes
the views once for all extractors.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from text_to_num import alpha2digit  # type: ignore[import-untyped]
from unidecode import unidecode

__all__ = [
    "FoldedText",
    "Prepared",
    "clean_spaces",
    "fold",
    "fold_with_map",
    "prepare",
    "strip_punctuation",
    "words_to_digits",
]

# Characters whose unidecode transliteration is not what we want for matching.
_CHAR_OVERRIDES: dict[str, str] = {
    "€": "€",
    "«": '"',
    "»": '"',
    "“": '"',
    "”": '"',
    "„": '"',
    "‘": "'",
    "’": "'",
    "ʼ": "'",
    "`": "'",
    "´": "'",
    "–": "-",
    "—": "-",
    "‑": "-",
    "−": "-",
    "…": "...",
    "°": "o",
    "•": "*",
    "·": "*",
    "\u00a0": " ",
    "\u202f": " ",
    "\u2009": " ",
}


@lru_cache(maxsize=4096)
def _fold_char(char: str) -> str:
    override = _CHAR_OVERRIDES.get(char)
    if override is not None:
        return override
    lowered = char.lower()
    if lowered.isascii():
        return lowered
    return unidecode(lowered).lower()


def fold_with_map(text: str) -> tuple[str, list[int]]:
    """Lower-case and strip accents; return the folded text and, for each of its characters,
    the index of the source character it comes from."""
    if text.isascii():
        return text.lower(), list(range(len(text)))
    out: list[str] = []
    index: list[int] = []
    for i, char in enumerate(text):
        folded = char.lower() if char.isascii() else _fold_char(char)
        out.append(folded)
        index.extend([i] * len(folded))
    return "".join(out), index


def fold(text: str) -> str:
    """Lower-case, accent-free version of ``text`` (``"Fermé à Noël"`` → ``"ferme a noel"``)."""
    return text.lower() if text.isascii() else _fold_accented(text)


@lru_cache(maxsize=16384)
def _fold_accented(text: str) -> str:
    # the parsers fold the same words and phrases many times over a message (every candidate
    # span of the gazetteer, every name candidate): a cache makes that a dictionary lookup
    return "".join(char.lower() if char.isascii() else _fold_char(char) for char in text)


_SPACES_RE = re.compile(r"\s+")


def clean_spaces(text: str) -> str:
    """Collapse runs of white space into one space and strip the ends."""
    return _SPACES_RE.sub(" ", text).strip()


_PUNCT_RE = re.compile(r"[^\w\s'-]+")


def strip_punctuation(text: str) -> str:
    """Replace punctuation (except apostrophes and hyphens) by spaces and collapse spaces."""
    return clean_spaces(_PUNCT_RE.sub(" ", text))


# --- numbers written in words -------------------------------------------------------------

# Frequent misspellings of number words, fixed before text2num sees them.
_NUMBER_TYPOS: tuple[tuple[re.Pattern[str], str], ...] = tuple(
    (re.compile(pattern, re.IGNORECASE), replacement)
    for pattern, replacement in (
        (r"\bz[eéè]ro\b", "zéro"),
        (r"\bvint(s?)\b", r"vingt\1"),
        (r"\bvingts\b", "vingt"),
        (r"\btrante\b", "trente"),
        (r"\bquarente\b", "quarante"),
        (r"\bcinquente\b", "cinquante"),
        (r"\bsoi(?:s|ss|x)ante\b", "soixante"),
        (r"\bsez\b", "seize"),
        (r"\bdis\b(?=[- ](?:sept|huit|neuf)\b)", "dix"),
        # « huit heures-dix-sept heures », « treize heures trente-dix-sept heures trente »: a
        # range of times written with a hyphen, which would glue the two numbers into one
        (
            r"\b(heures?|midi|minuit|quart|demie?)-(?=(?:une?|deux|trois|quatre|cinq|six|sept|huit"
            r"|neuf|dix|onze|douze|treize|quatorze|quinze|seize|vingt|midi|minuit)\b)",
            r"\1 - ",
        ),
        (
            r"\b(trente)-(?=(?:dix|onze|douze|treize|quatorze|quinze|seize|vingt|midi|minuit)\b)",
            r"\1 - ",
        ),
    )
)

# After text2num, "un", "une" and "deux" are left as words when isolated (and text2num
# sometimes leaves a number before "heures", e.g. "le samedi de neuf heures"). Turn them into
# digits only where they clearly are quantities (before a unit, or inside a numeric range) so
# that "un salon", "tout neuf" or "les deux" are never touched.
_UNIT = r"(?:heures?|h\b|hr?s?\b|euros?\b|€|eur\b|balles\b|minutes?\b|min\b|mn\b|km\b|kms\b|kilom)"
_SMALL_VALUES = {
    "un": "1",
    "une": "1",
    "deux": "2",
    "trois": "3",
    "quatre": "4",
    "cinq": "5",
    "six": "6",
    "sept": "7",
    "huit": "8",
    "neuf": "9",
    "dix": "10",
    "onze": "11",
    "douze": "12",
    "treize": "13",
    "quatorze": "14",
    "quinze": "15",
    "seize": "16",
}
_SMALL_WORDS = "|".join(sorted(_SMALL_VALUES, key=len, reverse=True))
_SMALL_BEFORE_UNIT_RE = re.compile(rf"\b({_SMALL_WORDS})(?=\s*{_UNIT})", re.IGNORECASE)
_SMALL_IN_RANGE_RE = re.compile(
    r"\b(?:(une?|deux)(?=\s*(?:à|a|-|et|ou)\s*\d))|(?:(?<=\d)(\s*(?:à|a|-|ou)\s*)(une?|deux)\b)",
    re.IGNORECASE,
)


def _small_range(match: re.Match[str]) -> str:
    if match.group(1) is not None:
        return _SMALL_VALUES[match.group(1).lower()]
    return match.group(2) + _SMALL_VALUES[match.group(3).lower()]


_NUMBER_WORDS = (
    r"(?:deux|trois|quatre|cinq|six|sept|huit|neuf|dix|onze|douze|treize|quatorze|quinze"
    r"|seize|vingt|trente|quarante|cinquante|soixante|cent|mille)"
)
_NOT_ONE_NUMBER_RE = re.compile(
    rf"(?:(?<=\bcent)|(?<=\bcents)|(?<=\bmille))(\s+et\s+)(?={_NUMBER_WORDS}\b)", re.IGNORECASE
)


_CAPITAL_NUMBER = (
    r"(?:Deux|Trois|Quatre|Cinq|Six|Sept|Huit|Neuf|Dix|Onze|Douze|Treize|Quatorze|Quinze|Seize"
    r"|Vingt|Trente|Cent|Mille)"
)
#: A number word with its capital after « des », « les », « aux », then a capitalised word: part
#: of a proper name (« rue des Trois Cailloux », « Auberge Les Deux Tours »), kept as written.
_NAMED_NUMBER_RE = re.compile(
    r"(?:(?<=\bdes )|(?<=\bles )|(?<=\baux )|(?<=\bDes )|(?<=\bLes )|(?<=\bAux ))"
    rf"({_CAPITAL_NUMBER}(?:-{_CAPITAL_NUMBER})?)(?=\s+[A-ZÀ-Ý])"
)


def words_to_digits(text: str) -> str:
    """Turn French numbers written in words into digits, safely.

    Uses ``text2num.alpha2digit`` (language ``"fr"``) with its default threshold, so isolated
    small words such as "un salon", "une coupe" or "les deux" are kept; "un/une/deux" become digits
    only before a unit ("une heure", "deux euros") or inside a numeric range ("de deux à 4").
    "midi" and "minuit" stay words. Never raises: on any internal error the text is returned as is.
    """
    if not text:
        return text
    fixed = text
    for pattern, replacement in _NUMBER_TYPOS:
        fixed = pattern.sub(replacement, fixed)
    # « entre cent et quatre cent mille euros »: two numbers (text2num reads « 104 100000 »);
    # only « un » and « une » join a hundred or a thousand with « et » (« mille et une »)
    parts = _NOT_ONE_NUMBER_RE.split(fixed)
    try:
        converted: str = "".join(
            part if k % 2 else _outside_names(part) for k, part in enumerate(parts)
        )
    except Exception:  # text2num is native code; never let it break a conversation
        converted = fixed
    converted = _SMALL_BEFORE_UNIT_RE.sub(lambda m: _SMALL_VALUES[m.group(1).lower()], converted)
    converted = _SMALL_IN_RANGE_RE.sub(_small_range, converted)
    return converted


def _outside_names(text: str) -> str:
    """``alpha2digit`` on the text, the number words of proper names kept as written."""
    pieces = _NAMED_NUMBER_RE.split(text)
    return "".join(p if k % 2 else alpha2digit(p, "fr") for k, p in enumerate(pieces))


@dataclass(frozen=True, slots=True)
class FoldedText:
    """A folded text with the map back to its source."""

    text: str
    source: str
    index: tuple[int, ...]

    def source_span(self, start: int, end: int) -> tuple[int, int]:
        """Map ``[start, end)`` in the folded text to the source text."""
        if not self.index:
            return 0, 0
        start = max(0, min(start, len(self.index) - 1))
        if end <= start:
            return self.index[start], self.index[start]
        last = self.index[min(end, len(self.index)) - 1]
        return self.index[start], last + 1

    def source_slice(self, start: int, end: int) -> str:
        s, e = self.source_span(start, end)
        return self.source[s:e]


@dataclass(frozen=True, slots=True)
class Prepared:
    """The views of one utterance, computed once (see module docstring)."""

    raw: str
    converted: str
    folded: FoldedText
    raw_folded: FoldedText

    @property
    def low(self) -> str:
        """Folded converted text (numbers as digits, no accents, lower case)."""
        return self.folded.text

    @property
    def raw_low(self) -> str:
        """Folded original text (numbers left as written)."""
        return self.raw_folded.text

    def raw_span(self, start: int, end: int) -> tuple[int, int] | None:
        """The span of the original text behind ``converted[start:end]``: the owner's own
        words where numbers written in words became digits (« quatre fromages »)."""
        raw_start = raw_end = None
        for equal, i1, i2, j1, j2 in _alignment(self.converted, self.raw):
            if raw_start is None and i1 <= start < i2:
                raw_start = j1 + (start - i1) if equal else j1
            if i1 < end <= i2:
                raw_end = j1 + (end - i1) if equal else j2
                break
        if raw_start is None or raw_end is None or raw_end <= raw_start:
            return None
        return raw_start, raw_end


def _make_folded(text: str) -> FoldedText:
    folded, index = fold_with_map(text)
    return FoldedText(folded, text, tuple(index))


_MAX_CHARS = 5000


#: what numbers written in words become: digits and the marks inside them (« 12,50 », « 1h30 »),
#: and the spaces between them (« 06 12 34 »)
_DIGITS_RUN_RE = re.compile(r"\d(?:[\d:/h-]|[.,](?=\d)|\s(?=\d))*")
_NUMBER_END_RE = re.compile(r"(?<=\d)(?=\s)|$")
_WORD_END_RE = re.compile(r"(?<=\S)(?=[\s,.;:!?])")
_RESYNC_CHARS = 8  # the text after a replacement that both views must share again
_RESYNC_REACH = 80  # how far the words of one number may run in the original text


def _replacement(converted: str, raw: str, i: int, j: int) -> tuple[int, int] | None:
    """Where the replacement that starts at ``converted[i]`` and ``raw[j]`` ends in each."""
    reach = min(len(raw), j + _RESYNC_REACH)
    digits = _DIGITS_RUN_RE.match(converted, i)
    if digits is not None:
        # the shortest numbers whose words, turned into digits alone, give them: « quinze, »
        # before « vingt-cinq »; « zéro six douze » for « 06 12 »
        words_ends = [w.start() for w in _WORD_END_RE.finditer(raw, j, reach)] + [reach]
        for number in _NUMBER_END_RE.finditer(converted, i, digits.end()):
            said = converted[i : number.start()]
            for b in words_ends:
                if words_to_digits(raw[j:b]) == said:
                    return number.start(), b
    ends = [digits.end()] if digits else range(i + 1, min(len(converted), i + _RESYNC_REACH) + 1)
    for a in ends:
        # the text that follows, up to the next number (which may have changed too)
        after = re.split(r"\d", converted[a : a + _RESYNC_CHARS], maxsplit=1)[0]
        if not after:
            return (a, reach) if a == len(converted) else None
        b = raw.find(after, j + 1, reach + len(after))
        if b >= 0:
            return a, b
    return None


@lru_cache(maxsize=64)
def _alignment(converted: str, raw: str) -> tuple[tuple[bool, int, int, int, int], ...]:
    """The spans ``(equal, i1, i2, j1, j2)`` where ``converted[i1:i2]`` stands for ``raw[j1:j2]``:
    equal stretches, and the replacements between them (« vingt-cinq » → « 25 »).

    The two views differ only where numbers in words became digits, so one walk through both
    finds them. Linear in the text, where a general diff is quadratic or worse on repeated
    words."""
    spans: list[tuple[bool, int, int, int, int]] = []
    i = j = 0
    n, m = len(converted), len(raw)
    while i < n and j < m:
        k = 0
        while i + k < n and j + k < m and converted[i + k] == raw[j + k]:
            k += 1
        if k:
            spans.append((True, i, i + k, j, j + k))
            i, j = i + k, j + k
            continue
        ends = _replacement(converted, raw, i, j)
        if ends is None:
            break  # no way back to the same text: the rest stays unaligned
        spans.append((False, i, ends[0], j, ends[1]))
        i, j = ends
    return tuple(spans)


@lru_cache(maxsize=512)
def prepare(text: str) -> Prepared:
    """Compute the normalised views of ``text`` (memoised). Very long input is truncated."""
    raw = text[:_MAX_CHARS] if len(text) > _MAX_CHARS else text
    converted = words_to_digits(raw)
    return Prepared(raw, converted, _make_folded(converted), _make_folded(raw))
