"""The postal address (street, postcode, city, Paris/Lyon/Marseille arrondissements), the
district and the service area ("dans un rayon de 30 km autour d'Avignon")."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from pydantic import ValidationError

from allokoli.domain.profile import Address
from allokoli.understanding.normalize import FoldedText, Prepared, fold, prepare
from allokoli.understanding.phones import find_phones_prepared
from allokoli.understanding.places import (
    CITY_RE,
    canonical_city,
    city_spans,
    commune,
    commune_of_postcode,
    commune_or_short,
    misspelt_town,
)
from allokoli.understanding.textutil import (
    TAKEN_BACK_RE,
    _title_if_lower,
    _wordset,
)

_STREET_TYPES_FREE = (
    "rue|avenue|boulevard|bd|blvd|impasse|allees?|quai|chemin|faubourg|fbg|rond-point|lotissement"
    "|residence|esplanade|promenade|parvis|hameau|lieu-dit|lieu dit|montee|zone artisanale"
    "|zone industrielle|zone commerciale|zone d'activites?|za|zi|zac|zae|route departementale"
    "|ruelle|sente|venelle|clos|centre commercial|galerie marchande"
)
_STREET_TYPES_NUMBERED = (
    "av|place|pl|cours|route|rte|passage|square|voie|cite|villa|mail|galerie|ch"
)
_STREET_STOP = (
    # (« près de la gare » ends the street; « chemin des Prés » is its name)
    r"(?=\s*(?:[,;!?()\n]|\.(?:\s|$)|\d{5}|$|\b(?:a|au|aux|dans|pres\s+d\w*|en face|on|nous"
    r"|je|j'|c'est"
    r"|et|ouvert\w*|pour|avec|sur|qui|tel|telephone|depuis|mais|donc|puis|entre|juste|vers|proche"
    r"|derriere|devant|pas loin|a cote|face|chez|le salon|la boutique|mon|notre|numero"
    # « 9 rue Victor Hugo pas rue Jean Jaurès », « 8 rue Saint-Nicolas maintenant »
    rf"|maintenant|desormais|dorenavant|plutot|pas\s+(?:(?:au|le|la|a|dans\s+la)\s+)?"
    rf"(?:\d|(?:{_STREET_TYPES_FREE})\b))\b))"
)
_STREET_RE = re.compile(
    rf"(?:\b(?P<num>\d{{1,4}})\s*(?P<suffix>bis|ter|b|c)?\b\s*,?\s*)?"
    rf"\b(?P<type>(?:{_STREET_TYPES_FREE})|(?:{_STREET_TYPES_NUMBERED})(?=\.?\s)(?P<numbered>))"
    rf"\.?\s+(?P<name>(?:[a-z0-9'-]+\s*){{1,7}}?){_STREET_STOP}"
)
_GRAND_RUE_RE = re.compile(
    r"(?:\b\d{1,4}\s*(?:bis|ter)?\s*,?\s*)?\bgrand(?:e)?(?:'|\s+|-)rue\b(?!\s+(?:de|du|des|d')\b)"
)
#: « 15000 clients par an »: a number followed by what it counts is a quantity, no postcode
_COUNTED = (
    r"(?:clients?|personnes|habitants|visiteurs|abonnes|membres|eleves|patients|exemplaires"
    r"|pieces|articles|produits|references|couverts|places|lits|chambres|m2|metres|kilos?"
    r"|litres?)\b"
)
_POSTCODE_RE = re.compile(
    rf"\b(?P<cp>(?:0[1-9]|[1-8]\d|9[0-5]|97)\d{{3}})\b(?!\s*(?:€|euros?|km|h\b|{_COUNTED}))"
)
#: Between the towns of a list: a separator of its own (« Yves Guérin » is no list)
_SPLIT_POSTCODE_RE = re.compile(
    r"\b(?P<dep>0[1-9]|[1-8]\d|9[0-5])\s(?P<rest>\d{3})\b(?!\s*(?:€|euros?|km|h\b))"
)
_LIST_SEPARATOR_RE = re.compile(r"[,;/&+]|\bet\b|\bou\b")
_CITY_AFTER_CP_RE = re.compile(
    r"\s*,?\s*(?P<city>[a-z][a-z'-]*(?:[\s-]+(?:sur|sous|en|le|la|les|de|du|des|d'|l'|lès|les"
    r"|lez|st|ste|saint|sainte|[a-z][a-z'-]*)){0,4})"
)
_CITY_STOP_WORDS = _wordset(
    "et on ouvert ouverte nous je c'est pour avec tel telephone depuis mais donc puis au du "
    "de la le les a dans pres pas ici cedex france ou qui quartier centre ville tous tout"
)
_ARRONDISSEMENT_RE = re.compile(
    r"\b(?P<city>paris|lyon|marseille)\s*(?P<n>\d{1,2})\s*(?:e|eme|ieme|er|ere|e arr\w*|arr\w*)\b"
    # « sur Lyon 3e, 6e et 7e »: several arrondissements are a zone, not where the business is
    r"(?!\s*(?:,|et|/|-)?\s*\d{1,2}\s*(?:e|eme|ieme)\b)"
)
# « dans le 11e arrondissement de Paris »
_ARRONDISSEMENT_OF_RE = re.compile(
    r"\b(?P<n>\d{1,2})\s*(?:e|eme|ieme|er|ere)\s+arr\w*\s+(?:de\s+|d')?(?P<city>paris|lyon|marseille)\b"
)
_ARR_LIMITS = {"paris": 20, "lyon": 9, "marseille": 16}
_CITY_PREP_RE = re.compile(
    r"\b(?:a|au|sur|dans|vers|pres de|situe\w* a|base\w* a|installe\w* a|sur la ville de"
    r"|sur la commune de|ville de|commune de|region de|secteur de|cote de|du cote de|en plein"
    # « avocat au barreau de Chambéry »: the town of the bar
    r"|barreau de|barreau d')\s*"
    r"(?:centre[- ]ville (?:de |d')?|centre (?:de |d')?)?$"
)
_CAP_CITY_RE = re.compile(
    r"(?P<prep>\bà|\ba|\bau|\bsur|\bdans|\bprès de|\bvers)\s+(?P<city>[A-ZÉÈÎ][\wéèêëàâîïôöûüç'-]+"
    # a connector only inside the name (« Saint-Paul-lès-Dax »), never « depuis » cut short
    r"(?:[- ](?:(?:sur|sous|en|le|la|les|de|du|des|lès|lez)(?=[- ][\wÉ])|d'|l'"
    r"|[A-ZÉ][\wéèêëàâîïôöûüç'-]+))*)"
)
_NOT_CITIES = _wordset(
    "noel paques bientot demain midi minuit lundi mardi mercredi jeudi vendredi samedi "
    "dimanche janvier fevrier mars avril mai juin juillet aout septembre octobre novembre "
    "decembre domicile distance vous toi moi nous eux partir tout tous toute votre notre mon "
    "ma madame monsieur marco google internet facebook instagram whatsapp"
)


@dataclass(frozen=True, slots=True)
class _City:
    name: str
    start: int
    end: int


_CONTRACTED_RE = re.compile(r"(?i)\b(au|aux)\s+((?:[^\W\d_][\w'’]*)(?:[\s-][^\W\d_][\w'’]*){0,3})")
#: « au havre »: a town whose name opens on its article, this large when typed in lower case
#: (« au port », « au pin » are most often a harbour and a pine)
_CONTRACTED_LOWER = 50_000
_CONTRACTED_CAPITAL = 2_000


def _contracted_town(raw: str) -> _City | None:
    """« au Havre », « au mans », « aux Sables-d'Olonne »: « à » and the town's own article
    make one word; the town is « Le Havre », « Le Mans », « Les Sables-d'Olonne »."""
    for m in _CONTRACTED_RE.finditer(raw):
        article = "Le" if m.group(1).lower() == "au" else "Les"
        words = re.split(r"(?<=\S)(?=[\s-])", m.group(2))
        for n in range(len(words), 0, -1):
            name = "".join(words[:n]).strip()
            place = commune(f"{article} {name}")
            if place is None:
                continue
            floor = _CONTRACTED_CAPITAL if name[:1].isupper() else _CONTRACTED_LOWER
            if place.population >= floor:
                return _City(place.name, -1, -1)
    return None


