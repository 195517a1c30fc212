"""The recommendation catalogue (`data/recommendations.yaml`) and the choices made from it.

Voices, models and transcribers are candidates described by features (quality, latency, price,
verified, tone affinity, family bonus); each is scored with the weights of its category and the
best one wins, the next ones being the ranked alternatives. No code names a voice or a model:
adding one is a data change. The fixed assistant settings and every caller-facing sentence that
is not in the sector catalogue live in the same file.

Everything is validated once when loaded (Vapi fragments against the strict models of
`vapi_models`) and cached, so a generation only reads it.
"""

from __future__ import annotations

import copy
import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from typing import Any, Literal, TypeVar

import yaml
from pydantic import BaseModel, ConfigDict, Field, TypeAdapter, model_validator

from allokoli.domain.catalogue import ToolId
from allokoli.domain.profile import BusinessProfile, Register, Style, Task, VoiceGender
from allokoli.generation import vapi_models as vm
from allokoli.generation.cost import Pricing, load_pricing
from allokoli.generation.schemas import (
    Alternative,
    Recommendation,
    Recommendations,
    ToolRecommendation,
)

__all__ = [
    "RecommendationCatalogue",
    "Selection",
    "build_transcriber",
    "build_voice",
    "deep_merge",
    "keyterms",
    "load_recommendations",
    "recommend",
]

Feature = Literal["quality", "latency", "price", "verified"]
Category = Literal["voice", "model", "transcriber"]


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Registered(_Model):
    """A sentence in the vouvoiement and in the tutoiement."""

    vous: str
    tu: str

    def get(self, register: Register) -> str:
        return self.tu if register is Register.TUTOIEMENT else self.vous


class RegisteredList(_Model):
    vous: list[str]
    tu: list[str]

    def get(self, register: Register) -> list[str]:
        return self.tu if register is Register.TUTOIEMENT else self.vous


class Scoring(_Model):
    weights: dict[Feature, float]
    tone_weight: float = Field(ge=0)

    @property
    def total(self) -> float:
        return sum(self.weights.values()) + self.tone_weight


class Candidate(_Model):
    id: str
    label: str
    price_key: str
    config: dict[str, Any]
    quality: float = Field(ge=0, le=1)
    latency: float = Field(ge=0, le=1)
    verified: float = Field(default=1.0, ge=0, le=1)
    tone: dict[Style, float] = Field(default_factory=dict)
    families: dict[str, float] = Field(default_factory=dict)
    reason: str
    note: str | None = None


class VoiceCandidate(Candidate):
    gender: VoiceGender
    fallback: list[str] = Field(default_factory=list)

    @property
    def selectable(self) -> bool:
        return bool(self.config.get("voiceId"))


class TranscriberCandidate(Candidate):
    keyterms: bool = False


class VoiceSpeed(_Model):
    default: float
    by_family: dict[str, float] = Field(default_factory=dict)
    path_by_provider: dict[str, list[str]]


class OpenAIVoiceInstructions(_Model):
    base: str
    by_style: dict[Style, str]


class AlternativeEntry(_Model):
    id: str
    label: str
    reason: str


class ToolFunction(_Model):
    name: str
    description: str
    strict: bool = True
    parameters: dict[str, Any]


class DelayedMessage(_Model):
    ms: int = Field(ge=100, le=120_000)
    vous: str = Field(max_length=1000)
    tu: str = Field(max_length=1000)


class ToolMessages(_Model):
    start: Registered
    delayed: list[DelayedMessage] = Field(default_factory=list)
    failed: str = Field(max_length=1000)


class ToolEntry(_Model):
    label: str
    reason: str
    reason_missing: str | None = None
    alternatives: list[AlternativeEntry] = Field(default_factory=list)
    function: ToolFunction | None = None
    messages: ToolMessages | None = None


class SafetyExample(_Model):
    caller: str
    vous: str
    tu: str


class SafetyRule(_Model):
    families: list[str]
    marker: str
    text: str
    example: SafetyExample | None = None


class QualityLevel(_Model):
    min: int = Field(ge=0, le=100)
    label: str


class QualityCheck(_Model):
    id: str
    weight: float = Field(ge=0)
    family_weights: dict[str, float] = Field(default_factory=dict)
    families: list[str] | None = None
    """Only for these families (all when absent)."""
    missing: str
    weak: str | None = None
    ok: str


