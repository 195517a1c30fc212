"""Sector detection: map a French free-text description of a business to a catalogue subtype.

Everything comes from the catalogue data (keywords and synonyms of each subtype); there is no
per-sector code. The text and the catalogue terms go through the same normalisation (accents
removed with `unidecode`, lower case, French stop words and elisions dropped, plural `s`/`x` and
feminine `e` folded; word order inside a term does not matter). Each text token that is not a
catalogue word is corrected, when it is close enough, to the nearest catalogue word with
`rapidfuzz` (optimal-string-alignment distance, at most one edit for 6 to 8 letters with the same
first letter, two edits from 9 letters, none below), so "plombié", "coifeuse" or "eletricien"
still match. Then every n-gram of the corrected tokens is looked up in an index of the catalogue
terms, built once per catalogue and cached.

A matched term adds `weight × similarity / sharing` to its subtype, where keywords weigh more
than synonyms, multi-word terms a little more than single words, `similarity` is lower after a
fuzzy correction and `sharing` is the number of subtypes that list the same term. A term whose
span lies inside a longer matched term is ignored ("restaurant gastronomique" does not also
count as "restaurant"). The confidence combines how much evidence there is (a logistic function
of the best score) with how clearly the best beats the others (its share of the top scores), with
three constants fitted on the labelled fixtures (see `_CALIBRATION`).
"""

from __future__ import annotations

import math
import re
from collections import defaultdict
from dataclasses import dataclass, field

from pydantic import BaseModel, ConfigDict, Field
from rapidfuzz import process
from rapidfuzz.distance import OSA
from unidecode import unidecode

from allokoli.generation.catalogue import SectorCatalogue, load_catalogue

__all__ = [
    "SectorCandidate",
    "SectorDetection",
    "candidates",
    "confidences",
    "detect_sector",
    "normalize_tokens",
    "raw_scores",
]

#: Weight of a keyword (a name of the trade) and of a synonym (a phrase about the activity).
KEYWORD_WEIGHT = 3.0
SYNONYM_WEIGHT = 1.0
#: Extra weight per additional word in a multi-word term (more specific, less ambiguous).
MULTIWORD_BONUS = 0.25
#: Factor applied to the generic fallback subtype's own terms, so that it only wins alone.
GENERIC_FACTOR = 0.5
#: Similarity lost per edit when a token was fuzzy-corrected.
EDIT_PENALTY = 0.15
#: Longest term, in significant tokens, that the index stores.
MAX_NGRAM = 5
#: Confidence given when nothing at all matched (the generic subtype is returned).
NO_MATCH_CONFIDENCE = 0.1

#: Calibration of the confidence, for the top scores s1 >= s2 >= s3 >= s4 (zeros ignored):
#:     strength   = 1 / (1 + exp(-(A * ln(s1) + C)))      how much evidence there is
#:     share(i)   = si**G / (s1**G + s2**G + s3**G + s4**G)  how clearly si beats the others
#:     confidence = strength * share(1)  (alternatives: strength * share(i))
#: so a single keyword is confident, a tie between two subtypes stays at or below 0.5, and the
#: confidences of the best subtype and its alternatives sum to at most 1.
#: Fitted by maximum likelihood ("the predicted subtype is right"; gradient descent on A and C
#: with L2 penalty 0.001, grid search on G) over the 331 labelled descriptions of
#: tests/fixtures/sector_descriptions.yaml plus, for each, a variant with the detected keywords
#: removed (the activity described without the trade name), 532 samples with a match in all.
#: Refit with `python -m tests.generation.test_detection --fit` after changing the catalogue or
#: the scoring, and copy the printed values here.
_CALIBRATION: tuple[float, float, float] = (2.644, 1.363, 3.0)

