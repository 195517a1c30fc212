"""The services and their prices. A number is a price only when it reads as one: « conventionné
secteur 1 » is an agreement sector, never a price of 1 €."""

from __future__ import annotations

import re
from collections.abc import Iterator

from allokoli.configurator import texts
from allokoli.configurator.handlers.base import (
    FactHandler,
    How,
    Reading,
    dump,
    set_fact,
    split_list,
)
from allokoli.configurator.state import ConfiguratorState
from allokoli.domain.profile import Service
from allokoli.understanding import extract_services, find_prices, fold, words_to_digits
from allokoli.understanding.address import lists_communes
from allokoli.understanding.money import LENGTH_CUE_RE

__all__ = [
    "ServicesHandler",
    "named_services",
    "plausible_service",
    "price_change",
    "price_corrections",
]

_BAD_SERVICE_NAMES = frozenset(
    [
        "est",
        "on",
        "et",
        "c'est",
        "ca",
        "il",
        "elle",
        "nous",
        "vous",
        "je",
        "tu",
        "y",
        "a",
        "au",
        "aux",
        "de",
        "du",
        "des",
        "le",
        "la",
        "les",
        "un",
        "une",
    ]
)
_DAY_OR_TIME_RE = re.compile(
    r"\b(?:lundi|mardi|mercredi|jeudi|vendredi|samedi|dimanche|\d+\s*h|\d+j|\d+/\d+)\b"
    # a short day name only beside a time or another day (« mar-sam »), never « fruits de mer »
    r"|\b(?:lun|mar|mer|jeu|ven|sam|dim)\.?(?:\s*[-/]|\s+(?:au|a)\b|\s*\d)"
    r"|\d\s*/|/\s*\d"
)
#: Nouns a number counts or ranks, not prices (« secteur 1 », « niveau 2 », « 3 personnes »).
_COUNTED_NOUN_RE = re.compile(
    r"\b(?:secteur|zone|niveau|etage|numero|no|option|categorie|classe|type|groupe|tranche"
    r"|article|bac|lot|departement|arrondissement|etape|place|salle|box|poste|ligne|cabine"
    r"|piste|table|chambre|lit|rang)\s*$"
)
_CURRENCY_RE = re.compile(r"€|\beuros?\b|\beur\b|\bballes?\b|\bprix\b|\btarif\w*")
#: « séance d'essai gratuite », « devis offert »: a free item is priced too.
_FREE_RE = re.compile(r"\b(?:gratuite?s?|offerte?s?|gratos)\b")


_ON_QUOTE_RE = re.compile(r"\bsur devis\b")


def _priced(r: Reading) -> bool:
    """The message states a price: a currency word, an amount the money reader takes as one
    (« 40e », « 35 balles », « soixante-cinq euros ») or a free item."""
    return bool(_CURRENCY_RE.search(r.folded) or find_prices(r.text) or _FREE_RE.search(r.folded))


#: « un CV 25 euros », « T2 à 219 000 € »: an item named by a short acronym
_ACRONYM_RE = re.compile(r"[A-Z]{2}|[A-Z]\d")


def plausible_service(service: Service) -> bool:
    if _ACRONYM_RE.fullmatch(service.name.strip(" .")):
        return service.price_eur is not None
    name = fold(service.name).strip(" .-'/")
    if len(name) < 3 or name in _BAD_SERVICE_NAMES or not re.search(r"[a-z]{3}", name):
        return False
    return not _DAY_OR_TIME_RE.search(name)


_COUNTED_NUMBER_RE = re.compile(
    _COUNTED_NOUN_RE.pattern.removesuffix(r"\s*$") + r"\s*(\d+(?:[.,]\d+)?)\b(?!\s*(?:€|eur))"
)


#: « brunch le samedi et le dimanche à 24 € »: when the item is sold, not its name.
_WHEN_TAIL_RE = re.compile(
    r"\s+(?:(?:le|les|du|en|tous les|chaque|uniquement le|seulement le|sauf le)\s+)"
    r"(?:lundi|mardi|mercredi|jeudi|vendredi|samedi|dimanche|week-?end)s?\b.*$",
    re.IGNORECASE,
)


def _without_when(service: Service) -> Service:
    name = _WHEN_TAIL_RE.sub("", service.name)
    if name == service.name or not re.search(r"[^\W\d_]{3}", name):
        return service
    return service.model_copy(update={"name": name})