#: After a town: the owner is settled there (« Bourgoin-Jallieu, où je suis installé »)
_SETTLED_AFTER_RE = re.compile(
    r"\s*,?\s*(?:la\s+)?o[uù]\s+(?:je\s+suis|nous\s+sommes|on\s+est|j'ai|nous\s+avons|on\s+a"
    r"|se\s+trouve|est)\s+(?:install|bas|implant|situ|mon\b|notre\b|le\s+(?:siege|cabinet"
    r"|bureau|local|magasin|salon|atelier))",
    re.IGNORECASE,
)


#: The big town named only to say where the business is near (« près de Lyon »)
_NEAR_RE = re.compile(r"\b(?:pres de|a cote de|pas loin de|proche de|non loin de)\s*$")


def _find_city(prepared: Prepared) -> _City | None:
    """A city introduced by a preposition ("à Lyon", "sur bordeaux") or after a postal code;
    first, a town the owner says they are settled in (« …, Bourgoin-Jallieu où je suis
    installé, L'Isle-d'Abeau… »)."""
    for span in city_spans(prepared.raw):
        if _SETTLED_AFTER_RE.match(prepared.raw, span.end):
            return _City(span.name, -1, -1)
    low = prepared.low
    found: list[_City] = []
    nearby: _City | None = None
    for m in CITY_RE.finditer(low):
        if low[max(0, m.start() - 1) : m.start()] in ("-", "'"):
            continue  # "dax" in "saint-paul-les-dax"
        before = low[max(0, m.start() - 40) : m.start()]
        if _CITY_PREP_RE.search(before) or re.search(r"\d{5}\s*,?\s*$", before):
            name = canonical_city(m.group(0))
            if name and _NEAR_RE.search(before):
                # « on est à Chaponost près de Lyon », « juste à côté de Toulouse, à Blagnac »:
                # the big town only says where the business is near
                near = _gazetteer_city(prepared.raw)
                if near is not None and fold(near.name) != fold(name):
                    return near
                nearby = nearby or _City(name, m.start(), m.end())
                continue
            if name:
                longer = _gazetteer_city(prepared.raw)
                if longer is not None and fold(name) in fold(longer.name) != fold(name):
                    return longer  # "à Saint-Paul-lès-Dax, à côté de Dax"
                if _SETTLED_RE.search(before):
                    return _City(name, m.start(), m.end())
                found.append(_City(name, m.start(), m.end()))
    if found:
        # « j'ai commencé à Cannes, puis je me suis installé à Nice »: where the business is
        # settled wins, else the first town named
        return found[0]
    contracted = _contracted_town(prepared.raw)
    if contracted is not None:
        return contracted
    conv = prepared.converted
    unknown: _City | None = None
    for m in _CAP_CITY_RE.finditer(conv):
        city = m.group("city").rstrip("'-")
        if fold(city).split()[0].strip("'") in _NOT_CITIES:
            continue
        if m.group("prep") == "a":
            # « a Évian » typed without its accent: a town the map knows, never a person after
            # the verb (« on a Marie qui gère »)
            from allokoli.understanding.persons import first_name  # deferred: no import cycle

            if first_name(city.split()[0]):
                continue
            if (exact := commune(city)) is not None:
                return _City(exact.name, -1, -1)  # « a Chateauroux »: Châteauroux
            if commune_or_short(city) is not None:
                return _City(city, -1, -1)
            continue
        if commune(city) is not None:
            return _City(city, -1, -1)
        words = city.split()
        for n in range(len(words) - 1, 0, -1):
            if (head := commune(" ".join(words[:n]))) is not None:
                return _City(head.name, -1, -1)  # « Baie-Mahault en Guadeloupe »
        if (place := misspelt_town(city)) is not None:
            return _City(place.name, -1, -1)  # « dans Marseile »: Marseille
        # « La Cave à Paulette, à Tournus »: a word no map knows gives way to a commune
        unknown = unknown or _City(city, -1, -1)
    if unknown is not None:
        return unknown
    return (
        _gazetteer_city(prepared.raw)
        or _standalone_city(prepared.raw)
        or _misspelt_city(prepared.raw)
        or nearby
    )


_AFTER_PLACE_RE = re.compile(r"(?i)\b(?:à|a|sur|vers|près de|pres de)\s+([^\W\d_][\w'’-]{6,})")


def _misspelt_city(raw: str) -> _City | None:
    """« serrurier a Montpelier »: after a place preposition, a word one letter off a large town
    that is no commune itself is that town."""
    for m in _AFTER_PLACE_RE.finditer(raw):
        if fold(m.group(1)) in _NOT_CITIES:
            continue
        place = misspelt_town(m.group(1))
        if place is not None:
            return _City(place.name, -1, -1)
    return None


#: A commune named with no preposition must be at least this large (« electricien dijon »).
_STANDALONE_TOWN = 10_000
#: Large communes whose names are also common words: never read without a cue.
_WORD_TOWNS = _wordset("tours orange sens nice vienne bourg montagne cours vire vertou")
# « Fromagerie Le Buron – Saint-Flour »: a dash sets the town apart like a comma
_SEGMENT_RE = re.compile(r"(?:[^,.;:!?()\n–—-]|(?<=\S)-(?=\S))+")
_ZONE_CUE_RE = re.compile(
    r"\b(?:zone|secteur|rayon|km|kilometres?|interv\w*|deplace\w*|autour|alentours|environs"
    r"|tourne|couvre|couvrons|partout|region|departement|toute? l[ae]s?)\b"
)
_SEGMENT_WORD_RE = re.compile(r"[^\W\d_]+(?:['’-][^\W\d_]+)*")


