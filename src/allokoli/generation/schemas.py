"""What the generator returns: the Vapi assistant plus the explanations shown to the owner.

Labels, reasons and messages are French (the owner reads them); ids and keys are English.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

from allokoli.domain.profile import BusinessProfile
from allokoli.kit.schemas import not_null
from allokoli.understanding.from_text import MAX_DESCRIPTION_CHARS


class _Schema(BaseModel):
    model_config = ConfigDict(extra="forbid")


class SectorAlternative(_Schema):
    family: str
    subtype: str
    label: str
    confidence: float = Field(ge=0, le=1)


class SectorInfo(_Schema):
    """The catalogue subtype the assistant was built for, and how it was chosen."""

    family: str
    family_label: str
    subtype: str
    subtype_label: str
    source: Literal["profile", "detection", "default"]
    """"profile": given by the owner; "detection": guessed from the description; "default": the
    catalogue's generic subtype, nothing better being known."""
    confidence: float = Field(ge=0, le=1)
    alternatives: list[SectorAlternative] = Field(default_factory=list)
    matched: list[str] = Field(default_factory=list)
    """The words of the description that pointed to this subtype."""


class Alternative(_Schema):
    """Another option the owner may pick instead, best first."""

    id: str
    label: str
    reason: str
    score: float = Field(ge=0, le=1)
    """How well it fits this business (0 to 1), on the same scale as the chosen option."""
    available: bool = True
    """False when it needs a setting first (see `note`), e.g. an ElevenLabs voice id."""
    note: str | None = None


class Recommendation(_Schema):
    """One choice of the generator, why, how sure it is, and what else would fit."""

    id: str
    label: str
    reason: str
    confidence: float = Field(ge=0, le=1)
    """Lower when facts are missing or the choice is only the sector's default."""
    alternatives: list[Alternative] = Field(default_factory=list)
    note: str | None = None
    config: dict[str, Any] = Field(default_factory=dict)
    """The Vapi JSON this choice puts in the assistant."""


class ToolRecommendation(Recommendation):
    included: bool = True
    """False when the tool would fit but cannot be set up (e.g. no transfer number)."""


class Recommendations(_Schema):
    voice: Recommendation
    model: Recommendation
    transcriber: Recommendation
    tools: list[ToolRecommendation]


class QualityIssue(_Schema):
    check: str
    status: Literal["missing", "weak"]
    message: str
    points_lost: float = Field(ge=0, le=100)


class QualityReport(_Schema):
    """How complete the facts are, out of 100, and what to add first."""

    score: int = Field(ge=0, le=100)
    level: str
    issues: list[QualityIssue]
    """Most costly first."""
    strengths: list[str]


class CostLine(_Schema):
    key: Literal["platform", "llm", "voice", "transcription", "telephony"]
    label: str
    monthly_eur: float = Field(ge=0)
    detail: str


class CostEstimate(_Schema):
    """An order of magnitude of the monthly bill, from public per-minute prices."""

    monthly_eur: float = Field(ge=0)
    currency: Literal["EUR"] = "EUR"
    calls_per_month: int = Field(ge=0)
    average_call_minutes: float = Field(ge=0)
    minutes_per_month: float = Field(ge=0)
    eur_per_minute: float = Field(ge=0)
    breakdown: list[CostLine]
    usd_to_eur: float = Field(gt=0)
    prices_as_of: str
    assumptions: list[str]


class GenerationResult(_Schema):
    """A complete Vapi assistant for one business, with the reasons behind it."""

    profile: BusinessProfile
    sector: SectorInfo
    recommendations: Recommendations
    quality: QualityReport
    cost: CostEstimate
    vapi_assistant: dict[str, Any]
    """A `CreateAssistantDTO` as plain JSON (camelCase), valid against Vapi's schema."""
    generator_version: str
    generated_at: datetime


class GenerateIn(BaseModel):
    """Either a French description of the business (`text`) or a structured `profile`."""

    # The document says what the validator checks: exactly one of the two, neither null.
    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={"oneOf": [{"required": ["text"]}, {"required": ["profile"]}]},
    )

    text: str | None = Field(
        default=None, min_length=3, max_length=MAX_DESCRIPTION_CHARS, json_schema_extra=not_null
    )
    company_name: str | None = Field(
        default=None, min_length=1, max_length=120, json_schema_extra=not_null
    )
    """The name, when the description does not state it (only with `text`)."""
    profile: BusinessProfile | None = Field(default=None, json_schema_extra=not_null)

    @model_validator(mode="after")
    def _one(self) -> GenerateIn:
        if (self.text is None) == (self.profile is None):
            raise ValueError("Donnez soit « text » (une description), soit « profile ».")
        if self.company_name is not None and self.text is None:
            raise ValueError(
                "« company_name » accompagne « text » ; dans « profile », il y est déjà."
            )
        return self
