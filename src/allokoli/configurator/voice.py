"""The configurator's voice channel: Vapi tool calls driving the same engine and session.

The configurator assistant (`voice_assistant`) only relays: each thing the owner says is sent
to `configurator_answer`, and what the engine replies comes back as the tool's result, with its
numbers and times in French words, for the assistant to say as is. `configurator_recap` reads
the pending question or the recap again; `configurator_confirm` validates the recap (the same
« oui » the text chat sends). Every call is checked against the session token the call carries
(`voice_token`): a forged, expired or foreign token gets a spoken refusal and nothing is written.
The text chat and the voice call share one `ConfiguratorSession`, so the owner can switch at any
time; both record their turns in the same transcript.
"""

from __future__ import annotations

import json
import logging
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from allokoli.auth.principal import Principal
from allokoli.configurator import service
from allokoli.configurator.llm import LLMExtractor
from allokoli.configurator.repository import SessionRepository
from allokoli.configurator.state import ConfiguratorState, Reply, Stage
from allokoli.configurator.voice_token import (
    NO_USER,
    VARIABLE,
    InvalidVoiceToken,
    VoiceBinding,
    verify,
)
from allokoli.db.session import Database
from allokoli.generation.prompt.spoken import speak_text
from allokoli.kit.errors import AppError

log = logging.getLogger("allokoli.configurator.voice")

ANSWER = "configurator_answer"
RECAP = "configurator_recap"
CONFIRM = "configurator_confirm"
TOOLS = (ANSWER, RECAP, CONFIRM)

REFUSED = (
    "Je ne peux rien enregistrer : cette session vocale n'est pas valable ou a expiré. "
    "Rouvrez la page de configuration et appuyez de nouveau sur « Parler au lieu d'écrire »."
)
FINISHED = "Cette configuration est déjà terminée : votre assistant a été créé."
NOT_AT_RECAP = "Il reste une question avant le récapitulatif : "
UNKNOWN_TOOL = "Je n'ai pas compris cette demande. "
FAILED = "Je n'ai pas pu enregistrer cette réponse. Pouvez-vous la redire ?"


@dataclass(frozen=True)
class ToolResult:
    tool_call_id: str
    name: str
    result: str

    def wire(self) -> dict[str, str]:
        return {"toolCallId": self.tool_call_id, "name": self.name, "result": self.result}


@dataclass(frozen=True)
class VoiceEvent:
    """What a live page is told after a voice turn: the words and the profile so far."""

    session_id: uuid.UUID
    organization_id: uuid.UUID
    owner: str | None
    reply: str
    profile: dict[str, Any]
    state: dict[str, Any]
    progress: int
    done: bool
    assistant_id: uuid.UUID | None = None


@dataclass
class VoiceRelay:
    """Answers the configurator assistant's tool calls (one instance per app)."""

    db: Database
    secret: str
    clock: Callable[[], datetime]
    llm: LLMExtractor | None = None
    listeners: list[Callable[[VoiceEvent], None]] = field(default_factory=list)

    def handle(self, body: Any) -> dict[str, Any]:
        """A `tool-calls` delivery → Vapi's `{"results": [...]}`, one result per call."""
        message = body.get("message") if isinstance(body, dict) else None
        if not isinstance(message, dict) or message.get("type") != "tool-calls":
            return {}
        calls = _tool_calls(message)
        try:
            binding = verify(self.secret, session_token(message), now=self.clock())
        except InvalidVoiceToken as exc:
            log.warning("configurator voice token refused (%s)", exc)
            return {"results": [ToolResult(i, n, REFUSED).wire() for i, n, _ in calls]}
        return {"results": [self._one(binding, *call).wire() for call in calls]}

    def _one(
        self, binding: VoiceBinding, call_id: str, name: str, args: dict[str, Any]
    ) -> ToolResult:
        user = None if binding.user_id == NO_USER else binding.user_id
        principal = Principal(organization_id=binding.organization_id, user_id=user)
        try:
            with self.db.unit_of_work(binding.organization_id, write=True) as session:
                conv = SessionRepository(session, principal.tenant).get(binding.session_id)
                if conv.user_id != user:
                    return ToolResult(call_id, name, REFUSED)
                if conv.done:
                    return ToolResult(call_id, name, FINISHED)
                state = ConfiguratorState.model_validate(conv.state)
                if name == RECAP:
                    return ToolResult(call_id, name, _spoken(service.current_reply(conv)))
                if name == CONFIRM and state.stage is not Stage.RECAP:
                    said = NOT_AT_RECAP + _spoken(service.current_reply(conv))
                    return ToolResult(call_id, name, said)
                if name not in (ANSWER, CONFIRM):
                    return ToolResult(
                        call_id, name, UNKNOWN_TOOL + _spoken(service.current_reply(conv))
                    )
                text = "oui" if name == CONFIRM else str(args.get("text") or "")
                outcome = service.reply(session, principal, conv.id, text, llm=self.llm)
                event = VoiceEvent(
                    session_id=conv.id,
                    organization_id=binding.organization_id,
                    owner=text,
                    reply=outcome.reply.text,
                    profile=ConfiguratorState.model_validate(conv.state).profile,
                    state=dict(conv.state),
                    progress=outcome.reply.progress,
                    done=outcome.reply.done,
                    assistant_id=conv.assistant_id,
                )
            for listener in self.listeners:
                listener(event)
            return ToolResult(call_id, name, _spoken(outcome.reply))
        except AppError as exc:
            log.info("configurator voice call refused: %s", exc)
            return ToolResult(call_id, name, REFUSED)


def _spoken(reply: Reply) -> str:
    """What the assistant says: the engine's words on one line, numbers in French words; the
    recap's « - Nom : X » lines become sentences (a dash is not read aloud)."""
    sentences: list[str] = []
    for line in speak_text(reply.text).splitlines():
        line = " ".join(line.removeprefix("- ").split())
        if line:
            sentences.append(line if line[-1] in ".?!:;" else f"{line}.")
    return " ".join(sentences)


def session_token(message: dict[str, Any]) -> object:
    """The session token a tool-call delivery carries (call overrides, else the assistant's)."""
    call = message.get("call")
    if isinstance(call, dict):
        overrides = call.get("assistantOverrides")
        if isinstance(overrides, dict):
            values = overrides.get("variableValues")
            if isinstance(values, dict) and VARIABLE in values:
                return values[VARIABLE]
            meta = overrides.get("metadata")
            if isinstance(meta, dict) and VARIABLE in meta:
                return meta[VARIABLE]
    assistant = message.get("assistant")
    if isinstance(assistant, dict) and isinstance(assistant.get("metadata"), dict):
        return assistant["metadata"].get(VARIABLE)
    return None


def _tool_calls(message: dict[str, Any]) -> list[tuple[str, str, dict[str, Any]]]:
    raw = message.get("toolCallList")
    if not isinstance(raw, list):
        raw = [
            item.get("toolCall")
            for item in message.get("toolWithToolCallList") or []
            if isinstance(item, dict)
        ]
    out: list[tuple[str, str, dict[str, Any]]] = []
    for item in raw:
        if not isinstance(item, dict) or not item.get("id"):
            continue
        inner = item.get("function")
        function: dict[str, Any] = inner if isinstance(inner, dict) else item
        args = function.get("arguments")
        if isinstance(args, str):
            try:
                args = json.loads(args[:20_000])
            except ValueError:
                args = {}
        out.append(
            (
                str(item["id"]),
                str(function.get("name") or ""),
                args if isinstance(args, dict) else {},
            )
        )
    return out