def _standalone_city(raw: str) -> _City | None:
    """A commune with no preposition, in a short segment of its own: « Pompes Funèbres
    Lacoste, Cahors. », « electricien dijon », « snack LE SULTAN lens »: the whole segment, or
    its last or second word(s) in a segment of at most five words. Not in a message about the
    zone (« secteur gap embrun briançon » lists where the business goes)."""
    if _ZONE_CUE_RE.search(fold(raw)):
        return None
    for seg in _SEGMENT_RE.finditer(raw):
        words = list(_SEGMENT_WORD_RE.finditer(seg.group(0)))
        if not words or len(words) > 5 or re.search(r"\d{5}", seg.group(0)):
            continue
        whole = seg.group(0).strip()
        spans = [(0, len(words))]
        if len(words) >= 2:
            spans += [(len(words) - k, len(words)) for k in (3, 2, 1) if k < len(words)]
            spans += [(1, 1 + k) for k in (3, 2, 1) if 1 + k <= len(words)]
        for i, j in spans:
            chunk = seg.group(0)[words[i].start() : words[j - 1].end()]
            place = commune(chunk)
            if place is None or fold(place.name) in _NOT_CITIES:
                continue
            alone = (i, j) == (0, len(words)) and chunk == whole
            if fold(chunk) in _WORD_TOWNS and not chunk[:1].isupper():
                continue
            if alone and (chunk[:1].isupper() or place.population >= _LOWER_CASE_TOWN):
                return _City(place.name, -1, -1)
            if place.population >= _STANDALONE_TOWN and fold(chunk) not in _WORD_TOWNS:
                return _City(place.name, -1, -1)
    return None


#: A commune named in lower case (« on est a pertuis ») must be at least this large.
_LOWER_CASE_TOWN = 2000


def _gazetteer_city(raw: str) -> _City | None:
    """A commune of the gazetteer after a place preposition, accents or not (« se trouve a
    Pertuis », « installee a cavaillon »)."""
    for span in city_spans(raw):
        before = fold(raw[max(0, span.start - 40) : span.start])
        if not _CITY_PREP_RE.search(before + " ") or fold(span.name) in _NOT_CITIES:
            continue
        chunk = raw[span.start : span.end]
        place = commune(chunk)
        if not chunk[:1].isupper() and (place is None or place.population < _LOWER_CASE_TOWN):
            continue
        return _City(span.name, -1, -1)
    return None


def postcode_from_arrondissement(city: str, n: int) -> str | None:
    """ "lyon", 3 → "69003"; "paris", 11 → "75011"; None outside Paris/Lyon/Marseille."""
    limit = _ARR_LIMITS.get(city)
    if limit is None or not 1 <= n <= limit:
        return None
    if city == "paris":
        return f"750{n:02d}"
    if city == "lyon":
        return f"6900{n}"
    return f"130{n:02d}"


def _mask_phones(prepared: Prepared) -> str:
    low = prepared.low
    phones = find_phones_prepared(prepared)
    if not phones:
        return low
    chars = list(low)
    for p in phones:
        chars[p.start : p.end] = " " * (p.end - p.start)
    return "".join(chars)


_CITY_CONNECTORS = _wordset("sur sous en les le la de du des lez les d' l' st ste saint sainte")


def _city_after_postcode(low: str, folded: FoldedText, start: int, end: int) -> str | None:
    known = CITY_RE.match(low, start)
    if known is not None and known.start() == start:
        return canonical_city(known.group(0))
    kept_end = start
    for count, m in enumerate(re.finditer(r"[a-z][a-z'-]*", low[start:end])):
        word = m.group(0)
        if (word in _CITY_STOP_WORDS and word not in _CITY_CONNECTORS) or count >= 4:
            break
        if word not in _CITY_CONNECTORS:
            kept_end = start + m.end()
    if kept_end == start:
        return None
    said = folded.source_slice(start, kept_end).strip()
    if said[:1].islower() and commune_or_short(low[start:kept_end]) is None:
        return None  # « 97410, juste à côté de la boulangerie »: words of the sentence
    return _title_if_lower(said)


_AFTER_STREET_RE = re.compile(r"\s*[,-]?\s*(?:(?:a|au|sur)\s+)?")
_TOWN_WORD_RE = re.compile(r"[a-z]+(?:['-][a-z]+)*")


def _commune_after(low: str, start: int) -> str | None:
    """The commune named right after a street (« 12 rue Victor Hugo, Villeurbanne »): the
    longest run of up to five words that the gazetteer knows."""
    lead = _AFTER_STREET_RE.match(low, start)
    pos = lead.end() if lead else start
    words: list[re.Match[str]] = []
    for w in _TOWN_WORD_RE.finditer(low, pos):
        if len(words) >= 5 or low[(words[-1].end() if words else pos) : w.start()].strip():
            break
        words.append(w)
    for n in range(len(words), 0, -1):
        chunk = low[words[0].start() : words[n - 1].end()]
        if fold(chunk) in _NOT_CITIES or chunk in _CITY_STOP_WORDS:
            continue
        place = commune(chunk)
        if place is not None and n == 1 and place.population < _LISTED_TOWN:
            from allokoli.understanding.nlp import is_lexicon_word  # deferred: loads spaCy

            if is_lexicon_word(chunk):
                continue  # « 12 rue des Arènes, sur place et à emporter »: no Placé
        if place is not None:
            return place.name
    return None


_NUMBER_AFTER_RE = re.compile(
    r"\s*,?\s*(?:au|c'est au)\s+(?:(?:numero|n°|no)\s*)?(?P<n>\d{1,4}(?:\s?(?:bis|ter))?)\b"
    r"(?!\s*(?:h\b|€|euros?|km|ans?|minutes?|personnes?|%))"
)


def _commune_of_postcode(text: str, postal_code: str, street: str | None) -> str | None:
    """The commune named in ``text`` (capitalised) that lies in the postal code's département,
    outside the street's own name (« 12 route de Donzy, 58200 » is a road to Donzy)."""
    at = text.find(street) if street else -1
    inside = range(at, at + len(street)) if street and at >= 0 else range(0)
    for span in city_spans(text):
        if span.start in inside:
            continue
        chunk = text[span.start : span.end]
        place = commune(chunk)
        if place is None or not chunk[:1].isupper() or fold(place.name) in _NOT_CITIES:
            continue
        if postal_code.startswith(place.departement) or place.postcode[:2] == postal_code[:2]:
            return place.name
    return None


#: « à Figeac — non pardon, à Cahors », « près de Bergerac, enfin à Creysse »: the town
#: taken back at once, then the one meant
_TOWN_TAKEN_BACK_RE = re.compile(
    r"(?:[.!…]+\s*)?[^.!?]{0,25}?\b(?:enfin|non|pardon|plutot|en fait|je veux dire)\b[\s,;:—–-]*"
    r"(?:(?:non|pardon|enfin|exactement|pas vraiment|pas exactement|pas tout a fait)\b[\s,;:—–-]*)*"
    # « enfin pas Mulhouse même, à Wittenheim »: the town taken back said again
    r"(?:pas\s+[a-z'-]+(?:\s+meme)?[\s,;:—–-]+)?"
    r"(?:(?:c'est|on est|je suis|nous sommes)\s+)?(?:a|au|sur|dans)\s+"
    r"(?P<town>[a-z][a-z'-]*(?:\s+[a-z][a-z'-]*){0,3})"
)


