"""Prices, durations and service lists ("coupe homme 25€, coupe femme 35 € (45 min)…").

Amounts may be written with digits or in words ("vingt-cinq euros"), with a comma or a dot,
with the euro sign before or after, "25€50", "25 euros 50", "à partir de 30 €", "entre 20 et
30 €", "gratuit", "sur devis". Durations: "1h30", "45 min", "une demi-heure", "trois quarts
d'heure", "1 heure et demie".
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from pydantic import ValidationError

from allokoli.domain.profile import Service
from allokoli.understanding.normalize import Prepared, fold, prepare
from allokoli.understanding.phones import find_phones_prepared
from allokoli.understanding.service_names import tidy_service_names
from allokoli.understanding.textutil import TAKE_BACK_CUES

__all__ = [
    "DurationMatch",
    "PriceMatch",
    "extract_services",
    "find_durations",
    "find_prices",
    "parse_duration_minutes",
    "parse_price",
]

# an amount starts where a number starts: never inside a run of digits (that would try every
# position of « 000…0 » again, a time that grows with the square of its length)
_AMOUNT = (
    # « 1 800 € », but not the minutes of « 1h30 220 € » nor the T2 of « T2 450 € »
    r"(?<!\d)(?:(?<![h:a-z])\d{1,3}(?:[  ]\d{3})+(?:[.,]\d{1,2})?|\d{1,3}(?:\.\d{3})+(?!\d)"
    r"|\d+(?:[.,]\d{1,2})?)"
)
_CUR = r"(?:€|euros?\b|eur\b|eu\b|balles\b|e\b(?![-'])|e(?=\d{2}\b))"  # « 12e50 »
_PREFIX = (
    # a whole word only: « cordes 20 € » holds no « dès »
    r"(?P<prefix>(?<![a-z'])(?:a partir de|a partir d'|des|minimum|au minimum|au moins|environ"
    r"|a peu pres|aux alentours de|autour de|dans les|max|maximum|jusqu'a|pas plus de|moins de"
    r"|plus de|il faut compter|compter|comptez|~|env\.?))?\s*"
).replace(" ", r"\s+")
_PER = (
    r"(?:(?:\s*/(?!\s)|\s*(?:par|le|la|les|de l'|l'|du|a l')\s*)"
    r"(?P<per>heure|h|personne|pers\.?|kilo|kg|m2|m²"
    r"|metre carre|mois|nuit|jour|semaine|an|annee|seance|unite|piece|part|pizza|adulte|enfant"
    r"|couvert|intervention|deplacement|km)\b)?"
    r"(?P<postfix>\s+(?:environ|env\b\.?|a peu pres|minimum|maximum|max\b|ttc|ht\b"
    r"|hors taxes?|toutes taxes comprises)\b)?"
).replace(" ", r"\s+")
_PRICE_RE = re.compile(
    rf"""
    (?:(?P<rlo_pre>entre|de)\s*(?P<rlo>{_AMOUNT})\s*(?:€|euros?)?\s*(?:et|a|-)\s*
        (?P<rhi>{_AMOUNT})\s*{_CUR})
  | (?:(?<![\dh:])(?P<dlo>{_AMOUNT})\s*-\s*(?P<dhi>{_AMOUNT})\s*{_CUR})
  | (?:{_PREFIX}(?:
        €\s*(?P<a1>{_AMOUNT})
      | (?P<a2>{_AMOUNT})\s*{_CUR}
        (?:\s*(?P<cents>\d{{2}})\b(?!\s*(?:€|euros?|h\b|min|heures?|:))
         |\s*et\s*(?P<cents2>\d{{1,2}})\s*(?:centimes?|cts?)\b)?
        # « la taille de haie c'est 45 de l'heure »: a rate needs no currency
      | (?<![\d:h.,])(?P<a3>\d{{1,4}}(?:[.,]\d{{1,2}})?)(?=\s*(?:de\s+l'|l')\s*heure\b)
    ))
    {_PER}
    """,
    re.VERBOSE,
)
_FREE_RE = re.compile(
    r"\b(?:gratuite?s?|offerte?s?|gratos|sans frais|free of charge|0\s*€)"
    r"|(?:\best|c'est|:)\s+free\b"
    # « Pricing : diagnostic free, … »: free closing the item's words
    r"|(?<=[a-z] )free\b(?=\s*(?:[,.;]|$))"
)
_QUOTE_RE = re.compile(r"\b(?:sur|selon|apres|avec)\s+(?:un\s+)?devis?\b")
_PREFIX_NOTES = {
    "a partir de": "à partir de",
    "a partir d'": "à partir de",
    "des": "à partir de",
    "minimum": "à partir de",
    "au minimum": "à partir de",
    "au moins": "à partir de",
    "plus de": "à partir de",
    "environ": "environ",
    "a peu pres": "environ",
    "aux alentours de": "environ",
    "autour de": "environ",
    "dans les": "environ",
    "compter": "environ",
    "comptez": "environ",
    "il faut compter": "environ",
    "~": "environ",
    "env": "environ",
    "env.": "environ",
    "max": "jusqu'à",
    "maximum": "jusqu'à",
    "jusqu'a": "jusqu'à",
    "pas plus de": "jusqu'à",
    "moins de": "jusqu'à",
}
_PER_NOTES = {
    "heure": "de l'heure",
    "h": "de l'heure",
    "personne": "par personne",
    "pers": "par personne",
    "pers.": "par personne",
    "adulte": "par adulte",
    "enfant": "par enfant",
    "couvert": "par couvert",
    "kilo": "le kilo",
    "kg": "le kilo",
    "m2": "le m²",
    "m²": "le m²",
    "metre carre": "le m²",
    "mois": "par mois",
    "nuit": "la nuit",
    "jour": "par jour",
    "semaine": "par semaine",
    "an": "par an",
    "annee": "par an",
    "seance": "la séance",
    "unite": "l'unité",
    "piece": "la pièce",
    "part": "la part",
    "pizza": "la pizza",
    "intervention": "l'intervention",
    "deplacement": "le déplacement",
    "km": "le km",
}
_POSTFIX_NOTES = {
    "environ": "environ",
    "env": "environ",
    "a": "environ",
    "minimum": "à partir de",
    "maximum": "jusqu'à",
    "max": "jusqu'à",
    "ttc": "TTC",
    "ht": "HT",
    "hors": "HT",
    "toutes": "TTC",
}
_MAX_PRICE = 100_000.0


@dataclass(frozen=True, slots=True)
class PriceMatch:
    amount: float
    note: str | None
    """French qualifier: "à partir de", "environ", "jusqu'à", "entre 20 et 30 €", "de l'heure"…"""
    start: int
    end: int
    """Offsets in the folded converted text (``prepare(text).low``)."""
    high: float | None = None


@dataclass(frozen=True, slots=True)
class DurationMatch:
    minutes: int
    start: int
    end: int


def _amount(text: str) -> float | None:
    t = text.replace("\u202f", " ").replace("\u00a0", " ")
    if re.fullmatch(r"\d{1,3}(?:[ .]\d{3})+", t):
        t = t.replace(" ", "").replace(".", "")
    elif re.fullmatch(r"\d{1,3}(?: \d{3})+[.,]\d{1,2}", t):
        t = t.replace(" ", "")
    t = t.replace(",", ".").replace(" ", "")
    try:
        value = float(t)
    except ValueError:
        return None
    if value < 0 or value > _MAX_PRICE:
        return None
    return value


def _fmt_amount(value: float) -> str:
    if value == int(value):
        return f"{int(value)} €"
    return f"{value:.2f}".replace(".", ",") + " €"


def _e_suffix_ok(m: re.Match[str], low: str) -> bool:
    """ "25e" means euros only when it cannot be an ordinal ("3e arrondissement")."""
    text = m.group(0).rstrip()
    if not re.search(r"\d\s*e$", text):
        return True
    amount = m.group("a2") or ""
    after = low[m.end() : m.end() + 20]
    before = low[max(0, m.start() - 25) : m.start()]
    if re.match(r"\s*(?:arr|etage|siecle|rang|place|position|edition|annee|fois|jour)", after):
        return False
    if re.search(
        r"(?:\b(?:le|la|les|au|du|dans le|paris|lyon|marseille|arrondissement)\s*)$", before
    ):
        return False  # "le 15e", "Paris 11e"
    if ("," in amount or "." in amount) or (_amount(amount) or 0) > 20:
        return True
    # "coupe 20e": a word just before, as in a price list; "promenade chien 1h 18e": the
    # item's length between them
    return bool(re.search(r"[a-z]{3,}\s*:?\s*(?:\d{1,3}\s*(?:h|min|mn)\s*)?$", before))


def _prices_in(low: str) -> list[PriceMatch]:
    found: list[PriceMatch] = []
    for m in _PRICE_RE.finditer(low):
        if m.group("rlo") is not None or m.group("dlo") is not None:
            lo = _amount(m.group("rlo") or m.group("dlo"))
            hi = _amount(m.group("rhi") or m.group("dhi"))
            if lo is None or hi is None or hi < lo:
                continue
            note = f"entre {_fmt_amount(lo).removesuffix(' €')} et {_fmt_amount(hi)}"
            per = m.group("per")
            if per:
                note += " " + _PER_NOTES.get(per, per)
            found.append(PriceMatch(lo, note, m.start(), m.end(), hi))
            continue
        raw = m.group("a1") or m.group("a2") or m.group("a3")
        if raw is None:
            continue
        if not _e_suffix_ok(m, low):
            continue
        value = _amount(raw)
        if value is None:
            continue
        cents = m.group("cents") or m.group("cents2")
        if cents and value == int(value):
            value += int(cents) / (100 if len(cents) == 2 else 10)
        notes: list[str] = []
        prefix = m.group("prefix")
        if prefix:
            notes.append(_PREFIX_NOTES.get(prefix.strip(), prefix.strip()))
        per = m.group("per")
        if per:
            notes.append(_PER_NOTES.get(per, per))
        postfix = (m.group("postfix") or "").strip()
        if postfix:
            note = _POSTFIX_NOTES.get(postfix.split()[0].rstrip("."), postfix)
            if note not in notes:
                notes.append(note)
        start = m.start("prefix") if prefix else (m.start("a1") - 1 if m.group("a1") else m.start())
        found.append(PriceMatch(round(value, 2), " ".join(notes) or None, start, m.end()))
    return found


#: A number after these nouns counts or ranks something (« conventionné secteur 1 », « niveau
#: 2 », « bac+3 »): never the start of a price.
_COUNTED_RE = re.compile(
    r"\b(?:secteur|niveau|etage|numero|n°|no|option|categorie|classe|groupe|tranche|article"
    r"|bac|lot|departement|arrondissement|etape|salle|box|poste|ligne|cabine|chambre)"
    r"\s*[+]?\s*(\d+)\b"
    # « cours de groupe 20 euros »: a number with a currency is a price, whatever comes before
    rf"(?![.,]?\d|\s*{_CUR})"
)


def _mask_phones(prepared: Prepared) -> str:
    """The folded text with phone numbers and counted numbers blanked (offsets kept)."""
    low = prepared.low
    phones = find_phones_prepared(prepared)
    chars = list(low)
    for p in phones:
        chars[p.start : p.end] = " " * (p.end - p.start)
    for m in _COUNTED_RE.finditer(low):
        chars[m.start(1) : m.end(1)] = " " * (m.end(1) - m.start(1))
    return "".join(chars)


def find_prices(text: str) -> list[PriceMatch]:
    """Every price of ``text`` (amounts need a currency: "25 €", "25 euros", "€25")."""
    prepared = prepare(text)
    return _prices_in(_mask_phones(prepared))


def parse_price(text: str) -> float | None:
    """The first price in ``text``, in euros; 0 for "gratuit"; None when there is none."""
    prices = find_prices(text)
    if prices:
        return prices[0].amount
    if _FREE_RE.search(prepare(text).low):
        return 0.0
    return None


# --- durations --------------------------------------------------------------------------------

_DURATION_RE = re.compile(
    r"""
    (?P<half>\b(?:1|une)?\s*demi[- ]?heure\b|\b1\s*/\s*2\s*h(?:eure)?\b)
  | (?P<quarter>\b(?:1|un)\s+quart\s+d'\s*heure\b|\bquart\s+d'\s*heure\b)
  | (?P<threeq>\b(?:3|trois)\s+quarts?\s+d'\s*heure\b)
  | (?P<hm>\b(?P<h>\d{1,2})\s*(?:h|heures?|hrs?)(?![a-z])
        (?:\s*(?P<m>[0-5]?\d)(?!\d|[.,]\d)(?!\s*(?:€|euros?\b|eur\b|e\b|balles\b))
            (?:\s*(?:min|mn|minutes?)\b)?)?
        (?P<frac>\s*et\s+(?:demie?|quart))?)
  | (?P<min>\b(?P<mm>\d{1,3})\s*(?:min|mn|minutes?|mins)\b)
    """,
    re.VERBOSE,
)


_TIME_OF_DAY_BEFORE_RE = re.compile(
    r"(?:\b(?:de|a|des|vers|jusqu'a|jusqu'|entre|et|ouvre|ferme|partir de|depuis)|[-/])\s*$"
)
_TIME_OF_DAY_AFTER_RE = re.compile(
    r"^\s*(?:a|-|/|et|jusqu'?a?)\s*\d{1,2}(?:\b|h|:)(?!\s*(?:€|e\b|eur|euros?|balles))"
    r"|^\s*(?:du matin|du soir|de l'apres)"
)


def _durations_in(low: str) -> list[DurationMatch]:
    found: list[DurationMatch] = []
    for m in _DURATION_RE.finditer(low):
        if m.group("hm") and (
            _TIME_OF_DAY_BEFORE_RE.search(low[max(0, m.start() - 15) : m.start()])
            or _TIME_OF_DAY_AFTER_RE.match(low[m.end() : m.end() + 12])
        ):
            continue  # "de 9h à 12h" are times of day
        if m.group("half"):
            minutes = 30
        elif m.group("quarter"):
            minutes = 15
        elif m.group("threeq"):
            minutes = 45
        elif m.group("hm"):
            minutes = int(m.group("h")) * 60 + int(m.group("m") or 0)
            frac = m.group("frac") or ""
            minutes += 30 if "demi" in frac else 15 if "quart" in frac else 0
        else:
            minutes = int(m.group("mm"))
        if 1 <= minutes <= 24 * 60:
            found.append(DurationMatch(minutes, m.start(), m.end()))
    return found


def find_durations(text: str) -> list[DurationMatch]:
    """Every duration in ``text`` ("1h30" → 90, "45 min" → 45, "une demi-heure" → 30)."""
    return _durations_in(prepare(text).low)


def parse_duration_minutes(text: str) -> int | None:
    """The first duration in ``text`` in minutes, or None."""
    found = find_durations(text)
    return found[0].minutes if found else None


# --- services ---------------------------------------------------------------------------------

_SEPARATOR_RE = re.compile(
    r"\n+|;|\s+/\s+|\s\|\s|(?<!\d),|,(?!\d)|\.(?!\d)\s*|(?:^|\n)\s*[-*•]\s+|\s+(?:puis|ensuite)\s+"
)
_ET_RE = re.compile(r"\s+(?:et|&|\+)\s+")
_LEADING_WORDS = (
    "et|puis|alors|donc|bon|ben|bah|euh|ok|oui|voila|sinon|aussi|ensuite|enfin|avec|nous|on|je"
    "|il y a|y a|ya|on a|j'ai|nous avons|on fait|je fais|on fais|nous faisons|on propose"
    "|je propose|nous proposons|on vend|je vends|nous vendons|nos prestations sont"
    "|mes prestations sont|nos prestations|mes prestations|nos tarifs sont|nos tarifs|mes tarifs"
    "|les tarifs sont|les tarifs|les prix sont|les prix|tarifs|tarif|prix|prestations|prestation"
    "|services|service|carte|c'est|c est|ce sont|la|le|les|un|une|des|du|de la|pour|notre|nos"
    "|mes|mon|ma|de|genre|style|par exemple|ex|comme|type|on a aussi|il y a aussi|y a aussi|et puis"
    "|et aussi|on fait aussi|sinon on fait|en gros|environ|a peu pres|ca dure|ca prend|duree"
    "|ainsi que|de meme que|ou encore|mais aussi"
    "|en general|generalement|en moyenne|normalement|d'habitude|habituellement|grosso modo"
    "|il faut compter|compter|comptez|prevoir|prevoyez|qui dure|pendant|elle|il|elles|ils"
    "|je prends|on prend|je demande|on demande|je facture|on facture|je pratique|on pratique"
    "|je la fais|je le fais|on la fait|on le fait|je les fais|on les fait|ca coute|ca fait"
    # « 45 minutes, facturée 80 € »: how it is billed, not what
    "|facture|facturee|factures|facturees|facturer|tarife|tarifee|tarifes|tarifees|au tarif de"
)
_LEADING_FILLER_RE = re.compile(
    r"^(?:\s|[-*•:>=(),.!])*(?:(?:"
    + "|".join(sorted(_LEADING_WORDS.split("|"), key=len, reverse=True))
    + r")\b\s*|(?:l'|j'|d'|de l')\s*|[-*•:>=(]\s*)+"
)
_TRAILING_FILLER_RE = re.compile(
    r"(?:\s*(?:\b(?:c'est|c est|ca fait|ca coute|ca vaut|coute|coutent|fait|font|vaut|valent"
    r"|est a|sont a|a|au prix de|pour|environ|a partir de|des|aux alentours de|autour de|entre"
    r"|de|a peu pres|compter|comptez|il faut compter|tarif|prix|le prix|on la fait|on le fait"
    r"|on les fait|je la fais|je le fais|je les fais|minimum|max|maximum|et|en|qui dure"
    r"|qui durent|dure|durent|duree|pendant|la|le|les|pour la|pour le|a la|au|c|ca|soit"
    # « le burger il est à 13 euros »: the pronoun that takes the name up again
    r"|il|elle|ils|elles"
    r"|en general|generalement|en moyenne|normalement|d'habitude|habituellement|grosso modo"
    # « ça dure une heure en tout »: the whole of it
    r"|en tout|au total|tout compris)\b"
    r"|\bd'|\bl'|[-:=>(),.*/]))+\s*$"
)
_NOT_A_SERVICE_RE = re.compile(
    r"^(?:bonjour|salut|merci|oui|non|ok|voila|c'est tout|tout|rien|aucun|autre|autres|etc"
    r"|et cetera|total|en tout|horaires?|adresse|telephone|tel"
    # what lasts without being sold: a break, a wait, the way there
    r"|(?:la |une |l')?(?:pause|attente|trajet|route))\b"
)
_HAS_LETTER_RE = re.compile(r"[a-z]")
#: « 24 heures sur 24 », « 7 jours sur 7 », « 7j/7 »: the number after « sur » is a ratio.
_RATIO_BEFORE_RE = re.compile(r"\d\s*(?:[a-z]+\s*)?(?:\bsur|/)\s*$")
_RATIO_RE = re.compile(r"\b\d{1,2}\s*(?:[a-z]+\s*)?(?:\bsur\b|/)\s*\d{1,2}\b")
#: an amount in euros and cents (« 14,50 », « 0,12 »), not followed by a unit
_CENTS_RE = re.compile(
    r"(?<![\d:h.,])\d{1,4},\d{2}(?!\d)(?![.,]\d)"
    r"(?!\s*(?:%|km|kms|cm|mm|m|m2|m²|kg|g|l|cl|ml|h|min|ans?|kilos?|metres?|litres?)\b)"
)
#: A number closing an item, or before the item's length (« le combo coupe-barbe 35 en 45 min »)
_BARE_PRICE_RE = re.compile(
    r"(?<![\w:])(\d{1,4}(?:[.,]\d{1,2})?)\s*"
    r"(?:$|(?=(?:en|pour)\s+(?:\d|un\b|une\b|deux\b|trois\b)[^,;]*$))"
)
#: Before a bare number, a word that makes it a count (« pour 6 », « de 10 », « x 3 »)
_COUNT_BEFORE_RE = re.compile(r"\b(?:pour|(?<!partir )de|des|x|sur|par|les)\s*$")
_FILLER_CHUNK_RE = re.compile(
    r"\s*(?:(?:bon|euh+|heu+|ben|bah|alors|voila|donc|hein|quoi|enfin|et)\s*)+"
)
#: A chunk that only counts (« 500 exemplaires », « 4 fers »): the amount of the item before
_QUANTITY_RE = re.compile(r"\s*(?:\d+|mille|cent)\s+[a-z]+[sx]\s*")
_VERBISH_RE = re.compile(
    r"\b(?:ouvert|ferme|lundi|mardi|mercredi|jeudi|vendredi|samedi|dimanche|appel\w*|numero"
    r"|rendez-vous|rdv|voix|tutoi\w*|vouvoi\w*|je suis|on est|nous sommes|s'appelle|adresse"
    r"|rue|avenue)\b|\d\s*h\b|@"
)


#: A length said of an item (« une séance dure trente minutes », « l'évaluation (1h) »): the item
#: is a service even without a price.
LENGTH_CUE_RE = re.compile(r"\bdur(?:e|ent|era|ee)\b|\(\s*(?:\d|une?\b|demi)")

_DURATION_FILLER_RE = re.compile(
    r"\b(?:en|pour|de|une|un|env|environ|duree|dure|durent|compter|comptez|et|ca|qui|il faut|prend"
    r"|prends|prenez|faut|a peu pres|dans|les|la|le|c'est|ca dure|pendant|duree de|temps"
    r"|en general|generalement|en moyenne|normalement|d'habitude|habituellement|grosso modo"
    r"|a peu pres|a vue de nez|max|maximum|minimum|facile|en gros)\b"
    # « 15 euros la séance d'une heure et demie », « la séance de 45 min »
    r"|\b(?:la |une |par )?(?:seance|sceance|session|consultation|cours|lecon)\s*(?:d'|de\b)?"
    r"|\bd'"
)


@dataclass(slots=True)
class _Piece:
    start: int
    end: int
    price: PriceMatch | None = None
    duration: int | None = None
    note: str | None = None


def _trim(low: str, start: int, end: int, cut: list[tuple[int, int]]) -> tuple[int, int]:
    """Shrink [start, end) to the service name: drop cut-out spans (durations, prices) lying at
    its edges, fillers ("on fait des", "c'est", "à") and spaces, until nothing changes."""
    while start < end:
        new_start, new_end = start, end
        for cs, ce in cut:
            if cs <= new_start < ce:
                new_start = ce
            if cs < new_end <= ce:
                new_end = cs
        if new_start < new_end:
            segment = low[new_start:new_end]
            lead = _LEADING_FILLER_RE.match(segment)
            trail = _TRAILING_FILLER_RE.search(segment)
            if trail:
                # « il dure une heure »: a segment made only of fillers (a verb, a pronoun)
                # names nothing
                new_end = new_start + trail.start()
            if lead:
                new_start += lead.end()
        while new_start < new_end and low[new_start].isspace():
            new_start += 1
        while new_end > new_start and low[new_end - 1].isspace():
            new_end -= 1
        if (new_start, new_end) == (start, end):
            break
        start, end = new_start, new_end
    return start, end


def _durations_between(
    durations: list[DurationMatch], start: int, end: int
) -> DurationMatch | None:
    for d in durations:
        if start <= d.start and d.end <= end:
            return d
    return None


#: A dash between words (« …propose des rendez-vous — soin de pédicurie, 30 minutes… »)
_DASH_RE = re.compile(r"(?<=[a-z])\s+-\s+(?=[a-z])")


def _chunks(low: str) -> list[tuple[int, int]]:
    spans: list[tuple[int, int]] = []
    pos = 0
    for m in _SEPARATOR_RE.finditer(low):
        if m.start() > pos:
            spans.append((pos, m.start()))
        pos = m.end()
    if pos < len(low):
        spans.append((pos, len(low)))
    return [part for span in spans for part in _at_dashes(low, *span)]


_CLAUSE_AFTER_RE = re.compile(r"(?:et|mais|puis|donc|sinon|ou)\b")


def _at_dashes(low: str, start: int, end: int) -> list[tuple[int, int]]:
    """A chunk cut at a dash that closes a sentence of its own (three words at least before
    it, or a new clause after it: « 150 euros — et qu'il prenne… »): « l'assistant propose des
    rendez-vous — soin de pédicurie ». « coupe homme - barbe » is one item."""
    parts: list[tuple[int, int]] = []
    pos = start
    for m in _DASH_RE.finditer(low, start, end):
        if len(low[pos : m.start()].split()) >= 3 or _CLAUSE_AFTER_RE.match(low, m.end()):
            parts.append((pos, m.start()))
            pos = m.end()
    parts.append((pos, end))
    return parts


def _split_et(low: str, start: int, end: int, prices: list[PriceMatch]) -> list[tuple[int, int]]:
    """Split a chunk on "et" when it holds several prices ("coupe 20€ et brushing 15€")."""
    if len([p for p in prices if start <= p.start < end]) < 2:
        return [(start, end)]
    spans: list[tuple[int, int]] = []
    pos = start
    for m in _ET_RE.finditer(low, start, end):
        if any(p.start < m.start() < p.end for p in prices):
            continue
        before = [p for p in prices if pos <= p.start and p.end <= m.start()]
        if before:
            spans.append((pos, m.start()))
            pos = m.end()
    spans.append((pos, end))
    return spans


def _name(prepared: Prepared, low: str, start: int, end: int, cut: list[tuple[int, int]]) -> str:
    s, e = _trim(low, start, end, cut)
    if e <= s:
        return ""
    src_start, src_end = prepared.folded.source_span(s, e)
    name = prepared.folded.source[src_start:src_end]
    if prepared.converted != prepared.raw and re.search(r"\d", name):
        # "quatre fromages", "fraisier six parts": the owner's words, not the digits
        span = prepared.raw_span(src_start, src_end)
        name = prepared.raw[span[0] : span[1]] if span else name
    if name.count("(") != name.count(")"):
        # « stage bac (5 jours) 190 € » cut at the price: the content, not a lone bracket
        name = name.replace("(", " ").replace(")", " ")
    name = name.strip(" \t-:=,.;()*•")
    name = re.sub(r"\s+", " ", name)
    if not name:
        return ""
    return name[0].upper() + name[1:]


def _valid_name(name: str, bare: bool) -> bool:
    if not name or len(name) > 120:
        return False
    low = fold(name)
    if not _HAS_LETTER_RE.search(low) or _NOT_A_SERVICE_RE.match(low):
        return False
    words = low.split()
    if len(words) > (6 if bare else 10):
        return False
    return not (bare and _VERBISH_RE.search(low))


#: A service named by its length (« l'heure de conduite », « demi-heure de massage »).
_NAMED_BY_LENGTH_RE = re.compile(
    r"^(?:l'|une\s+|1\s+)?(?P<half>demi[- ]?)?heure\s+(?:de|d')\s*\w", re.IGNORECASE
)


def _service(name: str, piece: _Piece) -> Service | None:
    duration = piece.duration
    if duration is None:
        by_length = _NAMED_BY_LENGTH_RE.match(fold(name))
        if by_length is not None:
            duration = 30 if by_length.group("half") else 60
        elif piece.price is not None and piece.price.note == _PER_NOTES["heure"]:
            duration = 60  # « cours particulier 32 €/h »: priced by the hour, an hour long
    try:
        return Service(
            name=name[:120],
            price_eur=piece.price.amount if piece.price else None,
            price_note=(piece.note or (piece.price.note if piece.price else None)),
            duration_minutes=duration,
        )
    except ValidationError:
        return None


#: What is left of a name that speaks of the item said before (« qui est gratuit »).
_SAYS_ITEM_BEFORE_RE = re.compile(
    r"^(?:(?:qui|c'est|ca|il|elle|celui-ci|celle-ci|lui)(?:\s+(?:me|nous|vous|en))?"
    r"(?:\s+(?:est|sont|dure|durent|coute|fait|prend|prennent))?"
    # « …120 €, qui prend genre 3 heures », « ça me prend à peu près une heure et demie »
    r"(?:\s+(?:genre|environ|a peu pres|en gros|dans les|pres de|quasi|presque|facile))*"
    r"|d'une duree d\w*|duree|(?:il faut |faut )?compter|comptez)$"
)
_ITEM_LEAD_RE = re.compile(r"\b(?:pour|un|une|le|la|les|l'|des|du)\s+(?=[a-z])")


#: What follows a length to say where or how it is spent (« sur place », « avec un coach »).
_CIRCUMSTANCE_RE = re.compile(r"\s*(?:sur|avec|en|a|au|aux|chez|par|dans)\b")


def _where_or_how_after_length(low: str, piece: _Piece, durations: list[DurationMatch]) -> bool:
    """A chunk that is a length, then where or how it is spent (« une heure et demie sur
    place », « comptez deux heures sur place », « une heure avec un coach »): no item of its
    own, the length of the item before."""
    if piece.price is not None or piece.duration is None:
        return False
    d = _durations_between(durations, piece.start, piece.end)
    if d is None:
        return False
    before = _DURATION_FILLER_RE.sub("", low[piece.start : d.start])
    return (
        not _HAS_LETTER_RE.search(before)
        and _CIRCUMSTANCE_RE.match(low[d.end : piece.end]) is not None
    )


def _item_at_end(low: str, start: int, end: int) -> tuple[int, int] | None:
    """The noun phrase a clause ends on (« …prend les rendez-vous pour le bilan auditif » →
    « bilan auditif »), at most five words with no word of hours, places or tone in them."""
    clause = low[start:end].rstrip(" .:")
    leads = list(_ITEM_LEAD_RE.finditer(clause))
    if not leads:
        return None
    item = clause[leads[-1].end() :]
    # « un rendez-vous découverte »: a kind of appointment is an item
    kind = re.sub(r"^(?:rendez-vous|rdv)(?:\s+(?:de|d'))?\s*(?=[a-z])", "", item)
    if not 1 <= len(item.split()) <= 5 or len(item) < 3 or _VERBISH_RE.search(kind):
        return None
    return start + leads[-1].end(), start + len(clause)


#: A length said for every item at once (« une heure chacune », « 30 min les deux »).
_EACH_RE = re.compile(r"^(?:[\w'’ -]*\s)?(?:chacune?|chaque|deux|pareil)$")


def _items_spoken_of(name: str, piece: _Piece, services: list[Service]) -> list[int]:
    """The items said before that ``piece`` completes rather than naming one of its own: a
    price or a length with no name after an item that lacks it, a length for each, or a
    length for an item named again."""
    if not services:
        return []
    last = services[-1]
    if not name and piece.price is not None:
        # « première consultation : une heure, cinquante-cinq euros »: its price
        return (
            [len(services) - 1]
            if last.price_eur is None and last.duration_minutes is not None
            else []
        )
    if piece.price is not None or piece.duration is None:
        return []
    if not name:
        # « … 60 euros, ça dure à peu près 45 minutes »: its length
        return [len(services) - 1] if piece.note is None and last.duration_minutes is None else []
    if _EACH_RE.search(fold(name)):
        # « vidange 79 €, recharge clim 89 €, ça prend une heure chacune »: every item said
        # without a length takes it
        return list(range(len(services)))
    # « coupe 20 €, barbe 15 €, ça prend 30 min la coupe »: that item's length; « combo
    # coupe+barbe 30. …le combo 45min »: the item named by its first words
    said = re.sub(r"^(?:le|la|les|l'|un|une|du|des)\s*", "", fold(name)).strip()
    exact = [i for i, known in enumerate(services) if fold(known.name) == said]
    if exact or not said:
        return exact
    opening = [i for i, known in enumerate(services) if fold(known.name).startswith(said + " ")]
    return opening if len(opening) == 1 and services[opening[0]].duration_minutes is None else []


def _completed(services: list[Service], indices: list[int], piece: _Piece) -> list[Service]:
    """``services`` where the items at ``indices`` take the price and the length of ``piece``
    that they lack."""
    out = list(services)
    for i in indices:
        known = out[i]
        update: dict[str, Any] = {}
        if piece.price is not None and known.price_eur is None:
            update["price_eur"] = piece.price.amount
            update["price_note"] = piece.note or piece.price.note
        if piece.duration is not None and known.duration_minutes is None:
            update["duration_minutes"] = piece.duration
        out[i] = known.model_copy(update=update) if update else known
    return out


#: What introduces a list of prices (« les prix qu'on me demande le plus : … », « nos tarifs :
#: … »): no item of its own.
_LIST_INTRO_RE = re.compile(
    r"[^.;:!?\n]*\b(?:prix|tarifs?|prestations?|services|carte|formules|offres)\b[^.;:!?\n\d€]{0,50}:"
    r"(?=\s*[^\W\d])"
)


_HESITATION_RE = re.compile(r"(?:,\s*)?\b(?:euh+|heu+|hum+|hein)\b(?:\s*,)?")


#: What takes back an amount just said (« enfin non », « pardon », « je veux dire »): the words
#: sure to be a correction, then with « non » and « plutôt », which say it only right before a
#: new amount
_TAKE_BACK_SURE = rf"(?:ah\s+|oh\s+|euh\s+)?(?:{TAKE_BACK_CUES}"
_TAKE_BACK = _TAKE_BACK_SURE + r"|non|plutot)"
#: …and what may follow it before the new amount
_BEFORE_NEW = r"\s*[,.!:]*\s*(?:c'est\s+|plutot\s+)?$"

#: « 22 euros par personne. Ah non, 24 euros »: the words right before the new price
_PRICE_TAKEN_BACK_RE = re.compile(rf"(?:^|[\s,.;!]){_TAKE_BACK}{_BEFORE_NEW}")
#: « le petit c'est 550… non pardon, 590 euros »: a bare amount taken back for the next price
_BARE_TAKEN_BACK_RE = re.compile(
    rf"(?<![\d.,])(?P<amount>\d{{1,5}}(?:[.,]\d{{1,2}})?)\s*(?:\.\.\.|…)?\s*[,.]?\s*{_TAKE_BACK}"
    rf"{_BEFORE_NEW}"
)
#: « coupe 20 euros enfin non 22 »: the new amount said bare after a price (not a number of
#: years, hours or people: « 20 euros, non 25 ans d'expérience »)
_BARE_CORRECTION_RE = re.compile(
    rf"\s*[,.]?\s*{_TAKE_BACK_SURE})\s*[,.!:]*\s*(?P<amount>\d{{1,4}}(?:[.,]\d{{1,2}})?)\b"
    r"(?!\s*(?:h\b|heures?|min|ans?|%|personnes?|pers\b|x\b|[.,]?\d))"
)
#: How far apart an amount and its correction may be said
_CORRECTION_GAP = 80


def _blank(low: str, start: int, end: int) -> str:
    return low[:start] + " " * (end - start) + low[end:]


def _self_corrected_prices(low: str, prices: list[PriceMatch]) -> tuple[str, list[PriceMatch]]:
    """The text and its prices with each amount the owner corrects at once replaced by its
    correction, the correction blanked (offsets kept):
    - « c'est 20 euros, non pardon 22 euros »: the new price stands where the old one was;
    - « le petit c'est 550… non pardon, 590 euros »: the bare amount before is dropped;
    - « coupe 20 euros enfin non 22 »: the bare amount after is the new price."""
    out: list[PriceMatch] = []
    k = 0
    while k < len(prices):
        price = prices[k]
        new = prices[k + 1] if k + 1 < len(prices) else None
        between = low[price.end : new.start] if new is not None else ""
        if new is not None and len(between) <= _CORRECTION_GAP and not re.search(r"[;\n]", between):
            if (bare := _BARE_TAKEN_BACK_RE.search(between)) is not None:
                low = _blank(low, price.end + bare.start("amount"), new.start)
                out.append(price)
                k += 1
                continue
            cue = _PRICE_TAKEN_BACK_RE.search(between)
            if cue is not None and not re.search(r"\d", between):
                low = _blank(low, price.end + cue.start(), new.end)
                out.append(PriceMatch(new.amount, new.note, price.start, price.end, new.high))
                k += 2
                continue
        after = _BARE_CORRECTION_RE.match(low, price.end)
        if after is not None and (amount := _amount(after.group("amount"))) is not None:
            low = _blank(low, price.end, after.end())
            price = PriceMatch(amount, price.note, price.start, price.end, None)
        out.append(price)
        k += 1
    return low, out


def extract_services(text: str, *, bare_list: bool = False) -> list[Service]:
    """Services with their price, price note and duration, from a list in free text.

    Items are separated by commas, semicolons, new lines, bullets, " / " or "et" between two
    priced items. A chunk without a price is kept only when it says "sur devis", gives a
    duration, or when ``bare_list`` is set (the question was about services: "coupe, couleur,
    mèches"); a bare number counts as a price in a list where other items have one
    ("pizza margherita 9 euros, calzone 12").
    """
    prepared = prepare(text)
    low = _LIST_INTRO_RE.sub(lambda m: " " * (len(m.group(0)) - 1) + ";", _mask_phones(prepared))
    # « le démoussage, c'est, euh, à partir de 15 euros »: a hesitation and its commas cut
    # nothing (blanked, so that offsets still match the text)
    low = _HESITATION_RE.sub(lambda m: " " * len(m.group(0)), low)
    low, prices = _self_corrected_prices(low, _prices_in(low))
    durations = _durations_in(low)
    # « le plat du jour est à 14,50 »: euros and cents need no currency to be a price
    priced_list = bool(prices) or _CENTS_RE.search(low) is not None
    chunk_spans: list[tuple[int, int]] = []
    raw_chunks = _chunks(low)
    for start, end in raw_chunks:
        if bare_list and not prices and len(raw_chunks) >= 2:
            pos = start
            for m in _ET_RE.finditer(low, start, end):
                chunk_spans.append((pos, m.start()))
                pos = m.end()
            chunk_spans.append((pos, end))
        else:
            chunk_spans.extend(_split_et(low, start, end, prices))

    services: list[Service] = []
    seen: set[str] = set()
    opening: set[int] = set()
    # « des stages intensifs pendant les vacances, 120 euros la semaine »: a chunk with no
    # price, then a price with no name: the item, then its price
    unnamed_before: tuple[int, int] | None = None
    bare_item = -2  # the index of an item just said without a price, awaiting one
    for start, end in chunk_spans:
        chunk_prices = [p for p in prices if start <= p.start < end]
        count_before = len(services)
        rest_after_et: tuple[int, int] | None = None
        pieces: list[_Piece] = []
        if chunk_prices:
            pos = start
            for k, price in enumerate(chunk_prices):
                nxt = chunk_prices[k + 1].start if k + 1 < len(chunk_prices) else end
                piece_end = price.end
                # a duration right after the price belongs to this item ("35 € (45 min)")
                after = _durations_between(durations, price.end, nxt)
                if after is not None and not _HAS_LETTER_RE.search(
                    _DURATION_FILLER_RE.sub("", low[price.end : after.start])
                ):
                    piece_end = after.end
                name_start, name_end = pos, price.start
                cut_here = [(d.start, d.end) for d in durations]
                trimmed = _trim(low, name_start, name_end, cut_here)
                if trimmed[1] <= trimmed[0] and k + 1 == len(chunk_prices):
                    # "25 € la coupe homme", "on prend 45 balles pour une coupe": nothing but
                    # fillers before the price, the name follows it
                    # "25 € la coupe homme"
                    name_start, name_end = price.end, end
                    piece_end = end
                piece = _Piece(name_start, name_end, price)
                d = _durations_between(durations, name_start, max(name_end, piece_end))
                if d is not None:
                    piece.duration = d.minutes
                pieces.append(piece)
                pos = piece_end
            # "… la calzone 13 euros et les desserts à 6": a bare price after the last one
            rest = low[pos:end]
            tail = _BARE_PRICE_RE.search(rest)
            if tail is not None and _RATIO_BEFORE_RE.search(rest[: tail.start(1)]):
                tail = None
            if tail is not None and _HAS_LETTER_RE.search(rest[: tail.start()]):
                value = _amount(tail.group(1))
                if value is not None:
                    p = PriceMatch(value, None, pos + tail.start(1), pos + tail.end(1))
                    pieces.append(_Piece(pos, p.start, p))
            elif tail is None and (joined := re.match(r"\s*et\s+(?=\S)", rest)) is not None:
                # « … 28 euros l'heure et des stages intensifs, 120 euros la semaine »
                rest_after_et = (pos + joined.end(), end)
        else:
            chunk_low = low[start:end]
            d = _durations_between(durations, start, end)
            quote = _QUOTE_RE.search(chunk_low)
            free = _FREE_RE.search(chunk_low)
            bare = _BARE_PRICE_RE.search(chunk_low) if (priced_list or bare_list) else None
            if bare is not None and d is not None and d.start <= start + bare.start(1) < d.end:
                bare = None  # « cours 1h30 »: the number is the length's
            if bare is not None and _COUNT_BEFORE_RE.search(chunk_low, 0, bare.start(1)):
                bare = None  # « le plateau découverte pour 6 »: how many it serves
            ratio = _RATIO_RE.search(chunk_low)
            if ratio is not None:
                # « 24 heures sur 24 », « 7j/7 »: a ratio, neither a price nor a duration
                if bare is not None and bare.start(1) < ratio.end():
                    bare = None
                if d is not None and d.start < start + ratio.end():
                    d = None
            if bare is not None:
                value = _amount(bare.group(1))
                if value is not None:
                    p = PriceMatch(value, None, start + bare.start(1), start + bare.end(1))
                    piece = _Piece(start, p.start, p, d.minutes if d else None)
                    pieces.append(piece)
            elif (
                quote
                or free
                or bare_list
                or (d is not None and (priced_list or LENGTH_CUE_RE.search(chunk_low)))
                # « le bilan auditif, gratuit, une heure »: a length alone, after an item, or
                # where it is spent (« une heure avec un coach »)
                or (
                    d is not None
                    and services
                    and (
                        len(chunk_low.split()) <= 3
                        or _where_or_how_after_length(low, _Piece(start, end, None, 1), durations)
                    )
                )
            ):
                piece = _Piece(start, end, None, d.minutes if d else None)
                if quote:
                    piece.note = "sur devis"
                    piece.end = start + quote.start() if quote.start() > 0 else end
                elif free:
                    piece.price = PriceMatch(
                        0.0, "gratuit", start + free.start(), start + free.end()
                    )
                    piece.note = "gratuit"
                    piece.end = start + free.start() if free.start() > 0 else end
                pieces.append(piece)
        cut = [(d.start, d.end) for d in durations] + [(p.start, p.end) for p in prices]
        if not chunk_prices and _FILLER_CHUNK_RE.fullmatch(low[start:end]):
            continue  # « La raclette, bon, c'est 22 euros le kilo »: a filler between the two
        if (
            not chunk_prices
            and (len(services) == bare_item + 1 or unnamed_before is not None)
            and _QUANTITY_RE.fullmatch(low[start:end])
            and _durations_between(durations, start, end) is None
        ):
            continue  # « Cartes de visite, cinq cents exemplaires, 39 euros »: the item's amount
        for piece in pieces:
            name = _name(prepared, low, piece.start, piece.end, cut)
            if _SAYS_ITEM_BEFORE_RE.match(fold(name or "")):
                name = ""  # « un rendez-vous découverte, qui est gratuit »: the item before
            if name and _where_or_how_after_length(low, piece, durations):
                name = ""  # « 150 euros, une heure et demie sur place »: the item's length
            if (
                not name
                and unnamed_before is not None
                and (piece.price or piece.duration or piece.note)
            ):
                # « soin de pédicurie, 30 minutes, 35 euros »: the item, then its length
                name = _name(prepared, low, *unnamed_before, cut)
                unnamed_before = None
            spoken_of = _items_spoken_of(name, piece, services)
            if spoken_of:
                services = _completed(services, spoken_of, piece)
                if piece.price is not None:
                    bare_item = -2  # its price is said: nothing more awaits one
                continue
            if not name and piece.price is not None and len(services) == bare_item + 1:
                # « Ferrure complète quatre fers, cent dix euros »: the item said bare, then its
                # price on its own
                last = services[bare_item]
                priced = _service(last.name, piece)
                if priced is not None:
                    services[bare_item] = priced.model_copy(
                        update={
                            "duration_minutes": priced.duration_minutes or last.duration_minutes
                        }
                    )
                bare_item = -2
                continue
            no_info = piece.price is None and piece.note is None and piece.duration is None
            if not _valid_name(name, no_info or (piece.price is None and not chunk_prices)):
                continue
            key = fold(name)
            if key in seen:
                continue
            service = _service(name, piece)
            if service is not None:
                bare_item = len(services) if piece.price is None and piece.note is None else -2
                seen.add(key)
                if re.search(r"[.!?\n]\s*$", low[max(0, start - 3) : start]) or start == 0:
                    opening.add(len(services))  # a sentence of its own: a whole name
                services.append(service)
        unnamed = not chunk_prices and len(services) == count_before
        span = (start, end) if unnamed else rest_after_et
        if span and _VERBISH_RE.search(low[span[0] : span[1]]):
            # « l'assistant prend les rendez-vous pour le bilan auditif, gratuit, une heure »:
            # the item is what the sentence ends on
            span = _item_at_end(low, *span) if unnamed else None
        unnamed_before = span
    return tidy_service_names(services, whole=opening)
