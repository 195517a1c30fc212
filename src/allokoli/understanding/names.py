"""The company name in a French description or answer: candidates from several cues, scored.

Owners state their business name in many ways: after a cue (« ça s'appelle », « chez »,
« l'entreprise X », « bienvenue chez »), in quotes, or simply in apposition beside the trade
(« Barber shop à Montpellier, The Gentlemen's Corner : … »). Each way yields candidates with a
base score; spaCy's entities (:mod:`allokoli.understanding.nlp`) confirm a candidate or add
one. Entities alone are weak evidence: the French model tags business names as LOC, PER or MISC
as often as ORG. Every candidate then goes through the same checks: a phone number, a city, a
trade word alone, a greeting, a number or the owner's own first name is never a company name.

Without a capital, a name still has a shape in its clause (« friterie la frite doree »,
« istanbul grill, kebab … », :mod:`allokoli.understanding.lower_names`), and the lemmatizer's
French dictionary tells its words from ordinary ones. spaCy's PER tag is trusted only when the
words lie near people's names in vector space (:mod:`allokoli.understanding.persons`): « Phone
Doctor » is a business, « Marie Dupont » in apposition and « Stéphane » alone are the owner.

The owner's own name (« moi c'est Karim », « je suis Sylvie ») is another fact
(:func:`allokoli.understanding.facts.extract_owner_name`); a candidate equal to it is dropped.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

from rapidfuzz.distance import OSA

from allokoli.domain.catalogue import load_catalogue
from allokoli.domain.profile import WEEKDAYS
from allokoli.understanding.address import in_town_list
from allokoli.understanding.company_rules import _NAME_STOP_WORDS
from allokoli.understanding.facts import extract_owner_name, rule_company_name
from allokoli.understanding.lower_names import LOWER_LEGAL_FORMS, dictionary_word, lower_case_names
from allokoli.understanding.nlp import (
    company_spans,
    is_known_word,
    is_lexicon_word,
    is_noun_word,
    tags,
)
from allokoli.understanding.nlp import entities as _ner
from allokoli.understanding.normalize import fold
from allokoli.understanding.owner import BUSINESS_NAMED_BEFORE_RE
from allokoli.understanding.persons import first_name, given_name, person_word
from allokoli.understanding.places import area_name, city_spans, commune
from allokoli.understanding.textutil import _wordset

__all__ = [
    "NameCandidate",
    "company_name_candidates",
    "extract_company_name",
    "says_no_name",
    "trade_or_kind_word",
]

#: Below this score a candidate is not taken when the name was not asked for.
THRESHOLD = 0.6
#: The score of a span the company-name tagger reads as the name (:func:`nlp.company_spans`):
#: about what a name said as such scores (« ça s'appelle X »), so that the tagger and a cue that
#: agree outrank either alone, and a strong cue still wins over the tagger alone.
TAGGER_SCORE = 0.95
#: What two sources agreeing on a name add to the better one's score.
AGREEMENT_BONUS = 0.1


@dataclass(frozen=True, slots=True)
class NameCandidate:
    text: str
    score: float
    sources: tuple[str, ...]
    """Which cues proposed it ("rules", "quoted", "welcome", "company", "apposition", "ORG"…)."""


# --- what is never a name --------------------------------------------------------------------

_GREETINGS = frozenset(
    [
        "bonjour",
        "bonsoir",
        "salut",
        "slt",
        "hello",
        "hi",
        "coucou",
        "bienvenue",
        "merci",
        "allo",
        "re",
        "yo",
        "hey",
        "ici",
    ]
)
_NOT_NAMES = frozenset(
    [
        "oui",
        "non",
        "ok",
        "okay",
        "voila",
        "enfin",
        "voilà",
        "nous",
        "vous",
        "moi",
        "je",
        "on",
        "il",
        "elle",
        "ils",
        "elles",
        "madame",
        "monsieur",
        "docteur",
        "france",
        # hesitations of the spoken register (« …, euh, à Guingamp »)
        "euh",
        "heu",
        "hein",
        "bah",
        "ben",
        "bref",
        *WEEKDAYS,
    ]
)
_PARTICLES = frozenset(
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
        "and",
        "of",
        "the",
        "da",
        "di",
        "del",
        "della",
        "au",
        "aux",
        "à",
        "a",
        "en",
        "sur",
        "sous",
    ]
)
_EXTRA_TRADE_WORDS = frozenset(
    [
        "entreprise",
        "societe",
        "société",
        "boite",
        "boîte",
        "commerce",
        "etablissement",
        "établissement",
        "cabinet",
        "salon",
        "restaurant",
        "resto",
        "magasin",
        "boutique",
        "atelier",
        "agence",
        "studio",
        "institut",
        "centre",
        "maison",
        "espace",
        "clinique",
        "shop",
        "barber",
        "coffee",
        "bar",
        "cafe",
        "café",
        "artisan",
        "services",
        "service",
    ]
)
_DAYS = frozenset([*WEEKDAYS, *(day[:3] for day in WEEKDAYS)])
_MONTHS = frozenset(
    [
        "janvier",
        "fevrier",
        "mars",
        "avril",
        "mai",
        "juin",
        "juillet",
        "aout",
        "septembre",
        "octobre",
        "novembre",
        "decembre",
    ]
)
# « Pour la Saint-Valentin », « Depuis Noël »: a span opening on a preposition is a phrase
_PREPOSITIONS = frozenset(
    [
        "pour",
        "avec",
        "dans",
        "sans",
        "depuis",
        "apres",
        "avant",
        "pendant",
        "durant",
        "entre",
        "vers",
        "contre",
        "selon",
        "par",
        "jusqu",
    ]
)
# « Secteur Compiègne », « Région Lyonnaise »: where the business works, not what it is called
_AREA_WORDS = frozenset(
    [
        "secteur",
        "region",
        "departement",
        "agglo",
        "agglomeration",
        "metropole",
        "perimetre",
        "rayon",
        "alentours",
        "environs",
        "canton",
    ]
)
_HOLIDAY = (
    r"(?:noel|paques|toussaint|halloween|nouvel an|reveillon|ramadan|aid(?: el kebir)?|carnaval"
    r"|saint[- ]valentin|saint[- ]sylvestre|fete des (?:meres|peres|grands[- ]meres)"
    r"|(?:la |les )?fetes(?: de fin d'annee)?)"
)
_HOLIDAYS_RE = re.compile(rf"{_HOLIDAY}(?:\s*(?:,|et|ou)\s*{_HOLIDAY})*")
_HOURS_RE = re.compile(r"\b\d{1,2}\s*h\s*(?:\d{2})?\s*(?:-|à|a)\s*\d{1,2}\s*h")
_STREETS = frozenset(
    [
        "rue",
        "avenue",
        "av",
        "boulevard",
        "bd",
        "place",
        "chemin",
        "allee",
        "impasse",
        "route",
        "quai",
        "cours",
        "square",
        "lotissement",
        "lieu-dit",
        "zone",
        "za",
        "zi",
        "zac",
        "parc",
    ]
)
_PHONE_RE = re.compile(r"(?:\+33\s*|\b0)\d(?:[\s.-]?\d{2}){4}\b|\b\d{2}(?:[\s.-]\d{2}){2,}\b")
_MEASURE_AFTER_RE = re.compile(
    r"^\s*(?:%|€|euros?\b|ans?\b|h\b|heures?\b|couverts?\b|places?\b|m2|m²|km\b|min\b|e\b|eme\b"
    r"|ème\b|er\b)"
)


#: The parts of « bien-être » name no trade (« Bien Chez Soi Services » is a name).
_COMPOUND_PARTS = frozenset(["bien", "etre"])


@lru_cache(maxsize=1)
def _trade_words() -> frozenset[str]:
    """Folded single words that name a trade in the catalogue ("plombier", "pizzeria")."""
    words: set[str] = set(_EXTRA_TRADE_WORDS)
    for _family, sub in load_catalogue().all_subtypes():
        for term in (*sub.keywords, sub.label):
            for word in re.findall(r"[^\W\d_]+", fold(term)):
                if len(word) > 2 and word not in _COMPOUND_PARTS:
                    words.add(word)
    return frozenset(fold(w) for w in words)


def trade_or_kind_word(word: str) -> bool:
    """Is ``word`` alone a trade or a kind of business (« Cabinet », « Garage », « Pizzeria »),
    which never names one business by itself?"""
    key = fold(word.strip(" .,!?"))
    return key in _trade_words() or key in _CONTAINERS or key in _KINDS


def _words(name: str) -> list[str]:
    return re.findall(r"[^\W_]+(?:['’][^\W_]+)?|&", fold(name))


def _clean(name: str) -> str:
    name = re.sub(r"\s+", " ", name).strip(" .,;:!?-—–\"'«»“”()")
    # a greeting or a welcome opening the span is not part of the name
    while True:
        m = re.match(r"(?i)([^\W\d_]+)([\s,!.:]+)", name)
        if m is None or fold(m.group(1)) not in _GREETINGS:
            break
        if fold(m.group(1)) == "allo" and not m.group(2).strip():
            break  # « Allô Pizza », « Allo Fuite »: a name made on the greeting
        name = name[m.end() :]
    # « Mettez Doullens à la place »: an instruction to the assistant is no part of a name
    name = re.sub(
        r"^(?i:mettez|mets|notez|marquez|[ée]crivez|ajoutez|indiquez|rajoutez)\s+(?=\S)", "", name
    )
    # « C'est la Pharmacie de la Mairie »: the presentation opening the span is not the name's
    name = re.sub(r"^(?i:c['’]est|voici|voilà|nous\s+sommes)\s+(?=\S)", "", name)
    # « nous c'est juste Aquazoo », « c'est plutôt Verre Atlantique »: the sentence's words
    name = re.sub(r"^(?i:juste|simplement|plut[ôo]t|tout\s+simplement)\s+(?=[A-ZÀ-Ý])", "", name)
    # « Titulaire de la Pharmacie de la Place », « Gérante du Salon Lila »: the owner's role
    name = re.sub(
        r"^(?i:titulaire|g[ée]rante?|responsable|directeur|directrice|propri[ée]taire|patronne?"
        r"|fondat(?:eur|rice)|pr[ée]sidente?|cogérante?|co-g[ée]rante?)\s+"
        r"(?i:de\s+la|de\s+l['’]|du|des|de)\s*(?=[A-ZÀ-Ý])",
        "",
        name,
    )
    # « ici le Domaine de la Combe »: an article in lower case is the sentence's, not the name's
    name = re.sub(r"^(?:le|la|les)\s+(?=[A-ZÀ-Ý])", "", name)
    # « Cordo Express galerie du Leclerc »: a place in lower case after capitals says where
    # the business is, it ends the name
    place = re.search(
        r"(?<=[A-Za-zÀ-ÿ0-9])\s+(?:galerie|centre\s+commercial|zone|quartier|parking|face|pr[èe]s"
        r"|[àa]\s+c[ôo]t[ée]|en\s+face|derri[èe]re|devant|rue|avenue|place|boulevard)"
        r"\s+(?:du|de\s+la|de\s+l['’]|des|de|d['’])\s*[A-ZÀ-Ý]",
        name,
    )
    if place is not None and re.match(r"[A-ZÀ-Ý0-9]", name) and not name.islower():
        name = name[: place.start()]
    # a phone number ends the name: « Cabinet 04 79 33 62 08 » is the cabinet and its number
    phone = _PHONE_RE.search(name)
    if phone is not None:
        name = name[: phone.start()]
        # « Appelez le 03 85 … »: a particle left before the number ends nothing
        name = re.sub(r"(?i)(?:\s+(?:le|la|les|au|de|du|des|à|a|et|sur))+\s*$", "", name.rstrip())
    return name.strip(" .,;:!?-—–\"'«»“”()")


def _all_capitalised(name: str) -> bool:
    content = [w for w in name.split() if fold(w) not in _PARTICLES]
    return len(content) >= 2 and all(w[:1].isupper() or w[:1].isdigit() for w in content)


_TITLE_RE = re.compile(
    r"(?:[Mm]a[iî]tre|Me|[Dd]octeure?|[Dd]r|[Mm]adame|[Mm]onsieur|[Mm]me|[Mm]lle|M\.)\s"
)


def _acceptable(
    name: str,
    owner: str | None,
    expecting_name: bool = False,
    *,
    cued: bool = False,
    named: bool = False,
    capitalised_within: bool = False,
) -> bool:
    """``capitalised_within``: every word of the name has its capital in the middle of a
    sentence, where only the owner's choice puts one (« euh, Plomberie Rapide Services »)."""
    words = _words(name)
    if not words or not re.search(r"[^\W\d_]", name):
        return False
    if len(name) > 120 or len(words) > 8:
        return False
    if (_is_city(name) or area_name(name) is not None) and not named:
        # a city alone is where the business is, not what it is called; but what follows
        # « on s'appelle » is the name even when a village bears it
        return False
    without_numbers = re.sub(r"\b\d+\w{0,3}\b", " ", name).strip(" ,")
    if not re.search(r"[^\W\d_]", without_numbers) or (_is_city(without_numbers) and not named):
        return False  # « 69004 Lyon », « Paris 11e »: an address, not a name
    if not expecting_name and not cued and _TITLE_RE.match(name):
        return False  # « Maître Sophie Durand »: a person with a title
    content = [w for w in words if w not in _PARTICLES]
    if not content:
        return False
    if words[0] in _STREETS and len(words) > 1 and not named:
        return False  # « Rue de la République »: an address (« ça s'appelle Chemin Clair »: no)
    if not named and words[0] in _AREA_WORDS:
        return False
    if not cued and fold(name.split()[0]) in _PREPOSITIONS:
        return False
    if all(w in _MONTHS or w in _DAYS or w in _PARTICLES for w in re.split(r"[-\s]+", fold(name))):
        return False  # « Juillet-août »: a season
    if not named and _HOLIDAYS_RE.fullmatch(fold(name)):
        return False  # « Saint-Valentin et Fête des Mères »: when the phone rings, not a name
    if not named and re.search(
        r"\b(?:le|du|au|et|les)\s+(?:" + "|".join(WEEKDAYS) + r")s?\b", fold(name)
    ):
        return False  # « Fermé le Dimanche »: opening hours
    if not cued and re.search(r"\b\d+\s*(?:h|min|mn|€|euros?)\b", name):
        return False  # « Tour du Lac en 3h »: a duration or a price
    if not cued and len(content) == 1 and not _coined(name) and _common_noun(name):
        return False  # « Vidange, freins, pneus »: an ordinary noun
    if _HOURS_RE.search(name) or re.split(r"[-\s.]", fold(name))[0] in _DAYS:
        return False  # « Lun-ven 8h-20h »: opening hours

    district = re.fullmatch(r"(.+?)\s+([A-ZÀ-Ý][\w'’-]+(?:\s+\d{1,2}(?:e|er|ème|eme))?)", name)
    if (
        district is not None
        and not cued
        and re.search(r"\d", district.group(2))
        and _is_city(re.sub(r"\s+\d.*$", "", district.group(2)))
        and _only_trade_words(district.group(1))
    ):
        return False  # « Serrurerie Paris 15e »: the trade and the district it serves
    if _only_trade_words(name) and not (
        (cued or (capitalised_within and len(words) >= 3)) and _all_capitalised(name)
    ):
        # « Cabinet », « Salon de coiffure », « Restaurant traditionnel »; but a cued name in
        # capitals is one even when made of trade words (« notre entreprise, Verts Jardins »)
        return False
    if not named and _kind_and_its_field(name):
        return False  # « Cabinet d'orthoptie », « Salon de thé »
    if len(content) == 1 and (content[0] in _GREETINGS or content[0] in _NOT_NAMES):
        return False
    if owner is not None:
        owner_key = fold(owner)
        if fold(name) == owner_key or fold(name) in owner_key.split():
            return False
    return True


@lru_cache(maxsize=16384)
def _is_city(name: str) -> bool:
    """A city, written as such: its exact spelling, or a town big enough that any spelling of
    it means the town (« Cerise » is a shop, although a village is called Cérisé)."""
    place = commune(name)
    if place is None:
        return False
    return _spelling(name) == _spelling(place.name) or place.population >= 10_000


def _spelling(name: str) -> str:
    return re.sub(r"[-\s'’]+", " ", name.lower()).strip()


#: What links a kind of place to its field without naming one place: « de », « d' », « en »
_FIELD_LINKS = frozenset(["de", "d'", "en", "pour", "et"])


def _kind_and_its_field(name: str) -> bool:
    """A kind of place and its field in bare words of the language (« Cabinet d'orthoptie »,
    « Salon de thé »): a description, not a name. An article or a town makes it one place
    (« Cabinet de kiné du Port », « Centre nautique de Quiberon »)."""
    tokens = re.findall(r"[dl]['’]|[^\W_]+(?:-[^\W_]+)*", name)
    if len(tokens) < 3 or fold(tokens[0]) not in _CONTAINERS:
        return False
    for token in tokens[1:]:
        if fold(token).replace("’", "'") in _FIELD_LINKS:
            continue
        # « pédicurie-podologie »: each part a word of the language
        if not (token.islower() and all(is_lexicon_word(part) for part in token.split("-"))):
            return False
    return True