#: French function words and chat fillers: skipped, never fuzzy-corrected, and ignored inside
#: catalogue terms ("salon de coiffure" also matches "salon coiffure"). Content words stay out of
#: this list, or terms that contain them would collapse ("menu du jour" into "menu").
_STOPWORD_TEXT = """
    a ai as au aux avec avons c ca ce ceci cela ces cet cette chez ci d dans de des du elle elles
    en est et eu eux il ils j je l la le les leur leurs lui m ma mais me meme mes moi mon n ne ni
    nos notre nous on ont or ou par pas peu pour qu que qui s sa se ses si son sont sur t ta te
    tes toi ton tous tout toute toutes tres tu un une vos votre vous y
    suis es sommes etes etais etait avais avait avez fait faire fais faisons font
    bonjour salut hello bonsoir merci svp stp
    jsuis chui ds pr bcp tt ke kan ya koi pk pck
    aussi alors donc voila enfin genre
"""
_STOPWORDS = frozenset(_STOPWORD_TEXT.split())

_WORD_RE = re.compile(r"[^\W_]+")
_ASCII_RE = re.compile(r"[a-z0-9]+")


class SectorCandidate(BaseModel):
    """One possible subtype for a description, with its confidence (0 to 1)."""

    model_config = ConfigDict(frozen=True)

    family: str
    subtype: str
    label: str
    confidence: float = Field(ge=0.0, le=1.0)


class SectorDetection(BaseModel):
    """The detected subtype, how sure we are, the next best guesses and why."""

    model_config = ConfigDict(frozen=True)

    family: str
    subtype: str
    family_label: str
    subtype_label: str
    confidence: float = Field(ge=0.0, le=1.0)
    alternatives: list[SectorCandidate] = Field(default_factory=list)
    """The next best subtypes (up to three), best first, never the detected one."""
    matched: list[str] = Field(default_factory=list)
    """The catalogue terms found in the text for the detected subtype (for explanations)."""


def _stem(word: str) -> str:
    """Fold French plural and feminine endings, before accents are removed: "fuites" -> "fuit",
    "perdue" -> "perdu", but "plombié" keeps its final (accented) letter."""
    if len(word) > 3 and word[-1] in "sx" and not word.endswith("ss"):
        word = word[:-1]
    if len(word) > 4 and word[-1] == "e":
        word = word[:-1]
    return word


def normalize_tokens(text: str) -> list[str]:
    """Significant, normalised tokens of a text (same treatment for the text and the terms)."""
    out: list[str] = []
    for word in _WORD_RE.findall(text.lower()):
        plain = unidecode(word)
        if len(plain) < 2 or plain in _STOPWORDS or any(ch.isdigit() for ch in plain):
            continue
        out.extend(_ASCII_RE.findall(unidecode(_stem(word)).lower()))
    return out


def _max_edits(length: int) -> int:
    if length < 6:
        return 0
    if length < 9:
        return 1
    return 2


@dataclass(frozen=True)
class _Posting:
    subtype: str
    term: str
    """The term as written in the catalogue."""
    weight: float


@dataclass
class _Index:
    """Everything precomputed from one catalogue (built once, then cached)."""

    catalogue: SectorCatalogue
    postings: dict[tuple[str, ...], list[_Posting]]
    vocabulary: frozenset[str]
    by_length: dict[int, list[str]]
    max_ngram: int
    family_of: dict[str, tuple[str, str]]
    """subtype id -> (family id, family label)."""
    label_of: dict[str, str]
    _buckets: dict[tuple[int, str], list[str]] = field(default_factory=dict)
    _corrections: dict[str, tuple[str, int] | None] = field(default_factory=dict)

    def bucket(self, length: int, first: str) -> list[str]:
        """Catalogue words that a token of this length (and first letter) may be corrected to."""
        edits = _max_edits(length)
        key = (length, first if length < 9 else "")
        found = self._buckets.get(key)
        if found is None:
            found = [
                word
                for size in range(length - edits, length + edits + 1)
                for word in self.by_length.get(size, ())
                if length >= 9 or word[0] == first
            ]
            self._buckets[key] = found
        return found

    def correct(self, token: str) -> tuple[str, int] | None:
        """The catalogue word a token stands for, and the number of edits; None if none."""
        if token in self.vocabulary:
            return token, 0
        if token in self._corrections:
            return self._corrections[token]
        result: tuple[str, int] | None = None
        edits = _max_edits(len(token))
        if edits:
            best = process.extractOne(
                token, self.bucket(len(token), token[0]), scorer=OSA.distance, score_cutoff=edits
            )
            if best is not None:
                result = (best[0], int(best[1]))
        if len(self._corrections) > 50_000:
            self._corrections.clear()
        self._corrections[token] = result
        return result