def _counted_amounts(folded: str) -> set[float]:
    """Numbers a noun counts or ranks with no currency after them (« secteur 1 »): a service
    priced with one of them misread the rank as a price. « cours de groupe 20 € » is a price."""
    return {float(m.group(1).replace(",", ".")) for m in _COUNTED_NUMBER_RE.finditer(folded)}


def _counted_not_priced(service: Service, counted: set[float]) -> bool:
    return (
        service.price_eur is not None
        and service.price_eur in counted
        and _COUNTED_NOUN_RE.search(fold(service.name).strip(" .-'/")) is not None
    )


#: After a service's name, its new price: « l'extension de cils c'est 95 », « la coupe passe à
#: 28 € », « le plateau : 19,50 ».
_NEW_PRICE_RE = re.compile(
    r"^\s*(?:,|:|=|-)?\s*(?:c'est|cest|c est|c|ca fait|ca coute|coute|passe a|est a|est de|a"
    r"|au prix de|pour)?"
    r"\s*(?:plutot|en fait|maintenant|desormais)?\s*(\d+(?:[.,]\d{1,2})?)\s*(?:€|euros?|e|eur)?"
    r"(?![\d.,]*\s*(?:h\b|heures?|min|mn|km|ans?|%|personnes?|pers))"
)


def named_services(s: ConfiguratorState, folded: str) -> list[dict[str, object]]:
    """The services already noted that this message names (« l'extension de cils… »)."""
    return [
        item
        for item in s.profile.get("services") or []
        if len(fold(str(item.get("name") or ""))) >= 3
        and re.search(rf"\b{re.escape(fold(str(item['name'])))}\b", folded)
    ]


def _said_after_name(
    s: ConfiguratorState, r: Reading, pattern: re.Pattern[str]
) -> Iterator[tuple[dict[str, object], re.Match[str]]]:
    """Each noted service this message names, with what ``pattern`` reads right after its
    name (numbers said in words are digits by then: « cent soixante-dix » is 170)."""
    folded = fold(words_to_digits(r.text))
    for item in named_services(s, folded):
        m = re.search(rf"\b{re.escape(fold(str(item['name'])))}\b", folded)
        assert m is not None
        said = pattern.match(folded[m.end() :])
        if said is not None:
            yield item, said


def price_corrections(s: ConfiguratorState, r: Reading) -> list[Service]:
    """A new price for a service already noted, named in a correction: only that price
    changes (« pardon, l'extension de cils c'est 95 »)."""
    out: list[Service] = []
    for item, price in _said_after_name(s, r, _NEW_PRICE_RE):
        amount = float(price.group(1).replace(",", "."))
        if amount == item.get("price_eur"):
            continue
        data = {**item, "price_eur": amount}
        out.append(Service.model_validate(data))
    return out


#: After a noted service's name, how long it lasts: « coupe femme 45 min », « la couleur :
#: 1h30 », « le bilan dure une heure » (numbers in words are digits by then).
_NEW_LENGTH_RE = re.compile(
    r"^\s*(?:,|:|=|-)?\s*(?:c'est|cest|c est|c|ca dure|dure|en|environ|compter)?\s*"
    r"(?:(\d{1,3})\s*(?:min\w*|mn)\b|(\d{1,2})\s*(?:h|heures?)\s*(\d{2})?(?!\d))"
)


def length_changes(s: ConfiguratorState, r: Reading) -> list[Service]:
    """How long the services already noted last, said later (« pour la durée, coupe femme 45
    min, coupe homme 30 min »): each named one takes its length, its price kept."""
    out: list[Service] = []
    for item, length in _said_after_name(s, r, _NEW_LENGTH_RE):
        minutes = (
            int(length.group(1))
            if length.group(1)
            else int(length.group(2)) * 60 + int(length.group(3) or 0)
        )
        if not 5 <= minutes <= 24 * 60 or minutes == item.get("duration_minutes"):
            continue
        out.append(Service.model_validate({**item, "duration_minutes": minutes}))
    return out


#: The owner changes what they said (« …c'est 170, pas 160 », « maintenant », « pardon »).
_CHANGE_CUE_RE = re.compile(
    r"\b(?:pas|plutot|en fait|maintenant|desormais|pardon|non|finalement)\b"
)


