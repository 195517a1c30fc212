from __future__ import annotations

import uuid
from datetime import date
from typing import Annotated

from fastapi import APIRouter, Query

from allokoli.calls import alerts, history, stats
from allokoli.calls.schemas import (
    AlertOut,
    CallDetail,
    CallPage,
    Stats,
    TakenMessageOut,
    TakenMessagePage,
    TakenMessageUpdate,
    WebhookEventPage,
)
from allokoli.http.deps import CurrentPrincipal, DbSession

calls_router = APIRouter(prefix="/api/v1", tags=["calls"])
messages_router = APIRouter(prefix="/api/v1/messages", tags=["messages"])
stats_router = APIRouter(prefix="/api/v1", tags=["stats"])
events_router = APIRouter(prefix="/api/v1", tags=["webhooks"])
routers = (calls_router, messages_router, stats_router, events_router)

Limit = Annotated[int, Query(ge=1, le=history.MAX_LIMIT)]
CallCursor = Annotated[
    str | None,
    Query(pattern=history.CALL_CURSOR_PATTERN, description="`next_cursor` of a page"),
]
Cursor = Annotated[
    str | None, Query(pattern=history.CURSOR_PATTERN, description="`next_cursor` of a page")
]


@calls_router.get("/calls", operation_id="calls-list")
def list_calls(
    principal: CurrentPrincipal,
    session: DbSession,
    assistant_id: uuid.UUID | None = None,
    date_from: Annotated[
        date | None, Query(alias="from", description="First day (Paris), included")
    ] = None,
    date_to: Annotated[date | None, Query(alias="to", description="Last day, included")] = None,
    status: Annotated[
        str | None, Query(pattern=history.STATUS_PATTERN, description="Call status, or `failed`")
    ] = None,
    q: Annotated[
        str | None, Query(max_length=200, description="Words searched in transcripts and summaries")
    ] = None,
    limit: Limit = history.DEFAULT_LIMIT,
    cursor: CallCursor = None,
) -> CallPage:
    """Calls, newest first, with masked caller numbers; filters and full-text search."""
    flt = history.filters(assistant_id, date_from, date_to, status, q)
    return history.list_calls(session, principal.tenant, flt, cursor, limit)


@calls_router.get("/calls/{call_id}", operation_id="calls-get")
def get_call(call_id: uuid.UUID, principal: CurrentPrincipal, session: DbSession) -> CallDetail:
    """One call: full caller number, conversation, summary, recording and messages taken."""
    return history.get_call(session, principal.tenant, call_id)


@calls_router.get("/assistants/{assistant_id}/calls", operation_id="calls-list_for_assistant")
def list_assistant_calls(
    assistant_id: uuid.UUID,
    principal: CurrentPrincipal,
    session: DbSession,
    limit: Limit = history.DEFAULT_LIMIT,
    cursor: CallCursor = None,
) -> CallPage:
    """The calls one assistant answered, newest first."""
    return history.calls_of_assistant(session, principal.tenant, assistant_id, cursor, limit)


@messages_router.get("", operation_id="messages-list")
def list_messages(
    principal: CurrentPrincipal,
    session: DbSession,
    kind: Annotated[str | None, Query(pattern="^(message|appointment)$")] = None,
    handled: bool | None = None,
    limit: Limit = history.DEFAULT_LIMIT,
    cursor: Cursor = None,
) -> TakenMessagePage:
    """Messages and appointment requests taken by the assistants, newest first."""
    return history.list_messages(
        session, principal.tenant, kind=kind, handled=handled, cursor=cursor, limit=limit
    )


@messages_router.patch("/{message_id}", operation_id="messages-update")
def update_message(
    message_id: uuid.UUID,
    body: TakenMessageUpdate,
    principal: CurrentPrincipal,
    session: DbSession,
) -> TakenMessageOut:
    """Mark a message or an appointment request as handled (« traité ») or not."""
    return history.set_handled(session, principal, message_id, body.handled)


@stats_router.get("/stats", operation_id="stats-get")
def get_stats(
    principal: CurrentPrincipal,
    session: DbSession,
    period: Annotated[stats.Period, Query()] = "7d",
) -> Stats:
    """Calls, minutes, cost in €, messages and charts' series for today, 7 or 30 days."""
    return stats.stats(session, principal.tenant, period)


@stats_router.get("/alerts", operation_id="stats-alerts")
def list_alerts(principal: CurrentPrincipal, session: DbSession) -> list[AlertOut]:
    """Current alerts: assistants in error, refused or failed webhooks, calls failing."""
    return [AlertOut(**a.__dict__) for a in alerts.compute(session, principal.tenant)]


@events_router.get("/webhook-events", operation_id="webhooks-list_events")
def list_events(
    principal: CurrentPrincipal,
    session: DbSession,
    failed: Annotated[bool | None, Query(description="Only events whose processing failed")] = None,
    limit: Limit = history.DEFAULT_LIMIT,
    cursor: Cursor = None,
) -> WebhookEventPage:
    """Events received from Vapi (the inbox), newest first, without their payloads."""
    return history.list_events(session, principal.tenant, failed=failed, cursor=cursor, limit=limit)