class QualityConfig(_Model):
    weak_credit: float = Field(ge=0, le=1)
    levels: list[QualityLevel]
    checks: list[QualityCheck]


class Wording(_Model):
    recording_notice: str
    default_person: str
    silence_prompts: RegisteredList
    silence_goodbye: Registered
    transfer_message: Registered
    transfer_fallback: Registered
    pipeline_error_transfer: Registered
    transfer_description: str
    transfer_summary: list[dict[str, str]]
    end_call_phrases: RegisteredList
    tutoiement: list[tuple[str, str]]
    vouvoiement: list[tuple[str, str]] = Field(default_factory=list)
    """Rewrites for a vouvoyant assistant (« Salut » → « Bonjour »), applied to the templates."""
    masculine: list[tuple[str, str]]
    feminine: list[tuple[str, str]]
    ai_disclosure_markers: list[str]
    generic_first_message: Registered
    generic_end_call_message: Registered
    message_variant_by_style: dict[Style, int]


class Hooks(_Model):
    silence_prompt: vm.CustomerSpeechTimeoutOptions
    silence_hangup: vm.CustomerSpeechTimeoutOptions
    transfer_on_ended_reasons: list[str] = Field(min_length=1)
    transfer_on_failure_mode: vm.TransferMode


_VOICE = TypeAdapter[Any](vm.Voice)
_TRANSCRIBER = TypeAdapter[Any](vm.Transcriber)


class RecommendationCatalogue(_Model):
    version: int
    scoring: dict[Category, Scoring]
    voices: list[VoiceCandidate] = Field(min_length=1)
    voice_speed: VoiceSpeed
    openai_voice_instructions: OpenAIVoiceInstructions
    models: list[Candidate] = Field(min_length=1)
    model_settings: dict[str, Any]
    transcribers: list[TranscriberCandidate] = Field(min_length=1)
    tools: dict[ToolId, ToolEntry]
    function_timeout_seconds: float = Field(ge=1, le=300)
    task_tools: dict[Task, ToolId]
    assistant: dict[str, Any]
    voice_chunk_plan: dict[str, Any]
    family_overrides: dict[str, dict[str, Any]] = Field(default_factory=dict)
    hooks: Hooks
    transfer_mode: vm.TransferMode
    tool_server_messages: list[str]
    wording: Wording
    quality: QualityConfig
    safety_rules: list[SafetyRule] = Field(default_factory=list)

    @model_validator(mode="after")
    def _vapi_fragments_are_valid(self) -> RecommendationCatalogue:
        """Check every Vapi fragment once, here, so that data errors fail at load time."""
        ids = [v.id for v in self.voices]
        if len(ids) != len(set(ids)):
            raise ValueError("duplicate voice id")
        known = set(ids)
        for voice in self.voices:
            if not set(voice.fallback) <= known:
                raise ValueError(f"voice {voice.id}: unknown fallback {voice.fallback}")
            if any(v.config["provider"] != "azure" for v in self.voices if v.id in voice.fallback):
                raise ValueError(f"voice {voice.id}: fallback voices must be Azure voices")
            _VOICE.validate_python({"voiceId": "placeholder", **voice.config})
        for model in self.models:
            vm.OpenAIModel.model_validate({**model.config, **self.model_settings})
        for transcriber in self.transcribers:
            _TRANSCRIBER.validate_python(transcriber.config)
        for tool in self.tools.values():
            if tool.function is not None:
                vm.OpenAIFunction.model_validate(tool.function.model_dump())
        vm.CreateAssistantDTO.model_validate(self.assistant)
        vm.ChunkPlan.model_validate(self.voice_chunk_plan)
        for override in self.family_overrides.values():
            vm.CreateAssistantDTO.model_validate(deep_merge(self.assistant, override))
        vm.CreateAssistantDTO.model_validate(
            {"serverMessages": self.tool_server_messages, "endCallPhrases": self._phrases()}
        )
        for pattern, _ in [*self.wording.tutoiement, *self.wording.masculine]:
            re.compile(pattern)
        for pattern, _ in self.wording.feminine:
            re.compile(pattern)
        return self

    def _phrases(self) -> list[str]:
        return self.wording.end_call_phrases.vous + self.wording.end_call_phrases.tu

    def check_prices(self, pricing: Pricing) -> None:
        """Raise KeyError if a candidate has no price (checked in tests and at first use)."""
        for voice in self.voices:
            pricing.voice.usd_per_speech_minute[voice.price_key]
        for model in self.models:
            pricing.llm.models[model.price_key]
        for transcriber in self.transcribers:
            pricing.transcription.usd_per_minute[transcriber.price_key]


