"""Optional LLM extraction through an OpenAI-compatible endpoint (ALLOKOLI_LLM_BASE_URL).

The LLM only *extracts* facts; the engine still decides what to ask and writes every reply from
`texts.py`, so a fact in a reply always comes from the engine's state. The request uses
structured output: a strict JSON schema derived from `LLMFacts` (all properties required,
nullable when unknown, no extra keys). Everything returned is validated again here and checked
against the owner's own words before it reaches the engine:

- a phone number must be a valid French number whose digits appear in the answer;
- a company name, a city or a postal code must appear in the answer (accents and case aside);
- a price must appear in the answer as a number; times must be valid ranges;
- enums (tasks, tone, voice, intent, fact keys) are checked by pydantic.

Merging (`merge_facts`), field by field and by confidence: a field only one side found is taken
from it; when both found one, the LLM's value replaces the deterministic one only when the LLM's
confidence for it (its own estimate, 0–1, sent with the facts; 0.5 when it gives none) is higher
than the deterministic reading's (`DETERMINISTIC_CONFIDENCE`: high for what is parsed from the
text itself — phone numbers, e-mail, hours, prices — lower for what is guessed from wording —
names, service area, tasks — unless the extractor gives its own score). Since every LLM value is
first checked against the owner's words, a confident LLM can choose between readings of the
answer, never bring a value the owner did not say. The LLM's reading of the intent is used only
when the deterministic path saw a plain answer (or off-topic input) but found nothing in it.

Any error — network, HTTP status, timeout (3 s by default, as a hard deadline), malformed or
invalid JSON — is logged at warning level and gives None: the engine then goes on with the
deterministic facts, and the owner notices nothing.
"""

from __future__ import annotations

import json
import logging
import re
from concurrent.futures import ThreadPoolExecutor
from concurrent.futures import TimeoutError as FutureTimeout
from typing import Any, Literal, Protocol

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from allokoli.domain.profile import (
    Address,
    DayHours,
    OpeningHours,
    Register,
    Service,
    Style,
    Task,
    TimeRange,
    VoiceGender,
    Weekday,
    normalize_french_phone,
)
from allokoli.settings import Settings
from allokoli.understanding import ExtractedFacts, FactKey, IntentKind, PhoneFact, fold
from allokoli.understanding.normalize import words_to_digits

__all__ = [
    "LLMExtractor",
    "LLMFacts",
    "OpenAIExtractor",
    "extractor_from_settings",
    "llm_json_schema",
    "merge_facts",
    "to_extracted",
]

log = logging.getLogger(__name__)


class LLMExtractor(Protocol):
    """Anything that reads facts from one owner answer; None when it cannot (never raises)."""

    def extract(
        self, text: str, *, asked: str | None = None, question: str | None = None
    ) -> ExtractedFacts | None: ...


# --- The structured-output schema -------------------------------------------------------------


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid")


class LLMRange(_Strict):
    start: str = Field(pattern=r"^([01]\d|2[0-3]):[0-5]\d$", description="HH:MM, 24 h clock")
    end: str = Field(pattern=r"^([01]\d|2[0-4]):[0-5]\d$", description="HH:MM; 00:00 = midnight")


class LLMDay(_Strict):
    day: Weekday
    closed: bool
    ranges: list[LLMRange]


class LLMHours(_Strict):
    days: list[LLMDay]
    by_appointment: bool


class LLMAddress(_Strict):
    street: str | None
    postal_code: str | None
    city: str | None


class LLMService(_Strict):
    name: str
    price_eur: float | None
    duration_minutes: int | None


_Intent = Literal[
    "answer", "correction", "question", "skip", "no_preference", "restart", "empty", "off_topic"
]


_Fact = Literal[
    "company_name",
    "owner_name",
    "address",
    "email",
    "opening_hours",
    "services",
    "service_area",
    "voice_gender",
    "tone_register",
    "tone_style",
    "tasks",
    "transfer_number",
]


class LLMConfidence(_Strict):
    fact: _Fact
    score: float = Field(ge=0, le=1, description="how sure you are of this fact, 0 to 1")


class LLMFacts(_Strict):
    """What the LLM may extract from one answer. Null / empty when not stated."""

    intent: _Intent
    correction_target: FactKey | None
    yes_no: bool | None
    company_name: str | None
    owner_name: str | None
    address: LLMAddress | None
    opening_hours: LLMHours | None
    services: list[LLMService]
    service_area: str | None
    tasks: list[Task]
    transfer_number: str | None
    tone_register: Register | None
    tone_style: Style | None
    voice_gender: VoiceGender | None
    email: str | None
    confidence: list[LLMConfidence]


def llm_json_schema() -> dict[str, Any]:
    """The strict JSON schema sent as `response_format` (derived from `LLMFacts`)."""
    return LLMFacts.model_json_schema()


