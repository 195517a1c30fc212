"""The company name and the owner's own name: two facts that never land in each other's slot,
nor in any other (a phone number, a city or a bare « oui » is never a name)."""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass

from allokoli.configurator import texts
from allokoli.configurator.handlers.base import FactHandler, How, Reading, is_bare_reply, set_fact
from allokoli.configurator.names import extend_left
from allokoli.configurator.state import ConfiguratorState
from allokoli.understanding import fold
from allokoli.understanding.names import says_no_name, without_hesitations
from allokoli.understanding.nlp import tags
from allokoli.understanding.persons import given_name
from allokoli.understanding.places import area_name, commune_or_short

__all__ = ["CompanyName", "CompanyNameHandler", "OwnerNameHandler", "names_the_business"]


@dataclass(frozen=True, slots=True)
class CompanyName:
    text: str
    sure: bool = True
    """False for a guess (a capitalised span in the first answer): asked once to confirm."""
    explicit: bool = False
    """Said with an explicit naming (« l'entreprise c'est X », « ça s'appelle X »): it replaces
    a name noted before, even said in passing."""


#: A commune this large, named alone, is the city, not the business.
_TOWN = 5000


# « Ressemelage 35e », « Lavage ext 20e 30min »: a price or a duration is a service's
_PRICE_OR_DURATION_RE = re.compile(r"\d\s*(?:€|e\b|eur\b|euros?\b|h\b|h\d|min\b|mn\b)")
# « Jsuis Apiculteur », « Faut Prendre les Rdv », « Tout le Gard »: a sentence or an area
_NOT_A_SIGN_RE = re.compile(
    r"^(?:jsuis|chui|jfais|jai|j'ai|je|j'|faut|il faut|on|nous|tout le|toute la|tous les"
    r"|toutes les"
    # « lassistant prend les rdv c tout »: what the assistant does, not the business
    r"|(?:l'?\s?|le\s+|mon\s+|votre\s+|ton\s+)?assistante?)\b"
)


# « ça s'appelle X », « le nom c'est X », « l'entreprise c'est X »: the owner names the business
_EXPLICIT_RE = re.compile(
    r"\b(?:s'?\s?app?ell?e|se\s+nomme|(?:le|son|notre|mon)\s+(?:vrai\s+|bon\s+)?nom"
    r"\s+(?:(?:commercial|exact|complet|officiel|correct|precis)\s+)?"
    # « le nom exact du cabinet c'est », « le nom de la boutique : »
    r"(?:(?:du|de\s+la|de\s+l'|de\s+mon|de\s+ma|de\s+notre)\s*[a-z-]+\s+)?(?:c'?\s?est|est|:)"
    r"|^\s*nom\s*:"
    r"|(?:l'entreprise|la\s+societe|l'enseigne|mon\s+entreprise|ma\s+bo[iî]te|ma\s+societe)"
    r"\s+(?:c'?\s?est|s'?\s?app?ell?e|:))"
)


def names_the_business(text: str) -> bool:
    """Does the owner say this is the business's name (« ça s'appelle X », « nom : X », « le
    nom exact du cabinet c'est X »)?"""
    return _EXPLICIT_RE.search(without_hesitations(fold(text))) is not None


# « du 24 heures sur 24 », « 45 minutes »: a time or a duration
_TIME_RE = re.compile(r"\d\s*(?:h|heures?|min|minutes?|mn|jours?)\b")
# « tutoiement, ton décontracté », « vouvoyez », « voix de femme »: the way of speaking
_TONE_RE = re.compile(
    r"\b(?:tutoi|tutoy|vouvoi|vouvoy)\w*|\bvoix\s+(?:de\s+|d')?(?:femme|homme|feminine|masculine)"
)


def _another_fact(name: str, r: Reading) -> bool:
    """Whether the words read as a name are another fact's value in the same message: a
    service (« Première consultation : 80 euros »), the street of the address (« 4 place
    Carnot »), a time (« c'est du 24 heures sur 24 »), the way of speaking (« tutoiement, ton
    décontracté »). A name never doubles as one of them."""
    folded = fold(name).strip(" .,!?")
    if _TIME_RE.search(folded) or _TONE_RE.search(folded):
        return True
    for service in r.facts.services:
        item = fold(service.name).strip()
        if item and (
            item == folded
            or (len(item) > 3 and item in folded)
            or (len(folded) > 3 and folded in item)
        ):
            return True
    street = r.facts.address.street if r.facts.address else None
    if street:
        words = re.findall(r"[a-z0-9]+", folded)
        return bool(words) and set(words) <= set(re.findall(r"[a-z0-9]+", fold(street)))
    return False


_SUBJECTS = frozenset(["je", "j", "tu", "il", "elle", "on", "nous", "vous", "ils", "elles"])