def deep_merge(base: dict[str, Any], override: dict[str, Any]) -> dict[str, Any]:
    """`base` with `override` merged in, recursively for nested objects (lists are replaced)."""
    out = copy.deepcopy(base)
    for key, value in override.items():
        if isinstance(value, dict) and isinstance(out.get(key), dict):
            out[key] = deep_merge(out[key], value)
        else:
            out[key] = copy.deepcopy(value)
    return out


@lru_cache(maxsize=1)
def load_recommendations() -> RecommendationCatalogue:
    """The packaged recommendation catalogue, parsed and validated once per process."""
    path = resources.files("allokoli.generation").joinpath("data/recommendations.yaml")
    catalogue = RecommendationCatalogue.model_validate(yaml.safe_load(path.read_text("utf-8")))
    catalogue.check_prices(load_pricing())
    return catalogue


# --- Scoring ---------------------------------------------------------------------------------


@lru_cache(maxsize=1)
def _price_scores() -> dict[tuple[Category, str], float]:
    """1 for the cheapest candidate of a category, 0 for the dearest."""
    cat, pricing = load_recommendations(), load_pricing()
    prices: dict[Category, dict[str, float]] = {
        "voice": {v.id: pricing.voice.usd_per_speech_minute[v.price_key] for v in cat.voices},
        "model": {m.id: pricing.llm.models[m.price_key].usd_per_million_input for m in cat.models},
        "transcriber": {
            t.id: pricing.transcription.usd_per_minute[t.price_key] for t in cat.transcribers
        },
    }
    scores: dict[tuple[Category, str], float] = {}
    for category, by_id in prices.items():
        top = max(by_id.values()) or 1.0
        for cid, price in by_id.items():
            scores[category, cid] = 1.0 - price / top
    return scores


def _score(category: Category, candidate: Candidate, style: Style, family: str) -> float:
    """The candidate's fit, normalised to 0–1 (a family bonus may push it up to the cap)."""
    scoring = load_recommendations().scoring[category]
    features = {
        "quality": candidate.quality,
        "latency": candidate.latency,
        "price": _price_scores()[category, candidate.id],
        "verified": candidate.verified,
    }
    raw = sum(weight * features[name] for name, weight in scoring.weights.items())
    raw += scoring.tone_weight * candidate.tone.get(style, 0.5)
    value = raw / scoring.total if scoring.total else 0.0
    return max(0.0, min(1.0, value + candidate.families.get(family, 0.0)))


def _confidence(best: float, second: float | None, *, defaulted: bool) -> float:
    """0.5 to 0.9 with the margin over the runner-up; lower when a fact was defaulted."""
    margin = 0.1 if second is None else best - second
    value = 0.5 + 0.4 * max(0.0, min(1.0, margin / 0.1))
    return round(value * (0.85 if defaulted else 1.0), 2)


def _alternative(candidate: Candidate, score: float, available: bool = True) -> Alternative:
    return Alternative(
        id=candidate.id,
        label=candidate.label,
        reason=candidate.reason,
        score=round(score, 3),
        available=available,
        note=candidate.note,
    )


# --- Vapi fragments --------------------------------------------------------------------------


def _voice_entry(voice_id: str) -> VoiceCandidate:
    return next(v for v in load_recommendations().voices if v.id == voice_id)


def _set_path(body: dict[str, Any], path: list[str], value: Any) -> None:
    for key in path[:-1]:
        body = body.setdefault(key, {})
    body[path[-1]] = value


@lru_cache(maxsize=256)
def build_voice(voice_id: str, style: Style, family: str) -> vm.VapiModel:
    """The validated Vapi voice: speed for the family, French formatter, Azure fallback."""
    cat = load_recommendations()
    voice = _voice_entry(voice_id)
    speed = cat.voice_speed.by_family.get(family, cat.voice_speed.default)
    body = copy.deepcopy(voice.config)
    provider = str(body["provider"])
    _set_path(body, cat.voice_speed.path_by_provider[provider], speed)
    if provider == "openai":
        instructions = cat.openai_voice_instructions
        body["instructions"] = f"{instructions.base} {instructions.by_style[style]}"
    body["chunkPlan"] = copy.deepcopy(cat.voice_chunk_plan)
    fallbacks = []
    for fallback_id in voice.fallback:
        fallback = copy.deepcopy(_voice_entry(fallback_id).config)
        _set_path(fallback, cat.voice_speed.path_by_provider[str(fallback["provider"])], speed)
        fallbacks.append(fallback)
    if fallbacks:
        body["fallbackPlan"] = {"voices": fallbacks}
    result: vm.VapiModel = _VOICE.validate_python(body)
    return result


