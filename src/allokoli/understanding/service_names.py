"""Service names as a caller should hear them, from the owner's shorthand in a price list.

- shorthand written out (« abo » → abonnement, « CT » → contrôle technique, « gd » → grand);
- compounds the dictionary spells with a hyphen (« contre visite » → contre-visite);
- « coupe+barbe » → « coupe + barbe », « box/imprimante » → « box ou imprimante »;
- a head noun left out of a list item and understood from the item before it: in « ramonage
  cheminée 70 €, poêle à granulés 90 € » the second item is a « ramonage poêle à granulés ». The
  word vectors decide: the item is a sibling of the previous item's complement (poêle ~ cheminée)
  and not of its head (poêle ≁ ramonage), so « coupe homme 18 €, couleur 45 € » stays as said.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from allokoli.domain.profile import Service
from allokoli.understanding import nlp
from allokoli.understanding.normalize import fold

__all__ = ["tidy_service_names"]

#: Shorthand owners write in price lists (SMS and trade usage), folded → written out.
_SHORTHAND: dict[str, str] = {
    "abo": "abonnement",
    "abos": "abonnements",
    "appart": "appartement",
    "apparts": "appartements",
    "gd": "grand",
    "gde": "grande",
    "ptit": "petit",
    "ptite": "petite",
    "ext": "extérieur",
    "int": "intérieur",
    "clim": "climatisation",
    "sup": "supplémentaire",
    "supp": "supplémentaire",
    "perma": "permanent",
    "indiv": "individuel",
    "pac": "pompe à chaleur",
    "ct": "contrôle technique",
    "rdv": "rendez-vous",
    "hebdo": "hebdomadaire",
    "consult": "consultation",
    "pdj": "petit-déjeuner",
    # franglais of the beauty and tattoo trades
    "cut": "coupe",
    "tattoo": "tatouage",
    "tatoo": "tatouage",
    "refill": "remplissage",
}
_WORD_RE = re.compile(r"[^\W\d_]+")
_HYPHEN_PREFIXES = frozenset({"demi", "semi"})

#: An item is read as the previous item's sibling when it lies this near one of its words…
_SIBLING = 0.45
#: …and this much nearer that word than the previous item's head.
_MARGIN = 0.15
_MAX_ELLIPTIC_WORDS = 4


def _expand(name: str) -> str:
    def one(m: re.Match[str]) -> str:
        word = m.group(0)
        full = _SHORTHAND.get(fold(word))
        if full is None:
            return word
        return full[:1].upper() + full[1:] if m.start() == 0 and word[:1].isupper() else full

    return _WORD_RE.sub(one, name)


def _hyphenate(name: str) -> str:
    words = name.split(" ")
    out: list[str] = []
    for word in words:
        if out and re.fullmatch(r"[^\W\d_]+", out[-1]) and re.fullmatch(r"[^\W\d_]+", word):
            joined = f"{out[-1]}-{word}"
            if fold(out[-1]) in _HYPHEN_PREFIXES or nlp.is_lexicon_word(joined.lower()):
                out[-1] = joined
                continue
        out.append(word)
    return " ".join(out)


def _punctuate(name: str) -> str:
    """« bain+coupe » is said « bain et coupe » (a voice reads « + » as « plus »), and
    « vitres/volets » « vitres ou volets »."""
    name = re.sub(r"(?<=[^\W\d_])\s*\+\s*(?=[^\W\d_])", " et ", name)
    return re.sub(r"(?<=[^\W\d_]{3})/(?=[^\W\d_]{3})", " ou ", name)


def _content(words: Sequence[str]) -> list[str]:
    return [w for w in words if not nlp.is_function_word(w.lower())]


def _similarity(a: str, b: str) -> float:
    # lower case: « Cheval » capitalised has the vector of a surname, not of the animal
    a, b = a.lower(), b.lower()
    va = nlp.text_vector(_content(_WORD_RE.findall(a)) or [a])
    vb = nlp.text_vector(_content(_WORD_RE.findall(b)) or [b])
    if va is None or vb is None:
        return 0.0
    return float(va @ vb)


def _head_initial(words: list[str]) -> bool:
    """The previous item starts with its head noun (« ramonage cheminée », not « petite
    pizza »)."""
    tagged = nlp.tags(" ".join(words).lower())
    if not tagged:
        return False
    # the tagger alone on a short phrase takes « bain » (of « bain et coupe ») for an adjective:
    # a word the dictionary knows as a noun heads the item all the same
    return tagged[0].pos in ("NOUN", "PROPN", "AUX", "VERB", "X") or (
        tagged[0].pos == "ADJ" and nlp.is_noun_word(words[0])
    )


_PREPOSITIONS = frozenset(
    ["de", "du", "des", "par", "a", "au", "aux", "en", "pour", "avec", "sans"]
)


def _with_head(previous: str, current: str) -> str | None:
    """``current`` completed with the previous item's words it leaves out, or None."""
    prev_words = previous.split(" ")
    cur_words = current.split(" ")
    if len(prev_words) < 2 or len(_content(cur_words)) > _MAX_ELLIPTIC_WORDS:
        return None
    first = _content(cur_words)[:1]
    if not first or fold(cur_words[0]) == fold(prev_words[0]):
        return None
    if any(fold(w) in _PREPOSITIONS or fold(w).startswith(("d'", "d’")) for w in cur_words[1:]):
        return None  # « court-bouillon de poisson », « accras par douze »: a whole name
    head = _similarity(first[0], prev_words[0])
    # word vectors first (cheap): the previous item's words this item is a sibling of
    candidates: list[tuple[float, int, int]] = []
    offset = 0
    for i, word in enumerate(prev_words):
        start, offset = offset, offset + len(word) + 1
        if i == 0 or nlp.is_function_word(word.lower()) or not _WORD_RE.fullmatch(word):
            continue
        if fold(word) == fold(first[0]):
            continue  # the item names its own head (« coupe des griffes » after « bain et coupe »)
        score = _similarity(first[0], word)
        if score >= _SIBLING and score - head >= _MARGIN:
            candidates.append((score, i, start))
    if not candidates or not _head_initial(prev_words):
        return None
    # then the parts of speech (a few ms): a noun for a noun (« cheminée » for « poêle »), an
    # adjective for an adjective (« petit » for « grand »), never « supplémentaire » for
    # « installation »
    first_pos = nlp.tags(current.lower())[0].pos
    pos_of = {t.start: t.pos for t in nlp.tags(previous.lower())}
    for _score, where, start in sorted(candidates, reverse=True):
        kind = pos_of.get(start)
        noun = kind in ("NOUN", "PROPN") or nlp.is_noun_word(prev_words[where])
        if kind == "ADJ" if first_pos == "ADJ" else noun:
            prefix = " ".join(prev_words[:where])
            tail = current if current[1:2].isupper() else current[:1].lower() + current[1:]
            return f"{prefix} {tail}"
    return None