_SYSTEM_PROMPT = (
    "You extract facts from a French small-business owner's answer while they configure an AI "
    "phone receptionist. Return only what the owner actually said in this answer; use null or "
    "an empty list for anything not stated. Never guess or complete a fact. Keep names exactly "
    "as written. Phone numbers as written digits. Times as HH:MM on a 24-hour clock; a day the "
    "owner says is closed has closed=true and no ranges. intent: 'correction' when the owner "
    "changes an earlier answer (set correction_target), 'question' when they ask something, "
    "'skip' for 'je ne sais pas'/'passer', 'no_preference' for 'peu importe', 'off_topic' for "
    "unrelated talk, otherwise 'answer'. yes_no: true/false only for a yes/no answer. "
    "confidence: one entry per fact you returned, with how sure you are of it (0 to 1): low "
    "when the answer is ambiguous about it, high when the owner stated it plainly."
)


# --- Validation against the owner's words -----------------------------------------------------


def _digits(text: str) -> str:
    return re.sub(r"\D", "", words_to_digits(text))


def _in_text(value: str, folded_text: str) -> bool:
    needle = " ".join(fold(value).split())
    return bool(needle) and needle in " ".join(folded_text.split())


def _phone(value: str | None, digits: str) -> str | None:
    if not value:
        return None
    try:
        e164 = normalize_french_phone(value)
    except ValueError:
        return None
    return e164 if e164[-9:] in digits else None


def _hours(value: LLMHours | None) -> OpeningHours | None:
    if value is None or (not value.days and not value.by_appointment):
        return None
    try:
        days = [
            DayHours(
                day=d.day,
                ranges=[]
                if d.closed
                else [
                    TimeRange.model_validate(
                        {"start": r.start, "end": "00:00" if r.end == "24:00" else r.end}
                    )
                    for r in d.ranges
                ],
            )
            for d in value.days
        ]
        return OpeningHours(days=days, by_appointment=value.by_appointment)
    except (ValidationError, ValueError):
        return None


def _number_in(amount: float, text: str) -> bool:
    converted = words_to_digits(text).replace(",", ".")
    numbers = {float(n) for n in re.findall(r"\d+(?:\.\d+)?", converted)}
    return amount in numbers


def to_extracted(facts: LLMFacts, text: str) -> ExtractedFacts:
    """The LLM's facts as `ExtractedFacts`, keeping only what the owner's text supports."""
    folded = fold(text)
    digits = _digits(text)
    out = ExtractedFacts(intent=IntentKind(facts.intent), yes_no=facts.yes_no)
    if facts.correction_target is not None:
        out.intent_target = facts.correction_target.value
    name = facts.company_name
    if name and len(name) <= 120 and _in_text(name, folded):
        out.company_name = name.strip()
    if facts.owner_name and len(facts.owner_name) <= 80 and _in_text(facts.owner_name, folded):
        out.owner_name = facts.owner_name.strip()
    if facts.address is not None:
        city = (
            facts.address.city
            if facts.address.city and _in_text(facts.address.city, folded)
            else None
        )
        code = facts.address.postal_code
        code = code if code and code in digits else None
        street = facts.address.street
        street = street if street and _in_text(street, folded) else None
        if city or code or street:
            try:
                out.address = Address(street=street, postal_code=code, city=city)
            except ValidationError:
                out.address = None
    out.opening_hours = _hours(facts.opening_hours)
    services: list[Service] = []
    for item in facts.services:
        try:
            price = item.price_eur
            if price is not None and not _number_in(price, text):
                price = None
            services.append(
                Service(name=item.name, price_eur=price, duration_minutes=item.duration_minutes)
            )
        except ValidationError:
            continue
    out.services = services
    if facts.service_area and len(facts.service_area) <= 300:
        out.service_area = facts.service_area.strip()
    out.tasks = list(dict.fromkeys(facts.tasks))
    transfer = _phone(facts.transfer_number, digits)
    if transfer is not None:
        out.transfer_number = transfer
        out.phones = [PhoneFact(e164=transfer, kind="mobile", role="transfer", raw=transfer)]
        if Task.TRANSFER_URGENT not in out.tasks:
            out.tasks.append(Task.TRANSFER_URGENT)
    out.tone_register = facts.tone_register
    out.tone_style = facts.tone_style
    out.voice_gender = facts.voice_gender
    email = facts.email
    if email and re.fullmatch(r"[^@\s]+@[^@\s]+\.[^@\s]+", email) and email.lower() in text.lower():
        out.email = email.lower()
    for estimate in facts.confidence:  # kept only for the facts that passed the checks above
        if getattr(out, estimate.fact) not in (None, []):
            out.confidence[estimate.fact] = estimate.score
    return out


_MERGED_FIELDS = (
    "company_name",
    "owner_name",
    "address",
    "business_phone",
    "email",
    "website",
    "opening_hours",
    "services",
    "service_area",
    "voice_gender",
    "tone_register",
    "tone_style",
    "tasks",
    "transfer_number",
    "transfer_when",
    "recording_enabled",
)