def _build_index(catalogue: SectorCatalogue) -> _Index:
    raw: dict[tuple[str, ...], dict[str, tuple[str, float]]] = defaultdict(dict)
    for _family, sub in catalogue.all_subtypes():
        factor = GENERIC_FACTOR if sub.id == catalogue.generic_subtype else 1.0
        for terms, base in ((sub.keywords, KEYWORD_WEIGHT), (sub.synonyms, SYNONYM_WEIGHT)):
            for term in terms:
                key = tuple(sorted(normalize_tokens(term)[:MAX_NGRAM]))
                if not key:
                    continue
                weight = base * (1.0 + MULTIWORD_BONUS * (len(key) - 1)) * factor
                previous = raw[key].get(sub.id)
                if previous is None or previous[1] < weight:
                    raw[key][sub.id] = (term, weight)
    postings: dict[tuple[str, ...], list[_Posting]] = {}
    for key, per_subtype in raw.items():
        sharing = len(per_subtype)
        postings[key] = [
            _Posting(subtype=sid, term=term, weight=weight / sharing)
            for sid, (term, weight) in per_subtype.items()
        ]
    vocabulary = frozenset(tok for key in postings for tok in key)
    by_length: dict[int, list[str]] = defaultdict(list)
    for word in sorted(vocabulary):
        by_length[len(word)].append(word)
    return _Index(
        catalogue=catalogue,
        postings=postings,
        vocabulary=vocabulary,
        by_length=dict(by_length),
        max_ngram=max((len(k) for k in postings), default=1),
        family_of={s.id: (f.id, f.label) for f, s in catalogue.all_subtypes()},
        label_of={s.id: s.label for _, s in catalogue.all_subtypes()},
    )


_INDEXES: dict[int, _Index] = {}


def _index_for(catalogue: SectorCatalogue | None) -> _Index:
    cat = catalogue if catalogue is not None else load_catalogue()
    found = _INDEXES.get(id(cat))
    if found is None or found.catalogue is not cat:
        if len(_INDEXES) >= 8:
            _INDEXES.clear()
        found = _build_index(cat)
        _INDEXES[id(cat)] = found
    return found


@dataclass
class _Scores:
    scores: dict[str, float]
    matched: dict[str, list[str]]
    first: dict[str, int]
    """Position (in tokens) of each subtype's first match: on a tie, the trade named first is
    the main one ("garage, mécanique et carrosserie" is a garage)."""


def _score(index: _Index, text: str) -> _Scores:
    corrected: list[tuple[str, int]] = []
    for token in normalize_tokens(text):
        hit = index.correct(token)
        if hit is not None:
            corrected.append(hit)
        else:
            corrected.append((token, -1))
    # Every n-gram found in the index, as (start, end, postings, edits).
    spans: list[tuple[int, int, list[_Posting], int]] = []
    count = len(corrected)
    for start in range(count):
        if corrected[start][1] < 0:
            continue
        for end in range(start + 1, min(count, start + index.max_ngram) + 1):
            if corrected[end - 1][1] < 0:
                break
            key = tuple(sorted(tok for tok, _ in corrected[start:end]))
            found = index.postings.get(key)
            if found is not None:
                edits = sum(e for _, e in corrected[start:end])
                spans.append((start, end, found, edits))
    # Longest spans first; drop a span lying strictly inside a kept longer one.
    spans.sort(key=lambda s: s[0] - s[1])
    kept: list[tuple[int, int]] = []
    scores: dict[str, float] = defaultdict(float)
    matched: dict[str, list[str]] = defaultdict(list)
    first: dict[str, int] = {}
    seen: set[tuple[str, str]] = set()
    for start, end, found, edits in spans:
        if any(ks <= start and end <= ke and (ke - ks) > (end - start) for ks, ke in kept):
            continue
        kept.append((start, end))
        similarity = max(0.0, 1.0 - EDIT_PENALTY * edits)
        for posting in found:
            if (posting.subtype, posting.term) in seen:
                continue
            seen.add((posting.subtype, posting.term))
            scores[posting.subtype] += posting.weight * similarity
            matched[posting.subtype].append(posting.term)
            first[posting.subtype] = min(first.get(posting.subtype, start), start)
    return _Scores(scores=dict(scores), matched=dict(matched), first=first)


