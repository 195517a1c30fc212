from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any

from fastapi import APIRouter, Request, status
from pydantic import BaseModel, Field

from allokoli.configurator import service
from allokoli.configurator.llm import extractor_from_settings
from allokoli.configurator.state import ConfiguratorState
from allokoli.http.deps import CurrentPrincipal, DbSession
from allokoli.kit.schemas import error_responses

router = APIRouter(prefix="/api/v1/configurator", tags=["configurator"])


class TurnIn(BaseModel):
    text: str = Field(max_length=service.MAX_TEXT, description="The owner's answer, in French.")


class SessionReply(BaseModel):
    id: uuid.UUID
    reply: str
    done: bool
    profile: dict[str, Any]
    progress: int
    stage: str
    chips: list[str]
    recap: str | None
    asked: str | None
    assistant_id: uuid.UUID | None


class TurnOut(BaseModel):
    role: str
    text: str
    created_at: datetime


class SessionDetail(BaseModel):
    id: uuid.UUID
    done: bool
    stage: str
    progress: int
    profile: dict[str, Any]
    assistant_id: uuid.UUID | None
    created_at: datetime
    updated_at: datetime
    transcript: list[TurnOut]


class SessionSummary(BaseModel):
    id: uuid.UUID
    company_name: str | None
    stage: str
    progress: int
    updated_at: datetime


def _out(outcome: service.TurnOutcome) -> SessionReply:
    state = ConfiguratorState.model_validate(outcome.conversation.state)
    r = outcome.reply
    return SessionReply(
        id=outcome.conversation.id,
        reply=r.text,
        done=r.done,
        profile=state.profile,
        progress=r.progress,
        stage=str(r.stage),
        chips=r.chips,
        recap=r.recap,
        asked=r.asked,
        assistant_id=outcome.conversation.assistant_id,
    )


@router.post("/sessions", status_code=status.HTTP_201_CREATED, operation_id="configurator-start")
def start_session(principal: CurrentPrincipal, session: DbSession) -> SessionReply:
    """Start a conversation: the configurator greets the owner and asks its first question."""
    return _out(service.begin(session, principal, channel="api"))


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
    request: Request,
) -> SessionReply:
    """The owner's answer; the reply, the profile so far and, once done, the assistant id."""
    llm = extractor_from_settings(request.app.state.settings)
    return _out(service.reply(session, principal, session_id, body.text, llm=llm))


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
