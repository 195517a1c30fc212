"""The MCP tools: each a thin adapter over the services the REST API and the web UI use.

A tool call is one unit of work scoped to the caller's organisation; a resource of another
organisation is "not found", exactly as over REST. Inputs are typed (their JSON schemas are what
the agent sees) and outputs are the REST API's schemas. Descriptions are written for an AI agent.
"""

from __future__ import annotations

import uuid
from datetime import date
from typing import Annotated, Any, Literal

from mcp.server.mcpserver import Context
from mcp.types import ToolAnnotations
from pydantic import BaseModel, Field

from allokoli.assistants import api as assistants_api
from allokoli.assistants import service as assistants
from allokoli.assistants.schemas import (
    AssistantCreate,
    AssistantDetail,
    AssistantPage,
    AssistantUpdate,
    ChatOut,
    DeployOut,
)
from allokoli.calls import api as calls_api
from allokoli.calls import history
from allokoli.calls.display import STATUS_FILTERS
from allokoli.calls.schemas import CallDetail, CallPage, TakenMessagePage
from allokoli.configurator import api as configurator_api
from allokoli.configurator import service as configurator
from allokoli.configurator.llm import extractor_from_settings
from allokoli.domain.profile import BusinessProfile
from allokoli.generation.api import GenerateIn
from allokoli.generation.resolve import resolve_profile
from allokoli.generation.schemas import GenerationResult
from allokoli.generation.service import generate
from allokoli.mcp.runtime import Runtime
from allokoli.mcp.server import AlloKoliMCP
from allokoli.models import AssistantStatus
from allokoli.phone_numbers import service as phone_numbers
from allokoli.phone_numbers.schemas import PhoneNumberOut
from allokoli.phone_numbers.service import phone_out
from allokoli.understanding.from_text import MAX_DESCRIPTION_CHARS

READ = ToolAnnotations(readOnlyHint=True, openWorldHint=False)
WRITE = ToolAnnotations(readOnlyHint=False, destructiveHint=False, openWorldHint=False)
PROVIDER = ToolAnnotations(readOnlyHint=False, destructiveHint=False, openWorldHint=True)
DESTRUCTIVE = ToolAnnotations(readOnlyHint=False, destructiveHint=True, openWorldHint=True)

AssistantId = Annotated[
    uuid.UUID,
    Field(description="Id of an assistant of your organisation (from list/create_assistant)."),
]
Text = Annotated[
    str | None,
    Field(
        default=None,
        min_length=3,
        max_length=MAX_DESCRIPTION_CHARS,
        description=(
            "A free French description of the business: name, trade, city, opening hours, "
            "services and prices, what the assistant must do, a number for urgent transfers. "
            "Example: « Pizzeria Da Marco à Lyon, ouvert du mardi au dimanche de 11h30 à 14h, "
            "on prend les réservations, urgences au 06 12 34 56 78 »."
        ),
    ),
]
CompanyName = Annotated[
    str | None,
    Field(
        default=None,
        min_length=1,
        max_length=120,
        description="The company name, beside `text` when the description does not state it.",
    ),
]
Profile = Annotated[
    BusinessProfile | None,
    Field(
        default=None,
        description="A structured business profile, instead of `text` (company_name required).",
    ),
]
Limit = Annotated[
    int, Field(ge=1, le=history.MAX_LIMIT, description="Page size (default 50, at most 200).")
]
Cursor = Annotated[
    str | None,
    Field(
        default=None,
        max_length=700,
        description="`next_cursor` of the previous page; omit for the first page.",
    ),
]


class Deleted(BaseModel):
    id: uuid.UUID
    deleted: bool = True


