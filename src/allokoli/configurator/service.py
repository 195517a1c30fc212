"""Configurator sessions: the engine's state stored after every turn, for every channel.

The web chat, the REST API, the terminal and the MCP tools all call these functions; none has
dialogue logic of its own.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass

from sqlalchemy.orm import Session

from allokoli.assistants import service as assistants
from allokoli.audit import service as audit
from allokoli.auth.principal import Principal
from allokoli.configurator.engine import resume, start, turn
from allokoli.configurator.llm import LLMExtractor
from allokoli.configurator.repository import SessionRepository, TurnRepository
from allokoli.configurator.schemas import MAX_TEXT, SessionReply
from allokoli.configurator.state import ConfiguratorState, Reply
from allokoli.generation.service import generate
from allokoli.kit.errors import Conflict
from allokoli.models import Assistant, ConfiguratorSession, ConfiguratorTurn


class SessionFinished(Conflict):
    default_detail = "Cette conversation est terminée : votre assistant a déjà été créé."


@dataclass(frozen=True)
class TurnOutcome:
    conversation: ConfiguratorSession
    reply: Reply
    assistant: Assistant | None = None


def _record(
    session: Session, principal: Principal, conv: ConfiguratorSession, role: str, text: str
) -> None:
    turns = TurnRepository(session, principal.tenant)
    turns.add(
        ConfiguratorTurn(
            session_id=conv.id, position=turns.next_position(conv.id), role=role, text=text
        )
    )


def _store_state(conv: ConfiguratorSession, state: ConfiguratorState) -> None:
    conv.state = state.model_dump(mode="json")
    conv.stage = str(state.stage)
    name = state.profile.get("company_name")
    conv.company_name = str(name)[:120] if name else None


def begin(session: Session, principal: Principal, *, channel: str = "web") -> TurnOutcome:
    reply, state = start()
    conv = ConfiguratorSession(user_id=principal.user_id, channel=channel, stage="", state={})
    _store_state(conv, state)
    SessionRepository(session, principal.tenant).add(conv)
    _record(session, principal, conv, "configurator", reply.text)
    return TurnOutcome(conv, reply)


def reply(
    session: Session,
    principal: Principal,
    conversation_id: uuid.UUID,
    text: str,
    *,
    llm: LLMExtractor | None = None,
) -> TurnOutcome:
    """One owner turn. When the owner confirms the recap, the assistant is generated and saved
    as a draft in the same transaction."""
    conv = SessionRepository(session, principal.tenant).get(conversation_id)
    if conv.done:
        raise SessionFinished()
    text = text[:MAX_TEXT]
    state = ConfiguratorState.model_validate(conv.state)
    answer, new_state = turn(state, text, llm=llm)
    _record(session, principal, conv, "owner", text)
    _record(session, principal, conv, "configurator", answer.text)
    _store_state(conv, new_state)
    assistant = None
    if answer.done:
        result = generate(new_state.profile_model())
        assistant = assistants.create_from_result(session, principal, result)
        conv.done = True
        conv.assistant_id = assistant.id
        audit.record(
            session,
            principal.tenant,
            actor=principal.actor,
            entity="configurator_session",
            entity_id=conv.id,
            action="update",
            details={"assistant_id": str(assistant.id)},
        )
    return TurnOutcome(conv, answer, assistant)


def current_reply(conv: ConfiguratorSession) -> Reply:
    """What to show when a conversation is resumed: the pending question, with its chips."""
    return resume(ConfiguratorState.model_validate(conv.state))


def get(
    session: Session, principal: Principal, conversation_id: uuid.UUID
) -> tuple[ConfiguratorSession, list[ConfiguratorTurn]]:
    conv = SessionRepository(session, principal.tenant).get(conversation_id)
    turns = list(TurnRepository(session, principal.tenant).for_session(conv.id))
    return conv, turns


def unfinished(session: Session, principal: Principal) -> list[ConfiguratorSession]:
    return list(SessionRepository(session, principal.tenant).unfinished())


def session_reply(outcome: TurnOutcome) -> SessionReply:
    """A turn's outcome as the API and the MCP tools return it."""
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
