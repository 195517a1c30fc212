"""Business names given in passing in the owner's first answer ("serrurier à Nice, SOS Serrure
Azur, …"), which the extractors only find after a cue ("ça s'appelle …"), and the container word
the extractor sometimes drops ("Clinique" in "Clinique vétérinaire des Tilleuls")."""

from __future__ import annotations

import re

from allokoli.understanding import fold
from allokoli.understanding.address import in_town_list
from allokoli.understanding.names import company_name_candidates, trade_or_kind_word
from allokoli.understanding.places import area_name, canonical_city

__all__ = ["extend_left", "name_from_opening", "name_guess_from_opening"]

# --- -------------------------------------------------------------------

_SEGMENT_RE = re.compile(r"[^,;:.!?()\n«»\"“”]+")
_TOKEN_RE = re.compile(r"[^\s]+")
_NAME_PARTICLES = frozenset(
    [
        "de",
        "du",
        "des",
        "la",
        "le",
        "les",
        "l'",
        "d'",
        "et",
        "&",
        "of",
        "the",
        "da",
        "di",
        "del",
        "della",
        "dei",
        "sur",
        "en",
        "au",
        "aux",
    ]
)
_LOCATION_BEFORE = frozenset(
    ["a", "à", "au", "aux", "en", "sur", "dans", "vers", "pres", "près", "chez"]
)
_TITLES = frozenset(
    [
        "maitre",
        "me",
        "docteur",
        "dr",
        "madame",
        "monsieur",
        "mme",
        "mlle",
        "m.",
        "mr",
        "professeur",
        "pr",
    ]
)
_SENTENCE_WORDS = frozenset(
    [
        "bonjour",
        "bonsoir",
        "salut",
        "hello",
        "alors",
        "oui",
        "non",
        "je",
        "j'ai",
        "on",
        "nous",
        "moi",
        "voila",
        "voilà",
        "ici",
        "c'est",
        "merci",
        "ben",
        "bah",
        "euh",
        "ok",
        "bon",
        "donc",
        "et",
        "mais",
    ]
)
_CONTAINERS = frozenset(
    [
        "clinique",
        "cabinet",
        "salon",
        "institut",
        "garage",
        "hotel",
        "restaurant",
        "boulangerie",
        "agence",
        "studio",
        "atelier",
        "pharmacie",
        "boutique",
        "maison",
        "domaine",
        "espace",
        "centre",
        "auto-ecole",
        "ecole",
        "taxi",
        "pressing",
    ]
)


def _is_cap(word: str) -> bool:
    return word[:1].isupper() or word[:1] == "&"


#: In the answer to « what do you do? », a name in apposition is expected: a lower bar than
#: for a description read cold (names.THRESHOLD).
_OPENING_THRESHOLD = 0.45


def name_from_opening(text: str, known_cities: set[str], person: str | None) -> str | None:
    """A business name given in apposition in the first answer ("serrurier à Nice, SOS Serrure
    Azur, …"). Only used when the extractors found no name there: the scored candidates of
    :func:`allokoli.understanding.names.company_name_candidates` first, then the longest run
    of capitalised words that is not a place, a person or the first word of a sentence."""
    for candidate in company_name_candidates(text, owner=person):
        if candidate.sources == ("titled",):
            continue  # a guess to confirm (name_guess_from_opening), never taken as sure
        if candidate.score >= _OPENING_THRESHOLD and fold(candidate.text) not in known_cities:
            return candidate.text[:120]
    return _capitalised_run(text, known_cities, person)


def name_guess_from_opening(
    text: str, known_cities: set[str], person: str | None
) -> tuple[str, bool] | None:
    """Like :func:`name_from_opening`, with whether the name is sure: a scored candidate is,
    a bare run of capitalised words is a guess to confirm with the owner."""
    for candidate in company_name_candidates(text, owner=person):
        if candidate.score >= _OPENING_THRESHOLD and fold(candidate.text) not in known_cities:
            # « Maître Sophie Durand, avocate »: the practitioner's name, to confirm
            return candidate.text[:120], candidate.sources != ("titled",)
    run = _capitalised_run(text, known_cities, person)
    return (run, False) if run else None


def _capitalised_run(text: str, known_cities: set[str], person: str | None) -> str | None:
    best: list[str] = []
    for segment in _SEGMENT_RE.findall(text):
        tokens = _TOKEN_RE.findall(segment)
        i = 0
        while i < len(tokens):
            if not _is_cap(tokens[i]) or tokens[i][:1].isdigit():
                i += 1
                continue
            j = i + 1
            while j < len(tokens):
                word = tokens[j]
                if _is_cap(word) or (word[:1].isdigit() and j > i):
                    j += 1
                elif (
                    fold(word) in _NAME_PARTICLES and j + 1 < len(tokens) and _is_cap(tokens[j + 1])
                ):
                    j += 2
                else:
                    break
            run = tokens[i:j]
            before = fold(tokens[i - 1]) if i > 0 else ""
            if before in ("le", "la", "les", "l'") and i > 1:
                # « dans le Haut-Doubs », « sur la Côte Bleue »: a place, with its article
                before = fold(tokens[i - 2]) if fold(tokens[i - 2]) in _LOCATION_BEFORE else before
            first = fold(run[0])
            name = " ".join(run)
            rejected = (
                first in _TITLES
                or before in _LOCATION_BEFORE
                or before in ("appelle", "m'appelle", "suis")
                or (i == 0 and len(run) == 1)
                or (len(run) == 1 and first in _SENTENCE_WORDS)
                # « le Cabinet dentaire … »: a kind of business alone names none
                or (len(run) == 1 and trade_or_kind_word(run[0]))
                or fold(name) in known_cities
                or canonical_city(fold(name)) is not None
                or area_name(name) is not None
                or in_town_list(text, name)  # « du côté de Morlaix et Landivisiau, Saint-Pol »
                or (len(run) == 1 and before in ("de", "d'", "du", "des"))
                # « ostéopathe D.O. »: a letter of a title's initials, no name
                or (len(run) == 1 and len(run[0]) <= 2)
                # « leurs dossiers, la CAF, les impôts »: an acronym with the sentence's
                # article is an institution or a thing, not the business
                or (len(run) == 1 and run[0].isupper() and before in ("la", "le", "les", "l'"))
                or (person is not None and fold(person) in fold(name))
            )
            if not rejected and len(run) > len(best):
                best = run
            i = j
    while best and fold(best[-1]) in _NAME_PARTICLES:
        best.pop()
    if not best:
        return None
    return " ".join(best)[:120]


def extend_left(name: str, text: str) -> str:
    """ "Vétérinaire des Tilleuls" → "Clinique vétérinaire des Tilleuls" when the owner wrote the
    container word in front of what the extractor kept."""
    words = name.split()
    if not words:
        return name
    pattern = r"\s+".join(re.escape(w) for w in words)
    found = re.search(rf"(?:^|[\s,;:.!?])([A-ZÀ-Ý][\w-]*)\s+({pattern})\b", text, re.IGNORECASE)
    if found is None or not found.group(1)[:1].isupper():
        return name
    if fold(found.group(1)) not in _CONTAINERS or fold(words[0]) in _CONTAINERS:
        return name
    start = found.start(1)
    if start > 0 and text[:start].strip() and text[:start].rstrip()[-1] not in ",;:.!?":
        return name
    return f"{found.group(1)} {found.group(2)}"[:120]
