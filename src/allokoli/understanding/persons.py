"""Does a capitalised word look like a person's first name or surname? Word vectors tell.

spaCy's French model tags « Phone Doctor », « Syndic Lumière » or « Pepito Multiservices » as a
person (PER) as readily as « Karim Benali ». In its vector space, though, first names and
surnames sit together, far from « Phone » or « Syndic »: a word's cosine to the centroid of a
few common first names or surnames says whether it can be part of a person's name.
"""

from __future__ import annotations

import re
from functools import lru_cache

import numpy as np

from allokoli.understanding.nlp import text_vector, word_vector

__all__ = ["first_name", "given_name", "person_word"]

#: Below this cosine to the first names' or the surnames' centroid, a word is not a name.
_PERSON_LIKE = 0.4
_FIRST_NAMES = (
    "Marie Pierre Jean Sophie Nicolas Isabelle Philippe Nathalie Thomas Julien Céline "
    "Sébastien Laurent Sandrine Karim Mohamed Fatima Kevin"
)
_SURNAMES = "Dupont Durand Martin Bernard Lefebvre Moreau Garcia Petit Roux Fournier Girard Bonnet"


@lru_cache(maxsize=1)
def _person_centroids() -> tuple[np.ndarray, ...]:
    found = (text_vector(_FIRST_NAMES.split()), text_vector(_SURNAMES.split()))
    return tuple(v for v in found if v is not None)


#: A first name alone lies this near the first names, and nearer them than the surnames.
_FIRST_NAME_LIKE = 0.55


@lru_cache(maxsize=4096)
def first_name(word: str) -> bool:
    """« Stéphane », « Julie », « Nadia »: a first name (« Martin » is rather a surname,
    « Rose » or « Doctor » rather words)."""
    vector = word_vector(word[:1].upper() + word[1:])
    centroids = _person_centroids()
    if vector is None or len(centroids) != 2:
        return False
    first, surname = (float(vector @ c) for c in centroids)
    return first >= _FIRST_NAME_LIKE and first > surname


@lru_cache(maxsize=4096)
def person_word(word: str, unknown: bool = True) -> bool:
    """« Karim », « Dubois », « Pellegrini »: a word whose vector lies near first names or
    surnames. A word with no vector may be anyone's name: ``unknown`` says what to answer."""
    if re.search(r"[^\W\d_]{3,}['’][^\W\d_]", word):
        return False  # « Répar'Ménager », « Kart'Océan »: a coined word (not « D'Souza »)
    if _place_of_trade(word):
        return False  # « Maréchalerie », « Sellerie »: where a trade is done, not a person
    vector = word_vector(word[:1].upper() + word[1:])
    if vector is None:
        return unknown
    return any(float(vector @ c) >= _PERSON_LIKE for c in _person_centroids())


def _place_of_trade(word: str) -> bool:
    """A French noun of the dictionary made with « -erie », the suffix that names where a trade
    is done (« maréchalerie », « sellerie », « fromagerie »); « Valérie » is no such noun."""
    from allokoli.understanding.nlp import is_noun_word  # deferred: loads spaCy

    low = word.lower()
    return len(low) > 6 and low.endswith("erie") and is_noun_word(low)


@lru_cache(maxsize=4096)
def given_name(word: str) -> bool:
    """A first name where the owner's words already say one follows (« c'est Marco de la
    pizzeria », « jsuis Lucas »): a first name for :func:`first_name`, or a capitalised word
    outside the French lexicon that lies nearer the first names than the surnames. The model
    shares one vector among many rarer names (« Karim », « Kevin », « Mehdi »), too far from the
    centroid for :func:`first_name` alone."""
    from allokoli.understanding.nlp import is_lexicon_word  # deferred: loads spaCy

    if first_name(word):
        return True
    if not word[:1].isupper() or is_lexicon_word(word.lower()):
        return False
    vector = word_vector(word)
    centroids = _person_centroids()
    if vector is None or len(centroids) != 2:
        return False
    first, surname = (float(vector @ c) for c in centroids)
    return first >= _PERSON_LIKE and first >= surname
