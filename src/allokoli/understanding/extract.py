"""One entry point for the configurator: every fact stated in one owner's answer.

``extract_facts(text, expecting=…)`` runs all extractors on one prepared text: each surface
prepares its text once (the configurator with ``normalise_speech``, a description with
``restore_elisions``) and every reader after it sees the same words. ``expecting`` is
the fact the configurator just asked about (a :class:`FactKey` value); it lets a bare answer be
attributed ("Chez Marco" → company name, "06 12 34 56 78" → transfer number, "homme" → voice).
"""

from __future__ import annotations

import re
from enum import StrEnum

from pydantic import BaseModel, ConfigDict, Field

from allokoli.domain.profile import (
    Address,
    OpeningHours,
    Register,
    Service,
    Style,
    Task,
    Tone,
    VoiceGender,
)
from allokoli.understanding.address import lists_communes
from allokoli.understanding.facts import (
    classify_phones,
    extract_address,
    extract_district,
    extract_email,
    extract_owner_name,
    extract_recording_consent,
    extract_register,
    extract_service_area,
    extract_style,
    extract_tasks,
    extract_transfer,
    extract_voice_gender,
    extract_website,
    postcode_from_arrondissement,
)
from allokoli.understanding.hours import parse_opening_hours
from allokoli.understanding.intents import IntentKind, detect_intent
from allokoli.understanding.money import extract_services
from allokoli.understanding.names import extract_company_name
from allokoli.understanding.nlp import is_lexicon_word
from allokoli.understanding.normalize import fold, prepare
from allokoli.understanding.persons import given_name
from allokoli.understanding.places import CITY_RE, canonical_city
from allokoli.understanding.yesno import parse_yes_no

__all__ = ["ExtractedFacts", "FactKey", "PhoneFact", "extract_facts"]


class FactKey(StrEnum):
    """The facts the configurator can ask about (names follow ``BusinessProfile``)."""

    COMPANY_NAME = "company_name"
    ACTIVITY = "activity"
    ADDRESS = "address"
    BUSINESS_PHONE = "business_phone"
    EMAIL = "email"
    WEBSITE = "website"
    OPENING_HOURS = "opening_hours"
    SERVICES = "services"
    SERVICE_AREA = "service_area"
    VOICE_GENDER = "voice_gender"
    REGISTER = "register"
    STYLE = "style"
    TONE = "tone"
    """Register and style together."""
    TASKS = "tasks"
    TRANSFER_NUMBER = "transfer_number"
    TRANSFER_WHEN = "transfer_when"
    OWNER_NAME = "owner_name"
    RECORDING_ENABLED = "recording_enabled"