def _city_said_instead(prepared: Prepared, city: str) -> str | None:
    """The town the owner names right after taking ``city`` back, if it is a commune."""
    low = prepared.low
    at = low.find(fold(city))
    if at < 0:
        return None
    m = _TOWN_TAKEN_BACK_RE.match(low, at + len(fold(city)))
    if m is None:
        return None
    words = m.group("town").split()
    for n in range(len(words), 0, -1):
        chunk = " ".join(words[:n])
        place = commune(chunk) or (commune_or_short(chunk) if n == 1 else None)
        if place is not None and fold(place.name) != fold(city):
            return place.name
    return None


_BARE_POSTCODE_RE = re.compile(
    r"(?<![\d.,])\b(?P<cp>(?:0[1-9]|[1-8]\d|9[0-5]|97)\d{3})\b"
    rf"(?!\s*(?:€|e\b|eur|euros?|%|km|{_COUNTED})|[.,]\d)"
)


def _postcode_of(low: str, city: str) -> str | None:
    """A bare five-digit number of ``low`` that is one of ``city``'s postcodes."""
    place = commune_or_short(city)
    codes = set(place.postcodes or (place.postcode,)) if place is not None else set()
    for m in _BARE_POSTCODE_RE.finditer(low):
        code = m.group("cp")
        town = commune_of_postcode(code) if not codes else None
        if code in codes or (town is not None and fold(town.name).startswith(fold(city))):
            return code  # (« La Baule, 44500 »: La Baule-Escoublac's)
    return None


#: Street types written short, spelt out so that the assistant says them (« 45 av du Prado »
#: is « 45 avenue du Prado »)
_STREET_ABBREVIATIONS = {
    "av": "avenue",
    "ave": "avenue",
    "bd": "boulevard",
    "bld": "boulevard",
    "blvd": "boulevard",
    "bvd": "boulevard",
    "pl": "place",
    "rte": "route",
    "chem": "chemin",
    "imp": "impasse",
    "fg": "faubourg",
    "fbg": "faubourg",
    "sq": "square",
}
_SHORT_TYPE_RE = re.compile(
    r"^(?P<num>\d{1,4}\s*(?:bis|ter)?\s*,?\s*)?(?P<type>"
    + "|".join(_STREET_ABBREVIATIONS)
    + r")\b\.?(?=\s)",
    re.IGNORECASE,
)


#: Right before a street: « pas » (« au 3 rue de Périgueux, pas rue Hergé »)
_NEGATED_BEFORE_RE = re.compile(r"\b(?:pas|plus)\s+(?:(?:au|le|la|a|dans\s+la)\s+)?$")
#: How far after the street taken back the one said instead may start
_STREET_REACH = 120


def _street_said_instead(low: str, folded: FoldedText, end: int) -> tuple[str, int] | None:
    """The street said instead of the one ending at ``end``, when the owner takes it back
    within the same message (« 14 impasse des Tilleuls, 31770... ah non attendez, c'est
    impasse des Peupliers »)."""
    back = TAKEN_BACK_RE.search(low, end, end + _STREET_REACH)
    if back is None:
        return None
    for m in _STREET_RE.finditer(low, back.end(), back.end() + _STREET_REACH):
        if m.group("numbered") is not None and not m.group("num"):
            continue
        if _NEGATED_BEFORE_RE.search(low, 0, m.start()) or len(m.group("name").split()) < 1:
            continue
        start = m.start("num") if m.group("num") else m.start("type")
        text = re.sub(r"\s+", " ", folded.source_slice(start, m.end("name")).strip(" ,.-"))
        return _spelt_out(text)[:200], m.end("name")
    return None


def _spelt_out(street: str) -> str:
    m = _SHORT_TYPE_RE.match(street)
    if m is None:
        return street
    word = _STREET_ABBREVIATIONS[m.group("type").lower()]
    return f"{m.group('num') or ''}{word}{street[m.end() :]}"


def extract_address(text: str) -> Address | None:
    """Street, postal code and city ("12 rue de la République, 69003 Lyon", "à Lyon 3e")."""
    prepared = prepare(text)
    low = _mask_phones(prepared)
    folded = prepared.folded
    street: str | None = None
    street_end = 0
    postal_code: str | None = None
    city: str | None = None

    grand = _GRAND_RUE_RE.search(low)
    if grand is not None:
        # « 12 Grand'Rue à Colmar »: a street whose type is its whole name
        street = re.sub(r"\s+", " ", folded.source_slice(grand.start(), grand.end()))
        street_end = grand.end()
    for m in _STREET_RE.finditer(low) if street is None else ():
        if m.group("numbered") is not None and not m.group("num"):
            continue
        if _NEGATED_BEFORE_RE.search(low, 0, m.start()):
            continue  # « …, pas rue Hergé »: the street the owner takes back
        name_low = m.group("name").strip()
        if not name_low or (
            name_low.split()[0] in ("de", "du", "des", "d'") and len(name_low.split()) == 1
        ):
            continue
        if _PRICE_OR_TIME_RE.search(name_low):
            continue  # « carte 10 cours 150e », « 5 cours 80 euros »: lessons and a price
        start = m.start("num") if m.group("num") else m.start("type")
        street_text = folded.source_slice(start, m.end("name")).strip(" ,.-")
        street_text = re.sub(r"\s+", " ", street_text)
        street_end = m.end("name")
        if not m.group("num"):
            # « rue de Saint-Malo, au numéro 24 », « avenue Foch, au 12 »: the number after
            number = _NUMBER_AFTER_RE.match(low, street_end)
            if number is not None:
                street_text = f"{number.group('n')} {street_text}"
                street_end = number.end()
        street = _spelt_out(street_text)[:200]
        instead = _street_said_instead(low, folded, street_end)
        if instead is not None:
            street, street_end = instead
            if not re.match(r"\d", street) and m.group("num"):
                # « au 14 impasse des Tilleuls… ah non, c'est impasse des Peupliers »: the
                # number said stays
                suffix = f" {m.group('suffix')}" if m.group("suffix") else ""
                street = f"{m.group('num')}{suffix} {street}"
        break

    cp = None
    for m in _POSTCODE_RE.finditer(low):
        # a postal code is followed by a city or preceded by an address/"code postal"
        before = low[max(0, m.start() - 20) : m.start()]
        after = _CITY_AFTER_CP_RE.match(low, m.end())
        if after or "postal" in before or re.search(r"\bcp\b", before) or street:
            cp = m
            break
    if cp is not None:
        postal_code = cp.group("cp")
        after = _CITY_AFTER_CP_RE.match(low, cp.end())
        if after:
            city = _city_after_postcode(low, folded, after.start("city"), after.end("city"))
    else:
        # « zéro un zéro zéro zéro Bourg-en-Bresse », « vingt-quatre deux cent cinquante
        # Domme »: a postcode said as its département, then the rest, before the commune
        for m in _SPLIT_POSTCODE_RE.finditer(low):
            after = _CITY_AFTER_CP_RE.match(low, m.end())
            code = m.group("dep") + m.group("rest")
            if after is None or commune_of_postcode(code) is None:
                continue
            named = _city_after_postcode(low, folded, after.start("city"), after.end("city"))
            if named is not None:
                postal_code, city = code, named
                break

    arr = _ARRONDISSEMENT_RE.search(low) or _ARRONDISSEMENT_OF_RE.search(low)
    if arr is not None:
        arr_city = arr.group("city")
        code = postcode_from_arrondissement(arr_city, int(arr.group("n")))
        if code and postal_code is None:
            postal_code = code
        if city is None:
            city = arr_city.capitalize()
    if city is None and street is not None:
        # « rue Colbert, Tours. 37000. »: the commune right after the street, its postcode later
        city = _commune_after(low, street_end)
    if city is None and postal_code is not None:
        # « Regard de Velours – Perpignan, 12 rue de l'Ange, 66000 »: the commune named
        # anywhere whose département is the postal code's
        city = _commune_of_postcode(text, postal_code, street)
    if city is None:
        found = _find_city(prepared)
        if found is not None:
            city = found.name
    if city is None and postal_code is not None:
        # « 3 place de la Gare, 21000 »: the town the postcode stands for
        town = commune_of_postcode(postal_code)
        city = town.name if town is not None else None
    if city is not None:
        city = _city_said_instead(prepared, city) or city
    if city is not None and postal_code is None:
        # « au Gosier, en Guadeloupe, 97190 », « à Wittenheim, dans la zone commerciale,
        # 68270 »: a bare number that is the town's postcode
        postal_code = _postcode_of(low, city)
    if city is not None and postal_code is not None:
        # « je dis toujours Saint-Étienne…, mais on est à Saint-Chamond, 42400 »: of two towns
        # named, the postcode's
        town = commune_of_postcode(postal_code)
        spelled = (
            r"[\s-]+".join(map(re.escape, re.split(r"[\s-]+", fold(town.name)))) if town else ""
        )
        if (
            town is not None
            and fold(town.name) != fold(city)
            and re.search(rf"\b{spelled}\b", low)  # (« Pointe a Pitre » for Pointe-à-Pitre)
            and postal_code not in (commune_or_short(city) or town).postcodes
        ):
            city = town.name
        # « à Aix, 13100 », « clermont fd 63000 »: the postcode says which town a short name
        # means when another commune bears it (Aix in Corrèze); « La Baule » stays as said
        town = commune_of_postcode(postal_code)
        other = commune(city)
        if (
            town is not None
            and other is not None
            and fold(other.name) != fold(town.name)
            and re.match(rf"{re.escape(fold(city))}[\s-]", fold(town.name))
        ):
            city = town.name
    if street is None and postal_code is None and city is None:
        return None
    try:
        return Address(street=street, postal_code=postal_code, city=city[:100] if city else None)
    except ValidationError:
        return None


