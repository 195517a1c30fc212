"""The company name in a French description or answer: candidates from several cues, scored.

Owners state their business name in many ways: after a cue (« ça s'appelle », « chez »,
« l'entreprise X », « bienvenue chez »), in quotes, or simply in apposition beside the trade
(« Barber shop à Montpellier, The Gentlemen's Corner : … »). Each way yields candidates with a
base score; spaCy's entities (:mod:`allokoli.understanding.nlp`) confirm a candidate or add
one. Entities alone are weak evidence: the French model tags business names as LOC, PER or MISC
as often as ORG. Every candidate then goes through the same checks: a phone number, a city, a
trade word alone, a greeting, a number or the owner's own first name is never a company name.

The owner's own name (« moi c'est Karim », « je suis Sylvie ») is another fact
(:func:`allokoli.understanding.facts.extract_owner_name`); a candidate equal to it is dropped.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from allokoli.domain.catalogue import load_catalogue
from allokoli.understanding.company_rules import _NAME_STOP_WORDS
from allokoli.understanding.facts import extract_owner_name, rule_company_name
from allokoli.understanding.nlp import entities as _ner
from allokoli.understanding.normalize import fold
from allokoli.understanding.places import city_spans, commune

__all__ = ["NameCandidate", "company_name_candidates", "extract_company_name"]

#: Below this score a candidate is not taken when the name was not asked for.
THRESHOLD = 0.6


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
        "allô",
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
        "lundi",
        "mardi",
        "mercredi",
        "jeudi",
        "vendredi",
        "samedi",
        "dimanche",
        "france",
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
_PHONE_RE = re.compile(r"(?:\+33\s*|\b0)\d(?:[\s.-]?\d{2}){4}\b|\b\d{2}(?:[\s.-]\d{2}){2,}\b")
_MEASURE_AFTER_RE = re.compile(
    r"^\s*(?:%|€|euros?\b|ans?\b|h\b|heures?\b|couverts?\b|places?\b|m2|m²|km\b|min\b|e\b|eme\b"
    r"|ème\b|er\b)"
)


@lru_cache(maxsize=1)
def _trade_words() -> frozenset[str]:
    """Folded single words that name a trade in the catalogue ("plombier", "pizzeria")."""
    words: set[str] = set(_EXTRA_TRADE_WORDS)
    for _family, sub in load_catalogue().all_subtypes():
        for term in (*sub.keywords, sub.label):
            for word in re.findall(r"[^\W\d_]+", fold(term)):
                if len(word) > 2:
                    words.add(word)
    return frozenset(fold(w) for w in words)


def _words(name: str) -> list[str]:
    return re.findall(r"[^\W_]+(?:['’][^\W_]+)?|&", fold(name))


def _clean(name: str) -> str:
    name = re.sub(r"\s+", " ", name).strip(" .,;:!?-—–\"'«»“”()")
    # a greeting or a welcome opening the span is not part of the name
    while True:
        m = re.match(r"(?i)([^\W\d_]+)[\s,!.:]+", name)
        if m is None or fold(m.group(1)) not in _GREETINGS:
            break
        name = name[m.end() :]
    # a legal form is not part of the trading name: « SARL Dubois & Fils » is « Dubois & Fils »
    name = re.sub(r"^(?:SARL|SAS|SASU|EURL|SA|SNC|SCI|SCP|SELARL|EIRL|EI)\s+(?=\w)", "", name)
    # a phone number ends the name: « Cabinet 04 79 33 62 08 » is the cabinet and its number
    phone = _PHONE_RE.search(name)
    if phone is not None:
        name = name[: phone.start()]
    return name.strip(" .,;:!?-—–\"'«»“”()")


def _all_capitalised(name: str) -> bool:
    content = [w for w in name.split() if fold(w) not in _PARTICLES]
    return len(content) >= 2 and all(w[:1].isupper() or w[:1].isdigit() for w in content)


def _acceptable(
    name: str, owner: str | None, expecting_name: bool = False, *, cued: bool = False
) -> bool:
    words = _words(name)
    if not words or not re.search(r"[^\W\d_]", name):
        return False
    if len(name) > 120 or len(words) > 8:
        return False
    if _is_city(name):
        return False  # a city alone is where the business is, not what it is called
    without_numbers = re.sub(r"\b\d+\w{0,3}\b", " ", name).strip(" ,")
    if not re.search(r"[^\W\d_]", without_numbers) or _is_city(without_numbers):
        return False  # « 69004 Lyon », « Paris 11e »: an address, not a name
    if not expecting_name and re.match(
        r"(?:[Mm]a[iî]tre|Me|[Dd]octeure?|[Dd]r|[Mm]adame|[Mm]onsieur|[Mm]me|[Mm]lle|M\.)\s", name
    ):
        return False  # « Maître Sophie Durand »: a person with a title
    content = [w for w in words if w not in _PARTICLES]
    if not content:
        return False
    if _only_trade_words(name) and not (cued and _all_capitalised(name)):
        # « Cabinet », « Salon de coiffure », « Restaurant traditionnel »; but a cued name in
        # capitals is one even when made of trade words (« notre entreprise, Verts Jardins »)
        return False
    if len(content) == 1 and (content[0] in _GREETINGS or content[0] in _NOT_NAMES):
        return False
    if owner is not None:
        owner_key = fold(owner)
        if fold(name) == owner_key or fold(name) in owner_key.split():
            return False
    return True


def _is_city(name: str) -> bool:
    """A city, written as such: its exact spelling, or a town big enough that any spelling of
    it means the town (« Cerise » is a shop, although a village is called Cérisé)."""
    place = commune(name)
    if place is None:
        return False
    return _spelling(name) == _spelling(place.name) or place.population >= 10_000


def _spelling(name: str) -> str:
    return re.sub(r"[-\s'’]+", " ", name.lower()).strip()


def _only_trade_words(name: str) -> bool:
    """True when every word is a trade word or a particle, and there is no number. A city
    written with its capital is not a trade word (« Boulangerie de Mâcon » is a name)."""
    trades = _trade_words()
    after_particle = False
    for raw in re.findall(r"[^\W_]+(?:['’][^\W_]+)?|&", name):
        word = fold(raw)
        if word in _PARTICLES:
            after_particle = True
            continue
        if after_particle and raw[:1].isupper():
            return False  # « Garage du Centre », « Pharmacie des Alpes »: a name
        after_particle = False
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


def _jargon(name: str) -> bool:
    """Trade words with an acronym or an initial (« Architecte DPLG », « Ostéopathe D.O. »,
    « DPE ») are qualifications, not names."""
    words = name.split()
    if len(words) > 1 and name.isupper():
        return False  # « BRASSERIE DU PORT »: a name typed in capitals
    trades = _trade_words()
    if len(words) > 1 and fold(words[0]) not in trades:
        return False  # « ME Électricité », « P.L. Couverture »: initials naming the business
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
_CAP_RUN_RE = re.compile(
    rf"{_CAP}{_NAME_WORD}*(?:\s+(?:(?:de|du|des|la|le|les|et|&|and|of|the|da|di|del|au|aux)"
    rf"\s+|(?:de\s+)?[dl]['’])?(?:{_CAP}{_NAME_WORD}*|\d+))*"
)
_QUOTED_RE = re.compile(r"[«“]\s*([^«»“”\n]{2,60}?)\s*[»”]|\"([^\"\n]{2,60}?)\"")
_QUOTE_CUE_RE = re.compile(
    r"(?:appel\w*|nomm\w*|nom|sommes|suis|chez|entreprise|soci[ée]t[ée]|enseigne|notre|mon|ma"
    r"|institut|salon|cabinet|restaurant|boutique|agence|garage|atelier|magasin)\W*$",
    re.IGNORECASE,
)
_WELCOME_RE = re.compile(r"\bbienvenue\s+(?:chez|à|au|a)\s+", re.IGNORECASE)
_COMPANY_CUE_RE = re.compile(
    r"\b(?:l'entreprise|la\s+soci[ée]t[ée]|la\s+sarl|la\s+sas|l'enseigne|ma\s+bo[iî]te\s+c(?:'est)?"
    r"|mon\s+entreprise\s+c(?:'est)?|we\s+are|nous\s+sommes|on\s+est|je\s+dirige|on\s+dirige"
    r"|je\s+g[èe]re|(?:chez\s+)?nous\s*,?\s*c'est|notre\s+(?:entreprise|soci[ée]t[ée]|bo[iî]te"
    r"|enseigne)\s*,|entreprise|soci[ée]t[ée])\s*:?\s+",
    re.IGNORECASE,
)
_SEGMENT_RE = re.compile(r"[^,;:.!?()\n—–«»\"“”]+|\s-\s")
_LOCATION_BEFORE_RE = re.compile(
    r"(?:\b(?:à|a|au|aux|sur|dans|vers|près de|pres de|en|de|du|d'|chez|moi c'est|je suis"
    r"|m'appelle|appelle|c'est)\s*)$",
    re.IGNORECASE,
)


def _span_name(text: str, start: int, *, lower_ok: bool) -> tuple[str, int] | None:
    """The name starting at ``start``: a run of capitalised words (or of any words up to a
    stop when ``lower_ok``, for SMS-style « ma boite c elec pro 38 »)."""
    rest = text[start:]
    m = _CAP_RUN_RE.match(rest)
    if m is not None:
        name = m.group(0).rstrip()
        if not _with_number_kept(rest, m.end()) and re.search(r"\s\d+$", name):
            name = re.sub(r"\s\d+$", "", name)
        return name, start + len(name)
    if lower_ok:
        end = 0
        count = 0
        for w in re.finditer(r"\s*([\w'’&-]+)", rest):
            if w.start() != end or count == 4:
                break  # punctuation or a fifth word ends the name
            word = fold(w.group(1))
            family = re.match(r"\s*(?:fils|filles|fr[eè]res|associ[ée]s|cie|co)\b", rest[w.end() :])
            if word in _NAME_STOP_WORDS and not (word == "et" and count and family):
                break
            end = w.end()
            count += 1
        if count:
            return rest[:end].strip(), start + end
    return None


def _without_lower_container(text: str, name: str) -> str | None:
    """« l'agence Immo Horizon » → « Immo Horizon »: a trade word the owner wrote in lower case
    before a name of two capitalised words or more is the kind of business, not its name
    (« la boulangerie Martin » stays « Boulangerie Martin »: one word alone is a surname)."""
    first, _, rest = name.partition(" ")
    if not rest or fold(first) not in _trade_words():
        return None
    capitals = [w for w in rest.split() if w[:1].isupper() or w[:1].isdigit()]
    if len(capitals) < 2 or not rest[:1].isupper():
        return None
    m = re.search(rf"(?<!\w){re.escape(first.lower())}\s+{re.escape(rest)}", text)
    return rest if m is not None else None


def _quoted(text: str) -> list[tuple[str, float, str]]:
    out: list[tuple[str, float, str]] = []
    for m in _QUOTED_RE.finditer(text):
        name = (m.group(1) or m.group(2) or "").strip()
        if not name or len(name.split()) > 6:
            continue
        cued = bool(_QUOTE_CUE_RE.search(text[max(0, m.start() - 30) : m.start()]))
        out.append((name, 0.85 if cued else 0.65, "quoted"))
    return out


def _cued(text: str) -> list[tuple[str, float, str]]:
    out: list[tuple[str, float, str]] = []
    for pattern, score, source in (
        (_WELCOME_RE, 0.9, "welcome"),
        (_COMPANY_CUE_RE, 0.8, "company"),
    ):
        for m in pattern.finditer(text):
            lower_ok = source == "company" and fold(m.group(0)).startswith(("ma boite", "mon entr"))
            found = _span_name(text, m.end(), lower_ok=lower_ok)
            if found is None:
                continue
            name = found[0]
            chez = source == "welcome" and fold(m.group(0)).rstrip().endswith("chez")
            if (
                chez
                and _words(name)[0] not in _trade_words()
                and not fold(name).startswith("chez ")
            ):
                name = f"Chez {name}"  # « bienvenue chez Fatou »: the name is « Chez Fatou »
            out.append((name, score, source))
    return out


def _apposition(text: str, cities: list[tuple[int, int]]) -> list[tuple[str, float, str]]:
    """A segment of the text that is only a capitalised name, next to the trade or the city:
    « Barber shop à Montpellier, The Gentlemen's Corner : … »."""
    out: list[tuple[str, float, str]] = []
    segments = [(m.start(), m.end()) for m in _SEGMENT_RE.finditer(text)]
    trades = _trade_words()
    for index, (s, e) in enumerate(segments):
        raw = text[s:e]
        stripped = raw.strip()
        if not stripped:
            continue
        lead = s + (len(raw) - len(raw.lstrip()))
        # "We are Happy Paws" / "Entreprise Bleu Lagon" are read by the cue source
        m = _CAP_RUN_RE.fullmatch(stripped)
        if m is None:
            continue
        if any(cs <= lead and e <= ce + 1 for cs, ce in cities):
            continue
        words = _words(stripped)
        neighbours = " ".join(
            text[a:b] for a, b in segments[max(0, index - 1) : index + 2] if (a, b) != (s, e)
        )
        beside_trade = any(w in trades for w in _words(neighbours)) or any(
            cs >= segments[max(0, index - 1)][0]
            and ce <= segments[min(len(segments) - 1, index + 1)][1]
            for cs, ce in cities
        )
        score = 0.45 + (0.2 if beside_trade else 0.0) + (0.1 if len(words) >= 2 else 0.0)
        first_of_text = not text[:lead].strip()
        if first_of_text and len(words) == 1:
            score -= 0.2
        if _only_trade_words(stripped):
            continue
        if words and words[0] in trades and index == 0:
            # « Pizzeria Bella Napoli, … » opening the text: a trade word then a name
            score += 0.1
        out.append((stripped, score, "apposition"))
    return out