class PhoneFact(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    e164: str
    kind: str
    """"mobile", "landline" or "other"."""
    role: str | None = None
    """"transfer", "business" or None when nothing says what the number is for."""
    raw: str


class ExtractedFacts(BaseModel):
    """Facts found in one answer. Fields mirror ``BusinessProfile``; None / empty = not said."""

    model_config = ConfigDict(extra="forbid")

    company_name: str | None = None
    owner_name: str | None = None
    activity: str | None = None
    address: Address | None = None
    district: str | None = None
    """"quartier de la Croix-Rousse" (no BusinessProfile field: goes to notes/address)."""
    business_phone: str | None = None
    email: str | None = None
    website: str | None = None
    opening_hours: OpeningHours | None = None
    services: list[Service] = Field(default_factory=list)
    service_area: str | None = None
    voice_gender: VoiceGender | None = None
    tone_register: Register | None = None
    tone_style: Style | None = None
    tasks: list[Task] = Field(default_factory=list)
    transfer_number: str | None = None
    transfer_when: str | None = None
    recording_enabled: bool | None = None
    phones: list[PhoneFact] = Field(default_factory=list)
    """Every phone number seen, with its role (unassigned ones need a clarification)."""
    yes_no: bool | None = None
    """The answer read as yes/no (for confirmations); None when it is neither."""
    intent: IntentKind = IntentKind.ANSWER
    intent_target: str | None = None
    """For a correction or a question: the FactKey it concerns, when identifiable."""
    question_term: str | None = None
    question_kind: str | None = None
    confidence: dict[str, float] = Field(default_factory=dict)
    """How sure the reader is of a field (0–1), by field name, where it says so: the LLM's own
    estimates, or an extractor's score. `configurator.llm.merge_facts` decides by it."""

    def found(self) -> list[str]:
        """The FactKey values present in this answer, in a stable order."""
        keys: list[str] = []
        for key in FactKey:
            if key is FactKey.TONE:
                continue
            if key is FactKey.REGISTER:
                value: object = self.tone_register
            elif key is FactKey.STYLE:
                value = self.tone_style
            else:
                value = getattr(self, key.value)
            if value is not None and value != []:
                keys.append(key.value)
        return keys

    @property
    def is_empty(self) -> bool:
        return not self.found()

    def tone(self, base: Tone | None = None) -> Tone | None:
        """The tone with the register/style found here applied on ``base``; None if neither."""
        if self.tone_register is None and self.tone_style is None:
            return None
        base = base or Tone()
        return Tone(
            register=self.tone_register or base.register,
            style=self.tone_style or base.style,
        )


_NO_FACT_INTENTS = frozenset(
    {
        IntentKind.QUESTION,
        IntentKind.SKIP,
        IntentKind.RESTART,
        IntentKind.EMPTY,
        IntentKind.OFF_TOPIC,
        IntentKind.NO_PREFERENCE,
    }
)
_CORRECTION_LEAD_RE = re.compile(
    r"^\s*(?:(?:non|ah|oh|euh|oups|pardon|attendez|attends|en fait|finalement|plutot|ou plutot"
    r"|je me suis trompe\w*|je me suis gourre\w*|correction|erreur|autant pour moi"
    r"|au temps pour moi|je voulais dire|je veux dire|c'etait faux|c'est faux)\b[\s,.:!-]*)+"
)
_RENAME_RE = re.compile(
    r"\b(?:change[rz]?|modifie[rz]?|remplace[rz]?|corrige[rz]?|mets?|mettez|mettre)\s+(?:le|mon"
    r"|notre)\s+nom\s+(?:en|par|pour|a|:)?\s*"
)
#: A renaming the owner tells (« on a changé le nom l'an dernier »), in the past tense: the new
#: name comes later in the sentence, and the rest of the message still holds facts.
_TOLD_RENAME_RE = re.compile(
    r"\b(?:a|ai|avons|avez|ont)\s+(?:chang|modifi|remplac|corrig)é\s", re.IGNORECASE
)
_KNOWN_KEYS = frozenset(k.value for k in FactKey)


def _strip_correction(text: str) -> str:
    prepared = prepare(text)
    m = _CORRECTION_LEAD_RE.match(prepared.raw_low)
    if not m or m.end() == 0:
        return text
    start, _ = prepared.raw_folded.source_span(m.end(), m.end() + 1)
    return text[start:] if m.end() < len(prepared.raw_low) else ""


#: Where the owner starts from, said as such.
_BASE_BEFORE_RE = re.compile(
    r"\b(?:bas[ee]e?s?|install[ee]e?s?|situ[ee]e?s?|domicili[ee]e?s?|je\s+pars|on\s+part"
    r"|(?:je\s+suis|on\s+est|nous\s+sommes)\s+(?:a|sur)|le\s+(?:depot|local|cabinet|siege"
    r"|garage|atelier)\s+(?:est\s+)?(?:a|sur))\s+[a-z]"
)


def extract_facts(text: str, *, expecting: str | None = None) -> ExtractedFacts:
    """Every fact stated in ``text``. Never raises; unknown ``expecting`` values are ignored."""
    if not isinstance(text, str):
        text = ""
    expect = expecting if expecting in _KNOWN_KEYS else None
    intent = detect_intent(text)
    result = ExtractedFacts(
        intent=intent.kind,
        intent_target=intent.target,
        question_term=intent.term,
        question_kind=intent.question_kind,
        yes_no=parse_yes_no(text),
    )
    if intent.kind in _NO_FACT_INTENTS:
        return result

    body = text
    if intent.kind is IntentKind.CORRECTION:
        rename = _RENAME_RE.search(prepare(text).raw_low)
        if rename is not None and _TOLD_RENAME_RE.search(text):
            rename = None  # « on a changé le nom l'an dernier, c'est X »: told, not asked
        if rename is not None:
            start, _ = prepare(text).raw_folded.source_span(rename.end(), rename.end() + 1)
            body = text[start:]
            expect = FactKey.COMPANY_NAME.value
        else:
            body = _strip_correction(text) or text
            if intent.target in _KNOWN_KEYS:
                expect = intent.target
    prepared = prepare(body)

    # phones first: their digits must not be read as hours or prices
    roles = classify_phones(body, expecting=expect)
    result.phones = [
        PhoneFact(e164=r.phone.e164, kind=r.phone.kind.value, role=r.role, raw=r.phone.raw)
        for r in roles
    ]
    result.transfer_number = next((r.phone.e164 for r in roles if r.role == "transfer"), None)
    result.business_phone = next((r.phone.e164 for r in roles if r.role == "business"), None)
    _, when = extract_transfer(body, expecting=expect)
    result.transfer_when = when

    result.email = extract_email(body)
    result.website = extract_website(body)
    result.company_name = extract_company_name(body, expect == FactKey.COMPANY_NAME)
    result.owner_name = extract_owner_name(body, expecting=expect == FactKey.OWNER_NAME)
    if (
        result.owner_name
        and result.company_name
        and result.owner_name == result.company_name
        # « je suis guide, Pierre Blanc… c'est à mon nom »: a business at the owner's full
        # name holds both; a first name alone is never the company's
        and len(result.owner_name.split()) < 2
    ):
        if expect == FactKey.OWNER_NAME:
            result.company_name = None
        else:
            result.owner_name = None

    if result.owner_name and result.company_name:
        # « Hello, Kevin de Blue Pool Services »: the owner, then their business
        of = re.match(
            rf"{re.escape(result.owner_name)}\s+(?:de\s+(?:la\s+|l['’])?|du\s+|des\s+|d['’])(?=[A-ZÉÈ])",
            result.company_name,
        )
        first = result.owner_name.split()[0]
        if of is not None and (given_name(first) or not is_lexicon_word(first.lower())):
            result.company_name = result.company_name[of.end() :]
    result.address = extract_address(body)
    if result.address is None and expect == FactKey.ADDRESS:
        result.address = _bare_city(body)
    if (
        expect == FactKey.SERVICE_AREA
        and result.address is not None
        and result.address.street is None
        and result.address.postal_code is None
        and not _BASE_BEFORE_RE.search(fold(body))
    ):
        # "sur Nantes et alentours" describes the zone, not the address (but « je suis basé à
        # Vénissieux et je vais sur tout Lyon Est » says where the owner starts from)
        result.address = None
    result.district = extract_district(body)

    result.opening_hours = parse_opening_hours(body, expecting=expect == FactKey.OPENING_HOURS)
    result.services = extract_services(body, bare_list=expect == FactKey.SERVICES)
    result.service_area = extract_service_area(body, expecting=expect == FactKey.SERVICE_AREA)

    result.voice_gender = extract_voice_gender(body, expecting=expect == FactKey.VOICE_GENDER)
    tone_expected = expect in (FactKey.REGISTER, FactKey.TONE, FactKey.STYLE)
    result.tone_register = extract_register(
        body, expecting=expect in (FactKey.REGISTER, FactKey.TONE)
    )
    result.tone_style = extract_style(body, expecting=tone_expected)

    tasks = extract_tasks(body, expecting=expect == FactKey.TASKS)
    if result.transfer_number is not None and Task.TRANSFER_URGENT not in tasks:
        tasks.append(Task.TRANSFER_URGENT)
    result.tasks = tasks
    result.recording_enabled = extract_recording_consent(
        body, expecting=expect == FactKey.RECORDING_ENABLED
    )
    if expect == FactKey.ACTIVITY:
        activity = re.sub(r"\s+", " ", body).strip(" .!")
        result.activity = activity[:1000] or None

    # A company name that is only the city ("à Lyon") or a bare phone number is not a name.
    if result.company_name and re.fullmatch(r"[\d\s+.()-]+", result.company_name):
        result.company_name = None
    if prepared.low.strip() == "" and result.company_name:
        result.company_name = None
    if (
        result.company_name
        and expect != FactKey.COMPANY_NAME
        and result.service_area
        and fold(result.company_name) in _listed_towns(result.service_area)
        and lists_communes(result.service_area)
    ):
        # « je suis a montpellier, castelnau, lattes… »: a town of the zone, not the name
        result.company_name = None
    return result


def _listed_towns(area: str) -> set[str]:
    return {fold(part).strip() for part in re.split(r"[,;/]|\bet\b|\bou\b", area) if part.strip()}


def city_in_first_sentence(text: str) -> Address | None:
    """A known French city named in the first sentence ("Agence du Lac, Annecy. Ouvert…"):
    in a business description that is where the business is. Later mentions are often
    elsewhere ("livraison jusqu'à Paris"), so they are not taken."""
    first = re.split(r"[.!?\n]", text, maxsplit=1)[0]
    low = prepare(first).low
    m = CITY_RE.search(low)
    if m is None:
        return None
    name = canonical_city(m.group(0))
    return Address(city=name) if name else None


def _bare_city(text: str) -> Address | None:
    low = prepare(text).low
    m = CITY_RE.search(low)
    if m is not None:
        name = canonical_city(m.group(0))
        if name:
            arr = re.match(r"\s*(\d{1,2})\b", low[m.end() :])
            code = None
            if arr and name in ("Paris", "Lyon", "Marseille"):
                code = postcode_from_arrondissement(name.lower(), int(arr.group(1)))
            return Address(city=name, postal_code=code)
    words = text.strip().strip(".!").split()
    if 1 <= len(words) <= 3 and all(re.fullmatch(r"[^\W\d_][\w'-]*", w) for w in words):
        city = " ".join(words)
        return Address(city=city[:1].upper() + city[1:])
    return None
