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

Three guards keep it from matching what is not a trade: the communes a text names are removed
first (« à Mâcon » is not a maçon; see `allokoli.understanding.places.city_spans`), a word of
spaCy's French vocabulary is never fuzzy-corrected (« messages » is not « massage »), and the
longest matched term wins (« brow bar » is a beauty trade, not a bar).

A trade the catalogue has no subtype for falls back to its family's generic subtype (flagged
`generic` in the data), keeping the owner's own words as `label` (« pisciniste » → artisans,
« Pisciniste »; « cabinet de podologie » → santé, « Cabinet de podologie »). The phrases where
the owner names the trade (the opening words, the words after « je suis », « on est un »…) weigh
most: a catalogue keyword there decides the subtype; otherwise their head noun (parts of speech
from spaCy's morphologizer), when it is no catalogue word and is shaped like a trade, is an
unknown trade, and its family is the one spaCy's word vectors point to: every word of the text is
compared with each family's vocabulary (its description, its subtypes' labels, descriptions,
examples, keywords and synonyms, vectors built once per index), the words naming the trade
counting most; function words, numbers, words of time and the everyday talk of every business
(the words of the catalogue's questions and prompts in four families or more) point to no family.
The same vectors overrule looser phrases (synonyms) of another family, and a subtype reached by
one loose phrase and none of its names gives way to the family's generic subtype. A
catalogue subtype thus needs one of its own terms: a neighbouring trade (pédiatre, climaticien,
ébéniste) is listed by its family's generic subtype, never by the nearest subtype.
"""

from __future__ import annotations

import math
import re
from collections import defaultdict
from dataclasses import dataclass, field
from functools import lru_cache

import numpy as np
from pydantic import BaseModel, ConfigDict, Field
from rapidfuzz import process
from rapidfuzz.distance import OSA
from unidecode import unidecode

from allokoli.domain.catalogue import SectorCatalogue, Subtype, load_catalogue
from allokoli.domain.profile import WEEKDAYS
from allokoli.understanding.nlp import (
    family_scores,
    is_function_word,
    is_known_word,
    is_lexicon_word,
    tags,
    word_vector,
)
from allokoli.understanding.places import city_spans

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
#: the shortest cut word read as the catalogue word it begins
MIN_PREFIX = 5
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
    jsuis chui chuis jfais jfai jfe fe fai ds pr bcp tt ke kan ya koi pk pck
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
    generic: bool = False
    """The subtype is its family's generic one: the trade itself has no subtype."""
    label: str | None = None
    """The owner's own name for the trade when the subtype is generic (« Pisciniste »)."""


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
    keyword: bool = False
    """A name of the trade (not a looser synonym)."""


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
    generic_ids: frozenset[str] = frozenset()
    family_matrix: tuple[np.ndarray, np.ndarray] | None = None
    """Unit vectors of each family's vocabulary, grouped by family, and where each group starts."""
    example_family: dict[str, str] = field(default_factory=dict)
    """Normalised one-word examples of the generic subtypes -> their family."""
    word_families: dict[str, np.ndarray | None] = field(default_factory=dict)
    """Cache: a word's best similarity to each family's vocabulary."""
    subtype_vectors: dict[str, np.ndarray | None] = field(default_factory=dict)
    """Cache: the unit vectors of each subtype's own words."""
    surface: dict[str, frozenset[str]] = field(default_factory=dict)
    """Normalised token -> the catalogue words (lower case) it comes from."""
    _buckets: dict[tuple[int, str], list[str]] = field(default_factory=dict)
    _corrections: dict[str, tuple[str, int] | None] = field(default_factory=dict)
    _expansions: dict[str, tuple[str, int] | None] = field(default_factory=dict)

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

    def expand(self, token: str) -> tuple[str, int] | None:
        """« muscu », « compta »: a word cut short, as SMS and speech cut them, stands for the
        one catalogue word it begins (with one edit's worth of doubt); None otherwise."""
        if len(token) < MIN_PREFIX or token in self.vocabulary:
            return None
        if token not in self._expansions:
            longer = [
                w for w in self.vocabulary if len(w) >= len(token) + 3 and w.startswith(token)
            ]
            found = (longer[0], 1) if len(longer) == 1 else None
            if found is not None and _unrelated(token, found[0]):
                found = None  # « solar » is no « solarium »: a word of its own, elsewhere
            self._expansions[token] = found
        return self._expansions[token]

    def typo_by_vectors(self, word: str, token: str) -> tuple[str, int] | None:
        """A spelling the web knows but the dictionary does not (« carosserie »,
        « traditionel »): corrected to the nearest catalogue word when the word vectors say
        both mean the same; « restaurent » (a verb) stays itself."""
        hit = self.correct(token)
        # one edit only: the pipeline's vectors are pruned, a rare word shares the row of its
        # nearest kept word (« orthésiste » that of « prothésiste », two edits away)
        if hit is None or hit[1] != 1:
            return None
        said = word_vector(word.lower())
        if said is None:
            return None
        nearest = max(
            (
                float(said @ vector)
                for written in self.surface.get(hit[0], ())
                if (vector := word_vector(written)) is not None
            ),
            default=-1.0,
        )
        return hit if nearest >= _TYPO_SAME_MEANING else None

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
        if result is None:
            result = self.expand(token)
        if len(self._corrections) > 50_000:
            self._corrections.clear()
        self._corrections[token] = result
        return result


#: From this cosine on, a known spelling one or two edits from a catalogue word is that word
#: mistyped (« carosserie »: 1.0 with « carrosserie »; « restaurent »: 0.22 with « restaurant »,
#: « messages »: 0.20 with « massage »).
_TYPO_SAME_MEANING = 0.6

#: Below this cosine, a word cut short and the catalogue word it begins mean different things
#: (« solar » and « solarium »: -0.03; « muscu » and « musculation »: 0.33).
_EXPANSION_RELATED = 0.15


def _unrelated(token: str, word: str) -> bool:
    """Do the word vectors say ``token`` is not short for ``word``? (No vector: no say.)"""
    short, full = word_vector(token), word_vector(word)
    return short is not None and full is not None and float(short @ full) < _EXPANSION_RELATED


def _build_index(catalogue: SectorCatalogue) -> _Index:
    raw: dict[tuple[str, ...], dict[str, tuple[str, float, bool]]] = defaultdict(dict)
    for _family, sub in catalogue.all_subtypes():
        # The catalogue-wide fallback's own terms ("entreprise", "pme") only win alone; the
        # trades listed by a family's generic subtype ("pisciniste") are real trade names.
        for terms, base in ((sub.keywords, KEYWORD_WEIGHT), (sub.synonyms, SYNONYM_WEIGHT)):
            is_keyword = base == KEYWORD_WEIGHT
            # its keywords are trades like any family's generic ones (« toilettage »,
            # « imprimerie »); only its own words (« entreprise », « pme ») are the fallback's
            fallback = sub.id == catalogue.generic_subtype and not is_keyword
            factor = GENERIC_FACTOR if fallback else 1.0
            for term in terms:
                key = tuple(sorted(normalize_tokens(term)[:MAX_NGRAM]))
                if not key:
                    continue
                weight = base * (1.0 + MULTIWORD_BONUS * (len(key) - 1)) * factor
                if sub.generic and not is_keyword:
                    weight *= GENERIC_FACTOR  # "travaux", "boutique": too loose to decide alone
                previous = raw[key].get(sub.id)
                if previous is None or previous[1] < weight:
                    raw[key][sub.id] = (term, weight, is_keyword)
    postings: dict[tuple[str, ...], list[_Posting]] = {}
    for key, per_subtype in raw.items():
        sharing = len(per_subtype)
        postings[key] = [
            _Posting(subtype=sid, term=term, weight=weight / sharing, keyword=kw)
            for sid, (term, weight, kw) in per_subtype.items()
        ]
    vocabulary = frozenset(tok for key in postings for tok in key)
    surface: dict[str, set[str]] = defaultdict(set)
    for _family, sub in catalogue.all_subtypes():
        for term in (*sub.keywords, *sub.synonyms):
            for written in _WORD_RE.findall(term.lower()):
                for tok in normalize_tokens(written):
                    surface[tok].add(written)
    by_length: dict[int, list[str]] = defaultdict(list)
    for word in sorted(vocabulary):
        by_length[len(word)].append(word)
    return _Index(
        catalogue=catalogue,
        postings=postings,
        vocabulary=vocabulary,
        by_length=dict(by_length),
        surface={tok: frozenset(words) for tok, words in surface.items()},
        max_ngram=max((len(k) for k in postings), default=1),
        family_of={s.id: (f.id, f.label) for f, s in catalogue.all_subtypes()},
        label_of={s.id: s.label for _, s in catalogue.all_subtypes()},
        example_family={
            tokens[0]: fam.id
            for fam, sub in catalogue.all_subtypes()
            if sub.generic
            for example in sub.examples
            if len(tokens := normalize_tokens(example)) == 1
        },
        generic_ids=frozenset(
            s.id
            for _, s in catalogue.all_subtypes()
            if s.generic or s.id == catalogue.generic_subtype
        ),
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
    keyword_terms: dict[str, list[str]] = field(default_factory=dict)
    """The keywords (names of the trade, not synonyms) matched for each subtype."""
    named: set[str] = field(default_factory=set)
    """Subtypes whose keyword lies in a phrase where the owner names the trade."""
    words: list[_Word] = field(default_factory=list)
    """The text's significant words, in order."""


@dataclass(frozen=True)
class _Word:
    word: str
    """As written."""
    start: int
    """Character offset in the text."""
    known: bool
    """A catalogue word (possibly after a typo correction)."""
    named: bool
    """Inside a phrase where the owner names the trade (« je suis X », the opening words)."""
    verb: bool = False
    """Right after a subject pronoun (« je bosse », « on livre »): a verb, not a noun."""


def _blanked(text: str, spans: list[tuple[int, int]]) -> str:
    """The text with the spans blanked out (same length, offsets kept)."""
    if not spans:
        return text
    chars = list(text)
    for start, end in spans:
        chars[start:end] = " " * (end - start)
    return "".join(chars)


def _mask_cities(text: str) -> str:
    """The text with the communes it names blanked out (same length)."""
    return _blanked(text, [(span.start, span.end) for span in city_spans(text)])


#: What the owner says the business is not, or no longer is: up to four words after a
#: negation (« pas le restaurant hein », « je ne suis pas agent immobilier », « je ne fais
#: plus de soins », « on me confond avec un déménageur ») or a former trade (« j'ai été
#: infirmière », « au départ j'étais aide-soignante », « un ancien boulanger »), within the
#: clause. « pas que », « pas seulement » add rather than deny; « à l'ancienne » is a style.
_NOT_THE_TRADE_RE = re.compile(
    r"(?i)(?:\bpas\b(?!\s+(?:que|qu['’]|seulement|uniquement|juste|simplement|mal|loin|cher"
    r"|encore|toujours|forc[ée]ment|besoin|tous?|toutes?|souvent|trop|vraiment|du\s+tout)\b)"
    r"|\bn(?:e\s+|['’]\s*)\S+\s+plus|\bni\b|\bconfond\w*\s+avec|\bprend\w*\s+pour"
    r"|\bj['’]\s*ai\s+[ée]t[ée]|\bj['’]\s*[ée]tais|\bau\s+d[ée]part|(?<![lL]['’])\bancien(?:ne)?s?\b)"
    r"(?P<scope>(?:\s+(?!(?:mais|et|car|donc|je|j['’]\S*|on|nous|c['’]est)\b)[^\s,.;:!?()]+){1,4})"
)
#: A trade held for years, then left (« infirmière pendant quinze ans »): the word before.
_YEARS_AGO_RE = re.compile(
    r"(?i)(?P<scope>[^\W\d_][\w'’-]*)\s+pendant\s+(?:\S+\s+){0,2}(?:ans|ann[ée]es)\b"
)


#: A trade said, then taken back at once (« je suis opticienne... non pardon, je suis
#: audioprothésiste », « des cours de danse, euh non, de théâtre », « je suis traiteur, enfin
#: pas vraiment »): the words before the correction.
_TAKEN_BACK_RE = re.compile(
    r"(?i)(?P<scope>[^\W\d_][\w'’-]*(?:\s+[^\W\d_][\w'’-]*){0,3})\s*(?:\.\.\.|…|,)?\s*"
    r"(?:euh\s*,?\s*)?(?:non\s*,?\s*pardon|pardon|euh\s+non|enfin\s+non|non\s+non"
    r"|enfin\s+pas\s+vraiment|non\s+pas|ou\s+plut[ôo]t|enfin\s+plut[ôo]t)\b"
)


_PLACE_PREPOSITION = r"\b(?:à|a|au|aux|en|sur|dans|chez|vers|pr[èe]s\s+de)\s"
_PLACE_PREPOSITION_RE = re.compile(_PLACE_PREPOSITION, re.IGNORECASE)
#: What follows a correction when a place is said instead (« …, pardon, à Honfleur »).
_PLACE_INSTEAD_RE = re.compile(r"[\s,]*" + _PLACE_PREPOSITION, re.IGNORECASE)


def _mask_not_the_trade(text: str) -> str:
    """The text with what the owner says the business is not blanked out (same length)."""
    spans = [
        m.span("scope") for rx in (_NOT_THE_TRADE_RE, _YEARS_AGO_RE) for m in rx.finditer(text)
    ]
    for m in _TAKEN_BACK_RE.finditer(text):
        start, end = m.span("scope")
        # « La Table d'Hélène à Deauville, pardon, à Honfleur »: a place taken back (a place
        # said instead), from its preposition on; the trade before it stands. « opticienne à
        # Agen, enfin non, audioprothésiste »: the trade is taken back.
        place = list(_PLACE_PREPOSITION_RE.finditer(text, start, min(len(text), end + 1)))
        place_instead = _PLACE_INSTEAD_RE.match(text, m.end())
        if place and place_instead:
            start = place[-1].start()
        spans.append((start, end))
    return _blanked(text, spans)


#: A subject pronoun right before a word: that word is a conjugated verb (« je bosse »).
_CLITIC_RE = re.compile(
    r"(?:^|[^\w'’])(?:je|j|tu|il|elle|on|nous|vous|ils|elles)(?:\s+|\s*['’]\s*)$", re.IGNORECASE
)


def _words_and_tokens(text: str) -> list[tuple[str, str, int]]:
    """(word as written, normalised token, offset) for every significant token of the text."""
    out: list[tuple[str, str, int]] = []
    for match in _WORD_RE.finditer(text):
        word = match.group(0)
        low = word.lower()
        plain = unidecode(low)
        if len(plain) < 2 or plain in _STOPWORDS or any(ch.isdigit() for ch in plain):
            continue
        for token in _ASCII_RE.findall(unidecode(_stem(low)).lower()):
            out.append((word, token, match.start()))
    return out


#: The agent noun of a trade and the noun of what it does (« remorqueur » → « remorquage »,
#: « laveur » → « lavage »): the catalogue may hold either.
_AGENT_SUFFIX_RE = re.compile(r"(?:eur|eus)$")


def _action_of_agent(index: _Index, token: str) -> tuple[str, int] | None:
    """The catalogue's word for the work a person who does it is named after, one edit away."""
    if len(token) < 6 or _AGENT_SUFFIX_RE.search(token) is None:
        return None
    action = token[:-3] + "ag"
    return (action, 1) if action in index.vocabulary else None


def _score(index: _Index, text: str, named: list[tuple[int, int]] | None = None) -> _Scores:
    """Catalogue terms found in ``text`` (cities already masked); ``named`` are the character
    spans where the owner names the trade: a keyword there weighs ``NAMED_FACTOR`` times more."""
    spans_named = named or []
    corrected: list[tuple[str, int]] = []
    words: list[_Word] = []
    for word, token, offset in _words_and_tokens(text):
        # A word of the French vocabulary is what it says ("messages" is not "massage"); only
        # unknown words (typos, SMS spellings) are corrected to the nearest catalogue word.
        if token in index.vocabulary:
            hit: tuple[str, int] | None = (token, 0)
        elif is_known_word(word):
            # a word cut short is no word of the dictionary, but the vectors know it (« muscu »,
            # « compta »): only its expansion; « horloges » is no « horlogerie »
            hit = (
                None
                if is_lexicon_word(word.lower())
                else index.expand(token) or index.typo_by_vectors(word, token)
            )
        else:
            hit = index.correct(token)
        if hit is None:
            hit = _action_of_agent(index, token)
        if hit is not None:
            corrected.append(hit)
        else:
            corrected.append((token, -1))
        in_named = any(a <= offset < b for a, b in spans_named)
        verb = bool(_CLITIC_RE.search(text, max(0, offset - 12), offset))
        words.append(
            _Word(word=word, start=offset, known=hit is not None, named=in_named, verb=verb)
        )
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
    keyword_terms: dict[str, list[str]] = defaultdict(list)
    first: dict[str, int] = {}
    seen: set[tuple[str, str]] = set()
    named_subtypes: set[str] = set()
    heads = {end for _start, end, found, _edits in spans if any(p.keyword for p in found)}
    taught = _taught(text, words)
    for start, end, found, edits in spans:
        if any(ks <= start and end <= ke and (ke - ks) > (end - start) for ks, ke in kept):
            continue
        if start in heads and _complement(text, words[start - 1], words[start]):
            # « La Brasserie du Théâtre », « Hôtel du Golf »: the place the sign names after
            # its own trade says nothing of the trade
            continue
        kept.append((start, end))
        similarity = max(0.0, 1.0 - EDIT_PENALTY * edits)
        in_named = words[start].named
        discipline = _discipline(text, words, start, end)
        if discipline is None and all(
            unidecode(w.word.lower()) in _LESSON_WORDS for w in words[start:end]
        ):
            discipline = taught  # « moniteur de ski…, je donne des cours particuliers »
        for posting in found:
            if (posting.subtype, posting.term) in seen:
                continue
            if (
                posting.keyword
                and discipline is not None
                and not _of_the_subtype(index, posting.subtype, discipline)
            ):
                # « cours particuliers de piano »: lessons of another discipline, in the same
                # family: the subtype that teaches it, else the generic one (a loose phrase)
                other = _teaching(index, posting.subtype, discipline)
                if other is None or (other, posting.term) in seen:
                    continue
                posting = _Posting(other, posting.term, posting.weight)
            if end - start == 1 and words[start].verb and not posting.keyword:
                continue  # « je bosse » is no « bosse » of a body shop
            seen.add((posting.subtype, posting.term))
            boost = NAMED_FACTOR if in_named and posting.keyword else 1.0
            scores[posting.subtype] += posting.weight * similarity * boost
            matched[posting.subtype].append(posting.term)
            if posting.keyword:
                keyword_terms[posting.subtype].append(posting.term)
                if in_named:
                    named_subtypes.add(posting.subtype)
            first[posting.subtype] = min(first.get(posting.subtype, start), start)
    return _Scores(
        scores=dict(scores),
        matched=dict(matched),
        first=first,
        keyword_terms=dict(keyword_terms),
        named=named_subtypes,
        words=words,
    )


#: Nouns of teaching or practice whose complement names the discipline (« cours particuliers
#: de piano », « stage de surf », « leçons de ski »): the discipline says the trade.
_LESSON_WORDS = frozenset(
    [
        "cours",
        "lecon",
        "lecons",
        "stage",
        "stages",
        "atelier",
        "ateliers",
        "seance",
        "seances",
        "professeur",
        "professeurs",
        "prof",
        "profs",
        "particulier",
        "particuliers",
    ]
)
_DISCIPLINE_GAP_RE = re.compile(r"\s+(?:de|d['’]|du|des|en)\s*", re.IGNORECASE)
#: From this cosine to a word of the subtype's own vocabulary, a discipline is the subtype's
#: (« français » to « langues »); « ski » or « piano » are another trade's.
_DISCIPLINE_RELATED = 0.45
#: From this cosine, the discipline is a word of another subtype's own (« piano » for music
#: lessons); « ski » is only near « sport », a gym's.
_DISCIPLINE_SAME = 0.7


def _discipline(text: str, words: list[_Word], start: int, end: int) -> _Word | None:
    """The word after a lesson keyword and « de » (« cours particuliers de ski »), or None."""
    if end >= len(words) or not any(
        unidecode(w.word.lower()) in _LESSON_WORDS for w in words[start:end]
    ):
        return None
    last, following = words[end - 1], words[end]
    between = text[last.start + len(last.word) : following.start]
    return following if _DISCIPLINE_GAP_RE.fullmatch(between) else None


#: Who teaches, said with their discipline (« moniteur de ski », « prof de piano »).
_TEACHER_WORDS = frozenset(
    [
        "moniteur",
        "monitrice",
        "moniteurs",
        "instructeur",
        "instructrice",
        "professeur",
        "professeure",
        "prof",
        "enseignant",
        "enseignante",
    ]
)


def _taught(text: str, words: list[_Word]) -> _Word | None:
    """The discipline the text says its teacher teaches (« moniteur de ski »), or None: what
    lessons said alone (« je donne des cours particuliers ») are lessons of."""
    for i, word in enumerate(words[:-1]):
        if unidecode(word.word.lower()) in _TEACHER_WORDS:
            following = words[i + 1]
            between = text[word.start + len(word.word) : following.start]
            if _DISCIPLINE_GAP_RE.fullmatch(between):
                return following
    return None


def _subtype_texts(sub: Subtype) -> list[str]:
    """What a subtype's catalogue entry says of it: label, description, examples, keywords and
    synonyms."""
    return [sub.label, sub.description, *sub.examples, *sub.keywords, *sub.synonyms]


def _nearness(index: _Index, subtype: str, word: _Word) -> float | None:
    """The discipline's best cosine to a word of the subtype's own entry (None: no vector)."""
    if subtype not in index.subtype_vectors:
        sub = next(s for _f, s in index.catalogue.all_subtypes() if s.id == subtype)
        words = sorted(_vocabulary_words(_subtype_texts(sub)))
        vectors = [v for w in words if (v := word_vector(w)) is not None]
        index.subtype_vectors[subtype] = np.stack(vectors) if vectors else None
    matrix = index.subtype_vectors[subtype]
    vec = word_vector(word.word.lower())
    return None if vec is None or matrix is None else float((matrix @ vec).max())


def _teaching(index: _Index, subtype: str, word: _Word) -> str | None:
    """The subtype of the same family whose words are nearest the discipline (« piano »: music
    lessons), when near enough; else the family's generic subtype (« ski »)."""
    family = index.family_of[subtype][0]
    best, nearest = None, _DISCIPLINE_SAME
    for other, (other_family, _label) in sorted(index.family_of.items()):
        if other_family != family or other == subtype or other in index.generic_ids:
            continue
        near = _nearness(index, other, word)
        if near is not None and near >= nearest:
            best, nearest = other, near
    if best is not None:
        return best
    return next((g for g in sorted(index.generic_ids) if index.family_of[g][0] == family), None)


def _of_the_subtype(index: _Index, subtype: str, word: _Word) -> bool:
    """Is the discipline one the subtype teaches (« cours particuliers de maths », « …de
    français ») rather than another's (« …de ski », « …de piano »)?"""
    near = _nearness(index, subtype, word)
    return near is None or near >= _DISCIPLINE_RELATED  # no vector: the keyword stands


_COMPLEMENT_RE = re.compile(r"\s+(?:du|de la|des)\s+", re.IGNORECASE)


def _complement(text: str, head: _Word, word: _Word) -> bool:
    """``word`` follows the trade word ``head`` as its complement (« brasserie du théâtre »)."""
    between = text[head.start + len(head.word) : word.start]
    return _COMPLEMENT_RE.fullmatch(between) is not None


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
    masked = _mask_cities(text)
    result = _score(_index_for(catalogue), masked, _named_spans(masked))
    return _ranking(result.scores, result.first)


def _candidate(index: _Index, subtype: str, confidence: float) -> SectorCandidate:
    return SectorCandidate(
        family=index.family_of[subtype][0],
        subtype=subtype,
        label=index.label_of[subtype],
        confidence=round(confidence, 3),
    )


#: Establishment nouns that name no trade by themselves: the trade is their complement
#: (« salon de toilettage », « cabinet de podologie »).
_CONTAINER_TEXT = """
    salon cabinet centre atelier magasin boutique studio agence societe entreprise maison etude
    etablissement
    office espace ecole club service services structure activite metier boite affaire commerce
    independant independante artisan artisane professionnel professionnelle"""
_CONTAINERS = frozenset(_CONTAINER_TEXT.split())
#: Words that open a chat message without naming anything.
_FILLER_TEXT = """
    bonjour bonsoir salut hello coucou bjr bsr slt euh heu hum hmm bon ben bah alors donc oui ok
    voila voici moi ecoutez ecoute comment dire enfin"""
_FILLERS = frozenset(_FILLER_TEXT.split())
#: Where the owner says what they are (« je suis X », « on est un X », « j'ai un salon de X »).
_CUE_RE = re.compile(
    r"\b(?:je\s+suis|j\s*'?\s*suis|jsuis|chui|chuis|jui|nous\s+sommes|on\s+est|on\s+[eé]|c\s*'?\s*est"
    r"|j\s*'\s*ai|on\s+a|nous\s+avons|je\s+tiens|on\s+tient|j[e']?\s*(?:fais|fai|f[eé])"
    r"|on\s+(?:fait|fai|f[eé])|nous\s+faisons|je\s+g[eè]re"
    r"|on\s+g[eè]re|nous\s+g[eé]rons|je\s+travaille\s+comme|je\s+bosse\s+comme|m[eé]tier\s*:"
    r"|activit[eé]\s*:|profession\s*:)(?=[\s:])",
    re.IGNORECASE,
)
#: Articles and light words between the cue and the trade (« je suis une petite … »).
_LEAD_TEXT = """
    un une des du de la le les l d mon ma mes notre nos petit petite petits petites grand grande
    vrai vraie nouveau nouvelle installe installee installes comme en aussi seul seule ouvert
    ouverte ici deja plutot surtout juste"""
_LEADS = frozenset(_LEAD_TEXT.split())
#: A person's role in the business, never its trade (« je suis le directeur », « la gérante »).
_ROLE_TEXT = """
    directeur directrice gerant gerante cogerant cogerante patron patronne responsable
    proprietaire proprio dirigeant dirigeante fondateur fondatrice president presidente associe
    associee boss owner manager"""
_ROLES = frozenset(_ROLE_TEXT.split())
#: Words that end the phrase naming the trade (« Audioprothésiste à Brive », « … pour chiens »).
_PHRASE_STOP_TEXT = """
    a au aux sur dans pour pres depuis avec chez qui que ou on je nous vous il elle ils elles
    entre vers via mais car sans depuis situe situee base basee installe installee appelle
    appele appelee nomme nommee"""
_PHRASE_STOPS = frozenset(_PHRASE_STOP_TEXT.split())
_PHRASE_END_RE = re.compile(r"[,.;:!?()\n—–|/…\"«»]")
#: Endings of French names of trades and activities (« podologue », « toilettage », « lutherie »).
_TRADE_SHAPE_RE = re.compile(
    r"(?:iste|ier|iere|eur|euse|ien|ienne|logue|logie|ateur|atrice|aire|graphe|graphie|peute"
    r"|pathe|pathie|erie|age|tion|ure|ing|crate|ique|ite|ade)s?$"
)
#: Endings of French names of a person's trade (« apiculteur », « céramiste », « doula » no).
_PERSON_TRADE_RE = re.compile(r"(?:iste|ier|iere|eur|euse|ien|ienne|logue|peute|ateur|atrice)s?$")
#: Longest phrase, in words, taken as the owner's name for the trade.
PHRASE_WORDS = 6
#: A keyword in the phrase naming the trade weighs this much more than one met further on.
NAMED_FACTOR = 2.0
#: Weight of the words naming the trade among the text's words, for the family vectors.
NAMED_VECTOR_WEIGHT = 4.0
#: Below this cosine similarity to every family's vocabulary, a word says nothing of the trade.
VECTOR_FLOOR = 0.45
#: An unknown word naming the trade must stand out from the families' median by this much.
TRADE_MARGIN = 0.12
#: Weight of the catalogue's matched synonyms against the word vectors when choosing a family.
SYNONYM_VOTE = 0.2
#: With no catalogue term at all, the word vectors choose a family only above this evidence.
MIN_VECTOR_EVIDENCE = 1.0
#: The same when no name of a trade matched, only looser phrases (they count for more then).
PHRASE_VOTE = 0.2
#: A subtype none of whose names matched needs this much evidence from its looser phrases.
MIN_PHRASE_EVIDENCE = 2.0
#: The words overrule the matched phrases' family only when they point elsewhere this clearly.
OVERRIDE_MARGIN = 1.1
#: Highest confidence of a generic subtype found through the catalogue's terms.
GENERIC_CONFIDENCE_CAP = 0.75
#: Extra weight of the unknown word that names the trade, among the words naming it.
FOCUS_FACTOR = 2.0
#: A word of the catalogue's everyday talk (questions, prompts) in this many families is background.
BACKGROUND_FAMILIES = 4
#: A word points to a family only above its similarity to the background words, minus this.
BACKGROUND_SLACK = 0.0
#: Confidence of a trade the catalogue does not know, put in the family its vectors point to.
UNKNOWN_TRADE_CONFIDENCE = 0.6


def _phrase_at(text: str, start: int) -> tuple[int, int] | None:
    """The words naming the trade from ``start``: light words skipped, up to punctuation, a
    preposition or ``PHRASE_WORDS`` words."""
    end_match = _PHRASE_END_RE.search(text, start)
    limit = end_match.start() if end_match else len(text)
    first = last = -1
    count = 0
    for match in re.finditer(r"[^\W\d_]+(?:-[^\W\d_]+)*", text[start:limit]):
        plain = unidecode(match.group(0).lower())
        if first < 0 and (plain in _LEADS or plain in _FILLERS):
            continue
        if plain in _PHRASE_STOPS or count >= PHRASE_WORDS:
            break
        if first < 0:
            first = start + match.start()
        last = start + match.end()
        count += 1
    return (first, last) if first >= 0 else None


_NAME_THEN_COMMA_RE = re.compile(r"[^,.;:!?\n]{1,60},\s*")


def _named_spans(text: str) -> list[tuple[int, int]]:
    """Character spans where the owner names the trade: the opening words (after greetings)
    unless they are a sentence of their own (« je suis… »), and the words after each cue."""
    spans: list[tuple[int, int]] = []
    position = 0
    for match in re.finditer(r"[^\W\d_]+", text):
        if unidecode(match.group(0).lower()) not in _FILLERS:
            position = match.start()
            break
    if not _CUE_RE.match(text, position) and not re.match(
        r"(?:on|nous|je|j|il|elle|c|mon|ma|notre)\b", unidecode(text[position:].lower())
    ):
        found = _phrase_at(text, position)
        if found is not None:
            spans.append(found)
            # « Body Car Repair, carrosserie à Marseille »: the name first, then the trade
            comma = _NAME_THEN_COMMA_RE.match(text, found[0]) if text[found[0]].isupper() else None
            after = _phrase_at(text, comma.end()) if comma is not None else None
            if after is not None and not text[after[0]].isupper():
                spans.append(after)
    for cue in _CUE_RE.finditer(text):
        found = _phrase_at(text, cue.end())
        if found is not None and not text[found[0]].isupper():
            spans.append(found)
    return spans


#: Words of time: every business states its opening hours, so they say nothing of the trade.
_TIME_WORDS = (
    "matin",
    "midi",
    "soir",
    "soirée",
    "après-midi",
    "semaine",
    "week-end",
    "mois",
    "année",
    "an",
    "heure",
    "minute",
    "jour",
    "journée",
    "janvier",
    "février",
    "mars",
    "avril",
    "mai",
    "juin",
    "juillet",
    "août",
    "septembre",
    "octobre",
    "novembre",
    "décembre",
    "saison",
    "vacances",
)


#: Occasions: a caterer, a DJ, a photographer, a bowling, a florist and a hotel all work for
#: birthdays and weddings, so they say nothing of the trade either.
_OCCASION_WORDS = (
    "anniversaire",
    "mariage",
    "fête",
    "baptême",
    "communion",
    "événement",
    "séminaire",
    "cérémonie",
)


def _vocabulary_words(texts: list[str]) -> set[str]:
    """The content words of some catalogue texts (no function words, numbers or short words)."""
    out: set[str] = set()
    for text in texts:
        for word in _WORD_RE.findall(text):
            low = word.lower()
            if len(low) < 3 or unidecode(low) in _STOPWORDS or is_function_word(low):
                continue
            out.add(low)
    return out


def _background_words(index: _Index) -> set[str]:
    """Words of everyday business talk: those that the catalogue's questions, prompts and
    messages use in at least ``BACKGROUND_FAMILIES`` families (« horaires », « rendez-vous »,
    « samedi »). Near them, a word says nothing about the trade."""
    families_of: dict[str, set[str]] = defaultdict(set)
    for family in index.catalogue.families:
        texts: list[str] = []
        for sub in family.subtypes:
            for question in sub.questions:
                texts += [question.text, question.help or "", question.topic or ""]
            texts += [*sub.prompt_blocks, *sub.first_messages, *sub.end_call_messages]
        for word in _vocabulary_words(texts):
            families_of[word].add(family.id)
    common = {word for word, fams in families_of.items() if len(fams) >= BACKGROUND_FAMILIES}
    return common | set(WEEKDAYS) | set(_TIME_WORDS) | set(_OCCASION_WORDS)


def _family_vectors(index: _Index) -> tuple[np.ndarray, np.ndarray]:
    """Unit vectors of every word of each family's vocabulary (its description, its subtypes'
    labels, descriptions, examples, keywords and synonyms), grouped by family, then those of the
    background words (everyday business talk), and where each group starts. Built once per
    index."""
    if index.family_matrix is None:
        rows: list[np.ndarray] = []
        owners: list[int] = []
        groups: list[set[str]] = []
        for family in index.catalogue.families:
            texts = [family.label, family.description]
            for sub in family.subtypes:
                texts += _subtype_texts(sub)
            groups.append(_vocabulary_words(texts))
        groups.append(_background_words(index))
        for number, words in enumerate(groups):
            seen: set[bytes] = set()
            for word in sorted(words):
                vec = word_vector(word)
                if vec is None or vec.tobytes() in seen:
                    continue
                seen.add(vec.tobytes())
                rows.append(vec)
                owners.append(number)
        matrix = np.stack(rows) if rows else np.zeros((0, 300), dtype=np.float32)
        starts = np.searchsorted(np.asarray(owners), np.arange(len(groups)))
        index.family_matrix = (matrix, starts)
    return index.family_matrix


def _word_families(index: _Index, word: str) -> np.ndarray | None:
    """For one word: its best cosine similarity to each family's vocabulary, then to the
    background words (None: no vector, or a function word)."""
    if word in index.word_families:
        return index.word_families[word]
    # lower case first: a capitalised form has its own, often poorer, vector
    vec = None if is_function_word(word.lower()) else word_vector(word.lower())
    if vec is None and not is_function_word(word.lower()):
        vec = word_vector(word)
    result: np.ndarray | None = None
    matrix, starts = _family_vectors(index)
    if vec is not None and len(matrix):
        result = np.maximum.reduceat(matrix @ vec, starts)
    if len(index.word_families) > 50_000:
        index.word_families.clear()
    index.word_families[word] = result
    return result


def _evidence(sims: np.ndarray) -> np.ndarray:
    """How much a word points to each family: its similarity above the families' median and
    above the background words, when it is close enough to some family's vocabulary at all."""
    families, background = sims[:-1], float(sims[-1])
    if float(families.max()) < VECTOR_FLOOR:
        return np.zeros_like(families)
    floor = max(float(np.median(families)), background - BACKGROUND_SLACK)
    clipped: np.ndarray = np.clip(families - floor, 0.0, None)
    return clipped


def _points_to_a_family(index: _Index, word: str) -> bool:
    sims = _word_families(index, word)
    return sims is not None and float(_evidence(sims).max()) >= TRADE_MARGIN


def _unknown_trade(
    index: _Index,
    text: str,
    words: list[_Word],
    spans: list[tuple[int, int]],
    named_any: bool = False,
) -> _Word | None:
    """The trade the owner names, when the catalogue does not know it: the head noun of a phrase
    naming the trade (after an establishment noun: « cabinet de podologie »), if that noun is no
    catalogue word and is close to some family's vocabulary (« sophrologue », « toilettage »)."""
    by_start = {item.start: item for item in words}
    for a, b in spans:
        for tag in tags(text[a:b]):
            if tag.pos in ("DET", "ADP", "PUNCT", "CCONJ", "PRON") or tag.text[:1] == "'":
                continue
            plain = unidecode(tag.text.lower())
            if plain in _CONTAINERS or plain in _LEADS or plain in _FILLERS or plain in _ROLES:
                continue
            item = by_start.get(a + tag.start)
            # a capitalised word is a name (the company's), unless it opens the text and is a
            # French word shaped like a person's trade and close to a family (« Céramiste, je… »)
            opening_trade = (
                a + tag.start == 0
                and bool(_PERSON_TRADE_RE.search(plain))
                and is_known_word(tag.text.lower())
                and _points_to_a_family(index, tag.text)
            )
            name = (
                tag.text[:1].isupper()
                and (a + tag.start > 0 or bool(named_any))
                and not opening_trade
            )
            if name:
                break  # a name (the company's): the next phrase may name the trade
            if item is None or item.known or len(plain) < 4:
                return None  # the head is a catalogue word
            if tag.pos not in ("NOUN", "ADJ", "PROPN", "X") or not _TRADE_SHAPE_RE.search(plain):
                return None  # not the name of a trade (« beaucoup », « voix »)
            sims = _word_families(index, item.word)
            if sims is not None and float(_evidence(sims).max()) >= TRADE_MARGIN:
                return item
            if _PERSON_TRADE_RE.search(plain) and (sims is None or tag.pos == "NOUN"):
                # the name of a person's trade that the vectors do not place (no vector, or
                # one borrowed from an unrelated word): the context decides the family
                return item
            return None  # the first phrase naming the trade decides
    return None


def _vector_evidence(index: _Index, words: list[_Word]) -> float:
    """How strongly the text's words point to any family at all (sum of their best margins)."""
    total = 0.0
    for item in words:
        sims = _word_families(index, item.word)
        if sims is not None:
            total += float(_evidence(sims).max())
    return total


def _family_scores(
    index: _Index,
    words: list[_Word],
    focus: _Word | None,
    lexical: dict[str, float],
    vote: float = 0.0,
) -> np.ndarray:
    """Each family's share of the evidence: the text's word vectors (the words naming the trade
    weigh more, the unknown trade word most) plus the catalogue terms the text matched."""
    families = [f.id for f in index.catalogue.families]
    total = np.zeros(len(families))
    for item in words:
        sims = _word_families(index, item.word)
        if sims is None:
            continue
        weight = NAMED_VECTOR_WEIGHT if item.named else 1.0
        if focus is not None and item.start == focus.start:
            weight *= FOCUS_FACTOR
        total += weight * _evidence(sims)
    if total.sum() > 0:
        total = total / total.sum()
    votes = np.zeros(len(families))
    for number, family in enumerate(families):
        votes[number] = lexical.get(family, 0.0)
    if votes.sum() > 0:
        total = total + vote * votes / votes.sum()
    return total


def _label(word: str, text: str = "") -> str:
    """The owner's trade as they wrote it (« ORL » stays upper case), capitalised."""
    if text:
        folded = unidecode(text).lower()
        at = folded.find(unidecode(word).lower())
        if at >= 0 and len(unidecode(text)) == len(text):
            word = text[at : at + len(word)]
    if word.isupper() and len(word) <= 5:
        return word
    return word[:1].upper() + word[1:]


def _trade_label(text: str, item: _Word) -> str:
    """The owner's words for an unknown trade: the word, with the establishment noun before it
    (« Cabinet de podologie », « Pension canine »)."""
    before = text[max(0, item.start - 30) : item.start]
    container = re.search(
        r"([^\W\d_]+)\s+(?:de\s+la\s+|de\s+l'|du\s+|des\s+|de\s+|d'|d’)?$", before
    )
    start = item.start
    if container and unidecode(container.group(1).lower()) in _CONTAINERS:
        start = item.start - len(before) + container.start(1)
    return _label(text[start : item.start + len(item.word)])


@lru_cache(maxsize=1024)
def _detect_cached(text: str, catalogue_id: int) -> SectorDetection:
    return _detect(text, _INDEXES[catalogue_id])


def detect_sector(text: str, catalogue: SectorCatalogue | None = None) -> SectorDetection:
    """Detect the business subtype described by a French free text.

    Never raises on odd input: with nothing recognisable, returns the catalogue's generic subtype
    with a confidence below 0.3 and no alternatives. A trade the catalogue has no subtype for
    gets its family's generic subtype, with the owner's word as ``label``.
    """
    index = _index_for(catalogue)
    if not isinstance(text, str):
        text = ""
    if len(text) > 4000:
        return _detect(text, index)
    return _detect_cached(text, id(index.catalogue))


def _generic_detection(
    index: _Index, family_id: str, label: str | None, confidence: float, matched: list[str]
) -> SectorDetection:
    sub = index.catalogue.generic_of(family_id)
    fam_id, fam_label = index.family_of[sub.id]
    return SectorDetection(
        family=fam_id,
        subtype=sub.id,
        family_label=fam_label,
        subtype_label=sub.label,
        confidence=round(confidence, 3),
        matched=matched,
        generic=True,
        label=label,
    )


#: Below this confidence the words found no trade: the family classifier is asked.
CLASSIFIER_BELOW = 0.3
#: The classifier's probability at which its family replaces the words' guess.
CLASSIFIER_AT_LEAST = 0.5
#: A bag of words needs context: a trade named in one line is read by its words alone.
CLASSIFIER_MIN_WORDS = 15


def _detect(text: str, index: _Index) -> SectorDetection:
    """The words' reading, then, when it found no trade (a confidence below
    :data:`CLASSIFIER_BELOW`), the family classifier trained on the development descriptions
    (:func:`nlp.family_scores`): its family, if it is sure of it, with that family's generic
    subtype (« Trampoline park à Béziers » is leisure, « Sneakers shop » a shop)."""
    found = _read_words(text, index)
    if found.confidence >= CLASSIFIER_BELOW or len(text.split()) < CLASSIFIER_MIN_WORDS:
        return found
    scores = family_scores(text[:2000])
    if not scores:
        return found
    family, probability = scores[0]
    if (
        probability < CLASSIFIER_AT_LEAST
        or family == found.family
        or family not in {f.id for f in index.catalogue.families}
    ):
        return found
    return _generic_detection(index, family, found.label, found.confidence, [])


#: The family classifier's say beside the word vectors (whose shares sum to 1) when the
#: words name an unknown trade or only loose phrases: a trade word's vector is one clue, the
#: whole description another (« tonneliers … fûts, barriques, domaines » is no agency).
CLASSIFIER_VOTE = 0.5


def _with_vote(shares: np.ndarray, text: str, families: list[str]) -> np.ndarray:
    """The vectors' shares (rescaled to sum to 1) with the classifier's vote added."""
    voted: np.ndarray = shares / max(float(shares.sum()), 1e-9) + _classifier_vote(text, families)
    return voted


def _classifier_vote(text: str, families: list[str]) -> np.ndarray:
    """The family classifier's probabilities, weighted to vote beside the word vectors."""
    if CLASSIFIER_VOTE <= 0 or len(text.split()) < CLASSIFIER_MIN_WORDS:
        return np.zeros(len(families))  # a bag of words needs context
    probs = dict(family_scores(text[:2000]))
    return CLASSIFIER_VOTE * np.array([probs.get(f, 0.0) for f in families])


def _read_words(text: str, index: _Index) -> SectorDetection:
    masked = _mask_not_the_trade(_mask_cities(text))
    spans = _named_spans(masked)
    result = _score(index, masked, spans)
    ranking = _ranking(result.scores, result.first)
    lexical: dict[str, float] = defaultdict(float)
    for sid, score in result.scores.items():
        lexical[index.family_of[sid][0]] += score
    unknown = (
        None
        if result.named
        else _unknown_trade(index, masked, result.words, spans, any(result.keyword_terms.values()))
    )
    families = [f.id for f in index.catalogue.families]
    if unknown is not None:
        # The owner names a trade the catalogue does not know: its family's generic subtype,
        # the family chosen by the word vectors (that word first) and the terms matched.
        tokens = normalize_tokens(unknown.word)
        listed = index.example_family.get(tokens[0]) if len(tokens) == 1 else None
        if listed is None:
            shares = _family_scores(index, result.words, unknown, lexical, SYNONYM_VOTE)
            shares = _with_vote(shares, text, families)
            listed = families[int(np.argmax(shares))]
        family = listed
        trade_label = _trade_label(masked, unknown)
        return _generic_detection(index, family, trade_label, UNKNOWN_TRADE_CONFIDENCE, [])
    if ranking and not result.named:
        # Only looser phrases matched: their subtype if its family is also the one the words
        # point to, else that family's generic subtype.
        shares = _family_scores(index, result.words, None, lexical, PHRASE_VOTE)
        shares = _with_vote(shares, text, families)
        family = families[int(np.argmax(shares))]
        matched_family = families.index(index.family_of[ranking[0][0]][0])
        share = float(shares.max() / max(shares.sum(), 1e-9))
        if float(shares.max()) > OVERRIDE_MARGIN * float(shares[matched_family]):
            return _generic_detection(index, family, None, round(0.5 * share, 3), [])
        best_id, best_score = ranking[0]
        if not result.keyword_terms.get(best_id) and best_score < MIN_PHRASE_EVIDENCE:
            # One loose phrase (« mariage », « batterie ») names no trade: the family the words
            # point to, but not a subtype the owner never named (a close-but-wrong trade).
            return _generic_detection(index, family, None, round(0.5 * share, 3), [])
    if not ranking:
        shares = _family_scores(index, result.words, None, lexical)
        evidence = _vector_evidence(index, result.words)
        if evidence >= MIN_VECTOR_EVIDENCE:
            family = families[int(np.argmax(shares))]
            # as sure as the words are many and agree
            share = float(shares.max() / shares.sum())
            amount = min(1.0, evidence / (2 * MIN_VECTOR_EVIDENCE))
            return _generic_detection(index, family, None, round(0.4 * share * amount, 3), [])
        generic = index.catalogue.generic_subtype
        family_id, family_label = index.family_of[generic]
        return SectorDetection(
            family=family_id,
            subtype=generic,
            family_label=family_label,
            subtype_label=index.label_of[generic],
            confidence=NO_MATCH_CONFIDENCE,
            generic=True,
        )
    confs = confidences([score for _, score in ranking[:4]])
    best_id = ranking[0][0]
    family_id, family_label = index.family_of[best_id]
    is_generic = best_id in index.generic_ids
    keywords = result.keyword_terms.get(best_id, [])
    label = _label(keywords[0], text) if is_generic and keywords else None
    # a generic subtype is a fallback: its prompt fits the family, not the trade itself
    confidence = min(confs[0], GENERIC_CONFIDENCE_CAP) if is_generic else confs[0]
    return SectorDetection(
        family=family_id,
        subtype=best_id,
        family_label=family_label,
        subtype_label=index.label_of[best_id],
        confidence=round(confidence, 3),
        alternatives=[
            _candidate(index, sid, conf)
            for (sid, _), conf in zip(ranking[1:4], confs[1:], strict=True)
        ],
        matched=list(dict.fromkeys(result.matched.get(best_id, []))),
        generic=is_generic,
        label=label,
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
