"""The business profile: the structured facts AlloKoli knows about one business.

This is the contract between the configurator (F1), which fills it, and the generator (F2),
which turns it into a Vapi assistant. It does no I/O. Validation messages are in French because
they reach the owner.
"""

from __future__ import annotations

import re
from datetime import date, time
from enum import StrEnum
from typing import Annotated, Literal

import phonenumbers
from pydantic import (
    AfterValidator,
    BaseModel,
    ConfigDict,
    Field,
    HttpUrl,
    field_validator,
    model_validator,
)

WEEKDAYS: tuple[str, ...] = (
    "lundi",
    "mardi",
    "mercredi",
    "jeudi",
    "vendredi",
    "samedi",
    "dimanche",
)


class Weekday(StrEnum):
    """French weekday names, Monday first (index = `date.weekday()`)."""

    LUNDI = "lundi"
    MARDI = "mardi"
    MERCREDI = "mercredi"
    JEUDI = "jeudi"
    VENDREDI = "vendredi"
    SAMEDI = "samedi"
    DIMANCHE = "dimanche"

    @property
    def index(self) -> int:  # type: ignore[override]
        """Position in the week, Monday = 0 (shadows `str.index`, never used on weekdays)."""
        return WEEKDAYS.index(self.value)


def normalize_french_phone(value: str) -> str:
    """Parse a phone number written the French way and return it in E.164.

    Raises ValueError with a French message when it is not a valid number.
    """
    raw = value.strip()
    if not raw:
        raise ValueError("Le numéro de téléphone est vide.")
    try:
        parsed = phonenumbers.parse(raw, "FR")
    except phonenumbers.NumberParseException as exc:
        raise ValueError(f"« {raw} » n'est pas un numéro de téléphone valide.") from exc
    if not phonenumbers.is_valid_number(parsed):
        parsed = _overseas(raw, parsed)
    if not phonenumbers.is_valid_number(parsed) and not _complete_french(parsed):
        raise ValueError(f"« {raw} » n'est pas un numéro de téléphone valide.")
    return phonenumbers.format_number(parsed, phonenumbers.PhoneNumberFormat.E164)


def french_number(candidate: str) -> phonenumbers.PhoneNumber | None:
    """A number dialled from France (« 06… », « 0690… », « +33… »), valid in the numbering plan
    of France or of an overseas department; None otherwise."""
    try:
        parsed = phonenumbers.parse(candidate, "FR")
    except phonenumbers.NumberParseException:
        return None
    if not phonenumbers.is_valid_number(parsed):
        parsed = _overseas(candidate, parsed)
    return parsed if phonenumbers.is_valid_number(parsed) else None


def unlisted_french_number(dialled: str) -> str | None:
    """E.164 of ten digits dialled from France (« 0693145287 ») that no plan lists but that are
    complete: in an overseas department's block when they fall in one, else in France's. None
    for a listed number and for one that is not complete."""
    try:
        parsed = phonenumbers.parse(dialled, "FR")
    except phonenumbers.NumberParseException:
        return None
    parsed = _overseas(dialled, parsed)
    if phonenumbers.is_valid_number(parsed) or not _complete_french(parsed):
        return None
    return phonenumbers.format_number(parsed, phonenumbers.PhoneNumberFormat.E164)


def _complete_french(parsed: phonenumbers.PhoneNumber) -> bool:
    """A complete French number (ten digits dialled in France, overseas included) that the
    phone library's plan does not list: ARCEP's ranges kept for fiction, a block opened since
    the library's release. The configurator reads one back before keeping it; refusing it here
    would lose a number the owner confirmed."""
    return (
        parsed.country_code in _FRENCH_CODES
        and len(str(parsed.national_number)) == 9
        and phonenumbers.is_possible_number(parsed)
    )


# Overseas departments dial like mainland France (0 and nine digits) but have their own country
# codes. ARCEP's blocks, by the first four digits dialled in France, for numbers the phone
# library's plan does not list yet.
_OVERSEAS_REGIONS = ("GP", "MQ", "GF", "RE", "YT", "BL", "MF")
_OVERSEAS_BLOCKS = {
    "0590": 590, "0690": 590, "0691": 590,
    "0594": 594, "0694": 594,
    "0596": 596, "0696": 596, "0697": 596,
    "0262": 262, "0263": 262, "0692": 262, "0693": 262, "0269": 262,
}  # fmt: skip
_FRENCH_CODES = frozenset({33, *_OVERSEAS_BLOCKS.values()})


