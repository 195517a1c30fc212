from __future__ import annotations

from fastapi import APIRouter
from pydantic import BaseModel, ConfigDict, Field, model_validator

from allokoli.domain.profile import BusinessProfile
from allokoli.generation.resolve import resolve_profile
from allokoli.generation.schemas import GenerationResult
from allokoli.generation.service import generate
from allokoli.http.deps import CurrentPrincipal
from allokoli.kit.schemas import not_null
from allokoli.understanding.from_text import MAX_DESCRIPTION_CHARS

router = APIRouter(prefix="/api/v1", tags=["generation"])


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


@router.post("/generate", operation_id="generation-generate")
def generate_assistant(body: GenerateIn, principal: CurrentPrincipal) -> GenerationResult:
    """Generate a complete Vapi assistant (not saved) with the reasons for each choice."""
    return generate(
        resolve_profile(text=body.text, profile=body.profile, company_name=body.company_name)
    )
