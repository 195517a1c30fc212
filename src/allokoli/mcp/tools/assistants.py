"""Assistants: create, list, read, edit, delete, deploy and test by chat."""

from __future__ import annotations

import uuid
from typing import Annotated, Any, Literal

from mcp.server.mcpserver import Context
from pydantic import BaseModel, Field

from allokoli.assistants import listing
from allokoli.assistants import service as assistants
from allokoli.assistants.schemas import (
    AssistantCreate,
    AssistantDetail,
    AssistantPage,
    AssistantUpdate,
    ChatOut,
    DeployOut,
)
from allokoli.mcp.server import runtime
from allokoli.mcp.tools.common import (
    DESTRUCTIVE,
    PROVIDER,
    READ,
    WRITE,
    AssistantId,
    Cursor,
    Limit,
    Profile,
    Text,
    Tools,
)
from allokoli.models import AssistantStatus


class Deleted(BaseModel):
    id: uuid.UUID
    deleted: bool = True


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
    with runtime(ctx).unit(ctx) as (session, principal):
        assistant = assistants.create(session, principal, data)
        return assistants.detail(session, principal, assistant)


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
    with runtime(ctx).unit(ctx) as (session, principal):
        return listing.page(
            session,
            principal,
            q=q,
            status=status.value if status else None,
            sector=sector,
            sort=sort,
            limit=limit,
            cursor=cursor,
        )


def get_assistant(ctx: Context, assistant_id: AssistantId) -> AssistantDetail:
    """One assistant with its business profile, its whole Vapi config, the generator's
    explanations and its phone number if it has one."""
    with runtime(ctx).unit(ctx) as (session, principal):
        assistant = assistants.get(session, principal, assistant_id)
        return assistants.detail(session, principal, assistant)


def update_assistant(
    ctx: Context, assistant_id: AssistantId, changes: AssistantUpdate
) -> AssistantDetail:
    """Edit an assistant; every change is saved as a new version. Simple fields (name,
    first_message, end_call_message, system_prompt — French texts), profile-level choices
    (voice_gender, register « vouvoiement »/« tutoiement », style, transfer_number: these
    regenerate the assistant), a partial Vapi config deep-merged (`config_patch`, null
    removes a key) or a whole `config`. An active assistant is pushed to Vapi again."""
    run = runtime(ctx)
    with run.unit(ctx) as (session, principal):
        assistants.update(session, principal, assistant_id, changes)
    with run.unit(ctx) as (session, principal):
        assistant = assistants.get(session, principal, assistant_id)
        return assistants.detail(session, principal, assistant)


def delete_assistant(ctx: Context, assistant_id: AssistantId) -> Deleted:
    """Delete an assistant here and on Vapi. Release its phone number first
    (release_phone_number), otherwise this fails with a conflict."""
    run = runtime(ctx)
    with run.unit(ctx) as (session, principal):
        assistants.delete(session, principal, assistant_id)
    return Deleted(id=assistant_id)


def deploy_assistant(ctx: Context, assistant_id: AssistantId) -> DeployOut:
    """Create or update the assistant on Vapi (or on the embedded sandbox) and wait for the
    push: returns the final status, `active` with its `provider_id` on success, `error`
    with a French `status_reason` otherwise (`deploying` when a retry is scheduled)."""
    run = runtime(ctx)
    with run.unit(ctx) as (session, principal):
        assistants.deploy(session, principal, assistant_id)
    with run.unit(ctx) as (session, principal):
        assistant = assistants.get(session, principal, assistant_id)
        return DeployOut(
            id=assistant.id,
            status=assistant.status,
            status_reason=assistant.status_reason,
            provider_id=assistant.provider_id,
        )


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
    run = runtime(ctx)
    with run.unit(ctx) as (session, principal):
        reply = assistants.chat(
            session,
            principal,
            assistant_id,
            text,
            chat_id,
            run.services.gateway(principal.organization_id),
            run.services.settings,
        )
    return ChatOut(reply=reply.text, chat_id=reply.chat_id)


TOOLS: Tools = (
    (create_assistant, WRITE),
    (list_assistants, READ),
    (get_assistant, READ),
    (update_assistant, WRITE),
    (delete_assistant, DESTRUCTIVE),
    (deploy_assistant, PROVIDER),
    (chat_with_assistant, PROVIDER),
)