def _ranking(
    scores: dict[str, float], first: dict[str, int] | None = None
) -> list[tuple[str, float]]:
    where = first or {}
    return sorted(scores.items(), key=lambda item: (-item[1], where.get(item[0], 1 << 30), item[0]))


def confidences(
    scores: list[float], calibration: tuple[float, float, float] | None = None
) -> list[float]:
    """Calibrated confidences of the top (up to four) scores, given best first."""
    a, c, g = calibration if calibration is not None else _CALIBRATION
    top = [max(score, 0.0) for score in scores[:4]]
    if not top or top[0] <= 0:
        return [0.0 for _ in top]
    strength = 1.0 / (1.0 + math.exp(-(a * math.log(top[0]) + c)))
    powered = [(score / top[0]) ** g for score in top]
    total = sum(powered)
    return [strength * value / total for value in powered]


def raw_scores(text: str, catalogue: SectorCatalogue | None = None) -> list[tuple[str, float]]:
    """Every subtype with a positive score, best first (for calibration and debugging)."""
    result = _score(_index_for(catalogue), text)
    return _ranking(result.scores, result.first)


def _candidate(index: _Index, subtype: str, confidence: float) -> SectorCandidate:
    return SectorCandidate(
        family=index.family_of[subtype][0],
        subtype=subtype,
        label=index.label_of[subtype],
        confidence=round(confidence, 3),
    )


def detect_sector(text: str, catalogue: SectorCatalogue | None = None) -> SectorDetection:
    """Detect the business subtype described by a French free text.

    Never raises on odd input: with nothing recognisable, returns the catalogue's generic subtype
    with a confidence below 0.3 and no alternatives.
    """
    index = _index_for(catalogue)
    result = _score(index, text)
    ranking = _ranking(result.scores, result.first)
    if not ranking:
        generic = index.catalogue.generic_subtype
        family_id, family_label = index.family_of[generic]
        return SectorDetection(
            family=family_id,
            subtype=generic,
            family_label=family_label,
            subtype_label=index.label_of[generic],
            confidence=NO_MATCH_CONFIDENCE,
        )
    confs = confidences([score for _, score in ranking[:4]])
    best_id = ranking[0][0]
    family_id, family_label = index.family_of[best_id]
    return SectorDetection(
        family=family_id,
        subtype=best_id,
        family_label=family_label,
        subtype_label=index.label_of[best_id],
        confidence=round(confs[0], 3),
        alternatives=[
            _candidate(index, sid, conf)
            for (sid, _), conf in zip(ranking[1:4], confs[1:], strict=True)
        ],
        matched=list(dict.fromkeys(result.matched.get(best_id, []))),
    )


def candidates(
    text: str, catalogue: SectorCatalogue | None = None, limit: int = 4
) -> list[SectorCandidate]:
    """The best subtypes for a text, best first (the detected one, then its alternatives)."""
    detection = detect_sector(text, catalogue)
    head = SectorCandidate(
        family=detection.family,
        subtype=detection.subtype,
        label=detection.subtype_label,
        confidence=detection.confidence,
    )
    return [head, *detection.alternatives][:limit]
