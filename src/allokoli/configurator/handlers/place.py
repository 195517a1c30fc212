"""Where the business is (its address, or at least a known city) and where it goes (its zone
d'intervention). An address must look like one or name a known commune; a zone must say
something (« oui, je confirme » is neither)."""

from __future__ import annotations

import re

from pydantic import ValidationError

from allokoli.configurator import texts
from allokoli.configurator.handlers.base import (
    FactHandler,
    How,
    Reading,
    dump,
    is_bare_reply,
    mark_skipped,
    set_fact,
)
from allokoli.configurator.state import ConfiguratorState
from allokoli.domain.profile import Address
from allokoli.understanding import fold
from allokoli.understanding.address import listed_communes, lists_communes
from allokoli.understanding.nlp import entities
from allokoli.understanding.places import canonical_city, city_spans, commune

__all__ = ["AddressHandler", "ZoneHandler", "names_a_place", "vague_zone"]


def _known_city(city: str) -> bool:
    return commune(city) is not None or canonical_city(fold(city)) is not None


def _same_town(postal_code: str | None, old: Address) -> bool:
    """Whether a postcode said without its town may be the town noted before: none was said,
    or it is in the same département (a town's postcodes share its département's digits)."""
    if not postal_code:
        return True
    town = commune(old.city) if old.city else None
    known = old.postal_code or (town.postcode if town else None)
    if not known:
        return False
    width = 3 if known.startswith(("97", "98")) else 2
    return postal_code[:width] == known[:width]


#: « on est à X », « nous sommes situés à X »: where the business is, said as such
_WE_ARE_AT_RE = re.compile(
    r"\b(?:on est|nous sommes|je suis|on se trouve|c'est)\s+(?:(?:situes?|installes?|bases?"
    r"|juste|bien|plutot|en fait)\s+)*(?:a|au|sur)\s+[a-z]"
)


def _taken_back(old: str, new: str, folded: str) -> bool:
    """Does the owner name a new town and take back the one noted (« …à Villeurbanne, pas à
    Lyon », « plus à Lyon »)?"""
    if fold(old) == fold(new):
        return False
    return (
        re.search(
            rf"\b(?:pas|plus|non)\s+(?:(?:a|au|sur|de|dans)\s+)?{re.escape(fold(old))}\b", folded
        )
        is not None
    )


_STREET_NUMBER_RE = re.compile(r"^(\d{1,4}(?:\s*(?:bis|ter|b|c)\b)?)\s+")


def _street_corrected(old: Address, value: Address, how: How, folded: str) -> Address | None:
    """The address with its street changed, when the owner corrects the street noted (« c'est
    rue de Brest pas rue de Saint-Malo », « pardon, la boutique est au 3 rue de Périgueux, pas
    rue Hergé ») whatever the message answers. The rest stays; so does the number, when the
    new street comes without one. None when the message does not correct the street."""
    if not old.street or not value.street:
        return None
    old_name = _STREET_NUMBER_RE.sub("", old.street)
    new_name = _STREET_NUMBER_RE.sub("", value.street)
    if fold(old_name) == fold(new_name):
        return None
    negated = re.search(
        rf"\b(?:pas|plus)\s+(?:(?:au|le|la|a)\s+)?(?:\d+\s+)?{re.escape(fold(old_name))}\b", folded
    )
    if how is not How.CORRECTION and negated is None:
        return None
    street = value.street
    number = _STREET_NUMBER_RE.match(old.street)
    if number is not None and _STREET_NUMBER_RE.match(street) is None:
        street = f"{number.group(1)} {street}"
    town_said = value.city is not None and fold(value.city) != fold(old.city or "")
    changed = {
        "street": street,
        "city": value.city if town_said else old.city,
        "postal_code": value.postal_code or (None if town_said else old.postal_code),
    }
    try:
        return Address.model_validate(dump(old.model_copy(update=changed)))
    except ValidationError:
        return None