def _only_trade_words(name: str) -> bool:
    """True when every word is a trade word or a particle, and there is no number. A city
    written with its capital is not a trade word (« Boulangerie de Mâcon » is a name)."""
    trades = _trade_words()
    after_particle = after_lower = False
    for raw in re.findall(r"[^\W_]+(?:['’][^\W_]+)?|&", name):
        word = fold(raw)
        if word in _PARTICLES:
            after_particle = True
            continue
        if (after_particle or after_lower) and raw[:1].isupper():
            # « Garage du Centre », « Pharmacie des Alpes »; « Cabinet dentaire Marchand »: a
            # capital after a word in lower case is a proper noun, a name
            return False
        after_particle = False
        after_lower = raw.islower()
        if raw.isdigit() or word not in trades:
            return False
        if raw[:1].isupper() and (place := commune(raw)) is not None and place.name == raw:
            return False
    return True


def _trim_measure(name: str, text: str) -> str:
    """« Taxi 7 places »: a number followed by a unit is a quantity, not part of the name."""
    m = re.search(r"\s\d+$", name)
    if m is None:
        return name
    at = text.find(name)
    if at >= 0 and _MEASURE_AFTER_RE.match(text[at + len(name) :] + " ") is not None:
        return name[: m.start()]
    if at >= 0 and re.match(
        r"\s*(?:places?|personnes?|pers|salari\w*|pistes?|chambres?)\b", text[at + len(name) :]
    ):
        return name[: m.start()]
    return name


#: Words for any business at all: « Entreprise 3D » says what it does, not what it is called.
_ANY_BUSINESS = frozenset(["entreprise", "societe"])


def _jargon(name: str) -> bool:
    """Trade words with an acronym or an initial (« Architecte DPLG », « Ostéopathe D.O. »,
    « DPE ») are qualifications, not names."""
    words = name.split()
    if len(words) > 1 and name.isupper():
        return False  # « BRASSERIE DU PORT »: a name typed in capitals
    trades = _trade_words()
    if len(words) > 1 and fold(words[0]) not in trades:
        return False  # « ME Électricité », « P.L. Couverture »: initials naming the business
    if len(words) > 1 and fold(words[0]) in (_KINDS | _CONTAINERS) - _ANY_BUSINESS:
        return False  # « Cabinet ACL Expertise », « Agence BDM »: a place, then its initials
    rest = [w for w in words if fold(w) not in trades and fold(w) not in _PARTICLES]
    if not rest:
        return False
    return all((w.isupper() and len(w.strip(".")) <= 5) or len(w.strip(".")) == 1 for w in rest)


def _with_number_kept(text: str, end: int) -> bool:
    """A number ending a candidate is part of the name unless a unit follows ("100 %")."""
    return not _MEASURE_AFTER_RE.match(text[end:])


# --- sources -----------------------------------------------------------------------------------

_CAP = r"[A-ZÀ-ÝŒ0-9]"
_NAME_WORD = r"[\wÀ-ÿ'’&-]"
# a capitalised word: initials (« M.R. », « G. »), or a word that may hold « 2.0 » or « Diag'30 »
_CAP_WORD = rf"(?:(?:[A-ZÀ-Ý]\.){{1,5}}(?![\w])|{_CAP}(?:{_NAME_WORD}|[.,](?=\d))*)"
_CAP_RUN_RE = re.compile(
    rf"{_CAP_WORD}(?:\s+(?:(?:(?:et|&)\s+(?:du|des|de\s+la|en|au|aux|le|la|les)|de\s+la|de|du|des|la|le|les|un|une|et|&|and|of|the|by|at|for|in|on|to|with|my"
    rf"|your|our|en|pour|da|di|del|au"
    rf"|aux)\s+|(?:(?:de|et|&)\s+)?[dl]['’](?:à\s+)?)?{_CAP_WORD})*"
    # « Vidal père & fils », « Martin et associés »
    r"(?:\s+(?:p[èe]re\s+)?(?:&|et)\s+(?:fils|filles|fr[èe]res|s[œo]eurs|associ[ée]e?s|cie)\b)?"
)
_QUOTED_RE = re.compile(
    r"[«“]\s*([^«»“”\n]{2,60}?)\s*[»”]|\"([^\"\n]{2,60}?)\""
    # « Brocante 'Le Grenier de Mamie' à Uzès »: single quotes around a capitalised name (never
    # an apostrophe: a space or the start before it, a space or punctuation after its pair)
    r"|(?:(?<=\s)|^)['‘]([A-ZÀ-Ý][^'‘’\n]{1,58}?[^\s'‘’])['’](?=[\s,.;:!?)]|$)"
)
#: The same in lower case, right after a word that says a name follows (« atelier 'la clé de
#: sol' »): an SMS does not capitalise it
_LOWER_QUOTED_RE = re.compile(
    r"(?<=\s)['‘]([a-zà-ÿ](?:[^'‘’\n]|(?<=\w)['’](?=\w)){1,58}?[^\s'‘’])['’](?=[\s,.;:!?)]|$)"
)
_QUOTE_CUE_RE = re.compile(
    r"(?:appel\w*|nomm\w*|nom|sommes|suis|chez|entreprise|soci[ée]t[ée]|enseigne|notre|mon|ma"
    r"|institut|salon|cabinet|restaurant|boutique|agence|garage|atelier|magasin)\W*$",
    re.IGNORECASE,
)
# « s'appelle X », « le nom c'est X »: the name follows an explicit naming
_NAMED_BEFORE_RE = re.compile(
    r"(?i)(?:app?ell?e\w*|nomm\w*|\bnom(?:\s+commercial)?\s*(?:c'est|est|:)|enseigne\s*:?"
    r"|(?:^|[,.;]\s*)nom)\s*[«\"“]?\s*$"
)
_WELCOME_RE = re.compile(r"\bbienvenue\s+(?:chez|à|au|a)\s+", re.IGNORECASE)
# « Bonjour, ici Cannelle et Vanille »: the business answering
_HERE_RE = re.compile(r"(?:^|[,.!]\s*)ici\s+(?=[A-ZÀ-Ý])", re.IGNORECASE)
# « ça s'appelle clean car 51 », « le nom c'est green elagage »: an explicit naming, after
# which a name typed in lower case is read too (not « je m'appelle »: the owner)
_NAMING_RE = re.compile(
    r"(?i)(?:\bs['’]?\s?app?ell?e|\bs['’]\s?app?e?ll?\b|\bse\s+nomme"
    r"|\ble\s+nom\s+(?:c['’]?\s?est|c|est|:)|\braison\s+sociale\s*(?:c['’]?\s?est|est|:)?"
    # « mon nom commercial c'est X », « …, nom : X », « poissonnerie a boulogne, nom maree
    # fraiche »: « nom » opening a clause, or the trade name
    r"|\b(?:le|mon|notre|son)\s+nom\s+commercial\s+(?:c['’]?\s?est|est|:)?"
    # « mon nom de marque c'est studio pixel & papier »
    r"|\b(?:le|mon|notre|son)\s+nom\s+(?:de\s+marque|d['’]enseigne|de\s+(?:la\s+)?(?:soci[ée]t[ée]"
    r"|bo[iî]te|structure|l['’]entreprise))\s*(?:c['’]?\s?est|est|:)"
    # « je l'ai appelée Geek On Call », « on l'a baptisé X », « je facture sous Shift Advisory »
    r"|\b(?:je|j['’]|on|nous)\s*l['’]\s?(?:ai|a|avons)\s+(?:appel|nomm|baptis)[ée]e?s?"
    # « J'ai appelé ça Chef Nomade », « on a baptisé ça X »
    r"|\b(?:appel|nomm|baptis)[ée]e?s?\s+(?:[çc]a|cela)"
    r"|\b(?:je\s+|on\s+|nous\s+)?factur(?:e|ons)\s+sous(?:\s+le\s+nom(?:\s+de)?)?"
    r"|(?:^|[,.;]\s*)nom(?:\s+commercial)?\s*:?(?=\s+\S+\s+\S)"
    # « sur la devanture c'est marqué Au Pain d'Antan »: what the sign reads
    r"|\b(?:c['’]\s?est|est|il\s+y\s+a)\s+(?:marqu[ée]|[ée]crit|inscrit))\s+"
)
_COMPANY_CUE_RE = re.compile(
    r"\b(?:l'enseigne\s+c'est|l'entreprise\s+c'est|l'entreprise|la\s+soci[ée]t[ée]|la\s+sarl|la\s+sas|l'enseigne|ma\s+bo[iî]te\s+c(?:'est)?"
    # « mon cabinet c souffle d'ici », « mon salon c'est bella coiffure »
    r"|(?:mon|ma|notre|l['’]|le|la)\s*(?<=\s|['’])(?:cabinet|salon|resto|restaurant|boutique|magasin|atelier|institut"
    r"|agence|garage|studio|bar|camion|truck|commerce|affaire|societe|société|structure"
    r"|activit[ée]|marque|projet)"
    # « mon cabinet : Ostéo Océan », « mon activité c'est Sukalde »
    r"(?:\s+c(?:'est|\s+est|’est)?(?=\s)|\s*:)"
    r"|mon\s+entreprise\s+c(?:'est)?|we\s+are|nous\s+sommes|on\s+est|je\s+dirige|on\s+dirige"
    r"|sous\s+le\s+nom(?:\s+de)?|sous\s+l'enseigne|[àa]\s+la\s+t[êe]te\s+de"
    r"|(?:g[ée]rant|patron|propri[ée]taire|fondat(?:eur|rice)|cr[ée]at(?:eur|rice)"
    r"|pr[ée]sident|directeur|directrice|responsable)e?\s+(?:de|du|des)"
    r"|r[ée]pondeur\s+(?:de|d')"
    # « Notre société, dénommée AGIR Sécurité », « une structure baptisée Mountain Spirit »
    r"|(?:d[ée]nomm|nomm|appel|baptis)[ée]e?s?"
    # « my company is Happy Dog Academy », « our brand is X », « ma brand c'est FitWithMax »
    r"|(?:my|our)\s+(?:company|business|brand|shop|studio|salon|agency|name)\s+is"
    r"|(?:it'?s|it\s+is|we'?re)\s+called|(?:mon|ma|notre)\s+(?:brand|label|business|company|nom)"
    r"\s+c(?:'est|\s+est|’est)?(?=\s)"
    # « nous tenons l'Hôtel du Lion d'Or », « on a ouvert Fit Factory », « l'équipe de X »
    r"|(?:nous|on|je|j')\s*(?:tenons|tiens|tient|(?:avons|a|ai)\s+(?:ouvert|repris|cr[ée]{2}"
    r"|fond[ée]|lanc[ée]|mont[ée]))"
    r"|l'[ée]quipe\s+(?:de|d')"
    r"|je\s+g[èe]re|(?:chez\s+)?nous\s*,?\s*c'est|(?:nous|ns)\s*,?\s*c(?=\s)|notre\s+(?:entreprise|soci[ée]t[ée]|bo[iî]te"
    r"|enseigne)\s*,|entreprise|soci[ée]t[ée])\s*:?\s+",
    re.IGNORECASE,
)
# a stretch between punctuation; an initial's dot (« M.R. ») or a decimal one (« 2.0 ») stays
_SEGMENT_RE = re.compile(r"(?:(?<![^\W_])[A-ZÀ-Ý]\.|\d\.(?=\d)|[^,;:.!?()\n—–«»\"“”])+|\s-\s")
_LOCATION_BEFORE_RE = re.compile(
    r"(?:\b(?:à|a|au|aux|sur|dans|vers|près de|pres de|en|de|du|d'|chez|moi c'est|je suis"
    r"|m'appelle|appelle|c'est)\s*)$",
    re.IGNORECASE,
)


_LOWER_TRADE_RE = re.compile(
    r"(?:l['’]|les?\s+|la\s+)?([a-zà-ÿ][a-zà-ÿ-]+)(\s+(?:(?:du|de\s+la|des|de)\s+|d['’])?)(?=[A-ZÀ-Ý])"
)


def _span_name(
    text: str, start: int, *, lower_ok: bool, named: bool = False
) -> tuple[str, int] | None:
    """The name starting at ``start``: a run of capitalised words (or of any words up to a
    stop when ``lower_ok``, for SMS-style « ma boite c elec pro 38 »)."""
    rest = text[start:]
    trade = _LOWER_TRADE_RE.match(rest)
    if (
        trade is not None
        and fold(trade.group(1)) in _trade_words()
        and not any(t.pos in ("VERB", "ADJ") for t in tags(trade.group(1)))
    ):
        # « nous sommes l'hôtel du Lion d'Or »: the trade word in lower case, then the name
        run = _CAP_RUN_RE.match(rest, trade.end())
        if run is not None:
            word = trade.group(1)
            name = f"{word[:1].upper()}{word[1:]} {rest[trade.start(2) : run.end()].strip()}"
            return name.rstrip(), start + run.end()
    # « nous c'est le Barbier du Sillon »: an article in lower case is the sentence's (but
    # « on s'appelle les Délices de Julie » names the business with its article)
    article = re.match(r"(?:le|la|les)\s+(?=[A-ZÀ-Ý])|l['’](?=[A-ZÀ-Ý])", rest)
    if article is not None and named:
        found = _span_name(text, start + article.end(), lower_ok=lower_ok)
        if found is not None:
            return f"{rest[:1].upper()}{rest[1 : article.end()]}{found[0]}", found[1]
    if article is not None:
        rest, start = rest[article.end() :], start + article.end()
    m = _CAP_RUN_RE.match(rest)
    if m is not None:
        name = m.group(0).rstrip()
        if not _with_number_kept(rest, m.end()) and re.search(r"\s\d+$", name):
            name = re.sub(r"\s\d+$", "", name)
        joined = _A_RUN_RE.match(rest)
        if named and joined is not None and _a_joins(joined.group(0), joined.group(2)):
            name = joined.group(0).rstrip()  # « ça s'appelle Pied à Terre »
        return name, start + len(name)
    if lower_ok:
        end = 0
        count = 0
        fourth = 0
        for w in re.finditer(r"\s*([\w'’&-]+)", rest):
            if count == 4:
                fourth = end
            if w.start() != end or count == 6:
                break  # punctuation or a seventh word ends the name
            word = fold(w.group(1))
            family = re.match(r"\s*(?:fils|filles|fr[eè]res|associ[ée]s|cie|co)\b", rest[w.end() :])
            # « la cave a tomme », « pattes en vadrouille »: « à » or « en » inside the name
            following = (
                re.match(r"\s+([^\W\d_][\w'’-]*)", rest[w.end() :])
                if word in ("a", "à", "en")
                else None
            )
            a_noun = bool(
                count
                and following is not None
                and fold(following.group(1)) not in _NAME_STOP_WORDS
                # « on s'appelle la cave a tomme »: « à » and an ordinary noun, not a town
                and _noun(following.group(1))
                and fold(following.group(1)) not in _HOW_NOT_WHAT
                and not _is_city(following.group(1))
            )
            if word in _NAME_STOP_WORDS and not (
                (word == "et" and count and family)
                or (count and word in ("car", "ou") and not _clause_follows(rest[w.end() :]))
                or a_noun
            ):
                break
            end = w.end()
            count += 1
        if count > 4 and re.match(r"\s*(?:[,.;:!?\n]|$)", rest[end:]) is None:
            end = fourth  # a name runs to its clause's end; past four words, a sentence goes on
        if count:
            return rest[:end].strip(), start + end
    return None


def _noun(word: str) -> bool:
    """A noun of the dictionary, typed with its accents or without (« fete » for « fête »)."""
    low = word.lower()
    return (
        is_noun_word(low) or is_noun_word(fold(low)) or (low == fold(low) and dictionary_word(low))
    )


#: What « à » introduces that says how the business works, not what it is named after
#: (« coiffure a domicile », « pizza a emporter »).
_HOW_NOT_WHAT = frozenset(["domicile", "emporter", "distance", "volonte", "vendre", "louer"])


def _lower_name_ends_clause(text: str, start: int, end: int) -> bool:
    """A name in lower case after « ns c » stands alone: punctuation or the end follows, and it
    opens on a noun, a proper noun or an article (not « plutôt », « pas », « que »)."""
    if re.match(r"\s*(?:[,.;:!?\n]|$)", text[end:]) is None:
        return False
    tagged = tags(text[start:end].strip())
    if not tagged or tagged[0].pos not in ("NOUN", "PROPN", "DET", "ADJ", "X"):
        return False
    # « la marée sétoise », not « un camping » (a kind, not a name)
    return tagged[0].pos != "DET" or fold(tagged[0].text) in ("le", "la", "les", "l'")


def _a_word(word: str) -> bool:
    """A word of the dictionary, written with or without its accents."""
    return is_lexicon_word(word.lower()) or is_lexicon_word(fold(word))


def _coined_lower(name: str) -> bool:
    """A name typed in lower case holds a word of its own: no word of the dictionary, no
    town (« loca'rapid », « elec pro 38 »; not « la boulangerie du centre »)."""
    words = [w for w in re.split(r"[\s'’-]+", name) if w and not w.isdigit()]
    return any(
        not is_lexicon_word(w) and fold(w) not in _PARTICLES and not _is_city(w) for w in words
    )


def _title(name: str) -> str:
    """Capitals on a name typed in lower case, particles inside it left small."""
    words = name.split()
    return " ".join(
        w
        if i and fold(w) in _PARTICLES
        # « fil d'or » is written « Fil d'Or »
        else w[:2] + w[2:3].upper() + w[3:]
        if i and re.match(r"[dl]['’][^\W\d_]", w)
        else w[:1].upper() + w[1:]
        for i, w in enumerate(words)
    )