#: How sure the deterministic reading is of a field it found, when its extractor gives no score:
#: what is parsed from the text itself is near certain; what is read from wording less so.
DETERMINISTIC_CONFIDENCE: dict[str, float] = {
    "business_phone": 0.9,
    "email": 0.95,
    "website": 0.95,
    "transfer_number": 0.9,
    "opening_hours": 0.85,
    "services": 0.75,
    "address": 0.75,
    "voice_gender": 0.85,
    "tone_register": 0.85,
    "recording_enabled": 0.8,
    "tone_style": 0.7,
    "company_name": 0.65,
    "owner_name": 0.65,
    "tasks": 0.6,
    "transfer_when": 0.6,
    "service_area": 0.55,
}
LLM_DEFAULT_CONFIDENCE = 0.5


def merge_facts(deterministic: ExtractedFacts, llm: ExtractedFacts) -> ExtractedFacts:
    """Field by field, by confidence (see the module docstring)."""
    merged = deterministic.model_copy(deep=True)
    for name in _MERGED_FIELDS:
        mine = getattr(merged, name)
        theirs = getattr(llm, name)
        if theirs in (None, []):
            continue
        if mine is None or mine == []:
            setattr(merged, name, theirs)
            merged.confidence[name] = llm.confidence.get(name, LLM_DEFAULT_CONFIDENCE)
            continue
        own = deterministic.confidence.get(name, DETERMINISTIC_CONFIDENCE.get(name, 0.5))
        if llm.confidence.get(name, LLM_DEFAULT_CONFIDENCE) > own:
            setattr(merged, name, theirs)
            merged.confidence[name] = llm.confidence[name]
    if merged.yes_no is None:
        merged.yes_no = llm.yes_no
    if not merged.phones and llm.phones:
        merged.phones = list(llm.phones)
    llm_says_nothing = llm.intent is IntentKind.ANSWER and llm.is_empty
    if (
        deterministic.intent in (IntentKind.ANSWER, IntentKind.OFF_TOPIC)
        and deterministic.is_empty
        and llm.intent is not deterministic.intent
        and not llm_says_nothing
    ):
        merged.intent = llm.intent
        merged.intent_target = llm.intent_target
    elif merged.intent is IntentKind.CORRECTION and merged.intent_target is None:
        merged.intent_target = llm.intent_target
    return merged


# --- The OpenAI-compatible client -------------------------------------------------------------

_EXECUTOR = ThreadPoolExecutor(max_workers=4, thread_name_prefix="allokoli-llm")


class OpenAIExtractor:
    """`LLMExtractor` over any OpenAI-compatible endpoint (`openai` package, structured output)."""

    def __init__(
        self,
        base_url: str,
        api_key: str | None,
        model: str,
        timeout: float = 3.0,
    ) -> None:
        import openai

        self.base_url = base_url
        self.model = model
        self.timeout = timeout
        self._client = openai.OpenAI(
            base_url=base_url,
            api_key=api_key or "not-needed",
            timeout=timeout,
            max_retries=0,
        )
        self._schema = llm_json_schema()

    def close(self) -> None:
        """Release the HTTP connections (the extractor is normally kept for the process)."""
        self._client.close()

    def _call(self, text: str, asked: str | None, question: str | None) -> ExtractedFacts:
        payload = json.dumps(
            {"question_asked": question, "fact_asked": asked, "owner_answer": text},
            ensure_ascii=False,
        )
        response = self._client.chat.completions.create(
            model=self.model,
            messages=[
                {"role": "system", "content": _SYSTEM_PROMPT},
                {"role": "user", "content": payload},
            ],
            response_format={
                "type": "json_schema",
                "json_schema": {"name": "extracted_facts", "strict": True, "schema": self._schema},
            },
            temperature=0,
        )
        content = response.choices[0].message.content
        if not content:
            raise ValueError("empty completion")
        return to_extracted(LLMFacts.model_validate_json(content), text)

    def extract(
        self, text: str, *, asked: str | None = None, question: str | None = None
    ) -> ExtractedFacts | None:
        if not text.strip():
            return None
        future = _EXECUTOR.submit(self._call, text, asked, question)
        try:
            return future.result(timeout=self.timeout)
        except FutureTimeout:
            future.cancel()
            log.warning("configurator LLM timed out after %.1f s; deterministic path", self.timeout)
        except Exception as exc:  # any failure falls back to the deterministic path
            log.warning(
                "configurator LLM failed (%s: %s); deterministic path", type(exc).__name__, exc
            )
        return None


def extractor_from_settings(settings: Settings) -> OpenAIExtractor | None:
    """An extractor when ALLOKOLI_LLM_BASE_URL is set, else None (deterministic only). Built
    once per process, into `Services.llm`, and closed with it."""
    if not settings.llm_base_url:
        return None
    key = settings.llm_api_key
    api_key = key.get_secret_value() if key is not None else None
    return OpenAIExtractor(settings.llm_base_url, api_key, settings.llm_model)