def corrects_the_address(s: ConfiguratorState, r: Reading) -> bool:
    """Does the message take back the street or the town noted (« c pas rue du port, c quai
    des Indes », « en fait on est à Cavaillon, pas à Apt »), whatever question is pending?"""
    current = s.profile.get("address")
    value = r.facts.address
    if current is None or value is None:
        return False
    old = Address.model_validate(current)
    if value.street and _street_corrected(old, value, How.PASSING, r.folded) is not None:
        return True
    return bool(value.city and old.city and _taken_back(old.city, value.city, r.folded))


#: No place where clients come (answering the address question).
_NO_ADDRESS_RE = re.compile(
    r"\b(?:pas|plus|aucune?)\s+(?:d'|de\s+|d\s*)?(?:adresse|local|locaux|boutique|magasin"
    r"|cabinet|atelier|bureau|point\s+fixe)\b|\bsans\s+(?:adresse|local)\b"
    r"|\bc'?est\s+un\s+(?:camion|truck|vehicule)\b|\b(?:je|on|nous)\s+(?:travaille|bosse)\w*\s+"
    r"(?:de\s+)?(?:chez\s+moi|a\s+domicile|de\s+la\s+maison)\b"
)


class AddressHandler(FactHandler[Address]):
    key = "address"
    hint = texts.HINTS["address"]

    def read(self, s: ConfiguratorState, r: Reading) -> Address | None:
        return r.facts.address

    def handle(self, s: ConfiguratorState, r: Reading, how: How) -> bool:
        if (
            how is How.ANSWER
            and r.pending == self.key
            and _NO_ADDRESS_RE.search(r.folded)
            and self.read(s, r) is None
        ):
            # « on a pas d'adresse fixe, c'est un camion », « je n'ai pas de local »: nothing
            # to ask again
            mark_skipped(s, self.key)
            return True
        return super().handle(s, r, how)

    def accepts(self, value: Address) -> bool:
        if value.street or value.postal_code:
            return True
        city = value.city or ""
        return bool(city) and not is_bare_reply(city) and _known_city(city)

    def store(self, s: ConfiguratorState, value: Address, how: How, r: Reading) -> bool:
        current = s.profile.get("address")
        if current is not None and value.street:
            street = _street_corrected(Address.model_validate(current), value, how, r.folded)
            if street is not None:
                set_fact(s, self.key, dump(street))
                return True
        if (
            how is How.CORRECTION
            and r.target not in (None, self.key, "city")
            and not (value.city and _WE_ARE_AT_RE.search(r.folded))
        ):
            # (« ah non pardon, on est à Orvault ! » corrects the town, whatever else it says)
            how = How.PASSING
        if how is How.PASSING and r.pending == self.key:
            return False
        if current is None:
            set_fact(s, self.key, dump(value))
            return True
        old = Address.model_validate(current)
        if value.postal_code and not value.street and not value.city and old.city:
            # « le code postal c'est 74000 »: the postcode of the address noted, nothing else
            if old.postal_code == value.postal_code:
                return False
            set_fact(s, self.key, dump(old.model_copy(update={"postal_code": value.postal_code})))
            return True
        if value.street and not value.city and old.city and _same_town(value.postal_code, old):
            # « l'adresse c'est 4 rue Kervégan », « au 4 rue Gambetta, 52100 »: the street, in
            # the town already noted (a postcode of another département is another town)
            postal = value.postal_code or old.postal_code
            value = value.model_copy(update={"city": old.city, "postal_code": postal})
        if how is How.CORRECTION and not value.street and value.city and old.street:
            # « en fait on est à Cavaillon »: the city changes, the rest stays
            postal = value.postal_code if value.postal_code else None
            try:
                changed = old.model_copy(update={"city": value.city, "postal_code": postal})
                set_fact(s, self.key, dump(Address.model_validate(dump(changed))))
            except ValidationError:
                set_fact(s, self.key, dump(value))
            return True
        if value.city and old.city and _taken_back(old.city, value.city, r.folded):
            # « en fait je suis basée à Villeurbanne, pas à Lyon », said in passing
            # (the street noted stays, as when « en fait on est à Cavaillon » corrects the town)
            changed = old.model_copy(update={"city": value.city, "postal_code": value.postal_code})
            set_fact(s, self.key, dump(value if value.street else changed))
            return True
        if how is not How.PASSING:
            set_fact(s, self.key, dump(value))
            return True
        if value.street and not old.street:
            set_fact(s, self.key, dump(value))
            return True
        if not old.postal_code and value.postal_code and value.city in (None, old.city):
            set_fact(s, self.key, dump(old.model_copy(update={"postal_code": value.postal_code})))
            return True
        return False