#: « balade de deux heures », « atelier d'1h30 »: the item's length said inside its name
_LENGTH_IN_NAME_RE = re.compile(
    r"\s+(?:de|d['’])\s*(?P<length>(?:une?|\d+(?:[.,]\d+)?|deux|trois|quatre|cinq|six|dix|douze"
    r"|quinze|vingt|trente|quarante|quarante-cinq|soixante|quatre-vingt-dix)\s*"
    r"(?:h(?:eures?)?|min(?:utes?)?|mn)(?:\s*\d{2})?(?:\s+et\s+demie)?)$",
    re.IGNORECASE,
)


_PRICE_VERBS = frozenset(
    ["coute", "commence", "demarre", "part", "comprend", "inclut", "vaut", "fait", "revient"]
)


def _verb_tail(name: str) -> str:
    """« Livraison est », « Coffrets cadeaux commencent »: a sentence's verb caught at the end
    of an item's name is not part of it."""
    tagged = nlp.tags(name)
    if len(tagged) < 2:
        return name
    last = tagged[-1]
    # the tagger alone on a short phrase takes « margherita » or « midi » for verbs: only an
    # auxiliary, or a verb with a conjugated ending or among the verbs of prices, is cut
    finite = last.pos == "AUX" or (
        last.pos == "VERB"
        and (re.search(r"(?:ent|ons)$", fold(last.text)) or fold(last.text) in _PRICE_VERBS)
    )
    if not finite:
        return name
    if not any(t.pos in ("NOUN", "PROPN") for t in tagged[:-1]):
        return name
    return name[: tagged[-1].start].rstrip(" ,:-")


def _length_in_name(service: Service, name: str) -> tuple[str, int | None]:
    """The name without a length said inside it, and that length (when the item had none)."""
    m = _LENGTH_IN_NAME_RE.search(name)
    if m is None or service.duration_minutes is not None or m.start() == 0:
        return name, service.duration_minutes
    from allokoli.understanding.money import parse_duration_minutes  # money imports this module

    minutes = parse_duration_minutes(m.group("length"))
    if minutes is None:
        return name, None
    return name[: m.start()], minutes


#: « prestas : démoussage 15 € », « offres : audit SEO 900 € »: the list's heading, not the item's
_HEADING_RE = re.compile(
    r"^(?:(?:nos|mes|les|notre|ma|mon)\s+)?(?:prestas?|prestations?|tarifs?|offres?|prix|services?"
    r"|formules?|carte|menus?|pricing|prices|soins|cours|produits?|forfaits?|indicatifs?)"
    r"\s*(?:indicatifs?\s*)?"
    r"[:=-]\s*(?=\S)",
    re.IGNORECASE,
)


def tidy_service_names(
    services: list[Service], *, whole: set[int] | frozenset[int] = frozenset()
) -> list[Service]:
    """The services of one list, their names written out and completed (see the module). The
    items at the indices ``whole`` open a sentence of their own: never completed from the one
    before (« Montage équilibrage 18 €. Parallélisme 70 € »)."""
    out: list[Service] = []
    for index, service in enumerate(services):
        name = _HEADING_RE.sub("", service.name)
        name = name[:1].upper() + name[1:] if name != service.name else name
        name = _punctuate(_hyphenate(_expand(name)))
        name = _verb_tail(name)
        name, minutes = _length_in_name(service, name)
        if minutes != service.duration_minutes:
            service = service.model_copy(update={"duration_minutes": minutes})
        if out and index not in whole:
            completed = _with_head(out[-1].name, name)
            if completed is not None and len(completed) <= 120:
                name = completed
        out.append(service if name == service.name else service.model_copy(update={"name": name}))
    return out