def _clause_follows(after: str) -> bool:
    """After « car » or « ou », an ordinary French word starts a clause (« car je… »); a
    number, the end or a foreign word (« clean car 51 », « car wash ») is still the name."""
    m = re.match(r"\s*([^\W\d_]+)", after)
    return m is not None and is_known_word(fold(m.group(1)))


_CONTAINERS = frozenset(
    fold(w)
    for w in [
        "cabinet",
        "agence",
        "institut",
        "brasserie",
        "librairie",
        "restaurant",
        "resto",
        "salon",
        "entreprise",
        "société",
        "boutique",
        "magasin",
        "hôtel",
        "hotel",
        "pizzeria",
        "boulangerie",
        "pâtisserie",
        "épicerie",
        "crêperie",
        "clinique",
        "centre",
        "studio",
        "bar",
        "café",
        "boucherie",
        "charcuterie",
        "fromagerie",
        "poissonnerie",
        "bistrot",
        "traiteur",
        "garage",
        "atelier",
        "ets",
        "établissements",
    ]
)
_GENERIC_CONTAINERS = frozenset(["entreprise", "societe", "ets", "etablissements"])
_FAMILY_WORDS = frozenset(
    [
        "fils",
        "filles",
        "freres",
        "soeurs",
        "associes",
        "associees",
        "cie",
        "compagnie",
        "pere",
        "mere",
    ]
)
_ARTICLES = frozenset(["Le", "La", "Les", "Au", "Aux", "The", "LE", "LA", "LES", "AU", "AUX"])


def _generic_container_spelling(word: str) -> str:
    """« entrprise », « sociéte »: a word for any business, mistyped by one letter."""
    if word in _GENERIC_CONTAINERS or len(word) < 7 or is_lexicon_word(word):
        return word
    close = [
        kind
        for kind in _GENERIC_CONTAINERS
        if len(kind) >= 7 and OSA.distance(word, kind, score_cutoff=1) <= 1
    ]
    return close[0] if len(close) == 1 else word


def _without_container(text: str, name: str) -> str | None:
    """The kind of business written before a name of its own is not part of it:

    - described (the shop word, then what it does in lower case), before a name of two
      capitalised words, one led by an article or a coined one: « Agence immobilière Vienne
      Immo », « Restaurant gastronomique L'Alcôve », « Cabinet d'avocats Mercier & Associés »;
    - before a coined name: « Onglerie Glam'Nails », « Cabinet OstéoVet Dauphiné »;
    - opening the text, before a name led by its own article: « Cinéma Le Lido, à Manosque »,
      « Herboristerie le Comptoir des Simples ».

    « Boulangerie Martin », « Garage du Lac », « Office notarial Rousseau », « Studio 54 »,
    « Cabinet Chiro Lac » keep it (the rest alone would be a surname, a place, a number or
    an ordinary word), and so does a name the owner gave after « s'appelle »."""
    m = re.search(re.escape(name), text, re.IGNORECASE) if name else None
    if m is None:
        return None
    tokens = text[m.start() : m.end()].split()
    if len(tokens) < 2 or _NAMED_BEFORE_RE.search(text[max(0, m.start() - 40) : m.start()]):
        return None
    trades = _trade_words()
    first = _generic_container_spelling(fold(tokens[0]))
    parts = re.findall(r"[^\W\d_]+", first)
    is_trade = first in trades or (bool(parts) and all(p in trades for p in parts))
    lower = tokens[0][:1].islower()
    if first in _PARTICLES or not (first in _CONTAINERS or is_trade or _common_noun(tokens[0])):
        return None
    i = 1
    described = False
    while i < len(tokens):
        word = fold(tokens[i])
        nxt = tokens[i + 1] if i + 1 < len(tokens) else ""
        if (
            word in _PARTICLES
            and nxt[:1].islower()
            and tokens[i] not in _ARTICLES
            and nxt not in ("la", "le", "les")
        ):
            i += 2  # « Institut de beauté … » (not « Golf de la Vallée »)
        elif re.fullmatch(r"[dl]['’][A-ZÀ-Ý]{2,5}", tokens[i]) and i + 1 < len(tokens):
            i += 1  # « Cabinet d'ORL … »: an acronym for what it does
        elif word not in _PARTICLES and tokens[i][:1].islower():
            i += 1  # « Agence immobilière … »
        else:
            break
        described = True
    rest = tokens[i:]
    if rest and rest[0] in ("le", "la", "les") and len(rest) > 1 and rest[1][:1].isupper():
        rest = rest[1:]  # « Herboristerie le Comptoir des Simples »: the sentence's article
        described = described or i > 1
        opening_article = True
    else:
        opening_article = False
    if not rest or (fold(rest[0]) in _PARTICLES and rest[0] not in _ARTICLES):
        return None  # « Cabinet vétérinaire des Quatre Chemins »: all of it is the name
    elsewhere = re.match(r"\s+(?:à|a|sur)\s+[A-ZÀ-Ý]", text[m.end() :]) is not None
    if rest[0][:1].isdigit() or (_is_city(" ".join(rest)) and not elsewhere):
        return None
    joined = " ".join(rest)
    led = rest[0] in _ARTICLES or re.match(r"L['’][A-ZÀ-Ý]", rest[0]) is not None
    coined = any(_coined(w) for w in rest)
    content = [t for t in rest if fold(t) not in _PARTICLES]
    generic = first in _GENERIC_CONTAINERS or lower
    if coined and not described and not generic:
        return joined  # « Onglerie Glam'Nails »
    shop = bool(parts) and all(p in _CONTAINERS or p.endswith("erie") for p in parts)
    if shop and rest[0] in ("Maison", "Chez") and len(rest) >= 2 and rest[1][:1].isupper():
        # « Boucherie-charcuterie Maison Ferrand », « Pizzeria Chez Toto »: a shop word, then
        # a sign of its own (« Chocolats Maison Ferrand », « Troc Maison 79 » are whole)
        return joined
    # a heading, not a greeting: « Cinéma Le Lido, à Manosque » (but « Bonjour, Hôtel Les
    # Remparts » announces the sign as the phone is answered, whole)
    opening = not re.sub(r"[^\W\d_]+-$", "", text[: m.start()]).strip()  # « Micro-crèche »
    if (led or opening_article) and (described or generic or opening):
        # « Restaurant gastronomique L'Alcôve », « Cinéma Le Lido, … »
        return joined
    family = re.search(r"(?i)\s(?:&|et)\s+(?:fils|filles|fr[eè]res|associ[ée]e?s|cie)\b", joined)
    # « Office notarial Bertin et Le Goff »: the practice bears the names of its partners
    partners = (
        re.fullmatch(r"\S+(?:\s+\S+)?\s+(?:et|&)\s+.+", joined) is not None
        and not family
        # surnames are singular; « Poils & Pattes » are things
        and not any(re.search(r"[sx]$", w) and _common_noun(w) for w in content)
        # and surnames lie near people's names (« Wash & Go » is not two partners)
        and all(person_word(w) for w in content if w[:1].isalpha())
    )
    if (
        (described or generic)
        and not partners
        and (coined or family or (len(content) >= 2 and _capitalised_words(joined) >= 2))
    ):
        return joined  # « Agence immobilière Vienne Immo », « Entreprise G. Placo Services »
    return None


_KINDS = frozenset(
    fold(w)
    for w in [
        *("agence", "atelier", "auberge", "cabinet", "centre", "clinique", "club", "école"),
        *("espace", "ferme-auberge", "hôtel", "institut", "laboratoire", "pôle", "résidence"),
        *("salon", "studio", "association", "auto-école", "entreprise", "société", "boutique"),
    ]
)
_ARTICLE_KIND_RE = re.compile(r"(?:Les?|La)\s+|L['’](?=[^\W\d_])")


_TOWN_TAIL_RE = re.compile(r"^(?P<head>.+?)\s+(?P<at>à|aux|au|a)\s+(?P<town>[A-ZÀ-Ý][\w'’ -]+)$")
_CONTRACTED = {"aux": "Les ", "au": "Le "}


def _first_town(towns: str) -> str:
    """« Mans et Sarthe » → « Mans », « Clermont Ferrand et le Puy de Dôme » → « Clermont
    Ferrand »: the town, before where else the business goes."""
    return re.split(r"\s+(?:et|&)\s+", towns)[0]


def _without_town(name: str) -> str:
    """« Kart'Océan aux Sables-d'Olonne »: the town after « à » or « aux » is where the
    business is; « La Cave à Comté », « Garage à Lyon » (a trade alone) keep theirs."""
    m = _TOWN_TAIL_RE.match(name)
    if m is None or _only_trade_words(m.group("head")):
        return name
    town = _first_town(m.group("town"))
    contracted = _CONTRACTED.get(m.group("at"))
    if not (_is_city(contracted + town) if contracted else _is_city(town)):
        # « aux Sables-d'Olonne » is at Les Sables-d'Olonne; « La Grange aux Noyers » is not
        # at Noyers (« aux » says a town whose name has « Les »)
        return name
    return m.group("head")


def _chez_without_trade(name: str) -> str:
    """« Kebab Chez Momo », « Salon de coiffure chez Momo »: the sign is « Chez Momo ». Before
    an article, « chez » is the sentence's (« responsable chez Le Royaume des Animaux »); so is
    « tout simplement » after « s'appelle »."""
    name = re.sub(r"^(?:[Tt]out\s+)?[Ss]implement\s+(?=\S)", "", name)
    article = re.match(r"[Cc]hez\s+(?=(?:L['’]|Les?\s|La\s))", name)
    if article is not None:
        return name[article.end() :]
    m = re.match(r"(?P<kind>.+?)\s+(?P<sign>[Cc]hez\s+\S.*)$", name)
    if m is None or not _only_trade_words(m.group("kind")):
        return name
    sign = m.group("sign")
    return sign[:1].upper() + sign[1:]


def _without_article(name: str) -> str:
    """« Le Cabinet de Chiropraxie des Halles », « L'Atelier Lumière & Verre », « La Résidence
    Les Tilleuls »: before a kind of establishment that a description or a name of its own
    follows, the article is the sentence's, not the sign's. « La Ferme de Tilly », « Le Padel
    Club de Villefranche » keep theirs: the kind only says whose or where it is."""
    article = _ARTICLE_KIND_RE.match(name)
    if article is None:
        return name
    rest = name[article.end() :]
    words = rest.split()
    trades = _trade_words()
    # the kind: one of the first two words (« Tennis Club Municipal »)
    at = next((i for i, w in enumerate(words[:2]) if fold(w) in _KINDS), None)
    if at is None or (at == 1 and fold(words[0]) not in trades):
        return name
    after = words[at + 1 :]
    if not after:
        return name  # « Le Studio »: the article is part of a one-word name
    joined = " ".join(after)
    of = re.match(r"(?:du|des|de\s+la|de\s+l['’]|de|d['’])\s*(\S+)", joined)
    if of is not None and not _discipline(of.group(1), trades):
        return name  # « La Ferme de Tilly », « Le Padel Club de Villefranche »
    return rest


#: the legal forms the lower-case reader knows, and those of the liberal professions
_LEGAL_FORMS = LOWER_LEGAL_FORMS | frozenset(["scp", "selarl", "selas", "snc"])


def _sentence_article(text: str, name: str) -> str:
    """« La Menuiserie Vidal et Fils, entreprise familiale… », « L'Auto-École de la Gare, à
    Vierzon, prépare… », « La SCP Bernard & Associés… »: opening the text or a sentence, the
    article before a trade or a legal form is the sentence's, the subject's."""
    article = re.match(r"(?:L['’]|(?:Le|La|Les)\s+)(?=\S)", name)
    if article is None:
        return name
    rest = name[article.end() :]
    head = fold(rest.split()[0]) if rest.split() else ""
    if head not in _trade_words() and head not in _LEGAL_FORMS and head not in _KINDS:
        return name
    at = text.find(name)
    if at < 0 or (at > 0 and not re.search(r"[.!?\n]\s*$", text[:at])):
        return name
    if not re.match(r"\s*(?:,|—|–|\(|à\s|a\s)", text[at + len(name) :]):
        # « … Les Jardins Verts. », « La Table d'Hélène vous accueille »: the sign, article and
        # all; only a subject set apart (« La Menuiserie Vidal, entreprise… ») loses it
        return name
    return rest


def _discipline(word: str, trades: frozenset[str]) -> bool:
    """« Chiropraxie », « Musique », « Architecture »: what is practised there, a trade word
    or a French noun of a discipline's shape."""
    plain = fold(word)
    if plain in trades:
        return True
    return (
        len(plain) >= 6
        and re.search(r"(?:ie|ique|ure)$", plain) is not None
        and is_lexicon_word(word.lower())
    )


#: the words of the request itself, with which owners address what they ask for
_REQUEST_NOUNS_TEXT = """
assistant assistante repondeur standard standardiste secretaire secretariat patron
patronne client cliente clients clientes equipe telephone agenda planning
"""
_REQUEST_NOUNS = frozenset(_REQUEST_NOUNS_TEXT.split())


#: Words that open or punctuate what is said (« Ah, et on ne fait plus… », « Alors, je
#: suis… »): alone, never a name.
_INTERJECTIONS = frozenset(
    [
        "ah",
        "oh",
        "eh",
        "euh",
        "hein",
        "alors",
        "bon",
        "ben",
        "bah",
        "bref",
        "donc",
        "voila",
        "oui",
        "non",
        "ok",
        "bonjour",
        "bonsoir",
        "salut",
        "merci",
        "enfin",
        "puis",
        "ensuite",
        "sinon",
        "aussi",
    ]
)
_PRONOUN_ELISION_RE = re.compile(r"(?i)(?:j|qu|n|s|c|m|t)['’][a-zà-ÿ]")
_SENTENCE_THEN_PRONOUN_RE = re.compile(
    r"[.!?]\s+(?:Nous|Je|J['’]|On|Vous|Il|Elle|Ils|Elles|Tu|Ça|Ca|C['’]est)\b"
)


def _sentence_words(name: str, *, cued: bool) -> bool:
    """Words of the sentence taken for a name: interjections alone, a pronoun and its verb
    (« J'exerce »), the end of one sentence and the start of the next (« permis B. Nous »);
    and, unless a cue named it, a sentence's first article before a word in lower case
    (« L'automne c'est la folie »; « La Cigale » is written as a name)."""
    words = _words(name)
    if words and all(w in _INTERJECTIONS for w in words):
        return True
    if _PRONOUN_ELISION_RE.match(name) or _SENTENCE_THEN_PRONOUN_RE.search(name):
        return True
    return not cued and re.fullmatch(r"(?:Les?|La|L['’])\s*[a-zà-ÿ][\w-]*", name) is not None


_DESCRIBED_AFTER_RE = re.compile(
    r"^\W*(?:(?:bonjour|bonsoir|hello|salut|alors|donc)\W+)*"
    r"(?P<name>(?-i:[A-ZÀ-Ý])[\w'’&-]*(?:\s+(?:&\s+)?(?-i:[A-ZÀ-Ý0-9])[\w'’&-]*){0,3})"
    r"\s*,\s*c['’]est\s+(?:un|une|notre|mon|ma)\s+[a-zà-ÿ]",
    re.IGNORECASE,
)


def _described_after(text: str) -> list[tuple[str, float, str]]:
    """« Nomade, c'est un concept store à Biarritz »: the words opening the text, then what
    they are."""
    m = _DESCRIBED_AFTER_RE.match(text)
    if m is None or not m.group("name")[:1].isupper():
        return []
    return [(m.group("name"), 0.8, "described")]


def _article_and_noun(name: str) -> bool:
    """« L'assistant : … », « Le patron »: an article and a word of the request (« La Cigale »
    and « Le Fournil » are names)."""
    m = re.fullmatch(r"(?:[Ll]es?|[Ll]a|[Ll]['’])\s*([^\W\d_]+)", name.strip())
    return m is not None and fold(m.group(1)) in _REQUEST_NOUNS


@lru_cache(maxsize=4096)
def _common_noun(word: str) -> bool:
    """« Cinéma », « Friperie », « Micro-crèche »: a common noun, in lower case, names a
    kind of business (spaCy's part of speech)."""
    plain = word.lower().strip(".,")
    if not re.fullmatch(r"[^\W\d_]+(?:-[^\W\d_]+)?", plain) or not is_known_word(plain):
        return False
    tagged = tags(plain)
    return len(tagged) >= 1 and tagged[-1].pos == "NOUN"