_NOT_AN_AREA_RE = re.compile(r"\b(?:tout le temps|pendant|toujours|souvent)\b")


_AREA_CUE_RE = re.compile(
    r"\b(?:km|kilometres?|rayon|autour|alentours?|environs|departement|region|secteur|zone"
    r"|agglo\w*|metropole|couronne|canton|interviens|intervenons|intervient|deplace\w*"
    r"|partout|toute? la|tout le)\b"
)


def names_a_place(area: str) -> bool:
    """A zone that says where: a known commune, a department or a region (a place name for
    the French pipeline), a radius… (« bof », « hein », « je vois pas » say nowhere)."""
    if _AREA_CUE_RE.search(fold(area)) or city_spans(area) or lists_communes(area):
        return True
    # a place name is written with a capital and without digits (« lun-ven 8h » is not one)
    if not re.search(r"[A-ZÀ-Ý]", area):
        return False
    return any(
        e.label == "LOC" and re.search(r"[A-ZÀ-Ý]", e.text) and not re.search(r"\d", e.text)
        for e in entities(area)
    )


#: The owner does not go out to clients (answering the zone question).
_NO_TRAVEL_RE = re.compile(
    r"\b(?:(?:on|je|nous)\s+(?:ne\s+|n')?(?:\w+\s+)?(?:livre|livrons|deplace|deplacons|bouge|bougeons"
    r"|interviens|intervient|intervenons)\w*\s+pas|pas de (?:livraison|deplacement)s?"
    r"|(?:tout|ca)\s+(?:part|se passe|se fait)\s+(?:de|a|sur|ici|chez))"
)


#: Beyond this many words, an answer to the zone question is more than a zone.
_LONG_ANSWER_WORDS = 14

#: The question that asks how far around a town the owner goes.
DETAIL_ID = "service_area_detail"


