"""The sector catalogue: every business family and subtype AlloKoli knows, kept as data.

`data/sectors.yaml` holds the content; these models are its schema (checked at load time and in
tests). The configurator reads the per-subtype questions; the generator reads prompt blocks,
defaults and message variants. Adding a subtype is a data change, never a code change.
"""

from __future__ import annotations

from functools import lru_cache
from importlib import resources
from typing import Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, model_validator

from allokoli.domain.profile import Register, Style, Task, VoiceGender

#: Profile facts a configurator question can fill. Keep in sync with BusinessProfile fields.
FactKey = Literal[
    "company_name",
    "activity",
    "address",
    "business_phone",
    "email",
    "website",
    "opening_hours",
    "services",
    "specialties",
    "service_area",
    "tasks",
    "transfer_number",
    "transfer_when",
    "owner_name",
    "faq",
    "policies.cancellation",
    "policies.payment",
    "policies.delivery",
    "notes",
]

#: Tool ids the generator knows how to build (see data/recommendations.yaml).
ToolId = Literal[
    "transfer_call",
    "end_call",
    "take_message",
    "request_appointment",
    "check_opening_hours",
    "check_availability",
    "book_appointment",
    "cancel_appointment",
]


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class SectorQuestion(_Model):
    """A question the configurator asks for this subtype, in French, vouvoiement."""

    fact: FactKey
    text: str = Field(min_length=5)
    help: str | None = None
    """A short French explanation given when the owner asks what the question means."""
    required: bool = False
    topic: str | None = None
    """A sector-specific topic stored as an FAQ entry when `fact` is "faq" (e.g. "allergènes")."""
    answered_by: FactKey | None = None
    """Another fact that answers the question once known: a food truck's « où vous trouver »
    is its round by weekday (service_area), said before the question comes."""


class CatalogueScenario(_Model):
    """A rehearsal scenario a family or a subtype adds (see allokoli.rehearsal.scenarios)."""

    id: str = Field(pattern=r"^[a-z][a-z0-9_]*$")
    title: str = Field(min_length=3)
    """French, shown to the owner."""
    caller: str = Field(min_length=3)
    """What the caller says."""
    says_any: list[str] = Field(default_factory=list)
    """At least one of these words must be spoken (compared without accents or case)."""
    answer_or_message: bool = False
    """The assistant answers from the facts, or offers a message when they do not say."""
    no_advice: bool = False
    """No medical advice."""


class BookingDefaults(_Model):
    """What the owner's agenda starts with when bookings are turned on (issue 17): the resource
    callers book, the length of a booking and the notice, so that no list is typed from zero."""

    service: str = Field(min_length=1, max_length=80)
    """The service booked when the profile lists none (« Rendez-vous », « Table »)."""
    resource: str = Field(min_length=1, max_length=80)
    """The resource's name (« Fauteuil », « Couverts », « Pont »)."""
    capacity: int = Field(default=1, ge=1, le=500)
    """Bookings at once; for seats, covers per slot."""
    per_person: bool = False
    """Seats: a party of four takes four units of the capacity."""
    duration_minutes: int = Field(default=30, ge=5, le=24 * 60)
    buffer_minutes: int = Field(default=0, ge=0, le=240)
    min_notice_minutes: int = Field(default=120, ge=0, le=60 * 24 * 30)
    from_profile_services: bool = True
    """Prefill one bookable service per profile service (False where the profile's services are
    a menu, not something one books: restaurants)."""


class Subtype(_Model):
    id: str = Field(pattern=r"^[a-z][a-z0-9_]*$")
    label: str
    """French label, e.g. "Pizzeria"."""
    description: str = ""
    """One French sentence on what the business does, in the owners' own words: detection
    compares a text with it through word vectors (a trade the keywords miss still lands near)."""
    examples: list[str] = Field(default_factory=list)
    """Short French phrases or related trades typical of the subtype (for the generic one: the
    family's other trades): vector prototypes for detection, never keyword evidence."""
    generic: bool = False
    """The family's fallback for a trade the catalogue has no subtype for ("pisciniste" is an
    artisan): it carries the family's questions and prompt, and the owner's own trade label
    travels beside it in ``SectorRef.label``. Its keywords list such trades."""
    place: str
    """How the assistant names the place, with its article: "la pizzeria", "le cabinet"."""
    keywords: list[str] = Field(min_length=1)
    """Words or phrases that name the trade (lower case, accents allowed)."""
    synonyms: list[str] = Field(default_factory=list)
    """Looser phrases that suggest it ("feu de bois", "coupe homme")."""
    questions: list[SectorQuestion] = Field(min_length=1)
    default_tasks: list[Task] = Field(min_length=1)
    tools: list[ToolId] = Field(min_length=1)
    register: Register = Register.VOUVOIEMENT
    style: Style = Style.CHALEUREUX
    voice_gender: VoiceGender = VoiceGender.FEMININE
    prompt_blocks: list[str] = Field(default_factory=list)
    """French instructions specific to this trade, added to the system prompt."""
    urgencies: list[str] = Field(default_factory=list)
    """What a caller says when it is urgent for this trade (« fuite », « porte claquée »), lower
    case: told to the assistant in its prompt, and what the offline test treats as urgent
    (besides the family's and the words every trade shares, « urgent », « au secours »)."""
    first_messages: list[str] = Field(min_length=1)
    """Templates; placeholders: {company_name}, {place}, {recording}."""
    end_call_messages: list[str] = Field(min_length=1)
    rehearsal: list[CatalogueScenario] = Field(default_factory=list)
    """Scenarios the rehearsal adds for this trade."""
    expected_calls_per_month: int = Field(default=150, ge=1)
    average_call_minutes: float = Field(default=2.0, gt=0)
    booking: BookingDefaults | None = None
    """Overrides the family's booking defaults for this trade."""