#: What a business does, said right after its name (« … des Capucins regroupe quatre
#: praticiens », « La Cave à Fromages d'Ornans propose… »).
_BUSINESS_VERBS = (
    r"propose|proposent|accueille|accueillent|intervient|interviennent|accompagne|accompagnent"
    r"|offre|offrent|répare|réparent|vend|vendent|assure|assurent|réalise|réalisent|organise"
    r"|organisent|livre|livrent|existe|regroupe|regroupent|compte|emploie|dispose|recherche"
    r"|cherche|souhaite|conçoit|gère|fabrique|travaille|travaillent|fait|font|ouvre|ouvrent"
)
_KIND_THEN_NAME_RE = re.compile(
    r"(?<![\w-])(?<![^lLdD]['’])(?P<kind>[A-ZÀ-Ý][^\W\d_]+(?:-[^\W\d_]+)?)"
    r"(?P<what>(?:(?:\s+(?:de|du|des)\s+|\s*d['’]|\s+)[a-zà-ÿ][\w'’-]*|\s*d['’][A-Z]{2,5}\b)+?)"
    rf"\s+(?P<name>(?:(?:du|des|de\s+la|de\s+l['’]|de|d['’])\s*)?(?=[A-ZÀ-Ý])"
    rf"{_CAP_RUN_RE.pattern})"
    # the name ends there: punctuation, the town, or the sentence going on
    r"(?=\s*(?:[,.;:!?()\n—–-]|$)|\s+(?:à|a|au|aux|sur|en|dans|près|pres|depuis|pour|avec|et|qui"
    rf"|ouvert\w*|situ\w*|{_BUSINESS_VERBS})\b)"
)
# where a kind of business may stand with a capital: opening a sentence, after a greeting,
# after an article (« à l'Office notarial Rousseau », « du Cabinet médical du Parc »)
_KIND_BEFORE_RE = re.compile(
    r"(?:^|[.!?\n]|^\W*(?i:bonjour|bonsoir|hello|salut)\W*|\b(?i:du|le|la|au)\s|\b[lL]['’])\s*$"
)
# French agent nouns (a person doing the trade): « plombier », « coiffeuse », « médiatrice »
_AGENT_NOUN_RE = re.compile(r"(?:eur|euse|ier|iere|ien|ienne|iste|trice|teur|logue|ant|ante)s?$")
_NOT_WHAT = frozenset(
    ["a", "à", "au", "aux", "sur", "en", "dans", "vers", "pres", "près", "et", "chez", "par"]
)


def _enumerated(name: str) -> re.Match[str] | None:
    """« Samsung et Philips », « Hatha et Vinyasa »: two proper names listed (the match, its
    second word in group 1). After a shop word, two nouns of the dictionary written with
    capitals make a sign instead (« boutique Cadres et Reflets »)."""
    pair = re.fullmatch(r"\S+\s+(?:et|and)\s+(\S+)", name)
    if pair is None:
        return None
    if all(w[:1].isupper() and is_noun_word(w.lower()) for w in (name.split()[0], pair.group(1))):
        return None
    return pair


def _kind_then_name(text: str) -> list[tuple[str, float, str]]:
    """A kind of business, capitalised, what it does in lower case, then a name: « Salle
    d'escalade de bloc Le Pan », « Boutique de prêt-à-porter féminin Les Filles d'à Côté »,
    « à l'Office notarial Rousseau », « Secrétariat du Cabinet médical du Parc ». Whether the
    kind belongs to the name is weighed later (:func:`_without_container`)."""
    out: list[tuple[str, float, str]] = []
    trades = _trade_words()
    pos = 0
    while (m := _KIND_THEN_NAME_RE.search(text, pos)) is not None:
        pos = m.start() + 1  # « Secrétariat du Cabinet médical du Parc »: matches may overlap
        kind, what, name = m.group("kind"), m.group("what").split(), m.group("name")
        if not _KIND_BEFORE_RE.search(text[: m.start()]) or fold(what[-1]) in _PARTICLES:
            continue  # inside a sentence, a capital is a name's own
        if fold(kind) not in trades and fold(kind) not in _CONTAINERS and not _common_noun(kind):
            continue
        if _AGENT_NOUN_RE.search(fold(kind)):
            continue  # « Médiatrice familiale diplômée d'État »: a person's trade, not a place
        if any(fold(w) in _NOT_WHAT or fold(w) in _NAME_STOP_WORDS for w in what):
            continue  # « Cabinet d'orthophonie à Tours »: the town, not a name
        bare = re.sub(r"^(?:du|des|de\s+la|de\s+l['’]|de|d['’])\s*", "", name)
        if (re.search(r"\b[A-Z]{2,}\b", bare) or len(_words(bare)) == 1) and any(
            t.pos == "VERB" for t in tags(f"{kind} {m.group('what').strip()}")
        ):
            continue  # « Électricien agréé Qualifelec », « labellisé RGE »: a qualification
        pair = _enumerated(name)
        if pair is not None and fold(pair.group(1)) not in _FAMILY_WORDS:
            continue  # « télévisions Samsung et Philips »: brands listed, not a name
        elsewhere = re.match(r"\s+(?:à|a|sur)\s+[A-ZÀ-Ý]", text[m.end() :]) is not None
        if (
            bare == name
            and not elsewhere
            and (_is_city(bare) or _is_city(re.sub(r"\s+\d.*$", "", bare)))
        ):
            # « Pressing express Nantes »: the town; but « Cabinet infirmier des Vignes », or
            # « … Les Forges à Metz » where the town is said apart
            continue
        plain = [w for w in _words(bare) if w not in _PARTICLES]
        if (
            2 <= len(plain) <= 3
            and not _TITLE_RE.match(bare)
            and not any(w in trades for w in plain)
            and _person_entity(text[m.start("name") : m.end("name") + 30], 0, len(name))
        ):
            continue  # « Infirmière libérale Marie Dupont »: the owner
        out.append((m.group(0).strip(), 0.7, "kind"))
    return out


def _beside_trade(text: str) -> list[tuple[str, float, str]]:
    """A capitalised span right after a trade word and what it does, inside a sentence:
    « Librairie indépendante Le Chat Qui Lit », « au cabinet Kiné Nord Tours »."""
    out: list[tuple[str, float, str]] = []
    trades = _trade_words()
    for m in _CAP_RUN_RE.finditer(text):
        before = re.split(r"[,;:.!?()\n—–«»\"“”]", text[: m.start()])[-1]
        words = list(re.finditer(r"[^\W\d_][\w'’-]*", before))[-4:]
        # « tabac presse le Balto »: the article in lower case opens the name
        article = words.pop() if words and words[-1].group(0) in ("le", "la", "les") else None
        words = words[-3:]
        # « L'épicerie biologique Les Champs Libres »: the trade word with its elided article
        trade_at = next(
            (
                w
                for w in words
                if (plain := re.sub(r"^[ld]['’]", "", fold(w.group(0)))) in trades
                # « boutique Cadres et Reflets »: a shop word in lower case, then its sign
                or (plain in _CONTAINERS and w.group(0)[:1].islower())
            ),
            None,
        )
        if trade_at is None or not m.group(0)[:1].isalpha():
            continue
        # « le centre équestre des Trois Chênes »: an establishment's sign after « du », « des »
        sign_of = (
            fold(words[-1].group(0)) in ("du", "des")
            and fold(trade_at.group(0)) in _CONTAINERS
            and not _is_city(m.group(0).strip())
        )
        if (
            fold(words[-1].group(0)) in _PARTICLES | {"vers", "pres", "dans", "pour", "avec"}
            and not sign_of
        ):
            continue  # « avocate au barreau de Paris »: a place, not a name
        gap = before[trade_at.end() :]
        if re.search(r"[A-ZÀ-Ý\d]", gap):
            continue
        last = words[-1].group(0)
        if (
            words[-1] is not trade_at
            and tags(last)[0].pos == "VERB"
            and not is_noun_word(last.lower())
        ):
            continue  # « entreprise certifiée RGE QualiPV »: a qualification, not a name
            # (a noun alone may be tagged a verb: « magasin de vélos Cycles Dubreuil »)
        if (
            _AGENT_NOUN_RE.search(fold(trade_at.group(0)))
            and 2 <= len(_words(m.group(0))) <= 3
            and _person_entity(text[m.start() : m.end() + 30], 0, len(m.group(0).rstrip()))
        ):
            continue  # « Infirmière libérale Claire Dubois »: the professional herself
        start = len(text[: m.start()]) - len(before) + trade_at.start()
        # « Librairie indépendante Le Chat Qui Lit » whole (the container is weighed later);
        # « au cabinet Kiné Nord Tours »: a shop word in lower case is not in the name
        lower = trade_at.group(0)[:1].islower() or bool(re.match(r"[lLdD]['’]", trade_at.group(0)))
        span = (m.group(0) if lower else text[start : m.end()]).rstrip()
        if article is not None and lower:
            span = f"{article.group(0).capitalize()} {span}"
        # « Agence de communication Pixel et Plume »: a shop word opening its clause, in
        # capitals, then what it does and a name
        heading = (
            fold(trade_at.group(0)) in _CONTAINERS
            and not lower
            and not before[: trade_at.start()].strip()
            and not _is_city(m.group(0).strip())
        )
        pair = _enumerated(m.group(0).strip())
        if pair is not None and fold(pair.group(1)) not in _FAMILY_WORDS and not heading:
            continue  # « télévisions Samsung et Philips »: brands listed, not a name
        shaped = _capitalised_words(m.group(0)) >= 2 or m.group(0) in _ARTICLES
        score = 0.7 if shaped or (article is not None and lower) else 0.5
        if heading:
            score = max(score, 0.7)
        out.append((span, score, "trade"))
    return out


def _quoted(text: str) -> list[tuple[str, float, str]]:
    out: list[tuple[str, float, str]] = []
    for m in _QUOTED_RE.finditer(text):
        name = (m.group(1) or m.group(2) or m.group(3) or "").strip()
        if not name or len(name.split()) > 6:
            continue
        cued = bool(_QUOTE_CUE_RE.search(text[max(0, m.start() - 30) : m.start()]))
        out.append((name, 0.85 if cued else 0.65, "quoted"))
    for m in _LOWER_QUOTED_RE.finditer(text):
        if len(m.group(1).split()) <= 6 and _QUOTE_CUE_RE.search(
            text[max(0, m.start() - 30) : m.start()]
        ):
            out.append((_title(m.group(1)), 0.8, "quoted"))
    return out


def _cued(text: str) -> list[tuple[str, float, str]]:
    out: list[tuple[str, float, str]] = []
    for pattern, score, source in (
        (_WELCOME_RE, 0.9, "welcome"),
        (_COMPANY_CUE_RE, 0.8, "company"),
        (_NAMING_RE, 0.9, "named"),
        (_HERE_RE, 0.8, "welcome"),
    ):
        for m in pattern.finditer(text):
            # « ns c istanbul grill »: after « nous c'est » in SMS, a name typed in lower case
            sms_us = source == "company" and re.match(r"(?:nous|ns)\W*c\b", fold(m.group(0)))
            # « je suis samir gerant de loca'rapid, location de voitures »: after the owner's
            # role, a coined word in lower case (no word of the dictionary nor a town)
            role = source == "company" and re.match(
                r"(?:gerant|patron|proprietaire|fondat|creat|president|direct|responsable)",
                fold(m.group(0)),
            )
            lower_ok = (
                source == "named"
                or bool(sms_us)
                or bool(role)
                or (
                    source == "company"
                    and re.match(
                        r"(?:ma boite|mon entr|(?:(?:mon|ma|notre|le|la) |l')\S+ c\b)",
                        fold(m.group(0)),
                    )
                    is not None
                )
            )
            found = _span_name(
                text, m.end(), lower_ok=lower_ok and source != "named", named=source == "named"
            )
            if found is None and source == "named":
                found = _span_name(text, m.end(), lower_ok=True)
                if found is not None and found[0] != found[0].lower():
                    continue  # capitals further on: the other cues read that name
            if found is None:
                continue
            name = found[0]
            ours = source == "company" and re.match(
                r"(?:(?:mon|ma|notre|le|la) |l')\S+ c\b", fold(m.group(0))
            )
            if (
                (sms_us or ours or role)
                and name == name.lower()
                and not _lower_name_ends_clause(text, m.end(), found[1])
            ):
                continue  # « nous c'est plutôt les mariages »: a sentence goes on
            if role and name == name.lower() and not _coined_lower(name):
                continue  # « gérant de la boulangerie »: the kind, in words of the language
            if pattern is _HERE_RE and _person_entity(
                text, m.end(), m.end() + len(name.split()[0])
            ):
                continue  # « ici Karim de Serrurerie Express »: the owner speaking
            if lower_ok and name == name.lower():
                name = _title(name)  # « clean car 51 » is written « Clean Car 51 »
            chez = source == "welcome" and fold(m.group(0)).rstrip().endswith("chez")
            if (
                chez
                and _words(name)[0] not in _trade_words()
                and not fold(name).startswith("chez ")
            ):
                name = f"Chez {name}"  # « bienvenue chez Fatou »: the name is « Chez Fatou »
            out.append((name, score, source))
    return out


_CEST_RE = re.compile(
    rf"(?i:\bc'est|\bmettez|\bmettre)\s+(?:(?i:l[ea]s?\s+|l['’])(?=[a-zà-ÿ]))?"
    rf"((?:[a-zà-ÿ-]+\s+)?)({_CAP_RUN_RE.pattern})(\s+à\s+{_CAP_RUN_RE.pattern})?"
    r"\s*(?=[,.;:!?\n—–(]|$|(?i:comme\s+nom|pour\s+le\s+nom)\b)"
)
# « La Cave à Comté »: « à » inside a name, when what follows is not a town
_A_RUN_RE = re.compile(rf"({_CAP_RUN_RE.pattern})\s+[àa]\s+({_CAP_RUN_RE.pattern})")


_IN_TOWN_RE = re.compile(rf"({_CAP_RUN_RE.pattern})\s+(?:à|a|sur)\s+([A-ZÀ-Ý][\w'’ -]+)")
#: The same, the town in capitals, then the sentence going on in lower case
_OPENING_TOWN_RE = re.compile(
    rf"({_CAP_RUN_RE.pattern})\s+(?:à|a|sur)\s+([A-ZÀ-Ý][\w'’-]*(?:[ -][A-ZÀ-Ý][\w'’-]*)*)"
    r"(?=\s+[a-zà-ÿ])"
)


def _a_joins(run: str, tail: str) -> bool:
    """« La Cave à Comté » is one name; « Garage à Lyon 8e » is a trade and its town. Typed
    without its accent (« la Fabrique a Glaces »), « a » joins only an ordinary noun: « Pneus
    Discount 91 a Evry » is where the shop is."""
    head = re.split(r"\s+[àa]\s+", run)[0]
    if _only_trade_words(head):
        return False
    if re.search(r"\sa\s", run) and not is_noun_word(tail.split()[0].lower()):
        return False
    bare = re.sub(r"\b\d+\w{0,3}\b", " ", tail).strip()
    return not (_is_city(tail) or (bare and _is_city(bare)))


_SUBJECT_VERB_RE = re.compile(
    r"\s+(?:(?:est|sont|c['’]est)\s+(?:un|une|des|le|la|l'|votre|vos|notre|nos|mon|ma"
    r"|spécialisée?s?|installée?s?)\b"
    rf"|(?:vous\s+)?(?:{_BUSINESS_VERBS})\b)"
)


def _subject(text: str) -> list[tuple[str, float, str]]:
    """« Boulang'Heure est une boulangerie de quartier », « Les Petits Plats de Marie
    propose… »: a capitalised name opening a sentence, subject of what the business does."""
    out: list[tuple[str, float, str]] = []
    # (or after a comma: « Agence de recherches privées, Investigations Sud-Ouest intervient à
    # Agen »)
    for m in re.finditer(rf"(?:^|(?<=[.!?\n])\s*|(?<=,)\s+)({_CAP_RUN_RE.pattern})", text):
        name = m.group(1)
        joined = _A_RUN_RE.match(text, m.start(1))
        if joined is not None and _a_joins(joined.group(0), joined.group(2)):
            name = joined.group(0)  # « La Cave à Fromages d'Ornans propose… »
        if text[: m.start(1)].rstrip().endswith(",") and _capitalised_words(name) < 2:
            continue  # after a comma, one capitalised word is anything (« …, Lyon propose »)
        end = m.start(1) + len(name)
        if not _SUBJECT_VERB_RE.match(text, end) and not _verb_follows(text, end):
            continue
        words = _words(name)
        if _capitalised_words(name) < 2 and len(words) == 1 and is_known_word(words[0]):
            continue  # « Notre équipe », « Elle propose »: an ordinary word
        if len(words) <= 2 and _person_entity(text, m.start(1), end):
            continue  # « Karim intervient sur Lyon »: the owner
        out.append((name, 0.75, "subject"))
    return out


def _verb_follows(text: str, end: int) -> bool:
    """« SunWatt Énergies installe des panneaux »: a verb in the present right after a span
    of two capitalised words or more makes it the subject (spaCy's parts of speech)."""
    if _capitalised_words(text[:end].split(".")[-1]) < 2 or not re.match(r" [a-zà-ÿ]", text[end:]):
        return False
    clause = re.split(r"[,.;:!?\n]", text[:end].split(".")[-1] + text[end : end + 40])[0]
    offset = end - (len(text[:end]) - len(text[:end].split(".")[-1]))
    tagged = tags(clause)
    after = next((t for t in tagged if t.start >= offset), None)
    if after is None or after.pos != "VERB" or not re.search(r"(?:e|t|d)$", after.text):
        return False  # « installe », « construit », « répond »: the third person
    return all(
        t.pos in ("PROPN", "NOUN", "ADP", "DET", "ADJ", "NUM", "CCONJ", "PUNCT")
        for t in tagged
        if t.start < offset
    )