def price_change(s: ConfiguratorState, r: Reading) -> list[Service]:
    """A noted service's new price said out of turn, with a currency or a word that says it
    changes (« ah, la suite familiale c'est cent soixante-dix, pas cent soixante »)."""
    if not (r.correction or _priced(r) or _CHANGE_CUE_RE.search(r.folded)):
        return []
    return price_corrections(s, r)


class ServicesHandler(FactHandler[list[Service]]):
    key = "services"
    hint = texts.HINTS["services"]

    def read(self, s: ConfiguratorState, r: Reading) -> list[Service] | None:
        stated = self._read(s, r)
        if r.correction and r.target in (None, self.key):
            known = {fold(str(item.get("name") or "")) for item in s.profile.get(self.key) or []}
            if not any(fold(sv.name) not in known for sv in stated or []):
                # no new service: a new price for one already noted, named (« l'extension
                # de cils c'est 95 »), changes that price only
                return price_corrections(s, r) or stated
        if not stated:
            # « non, le brushing c'est 22 € »: a noted service's new price, said in passing;
            # « coupe femme 45 min »: a noted service's length
            return price_change(s, r) or length_changes(s, r) or None
        if not r.correction and _CHANGE_CUE_RE.search(r.folded):
            # « ah et la couleur c 58e maintenant pas 55 »: the noted item's price changes,
            # « ah et la couleur » is no new service
            return price_corrections(s, r) or stated
        return stated

    def _read(self, s: ConfiguratorState, r: Reading) -> list[Service] | None:
        counted = _counted_amounts(r.folded)
        services = [
            sv
            for sv in map(_without_when, r.facts.services)
            if plausible_service(sv) and not _counted_not_priced(sv, counted)
        ]
        if r.pending != self.key or r.others:
            # in passing, only a priced service with a currency word is one, or a short item
            # whose length is said (« une séance dure trente minutes »)
            priced = _priced(r)
            services = [
                sv
                for sv in services
                if (priced and sv.price_eur is not None)
                # « …40 euros, et la recherche de fuite c'est sur devis »
                or (priced and _ON_QUOTE_RE.search(fold(sv.price_note or "")))
                or (
                    sv.duration_minutes is not None
                    and LENGTH_CUE_RE.search(r.folded)
                    and len(sv.name.split()) <= 4
                )
            ]
        return services or None

    def read_answer(self, s: ConfiguratorState, r: Reading) -> list[Service] | None:
        services = self.read(s, r)
        if lists_communes(r.text) and not any(sv.price_eur is not None for sv in services or []):
            return None  # « Vienne, Givors, Roussillon »: places, not services
        if services or r.others:
            return services  # the owner answered something else: not a list of services
        services = [sv for sv in extract_services(r.text, bare_list=True) if plausible_service(sv)]
        if not services:
            names = split_list(r.text)
            services = [Service(name=n[:120]) for n in names if len(n) <= 120]
        return services or None

    def accepts(self, value: list[Service]) -> bool:
        return bool(value)

    def store(self, s: ConfiguratorState, value: list[Service], how: How, r: Reading) -> bool:
        if how is How.PASSING and r.pending == self.key:
            return False
        known = {fold(str(item.get("name") or "")) for item in s.profile.get(self.key) or []}
        only_known = all(fold(sv.name) in known for sv in value)
        # a corrected list replaces the old one; a new price for a noted service changes it only
        replace = how is How.ANSWER or (
            how is How.CORRECTION and r.target == self.key and not only_known
        )
        current = [] if replace else list(s.profile.get(self.key) or [])
        names = {fold(item["name"]) for item in current}
        changed = replace
        for service in value:
            key = fold(service.name)
            if key not in names:
                current.append(dump(service))
                names.add(key)
                changed = True
                continue
            # the same service with another price or length: the owner's latest word wins
            update = {
                k: v
                for k, v in (
                    ("price_eur", service.price_eur),
                    ("duration_minutes", service.duration_minutes),
                )
                if v is not None
            }
            for i, item in enumerate(current):
                if fold(item["name"]) == key and any(item.get(k) != v for k, v in update.items()):
                    current[i] = {**item, **update}
                    changed = True
        if current and changed:
            set_fact(s, self.key, current[:100])
        return changed