def _is_a_clause(folded: str) -> bool:
    """« tu peux tutoyer les clientes »: a subject pronoun and its verb make a sentence, not a
    name."""
    tagged = tags(folded)
    return any(
        a.text.rstrip("'’") in _SUBJECTS and a.pos == "PRON" and b.pos in ("VERB", "AUX")
        for a, b in itertools.pairwise(tagged)
    )


def _looks_like_a_name(text: str, *, town_ok: bool = False) -> bool:
    folded = fold(text).strip(" .,!?")
    if not folded or is_bare_reply(folded) or not re.search(r"[a-z]", folded):
        return False
    if len(re.sub(r"\D", "", folded)) >= 8:  # a phone number
        return False
    if _PRICE_OR_DURATION_RE.search(folded) or _NOT_A_SIGN_RE.match(folded):
        return False
    if _is_a_clause(folded):
        return False
    if town_ok:
        return True
    if area_name(text) is not None:
        return False  # « Isère », « Bretagne »: a département or a région
    place = commune_or_short(text.strip(" .,!?"))
    # a town alone is a place; a hamlet's name (« Cerise ») may well be a shop's
    return place is None or place.population < _TOWN


class CompanyNameHandler(FactHandler[CompanyName]):
    key = "company_name"
    hint = texts.HINTS["company_name"]

    def read(self, s: ConfiguratorState, r: Reading) -> CompanyName | None:
        name = r.facts.company_name
        owner = r.facts.owner_name
        if not name and owner and len(owner.split()) >= 2 and says_no_name(r.text):
            # « pas de nom de boîte, juste mon nom Yann Kervella »: the business has no name
            # of its own, the assistant answers with the owner's
            return CompanyName(owner[:120], explicit=True)
        if not name or _another_fact(name, r):
            return None
        explicit = _EXPLICIT_RE.search(without_hesitations(r.folded)) is not None
        return CompanyName(
            extend_left(name, r.text)[:120], sure=not r.name_guessed, explicit=explicit
        )

    def accepts(self, value: CompanyName) -> bool:
        # « ma boutique s'appelle Cassis »: named as such, a town's name is the business's
        return _looks_like_a_name(value.text, town_ok=value.explicit)

    def store(self, s: ConfiguratorState, value: CompanyName, how: How, r: Reading) -> bool:
        if how is How.PASSING and (s.knows(self.key) or r.pending == self.key):
            renamed = (
                value.explicit
                and s.knows(self.key)
                and fold(value.text) != fold(str(s.profile.get(self.key) or ""))
            )
            if not renamed:
                return False
        if how is How.CORRECTION and r.target not in (None, self.key):
            return False
        if not value.sure and not s.knows(self.key):
            s.name_candidate = value.text
            return False
        set_fact(s, self.key, value.text)
        s.name_candidate = None
        return True


#: The parts of a message that answers several questions at once.
_PARTS_RE = re.compile(r"[.,;!?\n]|\s(?:et|sinon)\s")
#: Words before a name given as such (« c'est Marc », « moi c'est Inès », « prénom : Léa »).
_NAME_LEAD_RE = re.compile(
    r"^(?:(?:et|moi|c'est|c’est|mon\s+pr[ée]nom|pr[ée]nom|je\s+suis|je\s+m'appelle)\s*:?\s*)+",
    re.IGNORECASE,
)


class OwnerNameHandler(FactHandler[str]):
    key = "owner_name"
    hint = texts.HINTS["owner_name"]

    def read(self, s: ConfiguratorState, r: Reading) -> str | None:
        return r.facts.owner_name[:80] if r.facts.owner_name else None

    def read_answer(self, s: ConfiguratorState, r: Reading) -> str | None:
        """Asked beside the number to pass calls to (« 06 12 34 56 78. Inès », « au 06…, et
        c'est Marc »): a part of the message that is a first name alone, said as such."""
        said = self.read(s, r)
        if said is not None or self.key not in r.also:
            return said
        for part in _PARTS_RE.split(r.text):
            words = _NAME_LEAD_RE.sub("", part.strip()).strip(" .!?")
            if not words or re.search(r"\d", words) or len(words.split()) > 3:
                continue
            first = words.split()[0]
            if first[:1].isupper() and given_name(first) and _looks_like_a_name(words):
                return words
        return None

    def accepts(self, value: str) -> bool:
        return _looks_like_a_name(value)

    def store(self, s: ConfiguratorState, value: str, how: How, r: Reading) -> bool:
        if how is How.PASSING and s.knows(self.key):
            return False
        if how is How.CORRECTION and r.target not in (None, self.key):
            return False
        if len(value.split()) < 2 and fold(value) == fold(str(s.profile.get("company_name") or "")):
            return False  # a first name is never the company's (a full name may be both)
        set_fact(s, self.key, value)
        return True