class ZoneHandler(FactHandler[str]):
    key = "service_area"
    hint = texts.HINTS["service_area"]

    def read(self, s: ConfiguratorState, r: Reading) -> str | None:
        area = r.facts.service_area
        if area is None:
            return None
        owner = r.facts.owner_name or s.profile.get("owner_name")
        if owner and fold(owner) in fold(area) and len(fold(area)) <= len(fold(owner)) + 3:
            return None  # « je m'appelle Gaël Rivière »: two communes' names, but a person
        # « J'interviens à Brest, Guipavas, Plouzané. Non, pas Plouzané finalement, mettez
        # Plougastel-Daoulas à la place »: taken back in the same message
        at = fold(r.text).find(fold(area))
        if at >= 0:
            edited = _edited_zone(area, r.text[at + len(area) :])
            if edited is not None:
                return edited
        return area

    def read_answer(self, s: ConfiguratorState, r: Reading) -> str | None:
        area = self.read(s, r)
        if area is None and r.pending != self.key:
            return None  # asked beside the address: only a zone said as one (cue, list of towns)
        if area is None:
            if r.others - {self.key, "address"}:
                return None  # services, hours…: the message is about them, not the zone
            area = r.text.strip(" .")
            if len(area.split()) > _LONG_ANSWER_WORDS:
                # « On fait de l'ardoise surtout, hein, on est en Bretagne, du zinc… »: a long
                # answer about something else holds the zone only as the places it names
                places = _zone_towns(f"sur {area}") + [
                    e.text for e in entities(area) if e.label == "LOC" and e.text[:1].isupper()
                ]
                area = ", ".join(dict.fromkeys(places))
                if not area:
                    return None
        if not names_a_place(area):
            return None  # filler (« bof », « pardon ») or another fact: not the zone
        return area if len(area) <= 300 else None

    def accepts(self, value: str) -> bool:
        folded = fold(value)
        if is_bare_reply(folded) or not re.search(r"[a-z]{3}", folded):
            return False
        return not _NOT_AN_AREA_RE.search(folded) and names_a_place(value)

    def handle(self, s: ConfiguratorState, r: Reading, how: How) -> bool:
        if (
            how is How.ANSWER
            and r.asks(self.key)
            and (
                (r.facts.yes_no is False and r.pending == self.key)
                or _NO_TRAVEL_RE.search(r.folded)
            )
            and self.read_answer(s, r) is None
        ):
            # « Non, tout part de notre base », « on ne livre pas »: no zone, and no re-ask
            mark_skipped(s, self.key)
            return True
        if s.knows(self.key) and r.text:
            edited = _edited_zone(str(s.profile[self.key]), r.text)
            if edited is not None and fold(edited) != fold(str(s.profile[self.key])):
                set_fact(s, self.key, edited[:300])
                return True
        return super().handle(s, r, how)

    def store(self, s: ConfiguratorState, value: str, how: How, r: Reading) -> bool:
        if how is How.CORRECTION and r.target not in (None, self.key):
            how = How.PASSING
        if how is How.PASSING and r.pending == self.key:
            return False
        if how is How.ANSWER and r.pending_id == DETAIL_ID and s.knows(self.key):
            # « Jusqu'où allez-vous autour de Metz ? » « Woippy, Marly, Montigny »: the
            # surroundings said precisely, beside what was said before
            known = str(s.profile[self.key])
            said = value.strip(" .")
            value = (
                _widened(known, said)
                or (said if fold(known) in fold(said) else None)
                or (f"{known} ({said})")
            )
        if how is How.PASSING and s.knows(self.key):
            # « …vers Bordeaux et Toulouse » then « je couvre Pau, Lescar et Billère »: the
            # zone grows by the communes it did not hold; nothing said is lost
            widened = _widened(str(s.profile[self.key]), value.strip(" ."))
            if widened is None:
                return False
            value = widened
        set_fact(s, self.key, value.strip(" .")[:300])
        return True


#: A town of the zone taken out: « pas X », « X c'est trop loin », « on ne va plus à X »,
#: « X, je l'enlève »
_DROPPED_BEFORE_RE = re.compile(
    r"\b(?:pas|plus|enleve\w*|enlever|retire\w*|supprime\w*|sauf|sans|ni)\s+"
    r"(?:(?:a|sur|de|d'|la|le|les|l'|non|finalement|vraiment)\s*)*$"
)
_DROPPED_AFTER_RE = re.compile(
    r"^[\s,]*(?:(?:c'est|cest|ca fait|c'etait)\s+(?:plus|trop loin|fini|termine)"
    r"|(?:[^.!?]{0,40}?)\b(?:je l'enleve|on l'enleve|enlevez-l[ae]|retirez-l[ae]|on n'y va plus"
    r"|je n'y vais plus|c'est plus nous|c'est trop loin|on arrete|on ne fait plus))"
)


#: « basée à Villeurbanne pas à Lyon »: a town taken back as the place the business is at
_BASED_NOT_RE = re.compile(
    r"\b(?:bas|situ|install|implant)e?e?s?\s+(?:a|au|sur)\s+[a-z'-]+(?:\s+[a-z'-]+)?\s*,?\s*"
    r"(?:et\s+)?(?:pas|non)\s+(?:a|au|sur)\s*$"
)