_DISTRICT_RE = re.compile(
    r"\bquartier\s+(?P<name>(?:(?:de la|de l'|du|des|de|d')\s*)?[a-z0-9'-]+"
    r"(?:\s+[a-z0-9'-]+){0,3}?)"
    r"(?=\s*(?:[,;!?()\n]|\.(?:\s|$)|$|\b(?:a|et|on|nous|je|c'est|pour|avec|pas|pres|dans|ou)\b))"
)


def extract_district(text: str) -> str | None:
    """A neighbourhood ("quartier de la Croix-Rousse" → "quartier de la Croix-Rousse")."""
    prepared = prepare(text)
    m = _DISTRICT_RE.search(prepared.low)
    if not m:
        return None
    snippet = prepared.folded.source_slice(m.start(), m.end()).strip()
    return snippet[:100] if snippet else None


# --- service area ------------------------------------------------------------------------------

_AREA_STOP = (
    r"(?=\s*(?:[;!?()\n]|\.(?:\s|$)|,\s*(?!et\b)|$|\b(?:on|nous|je|j'|pour|avec|depuis|mais"
    r"|donc|puis|appel\w*|ouvert\w*|tel|telephone|sauf|du lundi|tous les|7j|24h|les urgences"
    r"|quand|lorsque|lorsqu'|si"
    r"|c'est|je suis|et (?:je|on|nous|pour|les|appel))\b))"
)
_AREA_PATTERNS: tuple[re.Pattern[str], ...] = tuple(
    re.compile(p)
    for p in (
        r"(?:dans|sur)\s+un\s+rayon\s+(?:de\s+|d')?\d{1,3}\s*(?:km|kms|kilometres?|bornes)\b"
        r"(?:\s+(?:autour|aux alentours|a la ronde)(?:\s+(?:de|d')\s*[a-z'-]+(?:\s+[a-z'-]+){0,2})?"
        r"|\s+(?:de|d'|depuis|a partir de)\s*[a-z'-]+(?:\s+[a-z'-]+){0,2}?)?" + _AREA_STOP,
        r"\brayon\s+(?:de\s+|d')?\d{1,3}\s*(?:km|kms|kilometres?|bornes)\b"
        r"(?:\s+(?:autour de|de|d'|depuis)\s*[a-z'-]+(?:\s+[a-z'-]+){0,2}?)?" + _AREA_STOP,
        r"\b\d{1,3}\s*(?:km|kms|kilometres?|bornes)\s+(?:autour|a la ronde|aux alentours)"
        r"(?:\s+(?:de|d')\s*[a-z'-]+(?:\s+[a-z'-]+){0,2}?)?" + _AREA_STOP,
        r"\b(?:toute?s?|tout)\s+(?:le|la|l'|les)\s*(?:\d{2,3}|2a|2b|departement|region|agglo\w*"
        r"|metropole|ile[- ]de[- ]france|idf|paca|bretagne|normandie|alsace|vallee|cote|secteur"
        r"|ville|zone|canton|communaute|peripherie|banlieue|agglomeration"
        r"|(?!(?:monde|temps|reste|truc|jours?|journee|mois|annee|week|matin|soir|midi|semaine|gens"
        r"|personnel|equipe|clients?|chose|travail|boulot|necessaire|service|nord|sud)\b)[a-z'-]+)"
        r"(?:\s+[a-z0-9'-]+){0,4}?" + _AREA_STOP,
        r"\b[a-z][a-z'-]*(?:\s+[a-z][a-z'-]*){0,2}\s+et\s+(?:sa|ses|son|les|leurs?|la|l')?\s*"
        r"(?:banlieue|alentours?|environs|agglo\w*|peripherie|region|metropole|communes? "
        r"(?:voisines?|alentours|limitrophes)|departement|environ)\b"
        + r"(?:\s+[a-z'-]+){0,3}?"
        + _AREA_STOP,
        r"\b[a-z][a-z'-]*(?:\s+[a-z][a-z'-]*){0,2}\s+et\s+(?:autour\s+(?:du|de la|des|de l')"
        r"|dans\s+(?:tout|toute)\s+(?:le|la|l'))\s*[a-z'-]+(?:\s+[a-z'-]+){0,3}?" + _AREA_STOP,
        r"\b(?:zone d'intervention|zone de deplacement|zone|secteur|perimetre)\s*(?::|c'est|est|=)?"
        r"\s*(?:sur|dans|a|en|jusqu'a|autour de|partout (?:sur|dans|en))?\s+"
        r"(?:toute?\s+|tout\s+)?(?:le|la|les|l')?\s*"
        r"[a-z0-9'-]+(?:\s+[a-z0-9'-]+){0,7}?" + _AREA_STOP,
        r"\b(?:j'interviens|on intervient|nous intervenons|intervention|interventions"
        r"|je me deplace|on se deplace|nous nous deplacons|deplacement|deplacements|je couvre"
        r"|on couvre|nous couvrons|je travaille|on travaille|je bosse|on bosse|je tourne"
        r"|on tourne|je livre|on livre|nous livrons|livraisons?|livre|on va|je vais)\s+"
        # « on tourne un peu partout autour de Grenoble »
        r"(?:(?:(?:un\s+peu|surtout|principalement|essentiellement)\s+)?"
        r"(?:sur|dans|a|en|jusqu'a|autour de|partout (?:sur|dans|en|autour de))\s+"
        r"(?:toute?\s+|tout\s+)?|toute?\s+|tout\s+)(?:le|la|les|l')?\s*"
        r"[a-z0-9'-]+(?:\s+[a-z0-9'-]+){0,10}?" + _AREA_STOP,
    )
)
_AREA_CLEAN_LEAD_RE = re.compile(
    r"^(?:(?:zone d'intervention|zone de deplacement|zone|secteur|perimetre|j'interviens"
    r"|on intervient|nous intervenons"
    r"|interventions?|je me deplace|on se deplace|nous nous deplacons|deplacements?|je couvre"
    r"|on couvre|nous couvrons|je travaille|on travaille|je bosse|on bosse|je tourne|on tourne"
    r"|je livre|on livre|nous livrons|livraisons?|livre|on va|je vais)"
    r"\s*(?::|c'est|est|=)?\s*(?:sur|dans|a|en)?\s+)"
)
_AREA_MEANINGFUL_RE = re.compile(
    r"\d|banlieue|alentours?|environs|agglo|peripherie|region|metropole|departement|rayon|km"
    r"|ile[- ]de[- ]france|idf|toute?\b|partout|secteur|ville|canton|communes?|autour"
)
_AREA_VERB_NOT_AREA_RE = re.compile(
    r"^(?:je travaille|on travaille|je bosse|on bosse|on va|je vais)\s+"
    r"(?:avec|pour|seul|depuis|en equipe"
    r"|le|la|les|du|de|chez|beaucoup|bien|tous|tout le temps)\b"
)


