"""Generation: an assistant from a description, nothing stored."""

from __future__ import annotations

from mcp.server.mcpserver import Context

from allokoli.generation.resolve import resolve_profile
from allokoli.generation.schemas import GenerateIn, GenerationResult
from allokoli.generation.service import generate
from allokoli.mcp.server import runtime
from allokoli.mcp.tools.common import READ, CompanyName, Profile, Text, Tools


def generate_assistant(
    ctx: Context, text: Text = None, profile: Profile = None, company_name: CompanyName = None
) -> GenerationResult:
    """Generate a complete Vapi assistant (not saved) from a French description (`text`) or a
    structured `profile` — give exactly one. Returns the Vapi CreateAssistantDTO
    (`vapi_assistant`), the detected sector, the reasons and alternatives for voice, model,
    transcriber and tools, a quality score (0-100) listing what is missing, and a monthly
    cost estimate in €. Prompts and messages are in French. Nothing is stored: use
    create_assistant to keep it. A description that states no company name is refused
    (`MissingCompanyName`, status 422) with `missing`, the detected `sector` and the
    partial `profile`: ask the owner for the name and call again with `company_name`."""
    with runtime(ctx).unit(ctx):
        body = GenerateIn(text=text, profile=profile, company_name=company_name)
    name = body.company_name
    return generate(resolve_profile(text=body.text, profile=body.profile, company_name=name))


TOOLS: Tools = ((generate_assistant, READ),)