def _entities(text: str) -> list[tuple[str, float, str, int]]:
    out: list[tuple[str, float, str, int]] = []
    for ent in _ner(text):
        if ent.label not in ("ORG", "MISC", "PER", "LOC"):
            continue
        before = text[max(0, ent.start - 15) : ent.start]
        if _LOCATION_BEFORE_RE.search(before):
            continue  # « à Lyon », « moi c'est Karim »
        score = {"ORG": 0.5, "MISC": 0.35, "PER": 0.25, "LOC": 0.2}[ent.label]
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


def company_name_candidates(
    text: str, expecting_name: bool = False, *, owner: str | None = None
) -> list[NameCandidate]:
    """Every candidate company name in ``text``, best first, each with its score (0 to 1.2)."""
    if not isinstance(text, str) or not text.strip():
        return []
    text = text[:2000]
    if owner is None:
        owner = extract_owner_name(text)
    found: list[tuple[str, float, str]] = []
    rule = rule_company_name(text, expecting_name)
    if rule:
        found.append((rule, 0.9 if expecting_name else 0.75, "rules"))
        bare = _without_lower_container(text, rule)
        if bare is not None:
            found.append((bare, 0.8, "rules"))
    found.extend(_quoted(text))
    found.extend(_cued(text))
    cities = [(c.start, c.end) for c in city_spans(text)]
    found.extend(_apposition(text, cities))
    # The network costs 15 ms a text: it is only asked when the cues found nothing sure.
    sure = any(score >= 0.75 for _name, score, _source in found)
    if not expecting_name and not sure and _needs_entities(text, cities):
        for name, score, label, _start in _entities(text):
            if label == "PER":
                # a person's name alone in apposition is the owner, not the business
                found = [
                    (n, sc - 0.25 if src == "apposition" and fold(n) == fold(name) else sc, src)
                    for n, sc, src in found
                ]
            found.append((name, score, label))
    merged: dict[str, NameCandidate] = {}
    for raw_name, score, source in found:
        name = _trim_measure(_clean(raw_name), text)
        cued = source in ("quoted", "welcome", "company")
        if not _acceptable(name, owner, expecting_name, cued=cued):
            continue
        if not expecting_name and source not in ("quoted", "welcome", "company") and _jargon(name):
            continue
        key = re.sub(r"[^a-z0-9]+", " ", fold(name)).strip()
        previous = merged.get(key)
        if previous is None:
            merged[key] = NameCandidate(name, score, (source,))
        elif source not in previous.sources:
            best_text = previous.text if previous.score >= score else name
            merged[key] = NameCandidate(
                best_text, max(previous.score, score) + 0.1, (*previous.sources, source)
            )
    return sorted(merged.values(), key=lambda c: (-c.score, -len(c.text)))


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