def register(server: AlloKoliMCP, runtime: Runtime) -> None:
    """Add every AlloKoli tool to `server` (see docs/mcp.md)."""

    @server.tool(annotations=READ)
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
        with runtime.unit(ctx):
            body = GenerateIn(text=text, profile=profile, company_name=company_name)
        name = body.company_name
        return generate(resolve_profile(text=body.text, profile=body.profile, company_name=name))

    @server.tool(annotations=WRITE)
    def create_assistant(
        ctx: Context,
        text: Text = None,
        profile: Profile = None,
        config: Annotated[
            dict[str, Any] | None,
            Field(
                default=None,
                description="A ready Vapi CreateAssistantDTO (camelCase JSON), validated as is.",
            ),
        ] = None,
        name: Annotated[
            str | None,
            Field(default=None, min_length=1, max_length=120, description="Display name."),
        ] = None,
    ) -> AssistantDetail:
        """Create and save a draft assistant from exactly one of: a French description
        (`text`), a business `profile`, or a Vapi `config`. Returns the assistant with its
        whole config (status `draft`). Test it with chat_with_assistant, then deploy_assistant."""
        data = AssistantCreate(text=text, profile=profile, config=config, name=name)
        with runtime.unit(ctx) as (session, principal):
            assistant = assistants.create(session, principal, data)
            return assistants_api.detail(session, principal, assistant)

    @server.tool(annotations=READ)
    def list_assistants(
        ctx: Context,
        q: Annotated[
            str | None, Field(default=None, max_length=100, description="Words of the name.")
        ] = None,
        status: Annotated[
            AssistantStatus | None,
            Field(default=None, description="Only assistants in this status."),
        ] = None,
        sector: Annotated[
            str | None,
            Field(default=None, max_length=60, description="Sector family or subtype id."),
        ] = None,
        sort: Annotated[
            Literal["name", "-name", "created_at", "-created_at", "updated_at", "-updated_at"],
            Field(description="Sort key; a leading '-' sorts descending."),
        ] = "-updated_at",
        limit: Limit = 50,
        cursor: Cursor = None,
    ) -> AssistantPage:
        """List your organisation's assistants (id, name, status, sector, version, provider
        id), one page at a time; pass `next_cursor` back as `cursor` for the next page."""
        with runtime.unit(ctx) as (session, principal):
            return assistants_api.list_assistants(
                principal,
                session,
                q=q,
                status_=status.value if status else None,
                sector=sector,
                sort=sort,
                limit=limit,
                cursor=cursor,
            )

    @server.tool(annotations=READ)
    def get_assistant(ctx: Context, assistant_id: AssistantId) -> AssistantDetail:
        """One assistant with its business profile, its whole Vapi config, the generator's
        explanations and its phone number if it has one."""
        with runtime.unit(ctx) as (session, principal):
            assistant = assistants.get(session, principal, assistant_id)
            return assistants_api.detail(session, principal, assistant)

    @server.tool(annotations=WRITE)
    def update_assistant(
        ctx: Context, assistant_id: AssistantId, changes: AssistantUpdate
    ) -> AssistantDetail:
        """Edit an assistant; every change is saved as a new version. Simple fields (name,
        first_message, end_call_message, system_prompt — French texts), profile-level choices
        (voice_gender, register « vouvoiement »/« tutoiement », style, transfer_number: these
        regenerate the assistant), a partial Vapi config deep-merged (`config_patch`, null
        removes a key) or a whole `config`. An active assistant is pushed to Vapi again."""
        with runtime.unit(ctx) as (session, principal):
            assistants.update(session, principal, assistant_id, changes)
        with runtime.unit(ctx) as (session, principal):
            assistant = assistants.get(session, principal, assistant_id)
            return assistants_api.detail(session, principal, assistant)

    @server.tool(annotations=DESTRUCTIVE)
    def delete_assistant(ctx: Context, assistant_id: AssistantId) -> Deleted:
        """Delete an assistant here and on Vapi. Release its phone number first
        (release_phone_number), otherwise this fails with a conflict."""
        with runtime.unit(ctx) as (session, principal):
            assistants.delete(session, principal, assistant_id)
        return Deleted(id=assistant_id)

    @server.tool(annotations=PROVIDER)
    def deploy_assistant(ctx: Context, assistant_id: AssistantId) -> DeployOut:
        """Create or update the assistant on Vapi (or on the embedded sandbox) and wait for the
        push: returns the final status, `active` with its `provider_id` on success, `error`
        with a French `status_reason` otherwise (`deploying` when a retry is scheduled)."""
        with runtime.unit(ctx) as (session, principal):
            assistants.deploy(session, principal, assistant_id)
        with runtime.unit(ctx) as (session, principal):
            assistant = assistants.get(session, principal, assistant_id)
            return DeployOut(
                id=assistant.id,
                status=assistant.status,
                status_reason=assistant.status_reason,
                provider_id=assistant.provider_id,
            )

    @server.tool(annotations=PROVIDER)
    def chat_with_assistant(
        ctx: Context,
        assistant_id: AssistantId,
        text: Annotated[
            str,
            Field(min_length=1, max_length=2000, description="What the caller says, in French."),
        ],
        chat_id: Annotated[
            str | None,
            Field(
                default=None,
                max_length=64,
                description="`chat_id` of the previous reply, to continue the conversation.",
            ),
        ] = None,
    ) -> ChatOut:
        """Test an assistant by text, as if you were a caller: returns its French reply and a
        `chat_id` to continue. Works on drafts (the current config is sent inline) and on
        deployed assistants. Saying goodbye (« merci, au revoir ») ends the test call, which
        then appears in list_calls."""
        with runtime.unit(ctx) as (session, principal):
            reply = assistants.chat(
                session,
                principal,
                assistant_id,
                text,
                chat_id,
                runtime.gateway(principal.organization_id),
                runtime.settings,
            )
        return ChatOut(reply=reply.text, chat_id=reply.chat_id)

    @server.tool(annotations=PROVIDER)
    def provision_phone_number(
        ctx: Context,
        assistant_id: AssistantId,
        contains: Annotated[
            str | None,
            Field(
                default=None,
                pattern=r"^\+?[0-9]{1,8}$",
                description='Digits the number should contain, e.g. "+334" (south-east France).',
            ),
        ] = None,
    ) -> PhoneNumberOut:
        """Give a deployed (`active`) assistant a phone number: a French Twilio number imported
        into Vapi, or a demo number in sandbox mode. `display` is the French format."""
        with runtime.unit(ctx) as (session, principal):
            phone = phone_numbers.provision(
                session,
                principal,
                assistant_id,
                gateway=runtime.gateway(principal.organization_id),
                settings=runtime.settings,
                twilio=runtime.twilio(),
                contains=contains,
            )
            return phone_out(phone)

    @server.tool(annotations=DESTRUCTIVE)
    def release_phone_number(ctx: Context, assistant_id: AssistantId) -> PhoneNumberOut:
        """Release the assistant's phone number (on Vapi and Twilio); callers can no longer
        reach the assistant by phone."""
        with runtime.unit(ctx) as (session, principal):
            phone = phone_numbers.release(
                session,
                principal,
                assistant_id,
                gateway=runtime.gateway(principal.organization_id),
                twilio=runtime.twilio(),
            )
            return phone_out(phone)

    @server.tool(annotations=WRITE)
    def configurator_start(ctx: Context) -> configurator_api.SessionReply:
        """Start the guided French interview that builds an assistant. Returns the session
        `id` and the configurator's first question (`reply`, French) with suggested answers
        (`chips`). Relay each question to the business owner and pass their answer to
        configurator_reply."""
        with runtime.unit(ctx) as (session, principal):
            return configurator_api._out(configurator.begin(session, principal, channel="mcp"))

    @server.tool(annotations=WRITE)
    def configurator_reply(
        ctx: Context,
        session_id: Annotated[uuid.UUID, Field(description="`id` from configurator_start.")],
        text: Annotated[
            str,
            Field(
                max_length=configurator.MAX_TEXT,
                description="The owner's answer, in French, as they said it (corrections "
                "like « en fait, une voix masculine » are understood).",
            ),
        ],
    ) -> configurator_api.SessionReply:
        """Send the owner's answer; returns the next question (`reply`), the profile gathered
        so far and the progress. After the owner confirms the recap, `done` is true and
        `assistant_id` is the created draft assistant."""
        llm = extractor_from_settings(runtime.settings)
        with runtime.unit(ctx) as (session, principal):
            outcome = configurator.reply(session, principal, session_id, text, llm=llm)
            return configurator_api._out(outcome)

    @server.tool(annotations=READ)
    def list_calls(
        ctx: Context,
        assistant_id: Annotated[
            uuid.UUID | None, Field(default=None, description="Only this assistant's calls.")
        ] = None,
        date_from: Annotated[
            date | None, Field(default=None, description="First day (Europe/Paris), included.")
        ] = None,
        date_to: Annotated[
            date | None, Field(default=None, description="Last day (Europe/Paris), included.")
        ] = None,
        status: Annotated[
            str | None,
            Field(
                default=None,
                pattern=calls_api.STATUS_PATTERN,
                description=f"Call status, one of: {', '.join(STATUS_FILTERS)}.",
            ),
        ] = None,
        q: Annotated[
            str | None,
            Field(default=None, max_length=200, description="Words in transcripts/summaries."),
        ] = None,
        limit: Limit = history.DEFAULT_LIMIT,
        cursor: Cursor = None,
    ) -> CallPage:
        """Calls taken by your assistants, newest first, with masked caller numbers, duration,
        French summary and cost in €; filters and full-text search; paginated by cursor."""
        flt = history.filters(assistant_id, date_from, date_to, status, q)
        with runtime.unit(ctx) as (session, principal):
            return history.list_calls(session, principal.tenant, flt, cursor, limit)

    @server.tool(annotations=READ)
    def get_call(
        ctx: Context, call_id: Annotated[uuid.UUID, Field(description="`id` from list_calls.")]
    ) -> CallDetail:
        """One call in full: caller number, conversation turn by turn, French summary,
        recording link, cost, and the messages or appointment requests it produced."""
        with runtime.unit(ctx) as (session, principal):
            return history.get_call(session, principal.tenant, call_id)

    @server.tool(annotations=READ)
    def list_messages(
        ctx: Context,
        kind: Annotated[
            Literal["message", "appointment"] | None,
            Field(default=None, description="Messages taken, or appointment requests."),
        ] = None,
        handled: Annotated[
            bool | None, Field(default=None, description="Filter on « traité » or not.")
        ] = None,
        limit: Limit = history.DEFAULT_LIMIT,
        cursor: Cursor = None,
    ) -> TakenMessagePage:
        """Messages and appointment requests your assistants took from callers (name, number
        to call back, reason, urgency), newest first; paginated by cursor."""
        with runtime.unit(ctx) as (session, principal):
            return history.list_messages(
                session, principal.tenant, kind=kind, handled=handled, cursor=cursor, limit=limit
            )