def _overseas(raw: str, parsed: phonenumbers.PhoneNumber) -> phonenumbers.PhoneNumber:
    """A number dialled the French way that belongs to an overseas department, in that
    department's own plan; `parsed` unchanged when it is none."""
    digits = re.sub(r"\D", "", raw)
    if raw.lstrip().startswith("+") or len(digits) != 10 or not re.match(r"0[1-9]", digits):
        return parsed
    for region in _OVERSEAS_REGIONS:
        there = phonenumbers.parse(raw, region)
        if phonenumbers.is_valid_number(there):
            return there
    code = _OVERSEAS_BLOCKS.get("0" + str(parsed.national_number)[:3])
    if code is None:
        return parsed
    return phonenumbers.PhoneNumber(country_code=code, national_number=parsed.national_number)


PhoneE164 = Annotated[str, AfterValidator(normalize_french_phone)]


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)


class TimeRange(_Model):
    """One opening range within a day, e.g. 09:00–12:00. `end` may be 00:00 for midnight, or
    before `start` up to 06:00 for a range that runs past midnight (a bar's 17:00–02:00)."""

    start: time
    end: time

    @field_validator("start", "end")
    @classmethod
    def _wall_clock(cls, value: time) -> time:
        # Opening hours are the business's local wall-clock times: a UTC offset sent with one
        # (« 09:00+01:00 ») says nothing more, and naive and offset times cannot be compared.
        return value.replace(tzinfo=None)

    @property
    def overnight(self) -> bool:
        """Ends after midnight, the next morning (17:00–02:00)."""
        return time(0, 0) < self.end < self.start and self.end <= time(6, 0)

    @model_validator(mode="after")
    def _ordered(self) -> TimeRange:
        if self.end != time(0, 0) and self.end <= self.start and not self.overnight:
            raise ValueError(
                f"L'heure de fin ({self.end:%H:%M}) doit être après l'heure de début "
                f"({self.start:%H:%M})."
            )
        return self


class DayHours(_Model):
    day: Weekday
    ranges: list[TimeRange] = Field(default_factory=list)
    """Empty list means closed that day."""


class ExceptionalClosure(_Model):
    start: date
    end: date | None = None
    reason: str | None = Field(default=None, max_length=200)


class OpeningHours(_Model):
    """Weekly hours. A weekday absent from `days` is unknown; present with no range is closed."""

    days: list[DayHours] = Field(default_factory=list)
    by_appointment: bool = False
    """"Sur rendez-vous" (alone, or in addition to the ranges)."""
    closures: list[ExceptionalClosure] = Field(default_factory=list)
    open_on_public_holidays: bool = False
    note: str | None = Field(default=None, max_length=300)

    @field_validator("days")
    @classmethod
    def _unique_days(cls, days: list[DayHours]) -> list[DayHours]:
        seen = [d.day for d in days]
        if len(seen) != len(set(seen)):
            raise ValueError("Un même jour apparaît deux fois dans les horaires.")
        return sorted(days, key=lambda d: d.day.index)

    def for_day(self, day: Weekday) -> DayHours | None:
        return next((d for d in self.days if d.day == day), None)

    @property
    def is_empty(self) -> bool:
        return not self.days and not self.by_appointment


class Service(_Model):
    name: str = Field(min_length=1, max_length=120)
    price_eur: float | None = Field(default=None, ge=0, le=100_000)
    price_note: str | None = Field(default=None, max_length=120)
    """E.g. "à partir de", "sur devis"."""
    duration_minutes: int | None = Field(default=None, ge=1, le=24 * 60)


class BookingFacts(_Model):
    """What the owner said of their bookings in the configurator (issue 17): the agenda's
    defaults when bookings are turned on, before the catalogue's."""

    duration_minutes: int | None = Field(default=None, ge=5, le=24 * 60)
    min_notice_minutes: int | None = Field(default=None, ge=0, le=30 * 24 * 60)
    seats: int | None = Field(default=None, ge=1, le=500)
    """Covers per slot (restaurants)."""


