"""Small deterministic extractors: e-mail, website, address, service area, company and owner
names, voice gender, register, style, tasks, transfer number and recording consent.

Every function takes the owner's raw text and never raises. Names are sliced from the
original text (case and accents kept); matching happens on a folded copy.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from pydantic import ValidationError

from allokoli.domain.profile import Address, Register, Style, Task, VoiceGender
from allokoli.understanding.normalize import FoldedText, Prepared, fold, prepare
from allokoli.understanding.phones import PhoneKind, PhoneMatch, find_phones_prepared
from allokoli.understanding.places import CITY_RE, canonical_city
from allokoli.understanding.yesno import parse_yes_no

__all__ = [
    "PhoneRole",
    "RolePhone",
    "classify_phones",
    "extract_address",
    "extract_district",
    "extract_email",
    "extract_owner_name",
    "extract_recording_consent",
    "extract_register",
    "extract_service_area",
    "extract_style",
    "extract_tasks",
    "extract_transfer",
    "extract_voice_gender",
    "extract_website",
    "postcode_from_arrondissement",
    "rule_company_name",
]


def _wordset(text: str) -> frozenset[str]:
    return frozenset(text.split())


_BOUNDARY = r"[.;!?\n]"
_SENT_SPLIT_RE = re.compile(r"[.;!?\n]+")


_NOT_NEGATION_RE = re.compile(
    r"\bpas de (?:souci|soucis|probleme|problemes|pb|blem)\b|\bsans (?:souci|probleme)\b"
    r"|\bpourquoi pas\b|\bpas mal\b|\bn'hesite[rz]? pas\b|\bne manquez pas\b"
)


def _is_negated(low: str, start: int, window: int = 30) -> bool:
    """Is the expression starting at ``start`` negated ("pas besoin de…", "ne … pas", "sans")?"""
    before = low[max(0, start - window) : start]
    before = re.split(r"[.;!?,\n]|\bmais\b|\bpar contre\b", before)[-1]
    before = _NOT_NEGATION_RE.sub(" ", before)
    return bool(
        re.search(
            r"\b(?:pas|plus|jamais|sans|non|aucun\w*|ni|surtout pas|inutile|evite\w*|hors de"
            r" question)\b(?:\s+\S+){0,4}\s*$|\bn'|\bne\b",
            before,
        )
    )


def _title_if_lower(text: str) -> str:
    """Capitalise words when the owner typed everything in lower case."""
    if any(c.isupper() for c in text):
        return text[0].upper() + text[1:] if text else text
    small = {
        "de",
        "du",
        "des",
        "la",
        "le",
        "les",
        "et",
        "à",
        "a",
        "d'",
        "l'",
        "en",
        "sur",
        "sous",
        "da",
        "di",
        "del",
        "della",
        "lès",
        "lez",
        "aux",
        "au",
    }
    words = text.split(" ")
    out: list[str] = []
    for i, w in enumerate(words):
        if i > 0 and w in small:
            out.append(w)
            continue
        out.append("-".join(p[:1].upper() + p[1:] for p in w.split("-")))
    result = " ".join(out)
    result = re.sub(
        r"\b([dlDL])'(\w)", lambda m: m.group(1).lower() + "'" + m.group(2).upper(), result
    )
    return result[0].upper() + result[1:] if result else result


# --- e-mail and website -----------------------------------------------------------------------

_EMAIL_RE = re.compile(r"[a-z0-9][a-z0-9._%+-]*@[a-z0-9-]+(?:\.[a-z0-9-]+)*\.[a-z]{2,}")
_SPOKEN_EMAIL_RE = re.compile(
    r"\b([a-z0-9][a-z0-9._-]*)\s+(?:arobase|arrobase|arobaz|at)\s+([a-z0-9-]+(?:\s*(?:\.|point|dot)"
    r"\s*[a-z0-9-]+)+)"
)


def extract_email(text: str) -> str | None:
    """An e-mail address, also dictated ("contact arobase salon point fr")."""
    low = prepare(text).raw_low
    m = _EMAIL_RE.search(low)
    if m:
        return m.group(0).rstrip(".")
    m = _SPOKEN_EMAIL_RE.search(low)
    if m:
        domain = re.sub(r"\s*(?:\.|point|dot)\s*", ".", m.group(2))
        candidate = f"{m.group(1)}@{domain}"
        if _EMAIL_RE.fullmatch(candidate):
            return candidate
    return None


_TLDS = (
    "fr|com|net|org|eu|io|biz|info|paris|bzh|alsace|corsica|shop|store|restaurant|coiffure|site"
    "|online|co|pro|be|ch|lu|re|app|dev|immo|cafe|bar|beauty|health|studio|art|xyz"
)
_URL_RE = re.compile(
    rf"(?<![@\w.-])(?:https?://)?(?:www\.)?[a-z0-9](?:[a-z0-9-]*[a-z0-9])?(?:\.[a-z0-9-]+)*"
    rf"\.(?:{_TLDS})\b(?![@-])(?:/[^\s,;!?()<>\"]*)?"
)
_SPOKEN_URL_RE = re.compile(
    rf"\b(?:w\s*w\s*w|www)\s*(?:\.|point|dot)\s*([a-z0-9-]+(?:\s*(?:\.|point|dot)\s*[a-z0-9-]+)*?)"
    rf"\s*(?:\.|point|dot)\s*({_TLDS})\b"
)


def extract_website(text: str) -> str | None:
    """A website as an absolute URL ("www.salon.fr" → "https://www.salon.fr")."""
    low = prepare(text).raw_low
    emails = [(m.start(), m.end()) for m in _EMAIL_RE.finditer(low)]
    for m in _URL_RE.finditer(low):
        if any(s <= m.start() < e for s, e in emails):
            continue
        url = m.group(0).rstrip(".")
        # "9h.fr" or "1.com" are not sites
        host = re.sub(r"^https?://", "", url).split("/")[0]
        if not re.search(r"[a-z]{2}", host.split(".")[-2] if "." in host else host):
            continue
        if not url.startswith("http"):
            url = "https://" + url
        return url
    spoken = _SPOKEN_URL_RE.search(low)
    if spoken:
        middle = re.sub(r"\s*(?:\.|point|dot)\s*", ".", spoken.group(1))
        return f"https://www.{middle}.{spoken.group(2)}"
    return None


# --- address ----------------------------------------------------------------------------------

_STREET_TYPES_FREE = (
    "rue|avenue|boulevard|bd|blvd|impasse|allee|quai|chemin|faubourg|fbg|rond-point|lotissement"
    "|residence|esplanade|promenade|parvis|hameau|lieu-dit|lieu dit|montee|zone artisanale"
    "|zone industrielle|zone commerciale|zone d'activites?|za|zi|zac|zae|route departementale"
    "|ruelle|sente|venelle|clos|centre commercial|galerie marchande"
)
_STREET_TYPES_NUMBERED = (
    "av|place|pl|cours|route|rte|passage|square|voie|cite|villa|mail|galerie|ch"
)
_STREET_STOP = (
    r"(?=\s*(?:[,;!?()\n]|\.(?:\s|$)|\d{5}|$|\b(?:a|au|aux|dans|pres|en face|on|nous|je|j'|c'est"
    r"|et|ouvert\w*|pour|avec|sur|qui|tel|telephone|depuis|mais|donc|puis|entre|juste|vers|proche"
    r"|derriere|devant|pas loin|a cote|face|chez|le salon|la boutique|mon|notre|numero)\b))"
)
_STREET_RE = re.compile(
    rf"(?:\b(?P<num>\d{{1,4}})\s*(?P<suffix>bis|ter|b|c)?\b\s*,?\s*)?"
    rf"\b(?P<type>(?:{_STREET_TYPES_FREE})|(?:{_STREET_TYPES_NUMBERED})(?=\.?\s)(?P<numbered>))"
    rf"\.?\s+(?P<name>(?:[a-z0-9'-]+\s*){{1,7}}?){_STREET_STOP}"
)
_POSTCODE_RE = re.compile(
    r"\b(?P<cp>(?:0[1-9]|[1-8]\d|9[0-5]|97)\d{3})\b(?!\s*(?:€|euros?|km|h\b))"
)
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
)
_ARR_LIMITS = {"paris": 20, "lyon": 9, "marseille": 16}
_CITY_PREP_RE = re.compile(
    r"\b(?:a|au|sur|dans|vers|pres de|situe\w* a|base\w* a|installe\w* a|sur la ville de"
    r"|sur la commune de|ville de|commune de|region de|secteur de|cote de|du cote de|en plein)\s+"
    r"(?:centre[- ]ville (?:de |d')?|centre (?:de |d')?)?$"
)
_CAP_CITY_RE = re.compile(
    r"(?:\bà|\bau|\bsur|\bdans|\bprès de|\bvers)\s+(?P<city>[A-ZÉÈÎ][\wéèêëàâîïôöûüç'-]+"
    r"(?:[- ](?:sur|sous|en|le|la|les|de|du|des|d'|l'|lès|lez|[A-ZÉ][\wéèêëàâîïôöûüç'-]+))*)"
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


def _find_city(prepared: Prepared) -> _City | None:
    """A city introduced by a preposition ("à Lyon", "sur bordeaux") or after a postal code."""
    low = prepared.low
    for m in CITY_RE.finditer(low):
        before = low[max(0, m.start() - 40) : m.start()]
        if _CITY_PREP_RE.search(before) or re.search(r"\d{5}\s*,?\s*$", before):
            name = canonical_city(m.group(0))
            if name:
                return _City(name, m.start(), m.end())
    conv = prepared.converted
    for m in _CAP_CITY_RE.finditer(conv):
        city = m.group("city").rstrip("'-")
        if fold(city).split()[0].strip("'") in _NOT_CITIES:
            continue
        if m.start() == 0 or conv[m.start() - 1] in ".!?":
            pass
        return _City(city, -1, -1)
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
    return _title_if_lower(folded.source_slice(start, kept_end).strip())


def extract_address(text: str) -> Address | None:
    """Street, postal code and city ("12 rue de la République, 69003 Lyon", "à Lyon 3e")."""
    prepared = prepare(text)
    low = _mask_phones(prepared)
    folded = prepared.folded
    street: str | None = None
    postal_code: str | None = None
    city: str | None = None

    for m in _STREET_RE.finditer(low):
        if m.group("numbered") is not None and not m.group("num"):
            continue
        name_low = m.group("name").strip()
        if not name_low or (
            name_low.split()[0] in ("de", "du", "des", "d'") and len(name_low.split()) == 1
        ):
            continue
        start = m.start("num") if m.group("num") else m.start("type")
        street_text = folded.source_slice(start, m.end("name")).strip(" ,.-")
        street_text = re.sub(r"\s+", " ", street_text)
        street = street_text[:200]
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

    arr = _ARRONDISSEMENT_RE.search(low)
    if arr is not None:
        arr_city = arr.group("city")
        code = postcode_from_arrondissement(arr_city, int(arr.group("n")))
        if code and postal_code is None:
            postal_code = code
        if city is None:
            city = arr_city.capitalize()
    if city is None:
        found = _find_city(prepared)
        if found is not None:
            city = found.name
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
        r"(?:banlieue|alentours|environs|agglo\w*|peripherie|region|metropole|communes? "
        r"(?:voisines?|alentours|limitrophes)|departement|environ)\b"
        + r"(?:\s+[a-z'-]+){0,3}?"
        + _AREA_STOP,
        r"\b(?:zone d'intervention|zone de deplacement|zone|secteur|perimetre)\s*(?::|c'est|est|=)?"
        r"\s*(?:sur|dans|a|en|jusqu'a|autour de|partout (?:sur|dans|en))?\s+"
        r"(?:toute?\s+|tout\s+)?(?:le|la|les|l')?\s*"
        r"[a-z0-9'-]+(?:\s+[a-z0-9'-]+){0,7}?" + _AREA_STOP,
        r"\b(?:j'interviens|on intervient|nous intervenons|intervention|interventions"
        r"|je me deplace|on se deplace|nous nous deplacons|deplacement|deplacements|je couvre"
        r"|on couvre|nous couvrons|je travaille|on travaille|je bosse|on bosse|je tourne"
        r"|on tourne)\s+(?:(?:sur|dans|a|en|jusqu'a|autour de|partout (?:sur|dans|en))\s+"
        r"(?:toute?\s+|tout\s+)?|toute?\s+|tout\s+)(?:le|la|les|l')?\s*"
        r"[a-z0-9'-]+(?:\s+[a-z0-9'-]+){0,7}?" + _AREA_STOP,
    )
)
_AREA_CLEAN_LEAD_RE = re.compile(
    r"^(?:(?:zone d'intervention|zone de deplacement|zone|secteur|perimetre|j'interviens"
    r"|on intervient|nous intervenons"
    r"|interventions?|je me deplace|on se deplace|nous nous deplacons|deplacements?|je couvre"
    r"|on couvre|nous couvrons|je travaille|on travaille|je bosse|on bosse|je tourne|on tourne)"
    r"\s*(?::|c'est|est|=)?\s*(?:sur|dans|a|en)?\s+)"
)
_AREA_MEANINGFUL_RE = re.compile(
    r"\d|banlieue|alentours|environs|agglo|peripherie|region|metropole|departement|rayon|km"
    r"|ile[- ]de[- ]france|idf|toute?\b|partout|secteur|ville|canton|communes?"
)
_AREA_VERB_NOT_AREA_RE = re.compile(
    r"^(?:je travaille|on travaille|je bosse|on bosse)\s+(?:avec|pour|seul|depuis|en equipe"
    r"|le|la|les|du|de|chez|beaucoup|bien|tous|tout le temps)\b"
)


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
                r"\s+et\s+(?:sa|ses|son|les|leurs?|la|l')?\s*(?:banlieue|alentours"
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
    if expecting:
        # the question was the zone: a short answer is the zone as a whole
        cleaned = re.sub(
            r"^\s*(?:(?:euh|alors|bah|ben|bon|ok|oui|c'est|sur|dans|a|en|vers)\b[\s,]*)+", "", low
        )
        cleaned = cleaned.rstrip(" .!")
        if cleaned.strip() and (best is None or len(cleaned.split()) <= 10) and len(cleaned) <= 300:
            offset = len(low) - len(low.lstrip())
            offset = low.index(cleaned) if cleaned in low else offset
            best = (offset, offset + len(cleaned))
    if best is None:
        return None
    area = prepared.folded.source_slice(*best).strip(" ,.;:!")
    area = re.sub(r"\s+", " ", area)
    if not area:
        return None
    return area[:300]


# --- company and owner names -----------------------------------------------------------------

_TRADE_CONTAINERS = (
    "salon|salon de coiffure|restaurant|resto|entreprise|societe|boite|magasin|boutique|commerce"
    "|etablissement|affaire|structure|business|enseigne|cabinet medical|bar|cafe|hotel"
)
_TRADE_DISTINCTIVE = (
    "pizzeria|boulangerie|patisserie|boulangerie-patisserie|plomberie|garage|brasserie|creperie"
    "|boucherie|charcuterie|fromagerie|pharmacie|librairie|institut|cabinet|agence|atelier|studio"
    "|bistrot|bistro|traiteur|epicerie|fleuriste|pressing|auto-ecole|menuiserie|electricite"
    "|maconnerie|serrurerie|toilettage|clinique|centre|spa|barbershop|barber|onglerie|taverne"
    "|auberge|cantine|trattoria|osteria|sushi|kebab|burger|snack|fast-food|food truck|caviste"
    "|cave|bijouterie|opticien|optique|cordonnerie|laverie|chocolaterie|glacier|salon de the"
    "|chauffage|couverture|peinture|renovation|immobilier|conciergerie|taxi|ambulances|transports"
    "|dentiste|kine|osteo|veterinaire|notaire|avocat|expert-comptable|architecte|coiffure"
    "|coiffeur|esthetique|beaute|tattoo|tatouage|fitness|yoga|ecole|creche|camping|gite|domaine"
)
_NAME_CUE_RE = re.compile(
    r"(?:\b(?:ca|ça|sa|il|elle|on|cela|ce)\s+s'?\s*app?ell?e?\w*|\bse\s+nomm?e\w*"
    r"|\ba\s+pour\s+nom|\bporte\s+le\s+nom(?:\s+de)?|\bs'?\s*app?ell?e\w*"
    r"|\ble\s+nom\s+(?:de\s+(?:l'entreprise|la\s+societe|ma\s+boite|mon\s+\w+|l'\w+|la\s+\w+|"
    r"notre\s+\w+)\s+|commercial\s+|du\s+\w+\s+)?(?:c'est|est|:|=|ce\s+sera)"
    r"|\bnom\s+(?:commercial\s+|de\s+l'entreprise\s+|de\s+la\s+societe\s+)?(?::|=)"
    r"|\benseigne\s*(?::|c'est)|\bnotre\s+nom\s+(?:c'est|est)"
    r"|\b(?:mon|ma|notre|le|la|l')\s*(?:" + _TRADE_CONTAINERS + "|" + _TRADE_DISTINCTIVE + r")"
    r"(?:\s+(?:a\s+moi|de\s+coiffure|a\s+nous))?\s*(?:,\s*)?(?:c'est|ce\s+sera|est|:|=)(?!\s+(?:un"
    r"|une|a|au|en|ouvert|ferme|situe|sur|dans|pas|tres|assez|plutot)\b))\s*"
)
_OWNER_CUE_RE = re.compile(
    r"\b(?:je\s+m'?\s*app?ell?e|j'm'?\s*app?ell?e|moi\s+c'est|moi\s+c(?=\s+[a-z])|mon\s+nom\s+(?:c'est|est)"
    r"|mon\s+prenom\s+(?:c'est|est)|ici|demandez|demander|demande|vous\s+pouvez\s+demander"
    r"|(?:le|la)\s+(?:patron|patronne|gerant|gerante|responsable|proprio|proprietaire|boss|chef)"
    r"\s*(?:c'est|est|:|s'appelle|se nomme)|c'est\s+(?=(?:madame|monsieur|mme|m\.|docteur|dr"
    r"|maitre)\b)"
    r"|je\s+suis\s+(?:le\s+|la\s+)?(?=(?:docteur|dr|maitre|me)\b))\s*"
)
_APPAREIL_RE = re.compile(r"(?:^|[\s,])([A-ZÉ][\w'-]+(?:\s+[A-ZÉ][\w'-]+)?)\s+(?:à|a)\s+l'appareil")
_JE_SUIS_RE = re.compile(r"\bje\s+suis\s+")
_NAME_STOP_WORDS = _wordset(
    "a au aux dans sur pres en on nous je j' qui que depuis situe situee situes ouvert "
    "ouverte ouverts avec pour mais donc c'est est sont il elle ca mon ma mes notre nos votre "
    "tel telephone numero adresse horaires specialise specialisee et ou car parce puisque "
    "quand comme voila merci bonjour svp vers ici la-bas pas ne n' y jsuis chui jai jfais jsui "
    "c ct g"
)
_NAME_LEAD_FILLER_RE = re.compile(
    r"^(?:\s|[,:;\-\"'«»“”])*(?:(?:alors|euh+|bah|ben|bon|oui|ouais|ok|okay|bonjour|salut|hello"
    r"|donc|eh bien|et bien|enfin|voila|en fait|c'est|c est|ce sera|ca sera|ce serait"
    r"|ca s'appelle|ca s'apelle|ca s'appel|sa s'appelle|il s'appelle|elle s'appelle"
    r"|on s'appelle|nous c'est|nous on s'appelle|le nom c'est|le nom est|le nom|nom|mon entreprise"
    r"|notre entreprise|ma societe|ma boite|mon commerce|mon salon|mon restaurant|mon resto"
    r"|l'entreprise|la societe|la boite|appelez-la|appelez le|appelle-le|je dirais|disons"
    r"|c'est moi|moi c'est|moi|pour le nom|comme nom|le nom sera|le nom ce sera|mettez|mettre"
    r"|on est|nous sommes|nous c'est|c'est nous|on va dire|mettons|je dirais|disons"
    r"|je l'ai appele|on l'a appele|je l'ai appelee|on l'a appelee|il faut mettre|mettez|mets"
    r"|c'est le|c'est la|c'est l')\b\s*[,:]?\s*)+"
)
_NOT_NAME_RE = re.compile(
    r"^(?:oui|non|nan|ouais|ok|merci|bonjour|salut|je ne sais pas|je sais pas|aucune idee|pas"
    r"|rien|personne|aucun|aucune|quoi|hein|pardon|comment|pourquoi|euh|bah|ben|bof|peut-etre"
    r"|un|une|le|la|les|des|mon|ma|mes|je|tu|il|elle|on|nous|vous|ils|elles|c'est|passer"
    r"|suivant|plus tard|recommencer|je suis)$"
)
_PARTICLES = _wordset(
    "de du des la le les l' d' da di del della dei van von et & and of the chez au aux à a "
    "sur sous en"
)


def _is_title_case(raw: str) -> bool:
    """ "Du Lundi Au Vendredi…": capitals carry no information in such a text."""
    words: list[str] = re.findall(r"[^\W\d_]+", raw)
    if len(words) < 5:
        return False
    capitalised = sum(1 for w in words if w[:1].isupper())
    return capitalised >= 0.7 * len(words)


_NAME_INNER_WORDS = frozenset(
    ("nous", "vous", "moi", "toi", "lui", "eux", "au", "aux", "sur", "sous", "en", "dans")
)
_FAMILY_SUFFIX_RE = re.compile(
    r"(?:fils|filles|freres|soeurs|associes|associees|cie|compagnie|co)\b"
)


def _capture_name(raw: str, start: int, *, max_words: int = 6, need_capital: bool) -> str | None:
    """Read a name from ``raw[start:]``: quoted, or words until a stop word / punctuation."""
    rest = raw[start:]
    quoted = re.match(r"\s*[«\"“]\s*([^«»\"“”\n]{1,80}?)\s*[»\"”]", rest)
    if quoted:
        name = quoted.group(1).strip()
        return name or None
    words: list[str] = []
    title_case = _is_title_case(raw)
    for m in re.finditer(r"[^\s,;:.!?()\[\]«»\"“”]+(?:\.(?=\w))?|[,;:.!?()\[\]«»\"“”]", rest):
        piece = m.group(0)
        if piece in ',;:.!?()[]«»"“”':
            if piece == "." and words and len(words[-1]) <= 2:
                continue
            break
        folded = fold(piece)
        if folded in _NAME_STOP_WORDS:
            # a stop word inside a name keeps its capital or joins two capitalised words:
            # "Au Bon Pain", "Martin et Fils", "Coiff & Co"
            nxt = rest[m.end() :].lstrip()
            inside = (
                not title_case
                and (piece[:1].isupper() or (folded in ("et", "&") and words))
                and nxt[:1].isupper()
            )
            # "Chez Nous", "Le Bistrot Du Coin": a capitalised word inside a capitalised name
            inside = inside or bool(
                not title_case
                and folded in _NAME_INNER_WORDS
                and piece[:1].isupper()
                and words
                and all(w[:1].isupper() for w in words)
            )
            inside = inside or bool(
                folded in ("et", "&") and words and _FAMILY_SUFFIX_RE.match(fold(nxt))
            )
            if not inside:
                break
        if need_capital and not words and not piece[:1].isupper() and not piece[:1].isdigit():
            return None
        if (
            need_capital
            and words
            and not piece[:1].isupper()
            and folded not in _PARTICLES
            and not (piece[:1].isdigit())
        ):
            break
        words.append(piece)
        if len(words) >= max_words:
            break
    while words and fold(words[-1]) in _PARTICLES:
        words.pop()
    if not words:
        return None
    name = " ".join(words).strip(" -'")
    return name or None


def _clean_company(name: str | None) -> str | None:
    if not name:
        return None
    name = re.sub(r"\s+", " ", name).strip(" .,;:!?-\"'«»")
    if not name or len(name) > 120:
        return None
    low = fold(name)
    if _NOT_NAME_RE.match(low) or not re.search(r"[a-z0-9]", low):
        return None
    if _CHEZ_PRONOUN_RE.match(name):  # "chez moi" (a capital "Chez Nous" is a real name)
        return None
    return _title_if_lower(name)


_CHEZ_PRONOUN_RE = re.compile(r"^[Cc]hez (?:moi|nous|vous|lui|eux|soi|toi)$")


# These three are matched on the folded text (accents ignored); the capital letter that must
# follow is checked on the raw text.
_TRADE_NAME_RE = re.compile(r"\b(?P<trade>" + _TRADE_DISTINCTIVE + r")\s+")
_TRADE_NAME_AFTER_RE = re.compile(
    r"(?:[A-Z0-9ÉÈÀÎÔ]|(?:da|di|del|della|chez|du|des|de la|de l'|le|la|les|l'|au|aux)\s*[A-ZÉ]"
    r"|(?:da|di|del|della|chez)\s+[a-z])"
)
_LEADING_CONTAINER_RE = re.compile(
    r"(?:^|(?<=[.!?;]\s)|(?<=\n))\s*(?P<word>Salon|Restaurant|Resto|Hôtel|Hotel|Bar|Café|Cafe"
    r"|Boutique|Magasin|Maison|Les\s+Salons|Entreprise|Ets|Établissements|Etablissements)\s+"
)
_CONTAINER_NAME_RE = re.compile(
    r"\b(?:mon|ma|notre|le|la|l'|au|du)\s*(?:" + _TRADE_CONTAINERS + r")\s+"
)
_APPOSITIVE_RE = re.compile(
    r"\b(?:une?|le|la|l'|notre|mon|ma)\s*(?:" + _TRADE_CONTAINERS + "|" + _TRADE_DISTINCTIVE + r")"
    r"(?:\s+(?:de\s+)?[a-z-]+)?\s*(?:,|:|-|qui s'appelle)\s*"
)
_CAPITAL_AFTER_RE = re.compile(r"[A-Z0-9ÉÈÀÎÔ«\"“]")
_CHEZ_RE = re.compile(r"\b(?:c'est\s+)?chez\s+(?=\S)", re.IGNORECASE)
# "Cabinet de kinésithérapie du Dr Lefèvre", "Cabinet dentaire du Docteur Martin", "Étude de
# Maître Durand", "Garage de la Gare", "Salon de coiffure de Julie": a practice or shop word
# opening a sentence, what it does in lower case, then whose it is (a capitalised name).
_PRACTICE_OF_RE = re.compile(
    r"(?:^|(?<=[.!?;]\s)|(?<=\n))\s*(?P<name>(?:Cabinet|Centre|Clinique|Institut|Salon|Garage"
    r"|Agence|Atelier|Étude|Etude|Office|Pharmacie|Laboratoire|Maison|Boulangerie|Pâtisserie"
    r"|Boucherie|Librairie|Fleuriste|Cave|Épicerie|Epicerie|Auto-école|Auto-ecole)"
    r"(?:\s+(?:de|d'|du|des)?\s*[a-zà-ÿ][a-zà-ÿ'-]*){0,3}"
    r"\s+(?:du|de\s+la|de\s+l'|de|des|d')\s*(?:(?:Dr\.?|Docteure?|Maître|Me|Mme|M\.)\s+)?"
    r"[A-ZÀ-Ý][\w'-]+(?:\s+[A-ZÀ-Ý][\w'-]+){0,2})"
)
_JE_SUIS_DE_RE = re.compile(
    r"\b(?:je\s+suis|ici|c'est)\s+(?!(?:Le|La|Les|L'|Chez|Au|Aux)\b)[A-ZÉ][\w'-]+"
    r"(?:\s+[A-ZÉ][\w'-]+)?\s*,?\s+(?:de|du|de\s+la"
    r"|de\s+l'|d')\s*(?:(?:l'entreprise|la\s+soci[ée]t[ée]|la\s+boite|la\s+boîte|chez)\s+)?"
    r"(?=[A-Z«\"“])",
)


def _raw_folded_find(prepared: Prepared, pattern: re.Pattern[str]) -> list[tuple[int, int]]:
    """Match on the folded raw text and return spans in the raw text."""
    spans = []
    fmap: FoldedText = prepared.raw_folded
    for m in pattern.finditer(fmap.text):
        s, e = fmap.source_span(m.start(), m.end())
        spans.append((s, e))
    return spans


def _trade_name(prepared: Prepared) -> str | None:
    raw = prepared.raw
    fmap = prepared.raw_folded
    for m in _TRADE_NAME_RE.finditer(fmap.text):
        s, e = fmap.source_span(m.start(), m.end())
        if not _TRADE_NAME_AFTER_RE.match(raw, e):
            continue
        tail = _capture_name(raw, e, need_capital=False, max_words=5)
        if not tail:
            continue
        tail_words = tail.split()
        kept: list[str] = []
        italian = fold(tail_words[0]) in ("da", "di", "del", "della", "chez")
        for w in tail_words:
            capital = w[:1].isupper() or w[:1].isdigit() or fold(w) in _PARTICLES
            if not capital and not (italian and len(kept) < 3):
                break
            kept.append(w)
        if italian:
            kept = _title_if_lower(" ".join(kept)).split()
        while kept and fold(kept[-1]) in _PARTICLES:
            kept.pop()
        if kept:
            trade = raw[s : fmap.source_span(m.end("trade") - 1, m.end("trade"))[1]]
            name = _clean_company(f"{trade[:1].upper()}{trade[1:]} {' '.join(kept)}")
            if name:
                return name
    return None


def _prefer_bare(prepared: Prepared, name: str, expecting_name: bool) -> str:
    """When the question was the name, a short bare answer containing the found name wins
    ("le salon de coiffure de Julie" rather than "Coiffure de Julie")."""
    if not expecting_name:
        return name
    bare = _bare_name(prepared)
    if bare and fold(name) in fold(bare) and len(bare.split()) <= 7:
        return bare
    return name


_PERSON_BEFORE_CUE_RE = re.compile(
    r"\b(?:patron|patronne|gerant|gerante|responsable|chef|associe|associee|femme|mari|fils"
    r"|fille|collegue|secretaire|assistante|employe|employee|apprenti|apprentie|proprio"
    r"|proprietaire|boss|directeur|directrice|docteur|medecin|pere|mere|frere|soeur)\s*$"
)


def rule_company_name(text: str, expecting_name: bool = False) -> str | None:
    """The business name read from explicit cues ("la Pizzeria Da Marco", "le salon s'appelle
    Belle Mèche", "ça s'appelle …", "nom : …", "je suis Marc de Plomberie Martin"). With
    ``expecting_name`` (the question was the name), a short bare answer is the name ("chez
    marco" → "Chez Marco"). One source of candidates for
    :func:`allokoli.understanding.names.extract_company_name`, which scores them."""
    if not text or not text.strip():
        return None
    prepared = prepare(text)
    raw = prepared.raw
    # 1. explicit cues
    for _s, e in _raw_folded_find(prepared, _NAME_CUE_RE):
        cue_text = fold(raw[_s:e])
        if re.search(r"\bje\s+m", raw[max(0, _s - 4) : e].lower()) or cue_text.startswith("je "):
            continue
        if _PERSON_BEFORE_CUE_RE.search(fold(raw[max(0, _s - 30) : _s])):
            continue  # "le patron s'appelle Antoine" is a person
        name = _clean_company(_capture_name(raw, e, need_capital=False))
        if name:
            after_chez = re.match(r"chez\s+(moi|nous|vous|lui|eux|soi)\b", fold(name))
            if not after_chez:
                return name
    # 2. "je suis Marc de Plomberie Martin"
    m = _JE_SUIS_DE_RE.search(raw)
    if m:
        name = _clean_company(_capture_name(raw, m.end(), need_capital=True))
        if name:
            return name
    # 3. "la Pizzeria Da Marco", "le restaurant Le Gourmet", "une pizzeria, La Bella Napoli"
    found = _trade_name(prepared)
    if found:
        return _prefer_bare(prepared, found, expecting_name)
    for pattern in (_APPOSITIVE_RE, _CONTAINER_NAME_RE):
        for _s, e in _raw_folded_find(prepared, pattern):
            if not _CAPITAL_AFTER_RE.match(raw, e):
                continue
            name = _clean_company(_capture_name(raw, e, need_capital=True))
            if name:
                return name
    # 4a. "Cabinet de kinésithérapie du Dr Lefèvre", "Garage de la Gare"
    for m in _PRACTICE_OF_RE.finditer(raw):
        name = _clean_company(m.group("name"))
        if name:
            return name
    # 4. "Salon Belle Mèche, coiffeuse à Bordeaux": a capitalised trade word opening a sentence,
    # followed by a capitalised word, is the start of the name itself.
    for m in _LEADING_CONTAINER_RE.finditer(raw):
        if not _CAPITAL_AFTER_RE.match(raw, m.end()):
            continue
        tail = _capture_name(raw, m.end(), need_capital=True, max_words=4)
        name = _clean_company(f"{m.group('word')} {tail}") if tail else None
        if name:
            return name
    # 5. "Chez Marco"
    for m in _CHEZ_RE.finditer(raw):
        after = raw[m.end() :]
        if re.match(
            r"(?i)(moi|nous|vous|lui|eux|soi|toi|elle|le client|les clients|mes|mon|ma)\b", after
        ):
            continue
        need_cap = not expecting_name
        name = _capture_name(raw, m.end(), need_capital=need_cap, max_words=4)
        if name:
            cleaned = _clean_company(f"Chez {_title_if_lower(name)}")
            if cleaned:
                return cleaned[0].upper() + cleaned[1:]
    # 6. bare answer
    if expecting_name:
        return _bare_name(prepared)
    return None


_BARE_NAME_CUE_RE = re.compile(
    r"\b(?:je dirais|disons|mettons|on va dire|ce sera|ca sera|mettez|mets|appelez-le"
    r"|appelez-la|je l'appellerais)\s*:?\s*"
)


def _bare_name(prepared: Prepared) -> str | None:
    raw = prepared.raw.strip()
    fmap = prepared.raw_folded
    low = fmap.text
    cue = _BARE_NAME_CUE_RE.search(low)
    offset = cue.end() if cue else 0
    lead = _NAME_LEAD_FILLER_RE.match(low[offset:])
    start = offset + (lead.end() if lead else 0)
    if start >= len(low):
        return None
    s, _ = fmap.source_span(start, start + 1)
    rest = prepared.raw[s:]
    if "?" in rest:
        return None
    name = _capture_name(rest, 0, need_capital=False, max_words=7)
    name = _clean_company(name)
    if not name:
        return None
    total_words = len(raw.split())
    if total_words > 14 and len(name.split()) < 2:
        return None
    return name


_TITLE_RE = re.compile(
    r"^(?:madame|monsieur|mme|mlle|mademoiselle|m\.|mr|dr|docteur|maitre|me|pr|professeur)$"
)
_TITLE_DISPLAY = {
    "madame": "Madame",
    "mme": "Mme",
    "mlle": "Mlle",
    "mademoiselle": "Mademoiselle",
    "monsieur": "Monsieur",
    "m.": "M.",
    "mr": "M.",
    "dr": "Dr",
    "docteur": "Docteur",
    "maitre": "Maître",
    "me": "Me",
    "pr": "Pr",
    "professeur": "Professeur",
}
_NOT_PERSON = _wordset(
    "plombier plombiere coiffeur coiffeuse electricien boulanger patron patronne gerant "
    "gerante seul seule la ici content contente la-bas pas le un une artisan medecin dentiste "
    "avocat disponible dispo joignable ravi ravie pret prete desole desolee en au dans chez "
    "pizzaiolo restaurateur restauratrice kine infirmier infirmiere serrurier chauffagiste "
    "macon peintre menuisier agent photographe consultant consultante bien ok d'accord sur "
    "sure nouveau nouvelle interesse interessee proprietaire"
)


def extract_owner_name(text: str, *, expecting: bool = False) -> str | None:
    """The owner's name ("je m'appelle Marc", "moi c'est Sophie", "demandez Sophie")."""
    if not text or not text.strip():
        return None
    prepared = prepare(text)
    raw = prepared.raw
    candidates = _raw_folded_find(prepared, _OWNER_CUE_RE)
    for s, e in _raw_folded_find(prepared, _JE_SUIS_RE):
        if e < len(raw) and raw[e : e + 1].isupper():
            candidates.append((s, e))
    candidates.sort()
    appareil = _APPAREIL_RE.search(raw)
    if appareil:
        candidates.insert(0, (appareil.start(1), appareil.start(1)))
    for s, e in candidates:
        cue = fold(raw[s:e]).strip()
        strict = cue.startswith(("ici", "demande", "c'est", "je suis")) or s == e
        name = _person(raw, e, need_capital=strict)
        if name:
            return name
    if expecting:
        lead = _NAME_LEAD_FILLER_RE.match(prepared.raw_low)
        start = prepared.raw_folded.source_span(lead.end(), lead.end() + 1)[0] if lead else 0
        if lead and lead.end() >= len(prepared.raw_low):
            return None
        return _person(raw, start, need_capital=False)
    return None


def _person(raw: str, start: int, *, need_capital: bool) -> str | None:
    words: list[str] = []
    for m in re.finditer(r"[^\s,;:!?()]+", raw[start:]):
        token = m.group(0).strip(".") if m.group(0).lower() not in ("m.",) else m.group(0)
        low = fold(token)
        if not words and _TITLE_RE.match(low):
            words.append(_TITLE_DISPLAY.get(low, token))
            continue
        if (
            low in _NAME_STOP_WORDS
            or low in _NOT_PERSON
            or low in _PARTICLES - {"de", "du", "le", "la"}
        ):
            break
        if low in ("de", "du") and words:
            break  # "Marc de Plomberie Martin": the company follows
        if not re.fullmatch(r"[^\W\d_][\w'-]*", token):
            break
        if need_capital and not token[:1].isupper():
            break
        if words and not token[:1].isupper() and any(w[:1].isupper() for w in words):
            break
        words.append(token)
        if len(words) >= (3 if words and _TITLE_RE.match(fold(words[0])) else 2):
            break
        if raw[start + m.end() : start + m.end() + 1] in ",.;!?":
            break
    if not words or all(_TITLE_RE.match(fold(w)) for w in words):
        return None
    name = " ".join(words)
    if _NOT_NAME_RE.match(fold(name)):
        return None
    return _title_if_lower(name)[:80]


# --- voice, register, style -----------------------------------------------------------------

_VOICE_CUE_RE = re.compile(
    r"\b(?:voix|vocal\w*|timbre|parle|parler|repond\w*|reponde|decroche|assistant\w*|standardiste"
    r"|secretaire|interlocut\w*|qu'il soit|qu'elle soit|que ce soit|personnage|genre|sexe"
    r"|je prefere|je prefererais|plutot|mettez|mets|prenez|prends|choisis|choisissez|je veux"
    r"|je voudrais|j'aimerais)\b"
)
_FEM = (
    r"feminine?s?|femme|femmes|fille|nana|meuf|dame|madame|female|woman|girl|feminin|fem"
    r"|une voix de femme|une femme|la femme"
)
_MASC = (
    r"masculine?s?|homme|hommes|garcon|gars|mec|monsieur|male|man|guy|masculin|masc|type"
    r"|un homme|bonhomme"
)
_GENDER_RE = re.compile(rf"\b(?P<fem>{_FEM})\b|\b(?P<masc>{_MASC})\b")
_GENDER_NEG_RE = re.compile(
    r"(?:\bpas\s+(?:de\s+|d'|une?\s+|la\s+|le\s+)?(?:voix\s+)?(?:de\s+|d'|d'une?\s+)?"
    r"|\bplutot\s+que\s+(?:de\s+|d')?(?:une?\s+)?(?:voix\s+)?(?:de\s+|d')?"
    r"|\bplutot\s+qu'(?:une?\s+)?(?:voix\s+)?(?:de\s+|d')?|\bsurtout\s+pas\s+(?:de\s+|d'|une?\s+)?"
    r"(?:voix\s+)?(?:de\s+|d')?|\bsans\s+(?:voix\s+)?(?:de\s+|d')?|\bni\s+(?:voix\s+)?(?:de\s+"
    r"|d')?)$"
)
_OPPOSITE = {
    VoiceGender.FEMININE: VoiceGender.MASCULINE,
    VoiceGender.MASCULINE: VoiceGender.FEMININE,
}


def extract_voice_gender(text: str, *, expecting: bool = False) -> VoiceGender | None:
    """Feminine or masculine voice ("voix d'homme", "plutôt féminine", "un mec"). Gender words
    count only near a voice cue ("voix", "qui réponde"…) unless ``expecting`` is set, so that
    "coupe femme 35 €" says nothing about the voice."""
    low = prepare(text).raw_low
    if expecting:
        letter = low.strip(" .!?")
        if letter in ("h", "m", "masc", "mec", "gars"):
            return VoiceGender.MASCULINE
        if letter in ("f", "fem", "meuf", "nana"):
            return VoiceGender.FEMININE
    chosen: VoiceGender | None = None
    negated: VoiceGender | None = None
    for m in _GENDER_RE.finditer(low):
        gender = VoiceGender.FEMININE if m.group("fem") else VoiceGender.MASCULINE
        word = m.group(0)
        sentence_start = max(low.rfind(c, 0, m.start()) for c in ".;!?\n")
        before = low[max(sentence_start + 1, m.start() - 60) : m.start()]
        strong = word.startswith(("feminin", "masculin"))
        if not (expecting or _VOICE_CUE_RE.search(before) or (strong and not _in_service(low, m))):
            # a cue right after: "une femme pour la voix"
            after = low[m.end() : m.end() + 25]
            if not re.search(r"\b(?:voix|qui (?:repond|parle|decroche))", after):
                continue
        if word == "type" and not re.search(r"\bun\s+$", before):
            continue
        if _GENDER_NEG_RE.search(before):
            if negated is None:
                negated = gender
            continue
        if chosen is None:
            chosen = gender
    if chosen is not None:
        return chosen
    if negated is not None:
        return _OPPOSITE[negated]
    return None


def _in_service(low: str, m: re.Match[str]) -> bool:
    """'coiffure féminine', 'coupe masculine' describe a service, not the voice."""
    return bool(
        re.search(
            r"\b(?:coupe|coiffure|soins?|clientele|mode|rayon|vetements?|tenue"
            r"|equipe|public)\s+$",
            low[max(0, m.start() - 20) : m.start()],
        )
    )


_TU_RE = re.compile(
    r"\b(?:tutoi\w*|tutoy\w*|tutoiement|tu|toi|te)\b|\bon\s+se\s+dit\s+tu\b|\bdire\s+tu\b"
)
_VOUS_RE = re.compile(r"\b(?:vouvoi\w*|vouvoy\w*|vouvoiement|vous)\b|\bdire\s+vous\b")
_REGISTER_STRONG_RE = re.compile(r"\b(?P<tu>tutoi\w*|tutoy\w*)|\b(?P<vous>vouvoi\w*|vouvoy\w*)")
_REGISTER_NEG_RE = re.compile(
    r"(?:\bpas\s+(?:de\s+|du\s+|le\s+)?|\bsurtout\s+pas\s+(?:de\s+)?|\bsans\s+|\bne\s+\w+\s+pas\s+"
    r"(?:de\s+)?|\bplutot\s+que\s+(?:de\s+)?|\bn'\w+\s+pas\s+|\bjamais\s+(?:de\s+)?"
    r"|\bpas\s+question\s+de\s+|\bevite[rz]?\s+(?:de\s+|le\s+)?|\bon\s+ne\s+|\bne\s+)$"
)


def extract_register(text: str, *, expecting: bool = False) -> Register | None:
    """Vouvoiement or tutoiement ("on peut tutoyer", "pas de tutoiement", bare "tu"/"vous" when
    the question was about it)."""
    low = prepare(text).raw_low
    chosen: Register | None = None
    negated: Register | None = None
    for m in _REGISTER_STRONG_RE.finditer(low):
        reg = Register.TUTOIEMENT if m.group("tu") else Register.VOUVOIEMENT
        before = low[max(0, m.start() - 30) : m.start()]
        after = low[m.end() : m.end() + 12]
        if _REGISTER_NEG_RE.search(before) or re.match(r"\s+(?:pas|jamais)\b", after):
            negated = negated or reg
            continue
        chosen = chosen or reg
    if chosen is None and negated is None and expecting:
        stripped = re.sub(r"[^\w' ]", " ", low).split()
        has_tu = any(w in ("tu", "tutoie", "toi") for w in stripped)
        has_vous = any(w in ("vous", "vouvoie") for w in stripped)
        if has_tu and not has_vous:
            chosen = Register.TUTOIEMENT
        elif has_vous and not has_tu:
            chosen = Register.VOUVOIEMENT
        elif has_tu and has_vous:
            # "vous plutôt que tu", "plutôt tu que vous": the first one wins unless negated
            first_tu = min(i for i, w in enumerate(stripped) if w in ("tu", "tutoie", "toi"))
            first_vous = min(i for i, w in enumerate(stripped) if w in ("vous", "vouvoie"))
            chosen = Register.TUTOIEMENT if first_tu < first_vous else Register.VOUVOIEMENT
        if (
            re.search(r"\b(?:formel|poli|respect|pro|professionnel|serieux)", low)
            and chosen is None
        ):
            chosen = Register.VOUVOIEMENT
        if re.search(r"\b(?:familier|copain|pote|decontract|cool)\b", low) and chosen is None:
            chosen = Register.TUTOIEMENT
    if chosen is not None:
        return chosen
    if negated is not None:
        return Register.VOUVOIEMENT if negated is Register.TUTOIEMENT else Register.TUTOIEMENT
    return None


_STYLE_WORDS: dict[Style, str] = {
    Style.FORMEL: (
        r"formel\w*|pro|professionnel\w*|serieu\w*|soutenu\w*|carre\w*|classique\w*|sobre\w*"
        r"|strict\w*|courtois\w*|poli\w*|elegant\w*|distingue\w*|corporate|institutionnel\w*"
        r"|protocolaire|neutre\w*|rigoureu\w*|haut de gamme|chic|solennel\w*|respectueu\w*"
    ),
    Style.CHALEUREUX: (
        r"chaleureu\w*|chaleur|sympa\w*|aimable\w*|accueillant\w*|souriant\w*|gentil\w*"
        r"|convivial\w*|amical\w*|humain\w*|agreable\w*|familial\w*|cordial\w*|avenant\w*"
        r"|bienveillant\w*|attentionne\w*|doux|douce|chaleureusement|affectueu\w*|proche\w*"
    ),
    Style.DYNAMIQUE: (
        r"dynamique\w*|energique\w*|pechu\w*|punchy|enthousiaste\w*|vif|vive|tonique\w*|motive\w*"
        r"|rapide\w*|efficace\w*|direct\w*|energie|peps|pep's|jeune\w*|entrainant\w*|vivant\w*"
        r"|enjoue\w*|percutant\w*|speed"
    ),
    Style.RASSURANT: (
        r"rassurant\w*|calme\w*|pose|posee|poses|posees|apaisant\w*|patient\w*|serein\w*|zen"
        r"|empathique\w*|comprehensi\w*|a l'ecoute|ecoute|rassure\w*|doux et calme"
        r"|tranquillisant\w*|bienveillance|securisant\w*|delicat\w*|compatissant\w*"
    ),
    Style.DECONTRACTE: (
        r"decontract\w*|cool|detendu\w*|relax\w*|familier\w*|casual|pas prise de tete|naturel\w*"
        r"|simple\w*|copain|pote|tranquille|fun|leger|legere|humour|marrant\w*|drole\w*|relaxe"
        r"|informel\w*|spontane\w*|pas coince\w*|easy|chill"
    ),
}
_STYLE_RE = re.compile(
    "|".join(f"\\b(?P<{s.name}>{words})\\b" for s, words in _STYLE_WORDS.items())
)
_STYLE_CUE_RE = re.compile(
    r"\b(?:ton|style|voix|accueil|parle|parler|repond\w*|assistant\w*|qu'il soit|qu'elle soit"
    r"|que ce soit|plutot|registre|maniere|facon|ambiance|attitude|personnalite|allure|ambiance"
    r"|image|caractere|approche|tonalite|vibe|esprit|je (?:le |la )?veux|je voudrais|j'aimerais"
    r"|je prefere|quelque chose de|un truc|il faut|doit etre|soit|sonne|plus|moins|assez|tres"
    r"|reste[rz]?|rester)\b"
)


_STYLE_NEGATION_RE = re.compile(r"\b(?:pas|ni|sans|jamais|surtout pas|trop peu)\s+(?:\w+\s+){0,2}$")
_WEAK_STYLE_WORDS = frozenset(
    ("pro", "direct", "simple", "rapide", "jeune", "proche", "ecoute", "poli", "naturel")
)
_STRONG_STYLE_CUE_RE = re.compile(
    r"\b(?:ton|style|voix|plutot|soit|reste|tres|assez|un peu|quelque chose de|truc)\b"
)


def extract_style(text: str, *, expecting: bool = False) -> Style | None:
    """Tone of the assistant: formel, chaleureux, dynamique, rassurant or décontracté (with
    synonyms such as "pro", "sympa", "cool", "carré"). Needs a tone cue ("ton", "plutôt",
    "qu'il soit"…) unless ``expecting`` is set; negated words ("pas trop formel") are ignored."""
    low = prepare(text).raw_low
    for m in _STYLE_RE.finditer(low):
        style_name = m.lastgroup
        if style_name is None:
            continue
        before = low[max(0, m.start() - 50) : m.start()]
        sentence = re.split(r"[.;!?\n]", before)[-1]
        if not expecting and not _STYLE_CUE_RE.search(sentence):
            continue
        if _STYLE_NEGATION_RE.search(sentence):
            continue
        # weak words ("pro", "simple"…) need a tone cue right in the sentence
        if (
            m.group(0) in _WEAK_STYLE_WORDS
            and not expecting
            and not _STRONG_STYLE_CUE_RE.search(sentence)
        ):
            continue
        return Style[style_name]
    if expecting and re.search(r"\bpas\s+trop\s+(?:formel|serieu|strict|coince)", low):
        return Style.DECONTRACTE
    return None


# --- tasks -------------------------------------------------------------------------------------

_TASK_PATTERNS: tuple[tuple[Task, re.Pattern[str]], ...] = tuple(
    (task, re.compile(p))
    for task, p in (
        (
            Task.TAKE_MESSAGE,
            r"\b(?:prend\w*|pren|noter|note|notez|recueillir|laisser|laisse|enregistrer|transmettre"
            r"|transmet\w*|relever)\s+(?:les\s+|des\s+|un\s+|le\s+|leurs?\s+|ses\s+)?"
            r"(?:messages?|msg|coordonnees|numeros?|noms?|demandes?|infos? (?:du|des) clients?)\b"
            r"|\bmessagerie\b|\bmessages?\b(?=.{0,30}\b(?:rappel\w*)\b)|\bprise de messages?\b"
            r"|\bque je (?:les |le |la )?rappelle\b|\bje (?:les |le |la )?rappel\w*\b"
            r"|\b(?:me\s+)?rappeler (?:les clients|plus tard|apres)\b|\bun message\b"
            r"|\bqu'ils? (?:me )?laissent? (?:un )?message\b"
            r"|\b(?:juste|seulement|uniquement|que|surtout|et|aussi|les|des)\s+(?:les\s+|des\s+)?"
            r"messages\b",
        ),
        (
            Task.BOOK_APPOINTMENT,
            r"(?<!sur )(?<!par )\b(?:rendez[- ]?vous|rdv|r\.d\.v|reservations?|resa|resas"
            r"|booking|creneaux?|reserver|reserve une table|reservation de table|prise de rendez"
            r"|planning|agenda|caler (?:des|un)|fixer (?:des|un)|rendez vous)\b",
        ),
        (
            Task.TRANSFER_URGENT,
            r"\b(?:transf[eé]r\w*|urgences?|urgent\w*|basculer|bascule|renvoy\w*|redirig\w*"
            r"|rediriger|me passer (?:les|l')\s*appels?|me passer le client|mettre en relation"
            r"|me joindre|m'appeler directement|passer l'appel|renvoi d'appel|me le passer"
            r"|me la passer|me les passer)\b",
        ),
        (
            Task.TAKE_ORDER,
            r"\b(?:commandes?|commander|click\s*(?:&|and|et)?\s*collect|a emporter|livraisons?"
            r"|precommandes?)\b",
        ),
        (
            Task.QUALIFY_QUOTE,
            r"(?<!sur )\b(?:devis|chiffrages?|estimations?|chiffrer|qualifier|qualification"
            r"|demandes? de prix|demandes? de tarifs?)\b",
        ),
        (
            Task.ANSWER_FAQ,
            r"\b(?:repondre|reponde|repond|renseigner|renseigne|renseignements?|informer"
            r"|informations?"
            r"|infos?|questions?|faq|donner (?:les|nos|mes) (?:horaires|tarifs|prix|infos)"
            r"|indiquer (?:les|nos) horaires)\b",
        ),
    )
)
_TASK_CONTEXT_RE = re.compile(
    r"\b(?:prend\w*|gere\w*|gerer|noter|note|faire|fait|fasse|s'occupe\w*|occuper|aide\w*|traite\w*"
    r"|doit|doive|peut|puisse|pourrait|veux|voudrais|voudrai|aimerais|souhaite\w*|besoin|qu'il"
    r"|qu'elle|il faut|faudrait|surtout|principalement|aussi|et|les|des|pour|assistant\w*|reponde"
    r"|repondre|transf\w*|urgen\w*|accepte\w*|enregistre\w*|recevoir|recoi\w*)\b"
)


def extract_tasks(text: str, *, expecting: bool = False) -> list[Task]:
    """What the assistant must do: take messages, request appointments / reservations,
    transfer urgent calls, take orders, qualify quote requests, answer questions. With
    ``expecting`` (the question was the tasks), bare nouns count ("messages, rdv, urgences")."""
    low = _strip_hours_phrases(prepare(text).raw_low)
    found: list[tuple[int, Task]] = []
    if expecting:
        for task, pattern in _BARE_TASK_PATTERNS:
            m = pattern.search(low)
            if m and not _is_negated(low, m.start()):
                found.append((m.start(), task))
    for task, pattern in _TASK_PATTERNS:
        for m in pattern.finditer(low):
            if _is_negated(low, m.start()):
                continue
            if task is Task.ANSWER_FAQ and re.match(r"\bquestions?\b", m.group(0)):
                before = low[max(0, m.start() - 30) : m.start()]
                if not re.search(r"\b(?:aux|les|des|repondre|reponde)\s+$", before):
                    continue
            if task is Task.ANSWER_FAQ and m.group(0).startswith("repond"):
                after = low[m.end() : m.end() + 40]
                if not re.search(
                    r"^\s*(?:aux|a des|au|a leurs|a toutes)\b|^\s*(?:au\s+)?"
                    r"(?:telephone|clients?|gens|questions)",
                    after,
                ):
                    continue
            if task is Task.TAKE_ORDER and m.group(0).startswith(("livraison", "a emporter")):
                before = low[max(0, m.start() - 40) : m.start()]
                if not re.search(r"\b(?:prend\w*|gere\w*|command\w*)\b", before):
                    continue
            found.append((m.start(), task))
            break
    found.sort()
    return list(dict.fromkeys(t for _, t in found))


_BARE_TASK_PATTERNS: tuple[tuple[Task, re.Pattern[str]], ...] = (
    (Task.TAKE_MESSAGE, re.compile(r"\bmessages?\b|\bmsg\b|\brappel\w*")),
    (Task.ANSWER_FAQ, re.compile(r"\bquestions?\b|\brenseignements?\b|\binfos?\b|\bfaq\b")),
)


def _strip_hours_phrases(low: str) -> str:
    """ "Uniquement sur rendez-vous" describes opening hours, not a task."""
    return re.sub(
        r"\b(?:uniquement|seulement|que|exclusivement)?\s*(?:sur|par)\s+(?:rendez[- ]?vous|rdv"
        r"|reservation)\b",
        " ",
        low,
    )


# --- transfer number, business phone, recording ---------------------------------------------

PhoneRole = str
""""transfer" (the owner's number for forwarded calls), "business" (the business's own line)."""

_TRANSFER_CUE_RE = re.compile(
    r"\b(?:urgen\w*|transf\w*|portable|mobile|perso\w*|joindre|joignable|contacter|m'appeler"
    r"|appele[rz][- ]moi|appelle[- ]moi|appelez[- ]moi|m'appelle[rz]?|me passer|basculer|bascule"
    r"|rediriger|redirig\w*|renvoy\w*|renvoi|directement|en cas de|si besoin|me parler|me deranger"
    r"|mon numero|mon tel|mon telephone|mon 06|mon 07|numero de transfert|sur mon|me biper"
    r"|me sonner|me prevenir|m'avertir|moi directement|le patron|la patronne|mon associe\w*"
    r"|ma femme|mon mari|mon collegue|astreinte|depann\w*|de garde|hors horaires?"
    r"|en dehors des (?:heures|horaires)|24\s*h?\s*/\s*24|7\s*j?\s*/\s*7|nuits? et week-?ends?)"
    r"(?!\w)"
)
_BUSINESS_CUE_RE = re.compile(
    r"\b(?:notre numero|notre tel\w*|le numero (?:du|de la|de l')\s*(?:salon|restaurant|resto"
    r"|cabinet|magasin|garage|standard|bureau|boutique|entreprise|societe|boite|agence|atelier"
    r"|pizzeria|boulangerie|institut|commerce)|numero (?:de l'entreprise|de la societe|pro"
    r"|professionnel|principal|public|actuel|du standard|fixe)|standard|fixe|ligne fixe"
    r"|nous joindre|les clients (?:nous )?appellent|on est joignables?|nous sommes joignables?"
    r"|tel\s*:|tel\."
    r"|telephone\s*:|telephone du \w+|on nous appelle|appelez[- ]nous|nous appeler|le salon"
    r"|le restaurant|le cabinet|le magasin|la boutique|numero de la boutique|numero du salon)\b"
)


@dataclass(frozen=True, slots=True)
class RolePhone:
    phone: PhoneMatch
    role: PhoneRole | None


def classify_phones(text: str, *, expecting: str | None = None) -> list[RolePhone]:
    """Each phone number of ``text`` with its role: "transfer" when it is said to be for urgent
    or forwarded calls / the owner's mobile, "business" for "notre numéro", "le fixe du salon"…
    A number without any cue takes the role the question was about (``expecting`` =
    "transfer_number" or "business_phone"), else landlines default to "business" and the rest
    stay unassigned (None)."""
    prepared = prepare(text)
    low = prepared.low
    phones = find_phones_prepared(prepared)
    out: list[RolePhone] = []
    prev_end = 0
    for p in phones:
        window_start = max(prev_end, p.start - 90)
        before = low[window_start : p.start]
        cut = max(before.rfind(c) for c in ".!?\n")
        if cut >= 0:
            before = before[cut + 1 :]
        after = low[p.end : p.end + 60]
        after = re.split(r"[.!?\n]|\d{2}\s?\d{2}", after)[0]
        best_role: PhoneRole | None = None
        best_distance = 10_000
        for role, regex in (("transfer", _TRANSFER_CUE_RE), ("business", _BUSINESS_CUE_RE)):
            for m in regex.finditer(before):
                distance = len(before) - m.end()
                if distance < best_distance or (distance == best_distance and role == "business"):
                    best_role, best_distance = role, distance
            for m in regex.finditer(after):
                distance = m.start() + 15  # a cue after the number counts a little less
                if distance < best_distance:
                    best_role, best_distance = role, distance
        if best_role is None:
            if expecting == "transfer_number":
                best_role = "transfer"
            elif expecting == "business_phone" or p.kind is PhoneKind.LANDLINE:
                best_role = "business"
        out.append(RolePhone(p, best_role))
        prev_end = p.end
    return out


_URGENT_RE = re.compile(r"\burgen\w*|\bgrave\b|\bfuite\b|\bpanne\b|\bdepannage\b")
_WHEN_RE = re.compile(
    r"\b(?:(?:si|quand|lorsque|lorsqu'|des que|dès que)\s+[^,.;!?\n\d]{4,80}"
    r"|pour\s+(?:les|le|la|l'|toute?s?\s+les)\s*[^,.;!?\n\d]{3,60}"
    r"|en cas d[e']\s*[^,.;!?\n\d]{3,60})"
)


def extract_transfer(text: str, *, expecting: str | None = None) -> tuple[str | None, str | None]:
    """(transfer number in E.164, when to transfer in French) — either may be None."""
    roles = classify_phones(text, expecting=expecting)
    number = next((r.phone.e164 for r in roles if r.role == "transfer"), None)
    low = prepare(text).low
    mentions_transfer = number is not None or re.search(r"\btransf|\bme passer|\bbascul", low)
    if not mentions_transfer and expecting != "transfer_when":
        return number, None
    when: str | None = None
    if _URGENT_RE.search(low):
        when = "en cas d'urgence"
    else:
        for m in _WHEN_RE.finditer(low):
            phrase = m.group(0).strip()
            phrase = re.sub(r"\s+(?:au|le|sur le|sur|a|appel\w*|c'est)\s*$", "", phrase)
            if re.search(r"\b(?:appel\w* (?:le|au)|numero)\s*$", phrase) or len(phrase) < 6:
                continue
            prepared = prepare(text)
            when = prepared.folded.source_slice(m.start(), m.start() + len(phrase)).strip()
            break
    if when is None and expecting == "transfer_when":
        stripped = text.strip().strip(".!")
        when = stripped[:300] if stripped else None
    return number, when


_RECORD_RE = re.compile(
    r"\benregistr\w*|\bconserver (?:les|une) (?:appels|conversations|traces?)|\bgarder une trace"
    r"|\brecord\w*"
)


_RECORD_OBJECT_AFTER_RE = re.compile(
    r"^\s*(?:(?:pas|jamais|plus)\s+)?(?:les|des|mes|nos|tous les|toutes les|l')?\s*"
    r"(?:appels?|conversations?|echanges"
    r"|communications?)|^\s*$|^\s*[,.!]"
)
_RECORD_OBJECT_BEFORE_RE = re.compile(
    r"(?:appels?|conversations?)\s+(?:soient|sont|seront|etre)?\s*$"
)


def extract_recording_consent(text: str, *, expecting: bool = False) -> bool | None:
    """Whether calls may be recorded ("enregistrez les appels" → True, "pas d'enregistrement" →
    False). With ``expecting``, a plain yes/no answers the question."""
    low = prepare(text).raw_low
    for m in _RECORD_RE.finditer(low):
        after = low[m.end() : m.end() + 40]
        about_calls = _RECORD_OBJECT_AFTER_RE.search(after) or _RECORD_OBJECT_BEFORE_RE.search(
            low[max(0, m.start() - 40) : m.start()]
        )
        if not expecting and not about_calls:
            continue
        return not (_is_negated(low, m.start(), 40) or re.match(r"\s*(?:pas|jamais)\b", after))
    if expecting:
        return parse_yes_no(text)
    return None