@lru_cache(maxsize=1024)
def build_transcriber(transcriber_id: str, keyterms: tuple[str, ...]) -> vm.VapiModel:
    """The validated Vapi transcriber, with the business's key terms when it takes them."""
    candidate = next(t for t in load_recommendations().transcribers if t.id == transcriber_id)
    body = copy.deepcopy(candidate.config)
    if candidate.keyterms and keyterms:
        body["keyterm"] = list(keyterms)
    result: vm.VapiModel = _TRANSCRIBER.validate_python(body)
    return result


_STREET_NUMBER = re.compile(r"^\s*\d+\s*(?:bis|ter|quater)?\s*,?\s*", re.IGNORECASE)
MAX_KEYTERMS = 6


def keyterms(profile: BusinessProfile) -> tuple[str, ...]:
    """A few uncommon words callers will say: business, street and town names, the owner."""
    terms: list[str] = [profile.company_name]
    if profile.address is not None:
        if profile.address.street:
            terms.append(_STREET_NUMBER.sub("", profile.address.street))
        if profile.address.city:
            terms.append(profile.address.city)
    if profile.owner_name:
        terms.append(profile.owner_name)
    seen: set[str] = set()
    out: list[str] = []
    for term in terms:
        clean = " ".join(term.split())[:60].strip()
        if len(clean) >= 2 and clean.casefold() not in seen:
            seen.add(clean.casefold())
            out.append(clean)
    return tuple(out[:MAX_KEYTERMS])


# --- Selection -------------------------------------------------------------------------------


@dataclass(frozen=True)
class Selection:
    """The choices, as catalogue entries and as validated Vapi fragments."""

    voice: VoiceCandidate
    model: Candidate
    transcriber: TranscriberCandidate
    tools: tuple[ToolId, ...]
    """Tools to put in the assistant, in a stable order."""
    voice_gender: VoiceGender
    vapi_voice: vm.VapiModel
    vapi_transcriber: vm.VapiModel
    recommendations: Recommendations


_TOOL_ORDER: tuple[ToolId, ...] = (
    "take_message",
    "request_appointment",
    "check_availability",
    "book_appointment",
    "cancel_appointment",
    "check_opening_hours",
    "transfer_call",
    "end_call",
)
_C = TypeVar("_C", bound=Candidate)


def _choose_voice(
    gender: VoiceGender, style: Style, family: str, *, defaulted: bool
) -> tuple[VoiceCandidate, Recommendation]:
    cat = load_recommendations()
    ranked = sorted(
        ((v, _score("voice", v, style, family)) for v in cat.voices if v.gender is gender),
        key=lambda pair: -pair[1],
    )
    usable = [pair for pair in ranked if pair[0].selectable]
    if not usable:  # Only with broken data: any gender rather than no voice.
        usable = [(v, _score("voice", v, style, family)) for v in cat.voices if v.selectable]
    best, best_score = usable[0]
    second = usable[1][1] if len(usable) > 1 else None
    alternatives = [_alternative(v, s, v.selectable) for v, s in ranked if v.id != best.id]
    alternatives.sort(key=lambda a: (not a.available, -a.score))
    reason = best.reason
    if defaulted:
        reason += f" Voix {gender.value} proposée par défaut pour ce secteur."
    return best, Recommendation(
        id=best.id,
        label=best.label,
        reason=reason,
        confidence=_confidence(best_score, second, defaulted=defaulted),
        alternatives=alternatives[:4],
        note=best.note,
    )


def _choose(
    category: Literal["model", "transcriber"],
    candidates: Sequence[_C],
    style: Style,
    family: str,
    *,
    defaulted: bool,
) -> tuple[_C, Recommendation]:
    ranked = sorted(
        ((c, _score(category, c, style, family)) for c in candidates), key=lambda p: -p[1]
    )
    best, best_score = ranked[0]
    second = ranked[1][1] if len(ranked) > 1 else None
    return best, Recommendation(
        id=best.id,
        label=best.label,
        reason=best.reason,
        confidence=_confidence(best_score, second, defaulted=defaulted),
        alternatives=[_alternative(c, s) for c, s in ranked[1:]],
        note=best.note,
    )