class FAQItem(_Model):
    question: str = Field(min_length=1, max_length=300)
    answer: str = Field(min_length=1, max_length=1000)


class Address(_Model):
    street: str | None = Field(default=None, max_length=200)
    postal_code: str | None = Field(default=None, pattern=r"^\d{5}$")
    city: str | None = Field(default=None, max_length=100)

    @property
    def one_line(self) -> str:
        town = " ".join(filter(None, (self.postal_code, self.city)))
        parts = [p for p in (self.street, town) if p]
        return ", ".join(parts)


class Register(StrEnum):
    VOUVOIEMENT = "vouvoiement"
    TUTOIEMENT = "tutoiement"


class Style(StrEnum):
    FORMEL = "formel"
    CHALEUREUX = "chaleureux"
    DYNAMIQUE = "dynamique"
    RASSURANT = "rassurant"
    DECONTRACTE = "décontracté"


class VoiceGender(StrEnum):
    FEMININE = "féminine"
    MASCULINE = "masculine"


class Task(StrEnum):
    ANSWER_FAQ = "answer_faq"
    TAKE_MESSAGE = "take_message"
    BOOK_APPOINTMENT = "book_appointment"
    """Request an appointment or a reservation (the owner confirms it)."""
    TRANSFER_URGENT = "transfer_urgent"
    TAKE_ORDER = "take_order"
    QUALIFY_QUOTE = "qualify_quote"


class Tone(_Model):
    register: Register = Register.VOUVOIEMENT
    style: Style = Style.CHALEUREUX


class Policies(_Model):
    cancellation: str | None = Field(default=None, max_length=500)
    payment: str | None = Field(default=None, max_length=500)
    delivery: str | None = Field(default=None, max_length=500)


class SectorRef(_Model):
    family: str = Field(min_length=1, max_length=60)
    subtype: str = Field(min_length=1, max_length=60)
    label: str | None = Field(default=None, max_length=80)
    """The owner's own name for the trade when the subtype is its family's generic one
    (« Pisciniste » under ``artisan_generique``); None for a trade the catalogue names."""


_NAME_RE = re.compile(r"\S")


class BusinessProfile(_Model):
    """Every fact the owner gave about their business. Only `company_name` is required."""

    company_name: str = Field(min_length=1, max_length=120)
    activity: str | None = Field(default=None, max_length=1000)
    sector: SectorRef | None = None
    address: Address | None = None
    business_phone: PhoneE164 | None = None
    email: str | None = Field(default=None, max_length=200)
    website: HttpUrl | None = None
    opening_hours: OpeningHours | None = None
    services: list[Service] = Field(default_factory=list, max_length=100)
    specialties: list[str] = Field(default_factory=list, max_length=50)
    service_area: str | None = Field(default=None, max_length=300)
    """Zone d'intervention (artisans, services à domicile)."""
    tone: Tone = Field(default_factory=Tone)
    voice_gender: VoiceGender | None = None
    tasks: list[Task] = Field(default_factory=list)
    transfer_number: PhoneE164 | None = None
    transfer_when: str | None = Field(default=None, max_length=300)
    owner_name: str | None = Field(default=None, max_length=80)
    faq: list[FAQItem] = Field(default_factory=list, max_length=50)
    policies: Policies = Field(default_factory=Policies)
    recording_enabled: bool = False
    notes: str | None = Field(default=None, max_length=2000)
    booking_mode: Literal["direct", "request"] | None = None
    """Live booking on the owner's agenda (issue 17): `direct` books at once, `request` holds
    the slot until the owner accepts; None: appointment requests are only passed on."""
    booking_facts: BookingFacts | None = None

    @field_validator("email")
    @classmethod
    def _email(cls, value: str | None) -> str | None:
        if value is None:
            return None
        if not re.fullmatch(r"[^@\s]+@[^@\s]+\.[^@\s]+", value):
            raise ValueError(f"« {value} » n'est pas une adresse e-mail valide.")
        return value.lower()

    @field_validator("company_name")
    @classmethod
    def _name(cls, value: str) -> str:
        if not _NAME_RE.search(value):
            raise ValueError("Le nom de l'entreprise est vide.")
        return value

    @field_validator("tasks")
    @classmethod
    def _unique_tasks(cls, tasks: list[Task]) -> list[Task]:
        return list(dict.fromkeys(tasks))
