from __future__ import annotations

import uuid

from fastapi import APIRouter, status

from allokoli.configurator import service
from allokoli.configurator.schemas import (
    SessionDetail,
    SessionReply,
    SessionSummary,
    TurnIn,
    TurnOut,
)
from allokoli.configurator.state import ConfiguratorState
from allokoli.http.deps import CurrentPrincipal, DbSession, ServicesDep
from allokoli.kit.schemas import error_responses

router = APIRouter(prefix="/api/v1/configurator", tags=["configurator"])


@router.post("/sessions", status_code=status.HTTP_201_CREATED, operation_id="configurator-start")
def start_session(principal: CurrentPrincipal, session: DbSession) -> SessionReply:
    """Start a conversation: the configurator greets the owner and asks its first question."""
    return service.session_reply(service.begin(session, principal, channel="api"))


@router.post(
    "/sessions/{session_id}/turns",
    operation_id="configurator-reply",
    responses=error_responses(409),
)
def reply(
    session_id: uuid.UUID,
    body: TurnIn,
    principal: CurrentPrincipal,
    session: DbSession,
    services: ServicesDep,
) -> SessionReply:
    """The owner's answer; the reply, the profile so far and, once done, the assistant id."""
    llm = services.llm
    return service.session_reply(service.reply(session, principal, session_id, body.text, llm=llm))


@router.get("/sessions", operation_id="configurator-list_unfinished")
def list_unfinished(principal: CurrentPrincipal, session: DbSession) -> list[SessionSummary]:
    """Conversations not finished yet, to resume them."""
    return [
        SessionSummary(
            id=c.id,
            company_name=c.company_name,
            stage=c.stage,
            progress=ConfiguratorState.model_validate(c.state).progress,
            updated_at=c.updated_at,
        )
        for c in service.unfinished(session, principal)
    ]


@router.get("/sessions/{session_id}", operation_id="configurator-get")
def get_session(
    session_id: uuid.UUID, principal: CurrentPrincipal, session: DbSession
) -> SessionDetail:
    """The state and the transcript of a conversation."""
    conv, turns = service.get(session, principal, session_id)
    state = ConfiguratorState.model_validate(conv.state)
    return SessionDetail(
        id=conv.id,
        done=conv.done,
        stage=conv.stage,
        progress=state.progress,
        profile=state.profile,
        assistant_id=conv.assistant_id,
        created_at=conv.created_at,
        updated_at=conv.updated_at,
        transcript=[TurnOut(role=t.role, text=t.text, created_at=t.created_at) for t in turns],
    )