#: « Metz et alentours », « autour de Vannes », « Nice et environs »: one town and its
#: surroundings, with no distance and no commune named
_AROUND_RE = re.compile(r"\b(?:alentours?|environs?|autour|coin|peripherie|banlieue)\b")
_DISTANCE_RE = re.compile(r"\d|\b(?:km|kilometres?|rayon|minutes?|departement|region)\b")


def vague_zone(zone: str) -> str | None:
    """The town a zone only names with its surroundings (« Metz et alentours » → « Metz »), so
    that the owner may be asked how far they go; None when the zone is precise enough (towns
    listed, a distance, a département)."""
    folded = fold(zone)
    if not _AROUND_RE.search(folded) or _DISTANCE_RE.search(folded):
        return None
    towns = _zone_towns(f"sur {zone}")  # the zone said alone: its first word is a place
    return towns[0] if len(towns) == 1 else None


def _zone_towns(zone: str) -> list[str]:
    """The towns a zone names, as the gazetteer spells them."""
    names = [c.name for c in city_spans(zone)] + listed_communes(zone)
    return list(dict.fromkeys(names))


def _edited_zone(known: str, text: str) -> str | None:
    """The zone with the towns the owner takes out of it removed and the ones said instead
    added (« Briançon c'est trop loin finalement, je l'enlève, mettez plutôt Chorges », « on
    ne va plus à Crest, par contre on fait Bourg-lès-Valence »); None when no town is taken
    out."""
    held = _zone_towns(known)
    if len(held) < 2:
        return None
    folded = fold(text)
    dropped: list[str] = []
    for town in held:
        for m in re.finditer(
            rf"\b{re.escape(fold(town))}\b|\b{re.escape(fold(town).split()[0])}\b", folded
        ):
            before = folded[max(0, m.start() - 40) : m.start()]
            if _BASED_NOT_RE.search(before):
                continue  # « je suis basée à Villeurbanne, pas à Lyon »: the address, not the zone
            if _DROPPED_BEFORE_RE.search(before) or (
                _DROPPED_AFTER_RE.match(folded[m.end() : m.end() + 80])
            ):
                dropped.append(town)
                break
    if not dropped:
        return None
    added = []
    for span in city_spans(text):
        name = span.name
        if name not in held and name not in added and fold(name) not in map(fold, dropped):
            added.append(name)
    # the zone's own words are kept (a village the gazetteer does not know stays): only the
    # items naming a town taken out go
    gone = [fold(t) for t in dropped] + [fold(t).split()[0] for t in dropped]
    items = [i.strip(" .") for i in re.split(r"\s*(?:[,;/]|\bet\b)\s*", known) if i.strip(" .")]
    kept = [i for i in items if not any(re.search(rf"\b{re.escape(g)}\b", fold(i)) for g in gone)]
    towns = kept + [a for a in added if not any(fold(a) in fold(i) for i in kept)]
    if not towns:
        return None
    return towns[0] if len(towns) == 1 else f"{', '.join(towns[:-1])} et {towns[-1]}"


def _widened(known: str, said: str) -> str | None:
    """The zone ``known`` with the communes ``said`` adds to it; ``said`` alone when ``known``
    names no place (« Entre les deux »); None when ``said`` adds no commune."""
    held = fold(known)
    names = _zone_towns(said)
    if not any(fold(n) not in held for n in names):
        return None
    if not names_a_place(known):
        return said
    known_towns = {fold(n) for n in _zone_towns(known)}
    if known_towns and known_towns <= {fold(n) for n in names}:
        return said  # « zone : vierzon, bourges, mehun, salbris »: the whole zone said again
    joined = f"{known}, {said}"
    return joined if len(joined) <= 300 else None
