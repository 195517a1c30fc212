"""Calls and the messages they produced."""

from __future__ import annotations

import uuid
from datetime import date
from typing import Annotated, Literal

from mcp.server.mcpserver import Context
from pydantic import Field

from allokoli.calls import history
from allokoli.calls.display import STATUS_FILTERS
from allokoli.calls.schemas import CallDetail, CallPage, TakenMessagePage
from allokoli.mcp.server import runtime
from allokoli.mcp.tools.common import READ, Cursor, Limit, Tools


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
            pattern=history.STATUS_PATTERN,
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
    with runtime(ctx).unit(ctx) as (session, principal):
        return history.list_calls(session, principal.tenant, flt, cursor, limit)


def get_call(
    ctx: Context, call_id: Annotated[uuid.UUID, Field(description="`id` from list_calls.")]
) -> CallDetail:
    """One call in full: caller number, conversation turn by turn, French summary,
    recording link, cost, and the messages or appointment requests it produced."""
    with runtime(ctx).unit(ctx) as (session, principal):
        return history.get_call(session, principal.tenant, call_id)


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
    with runtime(ctx).unit(ctx) as (session, principal):
        return history.list_messages(
            session, principal.tenant, kind=kind, handled=handled, cursor=cursor, limit=limit
        )


TOOLS: Tools = ((list_calls, READ), (get_call, READ), (list_messages, READ))