def _wanted_tools(profile: BusinessProfile, subtype_tools: list[ToolId]) -> set[ToolId]:
    cat = load_recommendations()
    if profile.tasks:
        # The owner said what the assistant must do: those tasks decide, plus the safety nets
        # and the sector's information tool.
        wanted = {cat.task_tools[t] for t in profile.tasks if t in cat.task_tools}
        wanted |= {t for t in subtype_tools if t == "check_opening_hours"}
    else:
        wanted = set(subtype_tools)
    wanted |= {"end_call", "take_message"}
    if profile.opening_hours is None or profile.opening_hours.is_empty:
        wanted.discard("check_opening_hours")  # It could only answer "unknown".
    if profile.transfer_number:
        wanted.add("transfer_call")
    else:
        wanted.discard("transfer_call")
    if profile.booking_mode is not None and (
        "request_appointment" in wanted or Task.BOOK_APPOINTMENT in profile.tasks
    ):
        # Live booking on the owner's agenda replaces the request passed on by message.
        wanted.discard("request_appointment")
        wanted |= {"check_availability", "book_appointment", "cancel_appointment"}
    return wanted


def _tool_recommendations(
    profile: BusinessProfile, subtype_tools: list[ToolId], wanted: set[ToolId]
) -> list[ToolRecommendation]:
    # Imported here: the prompt package imports this module, so a top-level import is a cycle.
    from allokoli.generation.prompt.wording import french_format

    cat = load_recommendations()
    asked = {cat.task_tools[t] for t in profile.tasks if t in cat.task_tools}
    person = profile.owner_name or cat.wording.default_person
    recs: list[ToolRecommendation] = []
    for tool_id in _TOOL_ORDER:
        entry = cat.tools[tool_id]
        included = tool_id in wanted
        would_fit = tool_id in asked or tool_id in subtype_tools
        if not included and not (would_fit and entry.reason_missing):
            continue
        if tool_id in ("end_call", "take_message") or not included:
            confidence = 0.95
        elif tool_id == "transfer_call":
            confidence = 0.9 if profile.transfer_when or tool_id in asked else 0.8
        else:
            confidence = 0.9 if tool_id in asked else 0.75
        reason = (
            french_format(entry.reason, person=person) if included else str(entry.reason_missing)
        )
        recs.append(
            ToolRecommendation(
                id=tool_id,
                label=entry.label,
                reason=reason,
                confidence=confidence,
                included=included,
                alternatives=[
                    Alternative(id=a.id, label=a.label, reason=a.reason, score=0.5)
                    for a in entry.alternatives
                ],
            )
        )
    return recs


def recommend(
    profile: BusinessProfile,
    *,
    family: str,
    default_gender: VoiceGender,
    subtype_tools: list[ToolId],
) -> Selection:
    """Choose voice, model, transcriber and tools for this business, with reasons."""
    cat = load_recommendations()
    style = profile.tone.style
    gender = profile.voice_gender or default_gender
    voice, voice_rec = _choose_voice(gender, style, family, defaulted=profile.voice_gender is None)
    model, model_rec = _choose("model", cat.models, style, family, defaulted=False)
    address_known = profile.address is not None and bool(
        profile.address.city or profile.address.street
    )
    transcriber, transcriber_rec = _choose(
        "transcriber", cat.transcribers, style, family, defaulted=not address_known
    )
    vapi_voice = build_voice(voice.id, style, family)
    vapi_transcriber = build_transcriber(transcriber.id, keyterms(profile))
    voice_rec = voice_rec.model_copy(update={"config": vm.to_vapi_json(vapi_voice)})
    model_rec = model_rec.model_copy(update={"config": {**model.config, **cat.model_settings}})
    transcriber_rec = transcriber_rec.model_copy(
        update={"config": vm.to_vapi_json(vapi_transcriber)}
    )
    wanted = _wanted_tools(profile, subtype_tools)
    return Selection(
        voice=voice,
        model=model,
        transcriber=transcriber,
        tools=tuple(t for t in _TOOL_ORDER if t in wanted),
        voice_gender=gender,
        vapi_voice=vapi_voice,
        vapi_transcriber=vapi_transcriber,
        recommendations=Recommendations(
            voice=voice_rec,
            model=model_rec,
            transcriber=transcriber_rec,
            tools=_tool_recommendations(profile, subtype_tools, wanted),
        ),
    )