#: Where the business is (« installé à », « on est à », « basé sur »), not where it once was.
_SETTLED_RE = re.compile(
    r"\b(?:installe\w*|base\w*|situe\w*|implante\w*|on est|nous sommes|je suis|se trouve"
    r"|sommes|maintenant|aujourd'hui|desormais)\b[^,.;]{0,25}$"
)
#: A commune in a zone list written in lower case must be at least this large.
_LISTED_TOWN = 1000
_PLACE_WORD_RE = re.compile(r"[a-z]+(?:['-][a-z]+)*")
#: Between the towns of a list, or between a zone and the towns that detail it (« Nancy et
#: agglo (Laxou, Villers) », « Besançon et le Doubs, jusqu'à Ornans »).
_LIST_GAP_RE = re.compile(
    r"^(?:[\s,;:/&+()]|\bet\b|\bou\b|\bpuis\b|\bjusqu'a\b|\bl[ae]s?\b|\bparfois\b"
    r"|\bmeme\b|\baussi\b|\begalement\b"
    # « Marseille, Aix évidemment, Aubagne »; « tout le Puy-de-Dôme, surtout Clermont, Riom »:
    # the towns that detail a zone
    r"|\b(?:evidemment|bien sur|surtout|notamment|principalement|essentiellement|donc|dont"
    r"|enfin|comme|genre|en particulier|par exemple|c'est-a-dire)\b"
    # « tout le secteur, bon, Saumur, Doué… », « Tournefeuille, des fois je monte jusqu'à
    # Balma »: fillers, and the owner going further
    r"|\b(?:bon|ben|bah|euh|heu|voila|quoi|hein|des\s+fois)\b"
    r"|\b(?:je|j'|on|nous)\s+(?:monte|vais|va|allons|descends?|pousse|passe|remonte)\w*\b"
    # « Lyon 3e, 6e et 7e »: arrondissements
    r"|\b\d{1,2}\s*(?:e|eme|er)\b"
    # « à Besançon mais aussi à Pontarlier »
    r"|\bmais\s+(?:aussi|egalement)(?:\s+(?:a|sur|dans)\b)?"
    # « Douarnenez et Pont-l'Abbé… et Briec aussi »: a town added after a pause
    r"|(?:\.\.\.|…)(?=\s*et\b)"
    # « Bourgoin-Jallieu où je suis installé, L'Isle-d'Abeau… »: where the owner is settled
    r"|\bou\s+(?:je\s+suis|nous\s+sommes|on\s+est)\s+(?:installe|base|implante)e?s?\b)*$"
)
#: One village the gazetteer does not know, between two towns of a list (« Saint-Claude,
#: Oyonnax, Morez et Les Rousses »: Morez merged into Hauts-de-Bienne in 2016).
_LIST_GAP_WITH_VILLAGE_RE = re.compile(
    r"^\s*[,;/]\s*[a-z][a-z'-]{2,}(?:\s+[a-z][a-z'-]{2,})?\s*(?:[,;/]|\bet\b)\s*$"
)


#: A street type followed by the street's name (« rue d'Orléans », « cours Gambetta »).
_STREET_WORD_RE = re.compile(
    r"(?:rue|place|cours|quai|avenue|boulevard|allee|impasse|chemin|route|passage)"
    r"\s+(?:d'|de |du |des |la |le |[a-z])"
)


_ARTICLE_BEFORE_RE = re.compile(r"\b(?:le|la|les|l')\s*$")


def _place_runs(low: str) -> list[tuple[int, int, int]]:
    """Lists of communes (« dijon, chenove, talant », « Angers, Saumur et Cholet »): (start,
    end, how many communes) in ``low``."""
    return [(start, end, len(items)) for start, end, items in _place_lists(low)]