# « pas de nom de boite, juste mon nom Yann Le Gall », « l'entreprise est à mon nom »,
# « je travaille sous mon nom »: the business has no name but the owner's
_OWN_NAME_RE = re.compile(
    r"(?i)(?:\bpas\s+de\s+nom\b[^.!?\n]{0,40}?\b(?:juste|seulement|simplement|que)\s+"
    r"|\b(?:est|suis|travaille|trav)\s+(?:[àa]|sous)\s+|\bsous\s+)"
    r"mon\s+(?:propre\s+)?nom\b\s*(?:,|:|c['’]est)?\s*"
)


def _named_after_owner(text: str, owner: str | None) -> str | None:
    """The owner's own name, when the owner says the business bears no other one."""
    m = _OWN_NAME_RE.search(text)
    if m is None:
        return None
    run = _CAP_RUN_RE.match(text, m.end())
    if run is not None and _capitalised_words(run.group(0)) >= 2:
        return run.group(0).strip()
    return owner if owner is not None and len(owner.split()) >= 2 else None


#: « Le Bollaert ça s'appelle », « Le Bar à Cils, c'est le nom »: the name, then its naming
_NAME_THEN_NAMING_RE = re.compile(
    rf"(?:^|[,.;:!?]\s*|\s)(?P<name>{_CAP_RUN_RE.pattern})\s*,?\s+"
    r"(?i:(?:[çc]a|ca)\s+s['’]appelle|c['’]est\s+(?:le|notre|mon)\s+nom|c['’]est\s+son\s+nom)\b"
)


def _named_before(text: str) -> list[tuple[str, float, str]]:
    out: list[tuple[str, float, str]] = []
    for m in _NAME_THEN_NAMING_RE.finditer(text):
        name = m.group("name").strip()
        if re.match(r"(?i)(?:c['’]est|ça|ca)\b", name):
            continue
        out.append((name, 0.85, "named"))
    return out


#: « Cordialement,\nNathalie Girard\nPaie Service Normandie – Lisieux »: an e-mail's signature
_SIGN_OFF_RE = re.compile(
    r"(?im)^\s*(?:bien\s+)?(?:cordialement|à\s+bient[ôo]t|bien\s+à\s+vous|salutations"
    r"|merci(?:\s+d'avance)?)\b[^\n]*\n(?P<lines>(?:[^\n]*\n?){1,4})"
)


def _signed(text: str) -> list[tuple[str, float, str]]:
    """The business under an e-mail's sign-off: the first line after the person's own that is
    a capitalised name, its town after a dash set aside."""
    out: list[tuple[str, float, str]] = []
    m = _SIGN_OFF_RE.search(text)
    if m is None:
        return out
    for line in m.group("lines").splitlines():
        line = re.split(r"\s+[—–-]\s+", line.strip())[0].strip(" ,.")
        if not line or re.search(r"\d{2}[\s.]?\d{2}|@|www\.", line):
            continue  # a phone number, an e-mail or a website
        run = _CAP_RUN_RE.fullmatch(line)
        if run is None:
            continue
        at = text.find(line)
        if _person_shaped(line) and _person_entity(text, at, at + len(line)):
            continue  # « Nathalie Girard »: who signs
        out.append((line, 0.8, "signed"))
        break
    return out


def _named_last(text: str) -> list[tuple[str, float, str]]:
    """« Bonjour, c'est Chic & Chien, toilettage à Lens », « …, c'est Ramonage Alpin. »,
    « mettez Sophro Vézère »: a capitalised name standing alone after « c'est »; a trade word
    in lower case before it (« c'est l'hôtel du Lion d'Or ») is weighed as a container."""
    out: list[tuple[str, float, str]] = []
    trades = _trade_words()
    for m in _CEST_RE.finditer(text):
        lead, name = m.group(1).strip(), m.group(2)
        if m.group(3) and _a_joins(name, m.group(3).strip()[2:].strip()):
            name = f"{name}{m.group(3)}"
        if lead and fold(lead) not in trades:
            continue
        if lead:
            name = f"{lead[:1].upper()}{lead[1:]} {name}"
        if len(_words(name)) == 1 and not lead and _person_entity(text, m.start(2), m.end(2)):
            continue  # « c'est Julie, coiffeuse »: the owner, not the business
        # one word alone after « c'est » is as often the owner's first name (« c'est Julie »)
        out.append((name, 0.7 if len(_words(name)) > 1 or lead else 0.5, "cest"))
    return out


_STREET_BEFORE_RE = re.compile(
    r"(?i)\b(?:rue|avenue|av|boulevard|bd|place|quai|cours|all[ée]e|impasse|chemin|route"
    r"|square|esplanade|parvis)\s+(?:de\s+la\s+|du\s+|des\s+|de\s+l['’]|de\s+|d['’])?$"
)
#: « un cochon qui s'appelle Gaston »: what is named is the word before « qui », not the
#: business, unless that word is the business (« un salon qui s'appelle… », « une boîte »).
_WHO_IS_CALLED_RE = re.compile(
    r"(?i)\b(?P<noun>[\w'’-]+)\s+(?:qui|qu['’]on|que\s+(?:j['’]ai|nous\s+avons|on\s+a))\s+"
    r"(?:s['’]\s?appel+e|(?:a\s+)?(?:appel[ée]e?|nomm[ée]e?|baptis[ée]e?))\s*$"
)


#: What the business itself is called by (« mon business s'appelle Bloom Coaching »)
_BUSINESS_NOUNS = _wordset(
    "business activite structure marque enseigne affaire commerce etablissement concept brand "
    "company societe entreprise boite startup start-up nom label projet asso association "
    "franchise maison equipe collectif reseau site"
)
_RELATIVES = _wordset(
    "fils fille mari femme epoux epouse frere soeur pere mere chien chienne chat chatte cheval "
    "associe associee compagnon compagne conjoint conjointe"
)
#: « notre programme en cours s'appelle », « mon fils s'appelle »: the subject of the verb
_OTHER_SUBJECT_RE = re.compile(
    r"(?i)\b(?:notre|nos|mon|ma|mes|son|sa|leur)\s+(?P<np>[\w'’-]+(?:\s+[\w'’-]+){0,2}?)\s+"
    r"s['’]\s?appel+e(?:nt)?\s*:?\s*$"
)


def _agrees(called: re.Match[str]) -> bool:
    """Is the noun before « qui s'appelle » its subject? « deux collègues qui s'appelle
    Mountain Spirit »: a plural noun and a singular verb, the subject is further back (« une
    petite structure avec deux collègues »)."""
    noun = fold(called.group("noun"))
    singular_verb = re.search(r"(?i)appel+e\s*$|nomm[ée]e?\s*$|baptis[ée]e?\s*$", called.group(0))
    return not (singular_verb and len(noun) > 3 and noun.endswith(("s", "x")))


#: « J'ai travaillé vingt ans chez Orange », « j'ai appris le métier chez Monsieur
#: Gaillard »: where the owner worked before, in the clause before « chez »
_FORMER_WORK_RE = re.compile(
    r"(?i)\b(?:travaill[ée]|boss[ée]|[ée]t[ée]\s+(?:salari[ée]e?|employ[ée]e?|apprenti\w*|"
    r"second|chef|vendeu\w+|serveu\w+|coiffeu\w+|commis)|appris|form[ée]e?|stage|apprentissage"
    r"|d[ée]but[ée]|commenc[ée]|pass[ée]\s+\w+\s+ans|employ[ée]e?|embauch[ée]e?|avant"
    r"|apr[èe]s\s+\S+\s+(?:ans|ann[ée]es))"
    r"[^.!?;]{0,60}\bchez\s*$"
)


#: What the business belongs to, works in or with, not its own name: a network, a brand it
#: installs or sells, the body that approves it, the place that hosts it, a former employer
#: (« agréés par Vinci Autoroutes », « adhérents du groupement Atol », « concessionnaire
#: Desjoyaux », « on pose surtout du Viessmann », « au sein de la clinique Saint-Joseph »,
#: « après quinze ans chez Michelin »). « sous l'enseigne X » names the business itself.
_AFFILIATION_BEFORE_RE = re.compile(
    # « agréés par les assurances genre Mondial Assistance »: what approves, then who
    r"(?i)(?:\bagr[ée]{2}e?s?\s+(?:par|aupr[èe]s\s+(?:de|du|des))"
    r"(?:\s+(?:les|la|le|l['’]|des)(?:\s*(?-i:[a-zà-ÿ][a-zà-ÿ'’-]*)){1,2}"
    r"(?:\s*,?\s*(?:genre|comme|notamment|type|tels?\s+que|telles?\s+que))?)?"
    # « la viande vient directement d'un éleveur, le GAEC Delmas »: a supplier
    r"|\b(?:vien(?:t|nent)|provien(?:t|nent)|achet[ée]e?s?|fourni(?:e|es|s)?|livr[ée]e?s?\s+par)"
    r"(?:\s+(?-i:[a-zà-ÿ]+))?\s+(?:de\s+chez|de|d['’]|du|des|chez|par)"
    r"(?:\s*(?:un|une|les|la|le|l['’]|nos|notre|mon|ma|mes))?(?:\s*(?-i:[a-zà-ÿ][a-zà-ÿ'’-]*)){0,2}"
    r"[\s,]*(?:(?:le|la|les|l['’])\s*)?"
    r"|\bpartenaires?(?:\s+(?:de|d['’]|des|du))?|\bconcessionnaires?(?:\s+(?:de|d['’]|des|du))?"
    r"|\bfranchis[ée]e?s?(?:\s+(?:de|d['’]|du))?"
    r"|\b(?:distribut|revend)(?:eur|euse)s?(?:\s+officiel(?:le)?s?)?(?:\s+(?:de|d['’]|des|du))?"
    r"|\badh[ée]rente?s?\s+(?:du|de\s+la|au|à\s+la)(?:\s+(?:r[ée]seau|groupement|coop[ée]rative"
    r"|f[ée]d[ée]ration))?|\b(?:du|au|le)\s+(?:r[ée]seau|groupement)"
    r"|\bmembres?\s+(?:du|de\s+la)(?:\s+(?:r[ée]seau|groupement|f[ée]d[ée]ration))?"
    r"|\b(?:certifi[ée]e?s?|labellis[ée]e?s?)(?:\s+par)?"
    # « je ne fais pas partie de la Compagnie des Guides »: a body, in or out, not the business
    r"|\b(?:fai[st]|faisons|font)\s+(?:pas\s+|plus\s+)?partie\s+(?:de\s+la|de\s+l['’]|du|des|de|d['’])"
    # « on pose du Viessmann », « on utilise des cabines Ergoline »: what the business uses
    r"|\b(?:pos|install|vend|utilis)(?:e|ons|ent)\s+(?:\w+\s+)?(?:du|de\s+la|de\s+l['’]|des)"
    r"(?:\s+(?-i:[a-zà-ÿ][a-zà-ÿ'’-]*)){0,2}?"
    # « nous travaillons avec des farines X », « je bosse aussi avec une décoratrice, euh, X »:
    # a supplier or a partner, named after what it is
    r"|\b(?:travaill|boss|collabor)\w*\s+(?:\w+\s+){0,2}(?:avec|pour)"
    r"(?:\s+(?:un|une|des|les|le|la|l['’]|du|notre|nos|mon|ma|mes))?"
    # (« en coopération avec le cabinet d'ophtalmologie du docteur Benhamou »)
    r"(?:\s*(?-i:[a-zà-ÿ][a-zà-ÿ'’-]*)){0,4}?[\s,]*(?:euh[\s,]*)?"
    r"|\b(?:apr[èe]s|pendant)\s+\S+\s+ans\s+(?:chez|[àa]\s+la|au|dans|à)"
    r")\s*$"
)
#: The place that hosts the business (« au sein de la clinique Saint-Joseph », « dans les locaux
#: de l'hôpital Nord »); « au sein de la SCP Martineau » is the business itself.
_HOSTED_RE = re.compile(
    r"(?i)\b(?:au\s+sein|dans\s+les\s+locaux)\s+(?:du|de\s+la|de\s+l['’]|des|de|d['’])\s*$"
)
_HOST_WORD_RE = re.compile(
    r"(?i)(?:clinique|h[oô]pital|chu|ehpad|galerie|centre\s+commercial|r[ée]sidence"
    r"|maison\s+de\s+sant[ée]|p[oô]le\s+de\s+sant[ée]|mairie|campus|universit[ée])\b"
)
#: Methods or titles in capitals, listed (« TCC et EMDR »): no business is called so.
_ACRONYM_LIST_RE = re.compile(r"[A-Z]{2,}(?:\s*(?:et|ou|,|/)\s*[A-Z]{2,})+")
#: A social network handle (« insta @makeup.by.soaz »): where to find them, not their name.
_HANDLE_RE = re.compile(r"(?i)@|^(?:insta(?:gram)?|facebook|fb|tiktok|snap(?:chat)?|linkedin)\b")


#: A brand the business sells or a body that certifies it, named with what it is to the
#: business (« Revendeur Somfy et Franciaflex », « certifié Certibiocide »)
_AFFILIATION_NAME_RE = re.compile(
    r"(?i)^(?:revendeu[rs]e?s?|distribut(?:eur|rice)s?|partenaires?|concessionnaires?"
    r"|certifi[ée]e?s?|agr[ée]{2}e?s?|labellis[ée]e?s?|membres?|adh[ée]rente?s?)\s+\S"
)


#: A place named by where it is from the business (« le magasin d'à côté », « d'en face »)
_NEXT_DOOR_RE = re.compile(r"(?i)\bd['’]\s*(?:à|a)\s+c[ôo]t[ée]\b|\bd['’]\s*en\s+face\b")
#: After a name, what it does for the business: a partner (« X m'envoie des clients »)
_SENDS_CLIENTS_RE = re.compile(
    r"(?i)\s*,?\s*(?:(?:d['’]\s*)?(?:à|a)\s+c[ôo]t[ée]\s+|d['’]\s*en\s+face\s+)?"
    r"(?:qui\s+)?(?:m['’]|me\s+|nous\s+)(?:r?envoi\w*|adress\w*|recommand\w*"
    r"|orient\w*|confi\w*)\b"
)


def _not_the_business(text: str, at: int, name: str) -> bool:
    """What the words around the span say it is instead: a street (« boulevard Victor-Hugo »),
    a town after its preposition (« A Saint-Omer »), an animal or a person named in passing
    (« un cochon qui s'appelle Gaston »), a quantity (« micro crèche 10 berceaux »), a former
    employer (« j'ai travaillé vingt ans chez Orange »)."""
    if at < 0:
        at = fold(text).find(fold(name))
    before = text[max(0, at - 40) : at]
    if _STREET_BEFORE_RE.search(before):
        return True
    if _AFFILIATION_BEFORE_RE.search(text[max(0, at - 70) : at]) or _ACRONYM_LIST_RE.fullmatch(
        name.strip()
    ):
        return True
    if _HOSTED_RE.search(before) and _HOST_WORD_RE.match(name):
        return True
    if _HANDLE_RE.search(name) or _AFFILIATION_NAME_RE.match(name):
        return True
    said = text[at : at + len(name)] if at >= 0 else name
    if _NEXT_DOOR_RE.search(name) and said == said.lower():
        # « l'optique c'est le magasin d'à côté »: a neighbour, where it is (but « Les Filles
        # d'à Côté » is written as a name)
        return True
    if at >= 0 and _SENDS_CLIENTS_RE.match(text, at + len(name)):
        return True  # « Retraite Plus m'envoie des gens »: a partner
    bare = re.sub(r"(?i)^chez\s+", "", name)
    at_bare = text.find(bare, max(0, at - 6)) if bare != name else at
    if at_bare >= 0 and _FORMER_WORK_RE.search(text[max(0, at_bare - 100) : at_bare]):
        return True
    if re.search(
        r"(?i)\b(?:du|de\s+la|de\s+l['’])\s+(?:rue|avenue|boulevard|quai|impasse|all[ée]e)\s+\S",
        name,
    ):
        # « son cabinet du boulevard Victor-Hugo », « la quincaillerie de la rue X » (but
        # « Cordonnerie du Boulevard », « Brasserie du Quai » are names)
        return True
    town = re.fullmatch(r"(?i)(?:à|a|au|aux|sur|en)\s+(.+)", name.strip())
    if town is not None and _is_city(_first_town(town.group(1))):
        return True
    called = _WHO_IS_CALLED_RE.search(before)
    if called is not None and _agrees(called):
        word = re.sub(r"^[ld]['’]", "", called.group("noun"))
        noun = fold(word.lower())
        if (
            word.islower()  # « à Rennes qui s'appelle »: the town, the business before it
            and is_noun_word(word)
            and noun not in _trade_words()
            and noun not in _CONTAINERS
            and noun not in _EXTRA_TRADE_WORDS
        ):
            return True
    subject = _OTHER_SUBJECT_RE.search(before)
    if subject is not None:
        # the noun and its adjectives, up to a preposition (« programme en cours »)
        head = re.split(r"\s+(?:en|de|du|des|d['’]|pour|a|à)\b", subject.group("np"))[0]
        words = [fold(re.sub(r"^[ld]['’]", "", w.lower())) for w in head.split()]
        business = _trade_words() | _CONTAINERS | _EXTRA_TRADE_WORDS | _BUSINESS_NOUNS
        if (
            subject.group("np").islower()
            and is_noun_word(words[0])
            and not any(w in business for w in words)
            # « mon programme s'appelle Level Up Coaching », « notre spot s'appelle… »: a
            # noun alone may be how the owner calls the business; qualified (« en cours »,
            # « phare ») or a relative, it is something else
            and (len(subject.group("np").split()) > 1 or words[0] in _RELATIVES)
        ):
            # « Notre programme en cours s'appelle Les Terrasses de l'Étang », « mon chien
            # s'appelle Gaston »: something of the business, not the business
            return True
    branch = re.fullmatch(r"(?i)[^\W\d_]+\s+(?:de\s+la|de\s+l['’]|du|des|de|d['’])\s*(.+)", name)
    if (
        branch is not None
        and (
            re.search(r"(?i)\b(?:notre|nos|mon|ma|mes|votre|leur)\s+$", text[max(0, at - 12) : at])
            # « responsable de l'agence de Saint-Étienne »: the kind in lower case, a place
            or (
                text[at : at + 1].islower()
                and re.search(r"(?i)\b(?:l['’]|la\s+|le\s+)$", text[:at])
            )
        )
        and (area_name(branch.group(1)) is not None or _is_city(branch.group(1)))
    ):
        # « c'est notre agence de l'Oise qui le fait »: a branch named by its place
        return True
    number = re.search(r"\s(\d+)$", name)
    after = text[at + len(name) : at + len(name) + 30]
    if number is not None and re.match(r"\s+[a-zà-ÿ]+[sx]\b", after):
        # « 10 berceaux », « 30 couverts » (but « Garage 2000, … », « Diag 35. »)
        return is_noun_word(after.split()[0])
    return False


