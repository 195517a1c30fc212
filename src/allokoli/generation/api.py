from __future__ import annotations

from fastapi import APIRouter

from allokoli.generation.resolve import resolve_profile
from allokoli.generation.schemas import GenerateIn, GenerationResult
from allokoli.generation.service import generate
from allokoli.http.deps import CurrentPrincipal

router = APIRouter(prefix="/api/v1", tags=["generation"])


@router.post("/generate", operation_id="generation-generate")
def generate_assistant(body: GenerateIn, principal: CurrentPrincipal) -> GenerationResult:
    """Generate a complete Vapi assistant (not saved) with the reasons for each choice."""
    return generate(
        resolve_profile(text=body.text, profile=body.profile, company_name=body.company_name)
    )