@lru_cache(maxsize=256)
def _place_lists(low: str) -> list[tuple[int, int, list[tuple[int, int]]]]:
    """Lists of communes in ``low``: (start, end, the span of each commune)."""
    words = list(_PLACE_WORD_RE.finditer(low))
    places: list[tuple[int, int, bool]] = []
    i = 0
    while i < len(words):
        found = 0
        for j in range(min(len(words), i + 5), i, -1):
            if j - i > 1 and not re.fullmatch(
                r"[a-z'\s-]+", low[words[i].start() : words[j - 1].end()]
            ):
                continue
            chunk = low[words[i].start() : words[j - 1].end()]
            if chunk in _CITY_STOP_WORDS or chunk in _NOT_CITIES or len(chunk) < 3:
                continue
            if j == i + 1 and _STREET_WORD_RE.match(low, words[i].start()):
                continue  # « rue d'Orléans », « place Stanislas »: a street, not Rue (Somme)
            place = commune_or_short(chunk)
            if (
                place is not None
                and j == i + 1
                # searched in place: a slice would cut « ales » to « les »
                and _ARTICLE_BEFORE_RE.search(low, max(0, words[i].start() - 4), words[i].start())
                and not fold(place.name).startswith(("le ", "la ", "les ", "l'"))
            ):
                continue  # « et le salon s'appelle »: a noun and its article, not Salon-de-Provence
            if place is not None and place.population >= _LISTED_TOWN:
                places.append((words[i].start(), words[j - 1].end(), False))
                found = j
                break
            if place is not None and j == i + 1 and _small_commune(chunk):
                places.append((words[i].start(), words[j - 1].end(), True))
                found = j
        i = found if found else i + 1
    runs: list[tuple[int, int, list[tuple[int, int]]]] = []
    for start, end, small in places:
        gap = low[runs[-1][1] : start] if runs else ""
        if small:
            # a village only carries on a list of towns (« Lons, Perrigny, Conliège et
            # Messia-sur-Sorne »): alone, a rare word may be a village by chance
            if runs and _LIST_GAP_RE.match(gap) and _LIST_SEPARATOR_RE.search(gap):
                runs[-1] = (runs[-1][0], end, [*runs[-1][2], (start, end)])
            continue  # (« Yves Guérin » is a man, though Guérin is a village too)
        if (
            runs
            and not gap.strip()
            and _word_pair(low[max(0, runs[-1][1] - 20) : runs[-1][1]], low[start:end])
        ):
            # « chambres vue mer »: two words of the language side by side, though Vue and Mer
            # are communes too; « orange carpentras avignon » is a list
            runs.append((start, end, [(start, end)]))
            continue
        if runs and (_LIST_GAP_RE.match(gap) or _village_gap(gap)):
            runs[-1] = (runs[-1][0], end, [*runs[-1][2], (start, end)])
        else:
            runs.append((start, end, [(start, end)]))
    return runs


def _small_commune(word: str) -> bool:
    """A commune too small to be listed on its own, whose name is no word of the language."""
    from allokoli.understanding.nlp import is_lexicon_word  # deferred: loads spaCy

    return len(word) >= 4 and not is_lexicon_word(word)


def _words_of_the_language(run: str) -> bool:
    """A list said with no word of a zone whose every item is a word of the language (« Bois &
    Sens », « Terre & Mer »): a name, though each is a commune too."""
    from allokoli.understanding.nlp import is_lexicon_word  # deferred: loads spaCy

    items = [i.strip() for i in re.split(r"[,;/&]|\bet\b|\bou\b", run) if i.strip()]
    return all(" " not in i and is_lexicon_word(i) for i in items)


def _word_pair(before: str, place: str) -> bool:
    """The place and the word just before it are both words of the language (« vue mer »)."""
    from allokoli.understanding.nlp import is_lexicon_word  # deferred: loads spaCy

    previous = re.findall(r"[a-z'-]+$", before)
    return bool(previous) and is_lexicon_word(previous[0]) and is_lexicon_word(place)


def _village_gap(gap: str) -> bool:
    m = _LIST_GAP_WITH_VILLAGE_RE.match(gap)
    return m is not None and not _STOP_IN_GAP_RE.search(gap)


#: Words that end a list rather than name a village (« Lyon, bref partout », « Nice, tout »)
_STOP_IN_GAP_RE = re.compile(
    r"\b(?:bref|tout|toute|tous|partout|environs|alentours|autour|region|secteur|mais|sauf)\b"
)


def lists_communes(text: str) -> bool:
    """Does ``text`` list at least two communes (« orange carpentras avignon »)?"""
    return any(count >= 2 for _, _, count in _place_runs(fold(text)))


def in_town_list(text: str, span: str) -> bool:
    """Does ``span`` lie inside a list of at least two communes of ``text`` (« sur Mende,
    Marvejols, Florac et Langogne »: « Florac et Langogne » is two places, not a name)?"""
    low, key = fold(text), fold(span).strip()
    at = low.find(key) if key else -1
    if at < 0:
        return False
    stop = at + len(key)
    for start, end, items in _place_lists(low):
        if len(items) < 2 or _words_of_the_language(low[start:end]):
            continue  # « Terre & Tour »: words of the language, though each is a commune
        if start <= at and stop <= end and any(at <= a < stop for a, _b in items):
            return True  # a commune of the list is in the span
        gap = low[end:at]
        if (
            at >= end
            and " " not in key
            and _LIST_GAP_RE.match(gap)
            and _LIST_SEPARATOR_RE.search(gap)
        ):
            return True  # « Barbizon, Moret »: one more village the gazetteer does not know
    return False


def listed_communes(text: str) -> list[str]:
    """The official names of the communes ``text`` lists (at least two in a row, any case:
    « vierzon, bourges, mehun, salbris »)."""
    low = fold(text)
    out: list[str] = []
    for _, _, items in _place_lists(low):
        if len(items) < 2:
            continue
        for start, end in items:
            place = commune_or_short(low[start:end])
            if place is not None and place.name not in out:
                out.append(place.name)
    return out


#: Between towns listed and the zone that sums them up (« Béziers, Agde, Sète, bref dans tout
#: l'Hérault »)
_SUMMED_UP_RE = re.compile(
    r"^\s*[,;]?\s*(?:et\s+)?(?:bref|enfin|voire|et meme|donc|en gros|un peu(?:\s+partout)?"
    r"|plus largement)\s*,?\s*(?:dans|sur|en|a)?\s*$"
)


def _with_place_lists(low: str, best: tuple[int, int] | None) -> tuple[int, int] | None:
    """The zone widened to the communes listed right beside it (« Lyon et 30 km autour »,
    « sur Angers, Saumur et Cholet »), or a list of at least two communes on its own."""
    runs = _place_runs(low)
    if best is None:
        lists = [r for r in runs if r[2] >= 2 and not _words_of_the_language(low[r[0] : r[1]])]
        return max(lists, key=lambda r: r[1] - r[0])[:2] if lists else None
    start, end = best
    for run_start, run_end, _ in runs:
        touches = run_start <= end and run_end >= start
        before = run_end <= start and (
            _LIST_GAP_RE.match(low[run_end:start]) or _SUMMED_UP_RE.match(low[run_end:start])
        )
        after = run_start >= end and _LIST_GAP_RE.match(low[end:run_start])
        if touches or before or after:
            start, end = min(start, run_start), max(end, run_end)
    return start, end


_ZONE_VERB_LEAD_RE = re.compile(
    r"^(?:je|j'|on|nous)\s+(?:me\s+|nous\s+)?(?:bosse|travail|interviens|intervient|intervenons"
    r"|deplace|deplacons|vais|va|tourne|roule|couvre|livre|livrons|passe|suis|sommes|est)\w*"
    r"(?:\s+(?:surtout|principalement|essentiellement|partout|un peu partout|aussi|plutot))?"
    r"\s+(?:sur|a|dans|en|vers|autour\s+de|du\s+cote\s+de)\s+(?=\S)"
)