def _person_entity(text: str, start: int, end: int) -> bool:
    """spaCy tags the span as a person, and its words look like a person's names (the
    model tags « Phone Doctor » or « Syndic Lumière » PER as readily as « Karim Benali »)."""
    return _person_shaped(text[start:end]) and any(
        e.label == "PER" and e.start <= start and end <= e.end + 1 for e in _ner(text[:2000])
    )


def _bare_person(name: str) -> bool:
    """« Maëlle Le Gall », « Karim »: a person's name and nothing else."""
    words = [w for w in re.findall(r"[^\W\d_][\w'’-]*", name) if fold(w) not in _PARTICLES]
    trades = _trade_words()
    return (
        1 <= len(words) <= 3
        and all(w[:1].isupper() and fold(w) not in trades for w in words)
        and (given_name(words[0]) or person_word(words[0]))
        and all(person_word(w) for w in words[1:])
    )


def _person_shaped(span: str) -> bool:
    """Every word of the span, but particles, could be part of a person's name, and none is
    a trade word."""
    words = [w for w in re.findall(r"[^\W\d_][\w'’-]*", span) if fold(w) not in _PARTICLES]
    trades = _trade_words()
    if len(words) >= 2 and _is_city(words[-1]) and not given_name(words[0]):
        return False  # « Autovisite Vierzon »: a sign and its town, not a person
    return bool(words) and all(fold(w) not in trades and person_word(w) for w in words)


def _apposition(text: str, cities: list[tuple[int, int]]) -> list[tuple[str, float, str]]:
    """A segment of the text that is only a capitalised name, next to the trade or the city
    (« Barber shop à Montpellier, The Gentlemen's Corner : … »), or standing alone where a
    name is signed (« … fruits de mer. Marée Fraîche. »)."""
    out: list[tuple[str, float, str]] = []
    segments = [(m.start(), m.end()) for m in _SEGMENT_RE.finditer(text)]
    trades = _trade_words()
    opening = True  # still in the opening segments (nothing but greetings before)
    for index, (s, e) in enumerate(segments):
        raw = text[s:e]
        stripped = raw.strip()
        if not stripped:
            continue
        first = opening
        opening = opening and fold(stripped) in _GREETINGS
        lead = s + (len(raw) - len(raw.lstrip()))
        # « l'Épicerie du Causse »: an elided article glued to the capital belongs to the name
        article = re.match(r"(?:les|le|la)\s+(?=[A-ZÀ-Ý])", stripped)
        if article is not None:  # « on a un bouchon, le Bouchon des Canuts »
            stripped = stripped[article.end() :]
            lead += article.end()
        elided = re.match(r"[lL]['’](?=[A-ZÀ-Ý])", stripped)
        core = stripped[elided.end() :] if elided else stripped
        m = _CAP_RUN_RE.fullmatch(core)
        a_run = _A_RUN_RE.fullmatch(core) if m is None else None
        if a_run is not None and _a_joins(a_run.group(0), a_run.group(2)):
            m = a_run
        in_town = _IN_TOWN_RE.fullmatch(core) if m is None else None
        if m is None and first and (in_town is None or not _is_city(_first_town(in_town.group(2)))):
            # « Quincaillerie Roux & Fils a Issoire depuis 1962. »: the opening name, its town,
            # then the sentence goes on in lower case
            town_after = _OPENING_TOWN_RE.match(core)
            if town_after is not None and _capitalised_words(town_after.group(1)) >= 2:
                in_town = town_after
        if (
            in_town is not None
            and _is_city(_first_town(in_town.group(2)))
            and (
                any(w in trades for w in _words(in_town.group(1)))
                or not _person_entity(text, lead, lead + len(in_town.group(1)))
            )
        ):
            # « Alto Sono à Nice, soins, implants »: the name, then where it is
            stripped = (stripped[: elided.end()] if elided else "") + in_town.group(1)
            core = in_town.group(1)
            m = _CAP_RUN_RE.fullmatch(core)
        bonus = _position_bonus(text, lead, e, first=first)
        if m is None:
            # « Nails by Jess 💅 sur rdv »: a name of two capitalised words opening a later
            # sentence, the rest in lower case
            m = _CAP_RUN_RE.match(core)
            if m is None or bonus < 0.15 or _capitalised_words(m.group(0)) < 2:
                continue
            stripped = (stripped[: elided.end()] if elided else "") + m.group(0).rstrip()
            bonus = 0.1
        if any(cs <= lead and e <= ce + 1 for cs, ce in cities):
            continue
        if _PHONE_RE.search(stripped):
            continue  # « Appelez le 06 12 34 56 78 »
        # « …, Crawl et Brasse, petits groupes »: alone between commas, two capitalised nouns
        # are an enumeration too (only a shop word before them makes them a sign)
        pair = re.fullmatch(r"\S+\s+(?:et|and)\s+(\S+)", stripped)
        alone = _position_bonus(text, lead, e, first=first) >= 0.25  # a sentence of its own
        # (but right after the town, the business is named: « traiteur sur Saint-Étienne,
        # Saveurs et Traditions, on fait des mariages »)
        after_town = (
            index > 0
            and any(ce == len(text[: segments[index - 1][1]].rstrip()) for _cs, ce in cities)
            and re.match(r"\W*(?:on|nous|je|j['’]|ils|elles|we|i)\b|\W*$", text[e:], re.I)
            is not None
            # « …, Pluguffan et Briec »: towns listed
            and not all(_is_city(w) for w in stripped.split() if fold(w) not in _PARTICLES)
        )
        if (
            pair is not None
            and not alone
            and not after_town
            and fold(pair.group(1)) not in _FAMILY_WORDS | {"co"}
        ):
            continue  # « Windows et Linux », « Hatha et Vinyasa »: an enumeration
        words = _words(stripped)
        plain = [
            t for t in stripped.split() if fold(t) not in _PARTICLES and not re.search(r"\d", t)
        ]
        # « LE NARVAL » in capitals in a text typed in lower case is written as a name
        shouted = stripped.isupper() and not text.isupper() and len(plain[0] if plain else "") > 2
        if bonus and len(plain) == 1 and is_known_word(plain[0]) and not shouted:
            bonus = 0.0  # « Séance de 1h. », « Appelez le … »: an ordinary word, not a name
        if (
            len(plain) == 1
            and not first
            and not shouted
            and not _coined(plain[0])
            and not _a_word(plain[0])  # (« Trajectoire », a word, is a sign)
            and any(e.label == "LOC" and e.text == plain[0] for e in _ner(text))
        ):
            continue  # « un peu partout en Europe, Berlin, Barcelone »: a place abroad
        previous = text[segments[index - 1][0] : segments[index - 1][1]] if index else ""
        if (
            not first
            and len(plain) == 1
            and len(words) == 1
            and not shouted
            # (« c'est pour une moto-école, Trajectoire, à Pontoise », « fleuriste à Laval,
            # Pétales, … »: right after the trade, or the trade and its town)
            and not any(
                w in trades for w in _words(previous)[-2 if len(_words(previous)) > 4 else -4 :]
            )
            and not _coined(plain[0])
            and _a_word(plain[0])
        ):
            continue  # « …autour de Mende. Ferrure, parage… », « Tournés sur Gap »: a word
        around = [text[a:b] for a, b in segments[max(0, index - 1) : index + 2] if (a, b) != (s, e)]
        if (
            not first
            and len(around) == 2
            and all(1 <= len(_words(x)) <= 2 for x in around)
            and not any(w in trades or w in _PARTICLES for x in around for w in _words(x))
            and not _position_bonus(text, lead, e, first=first)
        ):
            continue  # « …, Reblochon, Tomme de Savoie, Abondance, … »: one of a list
        neighbours = " ".join(around)
        beside_trade = any(w in trades for w in _words(neighbours)) or any(
            cs >= segments[max(0, index - 1)][0]
            and ce <= segments[min(len(segments) - 1, index + 1)][1]
            for cs, ce in cities
        )
        score = 0.45 + (0.2 if beside_trade else 0.0) + (0.1 if len(words) >= 2 else 0.0)
        score += bonus
        greeted = bool(text[:lead].strip()) and first
        shaped = _name_shaped(stripped)
        if first and len(words) == 1 and not greeted and not shaped:
            score -= 0.2
        if greeted and any(w in trades for w in _words(neighbours)):
            score += 0.1  # « Salut, Fit'Valence, salle de sport à Valence »
        # « L'Encrier, imprimerie à Besançon », « Kiné Sport Santé — kiné du sport »: the
        # text opens on a span shaped as a name, then says in lower case what the business does
        introduced = (
            first
            and shaped
            and not _TITLE_RE.match(stripped)
            and re.match(r"\s*(?:[,:(—–]|-\s)\s*[a-zà-ÿ]", text[e:]) is not None
            and not (
                not re.match(r"(?:Les?|La|Aux?|L['’])\s*[A-ZÀ-Ý]", stripped)
                and not any(_coined(w) for w in stripped.split())
                and len(words) <= 3
                and not any(w in trades for w in words)
                and _person_entity(text[lead : e + 40], 0, len(stripped))
            )
        )
        if introduced:
            score += 0.2
        if _only_trade_words(stripped) and not (
            introduced and len([w for w in words if w not in _PARTICLES]) >= 3
        ):
            continue
        if words and words[0] in trades and first:
            # « Pizzeria Bella Napoli, … » opening the text: a trade word then a name
            score += 0.1
        source = "opening" if introduced else "apposition"
        out.append((stripped, score, "standalone" if bonus >= 0.25 else source))
    return out


_ELISIONS = frozenset(["qu", "jusqu", "lorsqu", "puisqu", "quelqu", "presqu", "aujourd", "prud"])


def _coined(word: str) -> bool:
    """A word made up as a brand: two parts joined by an apostrophe (« Glam'Nails »,
    « cyclo'fix », « Diag'30 », not the elided « jusqu'au »), or a capital inside the word
    (« OstéoVet », « SunWatt »)."""
    joined = re.fullmatch(r"([^\W\d_]{2,})['’]([^\W_]{2,})", word)
    if joined is not None and fold(joined.group(1)) not in _ELISIONS:
        return True
    return re.search(r"[a-zà-ÿ][A-ZÀ-Ý]", word) is not None


def _name_shaped(name: str) -> bool:
    """Written as a name: two capitalised words or more, an article with a capital opening it
    (« Le Pan », « L'Encrier », « Au Jardin d'Isa »), or a coined word."""
    if _capitalised_words(name) >= 2 or re.match(r"(?:Les?|La|Aux?|L['’])\s*[A-ZÀ-Ý]", name):
        return True
    return any(_coined(w) for w in name.split())


def _contrast(text: str, cities: list[tuple[int, int]]) -> list[tuple[str, float, str]]:
    """In a text typed in lower case (no sentence opens on a capital), the owner's own capitals
    mark the name: « cab Compta Plus 71 a Montceau »; so does a coined word standing alone
    (« …de location. cyclo'fix, a coté de la gare »)."""
    openings = [text.lstrip()[:1], *(m.group(1) for m in re.finditer(r"[.!?\n]\s*(\w)", text))]
    if not openings or any(c.isupper() for c in openings if c) or len(text.split()) < 6:
        return []
    out: list[tuple[str, float, str]] = []
    trades = _trade_words()
    for m in _CAP_RUN_RE.finditer(text):
        run = m.group(0).rstrip()
        if _capitalised_words(run) < 2 or any(cs <= m.start() < ce for cs, ce in cities):
            continue
        if re.search(r"\b(?:et|ou|ni)\s+$", text[: m.start()]):
            continue  # « dépannage et Installation Neuve »: one of a list, capitals or not
        if re.search(r"\b(?:dans|sur|vers|en|à|a)\s+(?:les?\s+|la\s+|l['’])?$", text[: m.start()]):
            continue  # « dans le Haut-Doubs », « sur la Côte Bleue »: a place
        words = _words(run)
        if (
            not re.search(r"\d", run)
            and len(words) <= 3
            and not any(w in trades for w in words)
            and _person_entity(text[m.start() : m.end() + 30], 0, len(run))
        ):
            continue  # « moi c nadia, Marie Lopez »: a person
        if re.search(r"(?:^|[,;:.!?]\s*)[lL]['’]$", text[: m.start()]):
            run = text[m.start() - 2 : m.start()] + run  # « …, l'Épicerie du Causse, … »
        if re.search(r"\b(?:des|un|une|du|de\s+la|de\s+l['’])\s*$", text[: m.start()]):
            continue  # « je vends des Roses Anciennes »: after an indefinite article, a kind
        out.append((run, 0.65, "contrast"))
    for m in re.finditer(r"(?:^|[.!?,;:]\s*)([^\W\d_]+['’][^\W_]+)\s*(?=[.!?,;:]|$)", text):
        if _coined(m.group(1)):
            out.append((m.group(1), 0.65, "contrast"))
    return out


def _capitalised_words(name: str) -> int:
    """Capitalised words of two letters or more, and initials (« G. », « M.R. »)."""
    words = re.findall(
        r"(?<![^\W\d_])(?:[A-ZÀ-Ý]\.)+|(?:(?<![\w'’])|(?<=\b[lLdD]['’]))[A-ZÀ-ÝŒ][^\W\d_]+(?![\d])",
        name,
    )
    # « & Associés », « et Fils » end a surname: they do not make it a name of two words
    return sum(1 for w in words if fold(w) not in _FAMILY_WORDS)


def _position_bonus(text: str, start: int, end: int, *, first: bool) -> float:
    """Where a name stands alone: a sentence of its own after the description (« … plateaux de
    fruits de mer. Marée Fraîche. »), the opening of a later sentence (« Ty Krampouezh, on est
    fermés le mercredi »), or the last words after a comma (« tabac presse, LE NARVAL »)."""
    before = text[:start].rstrip()
    after = text[end:].lstrip()
    if first or not before:
        return 0.0  # the opening of the text is read by the trade-word rules
    sentence_start = before[-1] in ".!?\n"
    sentence_end = not after or after[0] in ".!?\n" or not re.search(r"[^\W\d_]", after)
    if sentence_start and sentence_end:
        return 0.25
    if sentence_start:
        return 0.15
    if not re.search(r"[^\W\d_]", after) and before[-1] in ",—–-:":
        return 0.15
    return 0.0


def _entities(text: str) -> list[tuple[str, float, str, int]]:
    out: list[tuple[str, float, str, int]] = []
    for ent in _ner(text):
        if ent.label not in ("ORG", "MISC", "PER", "LOC"):
            continue
        before = text[max(0, ent.start - 15) : ent.start]
        if _LOCATION_BEFORE_RE.search(before):
            continue  # « à Lyon », « moi c'est Karim »
        score = {"ORG": 0.5, "MISC": 0.35, "PER": 0.25, "LOC": 0.2}[ent.label]
        words = ent.text.split()
        if ent.label == "PER" and len(words) >= 3 and fold(words[0]) in _trade_words():
            # « Lutherie Gabriel Hartmann fabrique… »: a trade, then the person it belongs to
            score = 0.6
        out.append((ent.text, score, ent.label, ent.start))
    return out


def _needs_entities(text: str, cities: list[tuple[int, int]]) -> bool:
    """Entities only help where a capitalised word that is not a city stands inside a
    sentence (the network costs 15 ms a text): lower-case SMS, sentence-initial capitals and
    « autour de Grenoble » only give noise."""
    for m in re.finditer(r"(?<![.!?\n])\s([A-ZÀ-Ý][\w'’-]+)", text):
        if not any(s <= m.start(1) < e for s, e in cities):
            return True
    return False


#: « pas de nom de boîte », « je n'ai pas de nom commercial », « sans nom d'entreprise »
_NO_NAME_RE = re.compile(
    r"(?i)\b(?:pas|sans|aucun)\s+(?:de\s+|d['’])?(?:vrai\s+)?nom\s+(?:de\s+(?:bo[iî]te|soci[ée]t[ée]"
    r"|boutique|salon|cabinet|magasin)|d['’](?:entreprise|enseigne)|commercial|sp[ée]cial"
    r"|particulier|officiel|d[ée]pos[ée])"
)