class Family(_Model):
    id: str = Field(pattern=r"^[a-z][a-z0-9_]*$")
    label: str
    description: str = ""
    """What the family's businesses have in common, in French words rich in its vocabulary
    (trades, places, activities): detection puts an unknown trade in the nearest family."""
    rules: list[str] = Field(default_factory=list)
    """French rules for every subtype of the family (santé: no medical advice, 15/112…)."""
    urgencies: list[str] = Field(default_factory=list)
    """Urgencies of every subtype of the family (see `Subtype.urgencies`)."""
    rehearsal: list[CatalogueScenario] = Field(default_factory=list)
    """Scenarios the rehearsal adds for every subtype of the family."""
    booking: BookingDefaults | None = None
    """The agenda's starting point for the family's trades that take bookings."""
    subtypes: list[Subtype] = Field(min_length=1)


class SectorCatalogue(_Model):
    version: int
    families: list[Family] = Field(min_length=1)
    generic_family: str
    generic_subtype: str
    """Fallback when detection finds nothing ("services / PME générique")."""

    @model_validator(mode="after")
    def _unique_ids(self) -> SectorCatalogue:
        fams = [f.id for f in self.families]
        subs = [s.id for f in self.families for s in f.subtypes]
        if len(fams) != len(set(fams)):
            raise ValueError("duplicate family id")
        if len(subs) != len(set(subs)):
            dup = sorted({s for s in subs if subs.count(s) > 1})
            raise ValueError(f"duplicate subtype ids: {dup}")
        self.subtype(self.generic_subtype)
        for fam in self.families:
            if sum(s.generic for s in fam.subtypes) > 1:
                raise ValueError(f"family {fam.id} has more than one generic subtype")
        return self

    def generic_of(self, family_id: str) -> Subtype:
        """The family's generic subtype (the catalogue's generic one if it has none)."""
        for fam in self.families:
            if fam.id == family_id:
                for sub in fam.subtypes:
                    if sub.generic:
                        return sub
        return self.subtype(self.generic_subtype)

    def subtype(self, subtype_id: str) -> Subtype:
        for fam in self.families:
            for sub in fam.subtypes:
                if sub.id == subtype_id:
                    return sub
        raise KeyError(subtype_id)

    def family_of(self, subtype_id: str) -> Family:
        for fam in self.families:
            if any(s.id == subtype_id for s in fam.subtypes):
                return fam
        raise KeyError(subtype_id)

    def booking_defaults(self, subtype_id: str | None) -> BookingDefaults:
        """The trade's booking defaults, its family's, or plain ones for an unknown trade."""
        try:
            sub = self.subtype(subtype_id or "")
        except KeyError:
            return PLAIN_BOOKING
        return sub.booking or self.family_of(sub.id).booking or PLAIN_BOOKING

    def urgencies(self, family_id: str | None, subtype_id: str | None) -> list[str]:
        """The urgency phrases of a trade: its family's, then its own; every trade's when the
        trade is unknown (an imported assistant: better to hear an urgency than to miss it)."""
        for fam in self.families:
            for sub in fam.subtypes:
                if sub.id == subtype_id:
                    return list(dict.fromkeys([*fam.urgencies, *sub.urgencies]))
        for fam in self.families:
            if fam.id == family_id:
                return list(fam.urgencies)
        return list(
            dict.fromkeys(
                u for fam in self.families for u in [*fam.urgencies, *_subtype_urgencies(fam)]
            )
        )

    def all_subtypes(self) -> list[tuple[Family, Subtype]]:
        return [(f, s) for f in self.families for s in f.subtypes]


PLAIN_BOOKING = BookingDefaults(service="Rendez-vous", resource="Agenda")


def _subtype_urgencies(family: Family) -> list[str]:
    return [u for sub in family.subtypes for u in sub.urgencies]


@lru_cache(maxsize=1)
def load_catalogue() -> SectorCatalogue:
    """The packaged catalogue, parsed and validated once per process."""
    text = resources.files("allokoli.domain").joinpath("data/sectors.yaml").read_text("utf-8")
    return SectorCatalogue.model_validate(yaml.safe_load(text))