def _place_follows(rest: str) -> bool:
    """Does ``rest`` open on a place (« nimes, uzes… », « tout le Var », « la côte »), not on
    how the owner works (« domicile sur Lyon »)?"""
    first = re.match(r"[a-z'-]+", rest)
    if first is None:
        return False
    word = first.group(0)
    return word in ("tout", "toute", "tous", "toutes", "le", "la", "les", "l'") or (
        commune(word) is not None or in_town_list(rest, word)
    )


_PRICE_OR_TIME_RE = re.compile(r"\d\s*(?:€|e\b|eur\b|euros?\b|h\b|h\d|heures?\b)")


_DAY = r"(?:lundi|mardi|mercredi|jeudi|vendredi|samedi|dimanche)s?"
_ROUTE_STOP = (
    rf"(?:le|les)\s+{_DAY}\s+(?:(?:midi|soir|matin)\s+)?(?:(?:on|je|nous|j')\s*[a-z']+\s+)?"
    r"(?:a|au|aux|sur|en)\s+[a-z][a-z'-]*(?:\s+[a-z][a-z'-]*){0,2}?"
)
#: A round by weekday (a food truck, a market trader): « le lundi on est à Meylan, le mardi à
#: Échirolles et le vendredi à Grenoble ».
_ROUTE_RE = re.compile(
    rf"{_ROUTE_STOP}(?:\s*(?:,|;|\bet\b|\bpuis\b)\s*(?:et\s+|puis\s+)?{_ROUTE_STOP})+"
    r"(?=\s*(?:[,;.!?()\n]|$|\b(?:et|puis|mais|meme|sauf|enfin|on|je)\b))"
)


def _route(low: str) -> tuple[int, int] | None:
    """The longest round by weekday in the text that stops in at least two communes."""
    spans = [m.span() for m in _ROUTE_RE.finditer(low) if len(CITY_RE.findall(m.group(0))) >= 2]
    return max(spans, key=lambda sp: sp[1] - sp[0]) if spans else None


def names_a_round(text: str) -> bool:
    """Does ``text`` give a round by weekday through at least two communes (« le lundi on est
    à Meylan, le mardi à Échirolles »)? Such a round is where the business works."""
    return _route(fold(text)) is not None


def extract_service_area(text: str, *, expecting: bool = False) -> str | None:
    """Zone d'intervention ("dans un rayon de 30 km", "Lyon et sa banlieue", "tout le 69")."""
    prepared = prepare(text)
    low = _mask_phones(prepared)
    best: tuple[int, int] | None = None
    for pattern in _AREA_PATTERNS:
        for m in pattern.finditer(low):
            segment = m.group(0)
            if _AREA_VERB_NOT_AREA_RE.match(segment) or re.search(r"€|\beuros?\b", segment):
                continue
            if not _AREA_MEANINGFUL_RE.search(segment) and not CITY_RE.search(segment):
                continue
            start = m.start()
            lead = _AREA_CLEAN_LEAD_RE.match(segment)
            if lead:
                start += lead.end()
            seg = low[start : m.end()]
            et = re.search(
                r"\s+et\s+(?:sa|ses|son|les|leurs?|la|l')?\s*(?:banlieue|alentours?|autour|dans"
                r"|environs|agglo|peripherie|region|metropole|communes?|departement)",
                seg,
            )
            if et:
                left = seg[: et.start()]
                preps = list(re.finditer(r"\b(?:sur|a|dans|en|vers|de|autour de|pres de)\s+", left))
                if preps:
                    start += preps[-1].end()
            lead_prep = re.match(r"(?:sur|a|dans|en|vers)\s+(?=\S)", low[start : m.end()])
            if lead_prep and not re.match(r"(?:dans|sur)\s+un\s+rayon", low[start : m.end()]):
                start += lead_prep.end()
            span = (start, m.end())
            if best is None or (span[1] - span[0]) > (best[1] - best[0]):
                best = span
    best = _with_place_lists(low, best)
    route = _route(low)
    if route is not None and (best is None or route[1] - route[0] > best[1] - best[0]):
        best = route
    if expecting:
        # the question was the zone: a short answer is the zone as a whole
        cleaned = re.sub(
            r"^\s*(?:(?:euh|alors|bah|ben|bon|ok|oui|c'est|sur|dans|a|en|vers)\b[\s,]*)+", "", low
        )
        cleaned = cleaned.rstrip(" .!")
        # « je bosse sur nimes, uzes… », « on bosse surtout sur Annecy »: the verb is not the zone
        lead = _ZONE_VERB_LEAD_RE.match(cleaned)
        if lead is not None and _place_follows(cleaned[lead.end() :]):
            cleaned = cleaned[lead.end() :]
        words = len(cleaned.split())
        # prices or hours said instead (« entretien 60e, on bosse 8h-18h »): not the zone; a
        # long answer with no zone found in it is about something else (« on fait de l'ardoise
        # surtout, hein, on est en Bretagne, du zinc, des gouttières… »)
        other_fact = _PRICE_OR_TIME_RE.search(cleaned) is not None
        taken = words <= 10 or (best is None and words <= _WHOLE_ANSWER_WORDS)
        if cleaned.strip() and taken and len(cleaned) <= 300 and not other_fact:
            offset = len(low) - len(low.lstrip())
            offset = low.index(cleaned) if cleaned in low else offset
            best = (offset, offset + len(cleaned))
    if best is None:
        return None
    area = prepared.folded.source_slice(*best).strip(" ,.;:!(")
    area = re.sub(r"\s+", " ", area)
    if area.count("(") > area.count(")"):
        area += ")"
    if not area:
        return None
    return official_spellings(area)[:300]


#: An answer to the zone question this long is the zone as a whole only when it is one.
_WHOLE_ANSWER_WORDS = 14

_RAW_WORD_RE = re.compile(r"[^\W\d_]+(?:['’-][^\W\d_]+)*")


def official_spellings(text: str) -> str:
    """The towns of a zone written as the gazetteer spells them (« st nazaire » → Saint-Nazaire,
    « Saint Jean de Braye » → Saint-Jean-de-Braye), so that the assistant says them right. Only
    a run of words that is a real town (at least ``_LISTED_TOWN`` inhabitants), several words or
    one capitalised, is rewritten; the rest of the zone is left as the owner said it."""
    words = list(_RAW_WORD_RE.finditer(text))
    out: list[str] = []
    pos = 0
    i = 0
    while i < len(words):
        found = 0
        for j in range(min(len(words), i + 6), i, -1):
            start, end = words[i].start(), words[j - 1].end()
            chunk = text[start:end]
            if re.search(r"[^\w\s'’-]", chunk):
                continue
            key = fold(chunk)
            if key in _CITY_STOP_WORDS or key in _NOT_CITIES or len(key) < 3:
                continue
            place = commune(chunk)
            if place is None or place.population < _LISTED_TOWN:
                continue
            if j - i == 1 and not chunk[:1].isupper():
                continue  # « les monts du lyonnais »: a lower-case word may be a common noun
            out.append(text[pos:start])
            out.append(place.name)
            pos = end
            found = j
            break
        i = found if found else i + 1
    out.append(text[pos:])
    return "".join(out)