def says_no_name(text: str) -> bool:
    """The owner says the business has no name of its own (« pas de nom de cabinet, j'exerce
    sous mon nom », « pas de nom commercial »)."""
    return bool(_NO_NAME_RE.search(text) or _OWN_NAME_RE.search(text))


#: « T-X-O-K-O », « B.L.M »: a name spelled out letter by letter after it was said
_SPELLED_RE = re.compile(r"(?:[A-Za-zÀ-ÿ][-. ]){2,}[A-Za-zÀ-ÿ]\.?")
#: After a name, the owner takes it back: « …Aubusson-Marche... enfin, non, c'est … »,
#: « Chiro Mer & Santé, pardon, Chiro Santé Caen », « … à Rodez, non, c'est juste … »
_TAKEN_BACK_RE = re.compile(
    r"(?:\s+(?:à|a)\s+[A-ZÀ-Ý][\w'’-]*(?:[ -][A-ZÀ-Ý][\w'’-]*)*)?"  # its town
    r"[\s.…,;:!—–-]*(?<!\w)(?:(?:euh|heu|ah|attendez|attends)\W+)*"
    r"(?:enfin|non|pardon|je\s+veux\s+dire|plut[ôo]t|en\s+fait|oups)\b"
    r"(?:\W+(?:non|pardon|euh|heu|enfin|c['’]\s?est|c\s+est|juste|plut[ôo]t|d[ée]sol[ée]e?|le\s+nom))*"
    r"\W+"
)


_TAKEN_BACK_FAR_RE = re.compile(
    r"[\s.…,;:!—–-]*(?<!\w)(?:(?:euh|heu|ah)\W+)?(?i:enfin\s+non|non\s+pardon|non|pardon)\b"
    r"[^.!?]{0,90}?\b(?i:c['’]\s?est)\s+(?i:juste\s+|plut[ôo]t\s+|maintenant\s+|d[ée]sormais\s+)?"
)


_RENAMED_RE = re.compile(
    r"(?:[\s,]+(?:à|a)\s+[A-ZÀ-Ý][\w'’-]*(?:[ -][A-ZÀ-Ý][\w'’-]*)*)?"  # its town
    r"[\s.…,;:!—–-]*(?i:enfin|en\s+fait|mais|et|bon)\b[^.!?]{0,60}?"
    r"\b(?i:devenu|devenue|chang[ée]|renomm[ée])[^.!?]{0,60}?"
    r"\b(?i:c['’]\s?est|on\s+s['’]appelle)\s+(?i:maintenant\s+|d[ée]sormais\s+)?"
)


#: A correction or a change of name, some words after the name it takes back
_RENAME_CUE_RE = re.compile(
    r"(?i)\b(?:enfin|non|pardon|en\s+fait|ah|oups|maintenant|d[ée]sormais|chang[ée]e?s?"
    r"|renomm[ée]e?|repris|devenue?|ancien(?:ne)?)\b"
)
#: …then the name said again: « c'est X », « il faut dire X », « sous le nom X »
_RENAMING_RE = re.compile(
    r"(?i)\b(?:c['’]\s?est|il\s+faut\s+dire|sous\s+le\s+nom(?:\s+de)?|on\s+s['’]appelle"
    r"|(?:renomm[ée]e?|rebaptis[ée]e?|chang[ée]e?)\s+(?:en|pour)(?-i:(?=\s+[A-ZÀ-Ý]))"
    r"|le\s+(?:nouveau\s+)?nom\s+(?:c['’]est|est|:))\s+"
    r"(?:(?:maintenant|d[ée]sormais|juste|plut[ôo]t|simplement|donc|bien)\s+)*"
)
#: …and the text says it is a name: a word of naming near it, or the name closes its clause
_NAMING_WORD_RE = re.compile(r"(?i)\b(?:nom|appel\w*|enseigne|chang\w*|repris|devenu\w*)\b")
_NAME_CLOSES_RE = re.compile(
    r"(?i)\s*(?:[,.;:!?)—–]|$|\s(?:maintenant|d[ée]sormais|tout\s+court|depuis|sans)\b)"
)
_RENAME_REACH = 220
_PLACE_NAMED_RE = re.compile(r"(?i)\b(?:adresse|ville|quartier|secteur|zone|rue|commune)\W*$")


def _renamed_later(text: str, end: int) -> str | None:
    """The name said instead, a sentence or two after a name the owner takes back or has
    changed since (« Talon Minute — enfin, c'était le nom de l'ancien propriétaire, maintenant
    c'est Cordonnerie du Boulevard », « La Cave à Pierre. Enfin non, c'est plus ça, on a repris
    sous le nom Vins & Tuffeau »): after a word of correction, a naming, then a name that is
    neither a town nor a first name alone."""
    window = text[end : end + _RENAME_REACH]
    cue = _RENAME_CUE_RE.search(window)
    if cue is None:
        return None
    for naming in _RENAMING_RE.finditer(window, cue.start()):
        if _PLACE_NAMED_RE.search(window[max(0, naming.start() - 16) : naming.start()]):
            continue  # « l'adresse c'est Hérouville »: a place
        run = _CAP_RUN_RE.match(window, naming.end())
        said = run.group(0).strip() if run is not None else ""
        if run is None or not said or commune(said) is not None:
            continue
        if " " not in said and first_name(said):
            continue
        if _NAME_CLOSES_RE.match(window, run.end()) or _NAMING_WORD_RE.search(window):
            return said
    return None


#: Right after a name, the owner takes it back (« , non, », « . Ah non attendez, », « , ou
#: plutôt », « , non excusez-moi, », « . Enfin, »): a word of correction that is no part of
#: the sentence (« non loin de la gare », « enfin bon »)
_RETRACTED_RE = re.compile(
    r"(?:\s+(?:à|a)\s+[A-ZÀ-Ý][\w'’-]*(?:[ -][A-ZÀ-Ý][\w'’-]*)*)?"  # its town
    r"[\s.…,;:!—–-]*(?<!\w)(?:(?i:euh|heu|ah|oh|oups)\W+)*"
    r"(?i:enfin\s+non|non(?=\s*[,.!…;:—–-]|\s+(?:pardon|attend|excuse|c['’]est|enfin|plut))"
    r"|pardon|excusez[\s-]moi|excuse[\s-]moi|ou\s+plut[ôo]t|plut[ôo]t|je\s+veux\s+dire"
    r"|enfin(?=\s*,|\s+(?-i:[A-ZÀ-Ý]))|en\s+fait(?=\s*,|\s+c['’]est))"
)
#: How far after the correction the name said instead may start.
_RETRACT_REACH = 120


def _said_instead(
    text: str, end: int, name: str, found: list[tuple[str, float, str]]
) -> tuple[str, float] | None:
    """The candidate said just after a correction that takes back the name ending at ``end``
    (« Garage de l'Étang, non excusez-moi, Garage du Lac », « Soins à Domicile Sète, enfin
    non, c'est le Cabinet infirmier du Port maintenant »), whichever reading found it."""
    back = _RETRACTED_RE.match(text, end)
    if back is None:
        return None
    best: tuple[int, float, str] | None = None
    for other, score, _source in found:
        if fold(other) == fold(name) or score < 0.5:
            continue
        at = text.find(other, back.end())
        if at < 0 or at - back.end() > _RETRACT_REACH or re.search(r"[.!?]", text[back.end() : at]):
            continue
        if _is_city(other) or (" " not in other.strip() and first_name(other)):
            continue
        if best is None or (at, -score) < (best[0], -best[1]):
            best = (at, score, other)  # the first said; at the same place, the surest reading
    return (best[2], best[1]) if best is not None else None


def _corrected(text: str, found: list[tuple[str, float, str]]) -> list[tuple[str, float, str]]:
    """A name the owner takes back at once gives way to the one said after the correction,
    with its score (« Le Grand Café Riche... euh non pardon, Le Café Riche tout court »)."""
    out: list[tuple[str, float, str]] = []
    for name, score, source in found:
        at = text.find(name)
        if at < 0:
            at = text.lower().find(name.lower())
        back = _TAKEN_BACK_RE.match(text, at + len(name)) if at >= 0 else None
        after = _CAP_RUN_RE.match(text, back.end()) if back is not None else None
        if (after is None or not after.group(0).strip()) and at >= 0:
            # « Les Fleurs de Léa, non pardon, on a changé de nom l'an dernier, c'est L'Herbier
            # de Léa maintenant », « Aquazoo du Béarn, enfin non, ça c'était l'ancien magasin,
            # nous c'est juste Aquazoo »: taken back, then the name said again after « c'est »
            far = _TAKEN_BACK_FAR_RE.match(text, at + len(name))
            if far is None:
                # « SCP Roux-Mercier, à Angoulême. Enfin, c'est devenu une SELARL, donc c'est
                # SELARL Roux-Mercier maintenant »: renamed since
                far = _RENAMED_RE.match(text, at + len(name))
            after = _CAP_RUN_RE.match(text, far.end()) if far is not None else None
        said = after.group(0).strip() if after is not None else ""
        if not said and at >= 0:
            said = _renamed_later(text, at + len(name)) or ""
        if not said and at >= 0:
            instead = _said_instead(text, at + len(name), name, found)
            if instead is not None:
                said, score = instead[0], max(score, instead[1])
        if not said:
            out.append((name, score, source))
            continue
        said = re.sub(r"\s+(?:tout\s+court|simplement|voil[àa]|maintenant|d[ée]sormais)$", "", said)
        if fold(said) != fold(name):
            out.append((said, max(score, 0.8), "corrected"))
    # every later mention of a name taken back is dropped with it
    taken = {fold(n) for n, _sc, _src in found} - {fold(n) for n, _sc, _src in out}
    return [(n, sc, src) for n, sc, src in out if fold(n) not in taken]


#: « Maître Sophie Kervella, avocate … », « Bonjour, Dr Karim Haddad, chirurgien-dentiste »: a
#: practitioner introduced by their title; the practice is known by that name
_TITLED_RE = re.compile(
    r"(?:^|[.!?]\s*|\b(?i:je\s+suis|c'est|bonjour|bonsoir)\s*,?\s*)"
    r"(?P<title>Ma[iî]tre|Me|Dr\.?|Docteur|Docteure)\s+"
    r"(?P<name>[A-ZÀ-Ý][\w'’-]+(?:\s+(?:(?:Le|La|De|Du|Da|Van)\s+)?[A-ZÀ-Ý][\w'’-]+){1,2})"
    r"(?=\s*(?:[,.;:(—–-]|$|\s(?:à|a|au|avocat|notaire|huissier|m[ée]decin|dentiste|chirurgien)))"
)
_TITLE_SPELLING = {"maitre": "Maître", "me": "Maître", "dr": "Dr", "docteur": "Docteur"}


#: Below :data:`THRESHOLD`: the practitioner's name is a guess for the practice's, that the
#: configurator asks the owner to confirm, never taken alone.
TITLED_SCORE = 0.55


#: A price or a duration right after a span: an offer (« Tour des Étangs en 2h »).
_OFFER_AFTER_RE = re.compile(
    r"\s*(?:[:(–-]\s*)?(?:en|à|a|pour|de)?\s*\d+(?:[,.]\d+)?\s*(?:€|euros?|h\b|heures?|min)",
    re.IGNORECASE,
)
#: The rest of a clause that prices what comes before it (« … femme c'est quinze euros »)
_PRICED_CLAUSE_RE = re.compile(r"[^,;.!?\n]{0,40}?\b(?:euros?|balles)\b|[^,;.!?\n]{0,40}?€")
#: A verb's object after a partitive or plural article: « je vends des Roses Anciennes ».
_PARTITIVE_BEFORE_RE = re.compile(r"(\w+)\s+(?:des|du|de\s+la|de\s+l['’])\s*$", re.IGNORECASE)


_LABEL_AFTER_RE = re.compile(r"\s*:\s*[a-zà-ÿ]")


def _tagged(text: str) -> list[tuple[str, float, str]]:
    """The spans the company-name tagger (:func:`nlp.company_spans`) reads as the name, but
    where the sentence shows something else (a cue may still propose it, with its own score):
    two names paired (« Hatha et Yin »), an item of a list (« Reblochon, Tomme de Savoie,
    Abondance », « dépannage et Installation Neuve »), an offer with its price or duration,
    what a verb sells (« je vends des Roses Anciennes »), a practitioner's title and name
    (« Infirmière libérale Claire Dubois »)."""
    out: list[tuple[str, float, str]] = []
    for span in company_spans(text):
        name = span.text
        first, _, rest = name.partition(" ")
        if rest and first in LOWER_LEGAL_FORMS:
            name = rest  # « sarl batiplus »: the legal form in lower case, then the name
        if (
            re.fullmatch(r"\S+\s+(?:et|and|&)\s+\S+", name) is not None
            or _listed(text, span.start, span.end)
            or _OFFER_AFTER_RE.match(text[span.end :]) is not None
            # « les talons femme c'est quinze euros »: in lower case, an item and its price
            or (name.islower() and _PRICED_CLAUSE_RE.match(text[span.end :]) is not None)
            # « Tone of voice : chaleureux »: opening the message, a label before its value
            or (
                not text[: span.start].strip(" \n-•*")
                and _LABEL_AFTER_RE.match(text[span.end :]) is not None
            )
            or _sold(text, span.start)
            or _practitioner(name)
        ):
            continue
        out.append((name, TAGGER_SCORE, "tagger"))
    return out


#: Verbs whose object is what the business makes or sells (« on vend des X »), by lemma.
_OFFER_VERBS = frozenset(
    [
        "vendre",
        "proposer",
        "fabriquer",
        "produire",
        "cultiver",
        "préparer",
        "servir",
        "offrir",
        "livrer",
        "créer",
        "cuisiner",
        "importer",
        "distribuer",
        "louer",
    ]
)


def _confirmed_by_tagger(
    tagged: list[tuple[str, float, str]], found: list[tuple[str, float, str]]
) -> list[tuple[str, float, str]]:
    """The cues' candidates and the tagger's spans. A cue's name that holds a tagger's span
    (« Centre d'Imagerie Médicale Pasteur » around « Médicale Pasteur ») is confirmed as if
    the two agreed; the cue drew the edges."""
    out = []
    for name, score, source in found:
        inside = [t for t in tagged if fold(t[0]) in fold(name) and fold(t[0]) != fold(name)]
        if inside and score >= THRESHOLD:
            score += AGREEMENT_BONUS
        out.append((name, score, source))
    return out + tagged


def _sold(text: str, start: int) -> bool:
    """The span is what a verb of making or selling has for object (« je vends des Roses
    Anciennes »; not « je m'occupe du Club Nautique »)."""
    before = _PARTITIVE_BEFORE_RE.search(text[:start])
    return before is not None and any(
        t.start == before.start(1) and t.pos == "VERB" and t.lemma in _OFFER_VERBS
        for t in tags(text[:start].rstrip())
    )


def _practitioner(name: str) -> bool:
    words = name.split()
    return (
        len(words) >= 3
        and _AGENT_NOUN_RE.search(fold(words[0])) is not None
        and bool(first_name(words[-2]))
        and not first_name(words[0])
    )


def _listed(text: str, start: int, end: int) -> bool:
    """The span is an item between two other short items of a comma list, past its first
    (« Fromagerie à Annecy, Reblochon, Tomme de Savoie, Abondance, raclette »), or joined to a
    thing in lower case (« dépannage et Installation Neuve »)."""
    if re.search(r"\b[a-zà-ÿ]{3,}\s+(?:et|ou)\s+$", text[:start]):
        return True
    clause_start = max(text.rfind(c, 0, start) for c in ".!?\n:;") + 1
    before = [x.strip() for x in text[clause_start:start].split(",")]
    after_end = min(
        (i for i in (text.find(c, end) for c in ".!?\n:;") if i >= 0), default=len(text)
    )
    after = [x.strip() for x in text[end:after_end].split(",")]
    if len(before) < 3 or before[-1] or len(after) < 2 or after[0]:
        return False
    return 0 < len(before[-2].split()) <= 3 and 0 < len(after[1].split()) <= 3


def _validation(name: str) -> bool:
    from allokoli.understanding.intents import detect_finish  # intents reads names' facts

    return detect_finish(name) is not None


def _titled_practitioner(text: str) -> list[tuple[str, float, str]]:
    """The practitioner's titled name, a name the practice may be known by: weaker than any
    name stated for the business itself."""
    m = _TITLED_RE.search(text)
    if m is None:
        return []
    title = _TITLE_SPELLING.get(fold(m.group("title")).rstrip("."), m.group("title"))
    return [(f"{title} {m.group('name')}", TITLED_SCORE, "titled")]


#: « euh », « heu », « hum » between commas: the spoken register's hesitations, which cut a cue
#: from its name (« l'entreprise c'est, euh, Ramonage Comtois »)
_HESITATION_RE = re.compile(
    r"(?:\s*,)?\s*\b(?:e+u+h+|h+e+u+h*|hu+m+|hm+)\b\s*(?:,|…|\.\.\.)?(?=\s|$)", re.IGNORECASE
)


def _without_symbols(text: str) -> str:
    """Emoji and pictographs (« Bonjour 👋 », « 💅 ») carry no name: each becomes a comma."""
    if text.isascii():
        return text
    # an emoji most often closes what was said before it (« nail's by jess 💅 pose gel »)
    kept = "".join(
        "," if unicodedata.category(c) == "So" else " " if 0xFE00 <= ord(c) <= 0xFE0F else c
        for c in text.replace("\u200d", "")
    )
    kept = re.sub(r"\s*,(?:\s*,)+", ",", re.sub(r"\s+,", ",", kept))
    return re.sub(r"[ \t]{2,}", " ", kept)


_ANNOUNCING_TEXT = """
c'est cest est sont appelle s'appelle nomme chez a au aux de du des le la les l' et en sur
c ca moi nous on
"""
_ANNOUNCING = frozenset(_ANNOUNCING_TEXT.split())


def without_hesitations(text: str) -> str:
    """``text`` without its hesitations; a text that opened on one opens on a capital."""
    if "h" not in text.lower():
        return text
    out: list[str] = []
    pos = 0
    capital = False
    for m in _HESITATION_RE.finditer(text):
        piece = text[pos : m.start()]
        out.append(piece[:1].upper() + piece[1:] if capital else piece)
        before = "".join(out).rstrip()
        after = text[m.end() :].lstrip()
        last = re.search(r"(\S+)$", before)
        # « animalerie, euh, à Alès, Le Jardin des Animaux, euh, on a… »: the commas stay, but
        # not after a word that announces what follows (« l'entreprise c'est, euh, X »)
        announces = last is None or fold(last.group(1)).strip(",") in _ANNOUNCING
        out.append(", " if "," in m.group(0) and not announces else " ")
        # the text now opens on the next word: its case must say nothing of a name
        capital = not before
        pos = len(text) - len(after)
    rest = text[pos:]
    out.append(rest[:1].upper() + rest[1:] if capital else rest)
    return re.sub(r"\s{2,}", " ", "".join(out)).strip()


def company_name_candidates(
    text: str, expecting_name: bool = False, *, owner: str | None = None
) -> list[NameCandidate]:
    """Every candidate company name in ``text``, best first, each with its score (0 to 1.2)."""
    if not isinstance(text, str) or not text.strip():
        return []
    # « Le Coupe-Chou… non attendez »: the ellipsis ends a phrase as three dots do
    text = without_hesitations(_without_symbols(text[:2000].replace("…", "...")))

    @lru_cache(maxsize=1)
    def approving() -> bool:  # a short message that approves (« c tout bon »), read once
        return len(text.split()) <= 6 and _validation(text)

    if owner is None:
        owner = extract_owner_name(text)
    found: list[tuple[str, float, str]] = []
    rule = rule_company_name(text, expecting_name)
    if rule:
        named = _NAMED_BEFORE_RE.search(text[: max(0, text.find(rule))][-40:])
        found.append((rule, 0.9 if expecting_name or named else 0.75, "rules"))
    found.extend(_quoted(text))
    own = _named_after_owner(text, owner)
    if own is not None:
        found.append((own, 0.85, "own"))
    found.extend(_cued(text))
    found.extend(_described_after(text))
    found.extend(_named_last(text))
    found.extend(_named_before(text))
    found.extend(_signed(text))
    found.extend(_subject(text))
    found.extend(_beside_trade(text))
    found.extend(_kind_then_name(text))
    cities = [(c.start, c.end) for c in city_spans(text)]
    found.extend(_apposition(text, cities))
    found.extend(_contrast(text, cities))
    found.extend(lower_case_names(text, _trade_words(), _is_city))
    tagged = _tagged(text)
    found = _confirmed_by_tagger(tagged, found)
    # The network costs 15 ms a text: it is only asked when the cues found nothing sure.
    sure = any(score >= 0.75 for _name, score, _source in found)
    if not expecting_name and not sure and _needs_entities(text, cities):
        for name, score, label, _start in _entities(text):
            if label == "PER" and _person_shaped(name):
                # a person's name alone in apposition is the owner, not the business
                found = [
                    (n, sc - 0.15 if src == "apposition" and fold(n) == fold(name) else sc, src)
                    for n, sc, src in found
                ]
            found.append((name, score, label))
    found.extend(_titled_practitioner(text))
    no_name = _NO_NAME_RE.search(text)
    if no_name is not None:
        # « pas de nom de boîte, c'est juste moi »: whatever looks like a name is not one,
        # unless written as one after it (« Pas de nom spécial, c'est Serrurerie Benoît »)
        found = [
            (n, sc, src)
            for n, sc, src in found
            if src in ("quoted", "own") or (n[:1].isupper() and text.find(n, no_name.end()) > 0)
        ]
    if not expecting_name and (no_name is not None or _OWN_NAME_RE.search(text)):
        # « pas de nom de cabinet, c'est juste mon nom, Maëlle Le Gall », « je travaille sous
        # mon nom, Loïc Perrier »: the owner's name is theirs, the business has none of its own
        # (« c'est à mon nom, Lopes Carrelage » names one, trade word and all)
        found = [
            (n, sc, src)
            for n, sc, src in found
            if src == "quoted"
            or not (_bare_person(n) or (owner is not None and fold(n) == fold(owner)))
        ]
    # « Enfin Lemaire Toitures »: the word opening the sentence is no part of the name, and the
    # correction reads the name that follows it
    found = [
        (_without_opening_adverb(_OPENING_FILLER_RE.sub("", n) or n), sc, src)
        for n, sc, src in found
    ]
    found = [
        (n, sc, src)
        for n, sc, src in found
        if not _SPELLED_RE.fullmatch(n.strip()) and (src == "quoted" or not in_town_list(text, n))
    ]
    found = _corrected(text, found)
    merged: dict[str, NameCandidate] = {}
    named_then_naming = _NAME_THEN_NAMING_RE.search(text) is not None
    for raw_name, score, source in found:
        name = _without_acronym(_without_town(_trim_measure(_clean(raw_name), text)))
        # « Le Bar à Cils, c'est le nom »: said as the name, article and kind included
        said_as_such = source == "named" and named_then_naming
        if not expecting_name and not said_as_such:
            if re.match(r"[Ll]['’][a-zà-ÿ]", name):
                # « L'agence Clé de Sol Immobilier »: the sentence's article, then the kind
                name = _without_article(name)
            bare = _without_container(text, name)
            at = text.find(bare) if bare else -1
            if bare and not (
                2 <= len(_words(bare)) <= 3 and _person_entity(text, at, at + len(bare))
            ):
                name = bare  # (« Toitures Le Gall » is the roofer's surname: the trade stays)
            name = _without_article(name)
            name = _sentence_article(text, name)
            name = _chez_without_trade(name)
            signed = re.match(r"([A-ZÉÈ][\w'-]+)\s+[-–—]\s+(?=\w)", name)
            if signed is not None and given_name(signed.group(1)):
                name = name[signed.end() :]  # « Kevin - allo vitres 44 »: who signs, then what
        cued = source in (
            "quoted",
            "welcome",
            "company",
            "named",
            "standalone",
            "cest",
            "opening",
            "kind",
            "own",
            "corrected",
            "titled",
            "described",
        )
        if not cued and not expecting_name and _article_and_noun(name):
            continue  # « L'assistant : … », « Le patron »: a word of the sentence
        if (
            not expecting_name
            and source not in ("quoted", "named", "own")
            and _sentence_words(name, cued=cued)
        ):
            continue  # « Ah », « J'exerce », « B. Nous », « L'automne c'est la folie »
        at = text.find(name)
        after_naming = at > 0 and _NAMED_BEFORE_RE.search(text[max(0, at - 40) : at]) is not None
        # the business bears the owner's name (or the practitioner's titled one)
        own_name = owner if source in ("own", "titled") else None
        within = at > 0 and not re.search(r"(?:[.!?:]\s*|\n\s*)$", text[:at])
        if not _acceptable(
            name,
            None if own_name else owner,
            expecting_name,
            cued=cued,
            named=after_naming,
            capitalised_within=within,
        ):
            continue
        if not expecting_name and _not_the_business(text, at, name):
            continue
        if source not in ("quoted", "named", "own") and (_validation(name) or approving()):
            # « Perfect, validated ! », « c tout bon »: the owner approves, names nothing
            continue
        if (
            not expecting_name
            and source not in ("quoted", "welcome", "company", "named")
            and _jargon(name)
        ):
            continue
        if (
            not expecting_name
            and source not in ("quoted", "named")
            and re.fullmatch(r"[^\W\d_]+", name)
            and first_name(name)
        ):
            continue  # « …, Stéphane. »: the owner's first name alone is never the business
        if (
            not expecting_name
            and source not in ("quoted", "named", "welcome", "own")
            and 2 <= len(_words(name)) <= 3
            and at >= 0
            and not after_naming
            and not re.search(r"(?i)\bmett(?:ez|re|s)\s*$", text[:at])
            # « mon entreprise c'est Camille Make-Up »: the business named as such
            and not BUSINESS_NAMED_BEFORE_RE.search(text[max(0, at - 40) : at])
            # « Da Marco », « Chez Julie »: whose place it is, not the person; « La Musette »:
            # an article leads a sign, not a person
            and _words(name)[0]
            not in ("da", "di", "del", "della", "chez", "au", "aux", "o", "la", "les", "le")
            # « Berthier & Roussel »: partners joined by an ampersand make a firm's name
            and "&" not in name
            and _person_entity(text, at, at + len(name))
        ):
            continue  # « Coiffeuse à domicile, Marie Dupont, … »: the owner, not the sign
        # « Alors Les Bains de Jade, c'est un spa… »: the word opening the sentence is no part
        name = _OPENING_FILLER_RE.sub("", name) or name
        # « les sillons bleus » and « sillons bleus »: one name, with or without its article
        key = re.sub(r"^(?:le|la|les|l) (?=\S)", "", re.sub(r"[^a-z0-9]+", " ", fold(name)).strip())
        previous = merged.get(key)
        if previous is None:
            merged[key] = NameCandidate(name, score, (source,))
        elif source not in previous.sources:
            best_text = previous.text if previous.score >= score else name
            if sum(map(str.isupper, name)) != sum(map(str.isupper, previous.text)):
                # the same words: the spelling with capitals is the tidied one
                best_text = max(name, previous.text, key=lambda t: sum(map(str.isupper, t)))
            merged[key] = NameCandidate(
                best_text, max(previous.score, score) + AGREEMENT_BONUS, (*previous.sources, source)
            )
    joined = _partners_joined(text, list(merged.values()))
    return sorted(_as_written(text, _cut_names_weaker(text, joined)), key=_rank)


#: The end of a firm's name that lists its partners (« …, Lefèvre & Associés »).
_PARTNERS_TAIL_RE = re.compile(
    r"(?:&|\bet)\s+(?:associ[ée]e?s|fils|filles|fr[èe]res|cie)\s*$", re.IGNORECASE
)


_WITH_ACRONYM_RE = re.compile(r"(?P<name>.*\S)\s+[-–—/(]\s*(?P<short>[A-Z]{2,6})\)?")


def _without_acronym(name: str) -> str:
    """« Carrosserie du Tarn et Garonne - CTG »: the name, then its initials; the name."""
    m = _WITH_ACRONYM_RE.fullmatch(name)
    if m is None:
        return name
    initials = "".join(w[0] for w in re.findall(r"[A-ZÀ-Ý][\w'’]*", m.group("name")))
    letters = iter(fold(initials).upper())
    whose = all(c in letters for c in m.group("short"))  # in order, some words may be skipped
    return m.group("name") if whose else name


def _partners_joined(text: str, candidates: list[NameCandidate]) -> list[NameCandidate]:
    """« L'Office notarial Bernard, Lefèvre & Associés »: a name, a comma, then the partners'
    end of it, read as one name."""
    out = list(candidates)
    for head in candidates:
        for tail in candidates:
            if head is tail or not _PARTNERS_TAIL_RE.search(tail.text):
                continue
            whole = f"{head.text}, {tail.text}"
            if whole in text and all(c.text != whole for c in out):
                score = max(head.score, tail.score) + AGREEMENT_BONUS
                out.append(NameCandidate(whole, score, (*head.sources, *tail.sources)))
    return out


_OPENING_FILLER_RE = re.compile(
    r"^(?:Alors|Bref|Donc|Euh|Ben|Bah|Voilà|Voila|Bonjour|Bonsoir|Coucou|Enfin|Pardon)\s+(?=[A-ZÀ-Ý])"
)


def _without_opening_adverb(name: str) -> str:
    """« Principalement Beauvais, … »: an adverb opening the sentence before a town is no part
    of a name (« Naturellement Vôtre » is one)."""
    first, _, rest = name.partition(" ")
    low = first.lower()
    if (
        rest
        and _is_city(_first_town(rest))
        and low.endswith("ment")
        and is_lexicon_word(low)
        and tags(low)[0].pos == "ADV"
    ):
        return rest
    return name


#: Sources where the owner says outright that the words are the name: their case is theirs.
_SAID_AS_NAME = frozenset(["named", "quoted", "own", "corrected", "welcome"])
#: How much a candidate the owner did not write as a name loses beside one they did.
UNWRITTEN_PENALTY = 0.15


def _as_written(text: str, candidates: list[NameCandidate]) -> list[NameCandidate]:
    """In a text written with capitals, the owner writes a name with them: a candidate that
    opens in lower case there (« on est agent Renault », « nous c'est l'auto-école ») or that
    holds an ordinary noun in lower case (« Centre de bronzage et d'UV ») gives way to one
    written as a name (« Garage Central Rouergue », « Soleil d'Ivoire »). An SMS typed in
    lower case says nothing by its case."""
    first = re.search(r"[^\W\d_]", text)
    if first is None or not first.group(0).isupper() or text.isupper():
        return candidates

    def unwritten(c: NameCandidate) -> bool:
        if _SAID_AS_NAME & set(c.sources):
            return False
        at = text.find(c.text)
        if at < 0:
            at = fold(text).find(fold(c.text))
        if at < 0:
            return False
        written = text[at : at + len(c.text)]
        # « la Forge de Cornouaille »: the sentence's article before the capital is not the name's
        written = re.sub(r"^(?:l['’]|les\s+|le\s+|la\s+)(?=[A-ZÀ-Ý])", "", written)
        if written[:1].islower():
            return True
        return any(
            w[:1].islower() and fold(w) not in _PARTICLES and len(w) > 3 and is_noun_word(w)
            for w in re.findall(r"[^\W\d_][\w'’-]*", written)
        )

    flags = {id(c): unwritten(c) for c in candidates}
    if not any(not flags[id(c)] and c.score >= THRESHOLD for c in candidates):
        return candidates
    return [
        NameCandidate(c.text, c.score - UNWRITTEN_PENALTY, c.sources) if flags[id(c)] else c
        for c in candidates
    ]


#: sources where the owner names the business (« mon cabinet : X », « ça s'appelle X »): they
#: outrank a shape of the sentence (« Ostéopathe D.O. à Hossegor » opening the text)
_NAMING_SOURCES = frozenset(["named", "company", "quoted", "welcome"])
NAMING_BONUS = 0.15


def _rank(c: NameCandidate) -> tuple[float, int]:
    bonus = NAMING_BONUS if _NAMING_SOURCES & set(c.sources) else 0.0
    return (-(c.score + bonus), -len(c.text))


def _cut_names_weaker(text: str, candidates: list[NameCandidate]) -> list[NameCandidate]:
    """A candidate ending inside another one that goes on (« Beauté Belle » beside « Belle en
    Soi ») cuts a name in two: it is weighed down."""
    folded = fold(text)
    spans = {c.text: folded.find(fold(c.text)) for c in candidates}
    out: list[NameCandidate] = []
    for c in candidates:
        start = spans[c.text]
        end = start + len(c.text)
        # « L'Instant » beside « L'Instant pour Soi »: the same start, cut short
        # « sous l'enseigne Century 21 », then « c'est Century 21 Bassin Immobilier »: the
        # name said in full elsewhere, its capitalised words going on
        cut_elsewhere = any(
            fold(o.text).startswith(fold(c.text) + " ")
            and re.fullmatch(r"(?:\s+[A-ZÀ-Ý0-9][\w'’&-]*)+", o.text[len(c.text) :]) is not None
            # « Fit'N Go Epinal »: the town after the name is not more of it
            and not _is_city(o.text[len(c.text) :].strip())
            for o in candidates
            if o is not c
        )
        cut = cut_elsewhere or (
            start >= 0
            and any(
                spans[o.text] >= start
                and spans[o.text] < end < spans[o.text] + len(o.text)
                and (
                    spans[o.text] > start
                    or re.match(
                        r"\s+(?!(?:à|a|au|aux|sur|en|près)\s)\w+\s+[A-ZÀ-Ý]", o.text[len(c.text) :]
                    )
                )
                for o in candidates
                if o is not c and spans[o.text] >= 0
            )
        )
        out.append(NameCandidate(c.text, c.score - 0.2, c.sources) if cut else c)
    return out


def extract_company_name(text: str, expecting_name: bool = False) -> str | None:
    """The business name stated in ``text``, or None.

    With ``expecting_name`` (the question was the name) a short bare answer is the name
    (« chez marco » → « Chez Marco »); otherwise the best candidate must score at least
    :data:`THRESHOLD`."""
    candidates = company_name_candidates(text, expecting_name)
    if not candidates:
        return None
    best = candidates[0]
    if expecting_name or best.score >= THRESHOLD:
        return best.text
    return None
