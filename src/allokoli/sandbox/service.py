"""What the sandbox does with each Vapi request: validate, store, answer in Vapi's shapes.

Resources are returned as Vapi does: the stored body plus `id`, `orgId`, `createdAt`,
`updatedAt` (ISO 8601, milliseconds, `Z`). Chats are answered by the LLM when one is configured,
else by the deterministic receptionist; each conversation (a chat and the chats continuing it
through `previousChatId` or `sessionId`) is one `webCall`, whose server messages are returned as
`Delivery`s to send once the transaction has committed.

Every resource belongs to the organisation whose sandbox credential made the request (the
repository is scoped to it). Secrets in bodies are sealed at rest (`sealing`), and the sandbox
only ever delivers to the organisation's own AlloKoli webhook URL: any other `server.url` is
refused when the body is written, so that nothing can make the sandbox POST elsewhere (SSRF).
"""

from __future__ import annotations

import copy
import json
import logging
import uuid
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any, TypeVar
from zoneinfo import ZoneInfo

from pydantic import ValidationError

from allokoli.auth.webhook_secrets import configurator_webhook_url, webhook_url
from allokoli.contracts.vapi_messages import (
    Analysis,
    Artifact,
    AssistantRef,
    CallRef,
    EndOfCallReport,
    ServerMessage,
    StatusUpdate,
)
from allokoli.generation.vapi_models import CreateAssistantDTO, UpdateAssistantDTO, to_vapi_json
from allokoli.kit.clock import utcnow
from allokoli.kit.crypto import SecretBox
from allokoli.models import Organization
from allokoli.sandbox import inbound, receptionist, tool_calls
from allokoli.sandbox.errors import VapiBadRequest, VapiNotFound
from allokoli.sandbox.llm import llm_reply, system_messages
from allokoli.sandbox.models import (
    SandboxAssistant,
    SandboxCall,
    SandboxChat,
    SandboxCredential,
    SandboxPhoneNumber,
)
from allokoli.sandbox.repository import ListFilter, SandboxRepository, parse_id
from allokoli.sandbox.schemas import (
    CreateChatDTO,
    CreateTwilioPhoneNumberDTO,
    CreateVapiPhoneNumberDTO,
    CreateWebhookCredentialDTO,
    PhoneNumberCreate,
    UpdateTwilioPhoneNumberDTO,
    UpdateVapiPhoneNumberDTO,
    validate_body,
)
from allokoli.sandbox.sealing import redact, seal, unseal
from allokoli.sandbox.webhooks import Delivery, HttpClientSource
from allokoli.settings import Settings

log = logging.getLogger("allokoli.sandbox")

PARIS = ZoneInfo("Europe/Paris")
DEFAULT_SERVER_MESSAGES = frozenset({"status-update", "end-of-call-report"})


def iso(value: datetime) -> str:
    """Vapi's date format: `2026-11-25T09:30:00.000Z`."""
    return value.astimezone(UTC).isoformat(timespec="milliseconds").replace("+00:00", "Z")


def _millis(value: datetime) -> float:
    return round(value.timestamp() * 1000, 3)


Resource = SandboxAssistant | SandboxPhoneNumber | SandboxCall | SandboxChat | SandboxCredential
R = TypeVar("R", SandboxAssistant, SandboxPhoneNumber, SandboxCredential)


def render(
    row: Resource, body: Mapping[str, Any], *, fresh: bool = False, **extra: Any
) -> dict[str, Any]:
    """A resource as Vapi answers it: `body` (opened or redacted by the caller) plus ids.
    `fresh`: `body` is already a copy nobody else holds (no second deep copy)."""
    return {
        **(dict(body) if fresh else copy.deepcopy(dict(body))),
        **extra,
        "id": str(row.id),
        "orgId": str(row.organization_id),
        "createdAt": iso(row.created_at),
        "updatedAt": iso(row.updated_at),
    }


def server_urls(body: Any, path: str = "") -> list[tuple[str, str]]:
    """(path, url) of every `server.url` in a body: the assistant's, its tools', a number's."""
    found: list[tuple[str, str]] = []
    if isinstance(body, Mapping):
        for key, value in body.items():
            where = f"{path}.{key}" if path else str(key)
            if key == "server" and isinstance(value, Mapping) and "url" in value:
                found.append((f"{where}.url", str(value["url"])))
            found.extend(server_urls(value, where))
    elif isinstance(body, list):
        for index, item in enumerate(body):
            found.extend(server_urls(item, f"{path}.{index}" if path else str(index)))
    return found


#: Phone number fields a PATCH may set to `null` to remove them.
UNSETTABLE_PHONE_FIELDS = {"assistantId", "squadId", "workflowId", "fallbackDestination"}


@dataclass
class ChatResult:
    chat: dict[str, Any]
    deliveries: list[Delivery] = field(default_factory=list)


class SandboxService:
    def __init__(
        self,
        repo: SandboxRepository,
        settings: Settings,
        clock: Callable[[], datetime] = utcnow,
    ) -> None:
        self.repo = repo
        self.settings = settings
        self.clock = clock
        self.box = SecretBox(settings.secret_key.get_secret_value())
        self._webhook_url: str | None = None

    def now(self) -> datetime:
        """The clock at Vapi's precision (milliseconds), so `createdAt` filters are exact."""
        value = self.clock()
        return value.replace(microsecond=value.microsecond // 1000 * 1000)

    def _new(self, row: R) -> R:
        row.created_at = row.updated_at = self.now()
        return row

    def render(self, row: Resource, **extra: Any) -> dict[str, Any]:
        """What the account reads: the stored body with its secrets opened."""
        # `unseal` walks the body into new containers: no second copy is needed.
        return render(row, unseal(self.box, row.body), fresh=True, **extra)

    def opened(self, body: Mapping[str, Any]) -> dict[str, Any]:
        return dict(unseal(self.box, body))

    def sealed(self, body: Mapping[str, Any]) -> dict[str, Any]:
        return dict(seal(self.box, body))

    def webhook_url(self) -> str:
        """The only URL the sandbox delivers to: the organisation's AlloKoli webhook."""
        if self._webhook_url is None:
            org = self.repo.session.get(Organization, self.repo.organization_id)
            if org is None:  # pragma: no cover - the credential's organisation was just found
                raise VapiNotFound("Organization")
            self._webhook_url = webhook_url(self.settings, org)
        return self._webhook_url

    # --- assistants -------------------------------------------------------------------------

    def _check_references(self, body: Mapping[str, Any]) -> None:
        own = self.webhook_url()
        # Or the installation's configurator webhook (its assistant, `deploy.configurator`).
        allowed = {own, configurator_webhook_url(self.settings)}
        wrong = [path for path, url in server_urls(body) if url not in allowed]
        if wrong:
            raise VapiBadRequest(
                [
                    f"{path} must be {own}: the sandbox only delivers to AlloKoli's webhook"
                    for path in wrong
                ]
            )
        server = body.get("server")
        credential_id = server.get("credentialId") if isinstance(server, Mapping) else None
        if credential_id and self.repo.get(SandboxCredential, credential_id) is None:
            raise VapiBadRequest([f"server.credentialId {credential_id} does not exist"])

    def create_assistant(self, body: Any) -> dict[str, Any]:
        stored = to_vapi_json(validate_body(CreateAssistantDTO, body))
        self._check_references(stored)
        row = self.repo.add(
            self._new(
                SandboxAssistant(
                    organization_id=self.repo.organization_id, body=self.sealed(stored)
                )
            )
        )
        return self.render(row)

    def assistant(self, assistant_id: str) -> SandboxAssistant:
        row = self.repo.get(SandboxAssistant, assistant_id)
        if row is None:
            raise VapiNotFound("Assistant")
        return row

    def update_assistant(self, assistant_id: str, body: Any) -> dict[str, Any]:
        row = self.assistant(assistant_id)
        patch = to_vapi_json(validate_body(UpdateAssistantDTO, body))
        # Vapi replaces the top-level properties it is given; the result must still be valid.
        current = self.opened(row.body)
        merged = to_vapi_json(validate_body(CreateAssistantDTO, {**current, **patch}))
        self._check_references(merged)
        row.body = self.sealed(merged)
        row.updated_at = self.now()
        self.repo.session.flush()
        return self.render(row)

    def delete_assistant(self, assistant_id: str) -> dict[str, Any]:
        row = self.assistant(assistant_id)
        rendered = self.render(row)
        self.repo.delete(row)
        return rendered

    # --- phone numbers ----------------------------------------------------------------------

    def _check_assistant(self, assistant_id: str | None) -> None:
        if assistant_id and self.repo.get(SandboxAssistant, assistant_id) is None:
            raise VapiBadRequest([f"assistantId {assistant_id} does not exist"])

    def create_phone_number(self, body: Any) -> dict[str, Any]:
        dto: CreateTwilioPhoneNumberDTO | CreateVapiPhoneNumberDTO = validate_body(
            PhoneNumberCreate, body
        )
        stored = to_vapi_json(dto)
        self._check_assistant(dto.assistant_id)
        self._check_references(stored)
        if isinstance(dto, CreateTwilioPhoneNumberDTO):
            number = dto.number
            if self.repo.number_taken(number):
                raise VapiBadRequest([f"number {number} already exists in this account"])
        else:
            free = self.repo.free_demo_number()
            if free is None:
                raise VapiBadRequest(["no demo number left in the +33 1 99 00 range"])
            number = free
            stored["number"] = number
            stored.pop("numberDesiredAreaCode", None)
        row = self.repo.add(
            self._new(
                SandboxPhoneNumber(
                    organization_id=self.repo.organization_id,
                    provider=dto.provider,
                    number=number,
                    body=self.sealed(stored),
                )
            )
        )
        return self.render(row, status="active")

    def phone_number(self, phone_number_id: str) -> SandboxPhoneNumber:
        row = self.repo.get(SandboxPhoneNumber, phone_number_id)
        if row is None:
            raise VapiNotFound("Phone Number")
        return row

    def update_phone_number(self, phone_number_id: str, body: Any) -> dict[str, Any]:
        row = self.phone_number(phone_number_id)
        schema = (
            UpdateTwilioPhoneNumberDTO if row.provider == "twilio" else UpdateVapiPhoneNumberDTO
        )
        # As on Vapi, `null` unsets a routing field (a number detached from its assistant).
        unset: set[str] = set()
        if isinstance(body, Mapping):
            unset = {k for k in UNSETTABLE_PHONE_FIELDS if k in body and body[k] is None}
            body = {k: v for k, v in body.items() if k not in unset}
        dto: UpdateTwilioPhoneNumberDTO | UpdateVapiPhoneNumberDTO = validate_body(schema, body)
        patch = to_vapi_json(dto)
        self._check_assistant(dto.assistant_id)
        self._check_references(patch)
        number = patch.get("number", row.number)
        if number != row.number and self.repo.number_taken(number, exclude=row.id):
            raise VapiBadRequest([f"number {number} already exists in this account"])
        current = self.opened(row.body)
        row.body = self.sealed({k: v for k, v in {**current, **patch}.items() if k not in unset})
        row.number = number
        row.updated_at = self.now()
        self.repo.session.flush()
        return self.render(row, status="active")

    def delete_phone_number(self, phone_number_id: str) -> dict[str, Any]:
        row = self.phone_number(phone_number_id)
        rendered = self.render(row, status="active")
        self.repo.delete(row)
        return rendered

    def ring(self, body: Any) -> inbound.Ring:
        """An inbound call reaches one of the organisation's numbers: what the number says to do
        (`sandbox.inbound.route` then does it, outside this transaction)."""
        try:
            wanted = inbound.InboundCallIn.model_validate(body)
        except ValidationError as exc:
            raise VapiBadRequest(
                [
                    f"{'.'.join(str(p) for p in e['loc']) or 'body'}: {e['msg']}"
                    for e in exc.errors()
                ]
            ) from None
        row = self.phone_number(wanted.phone_number_id)
        number = self.opened(row.body)
        call = inbound.new_call(
            str(row.id),
            row.number,
            wanted.customer_number,
            str(self.repo.organization_id),
            iso(self.now()),
        )
        raw_server = number.get("server")
        server: Mapping[str, Any] = raw_server if isinstance(raw_server, Mapping) else {}
        url = server.get("url")
        if url and url != self.webhook_url():
            log.warning("sandbox assistant-request to a foreign URL skipped: %s", url)
            url = None
        plan: dict[str, Any] | None = None
        credential_id = server.get("credentialId")
        if credential_id:
            credential = self.repo.get(SandboxCredential, str(credential_id))
            plan = self.opened(credential.body)["authenticationPlan"] if credential else None
        headers = server.get("headers")
        timeout = server.get("timeoutSeconds")
        fallback = number.get("fallbackDestination")
        return inbound.Ring(
            call=call,
            assistant_id=number.get("assistantId"),
            url=str(url) if url else None,
            headers={str(k): str(v) for k, v in headers.items()}
            if isinstance(headers, Mapping)
            else {},
            plan=plan,
            timeout=float(timeout)
            if isinstance(timeout, int | float)
            else inbound.DEFAULT_TIMEOUT_SECONDS,
            fallback=dict(fallback) if isinstance(fallback, Mapping) else None,
        )

    # --- credentials ------------------------------------------------------------------------

    def create_credential(self, body: Any) -> dict[str, Any]:
        if isinstance(body, Mapping) and body.get("provider") != "webhook":
            raise VapiBadRequest(
                ["provider must be webhook (the only credential the sandbox plays)"]
            )
        plan = body.get("authenticationPlan") if isinstance(body, Mapping) else None
        if isinstance(plan, Mapping) and plan.get("type") == "oauth2":
            raise VapiBadRequest(["authenticationPlan.type oauth2 is not supported by the sandbox"])
        stored = to_vapi_json(validate_body(CreateWebhookCredentialDTO, body))
        row = self.repo.add(
            self._new(
                SandboxCredential(
                    organization_id=self.repo.organization_id,
                    provider="webhook",
                    body=self.sealed(stored),
                )
            )
        )
        return self.render(row, authenticationSession={})

    def credential(self, credential_id: str) -> SandboxCredential:
        row = self.repo.get(SandboxCredential, credential_id)
        if row is None:
            raise VapiNotFound("Credential")
        return row

    # --- calls ------------------------------------------------------------------------------

    def list_calls(
        self, flt: ListFilter, *, call_id: str | None, assistant_id: str | None
    ) -> list[dict[str, Any]]:
        ids = {"call_id": call_id, "assistant_id": assistant_id}
        parsed = {key: parse_id(value) for key, value in ids.items()}
        if any(value and parsed[key] is None for key, value in ids.items()):
            return []
        return [self.render(row) for row in self.repo.calls(flt, **parsed)]

    def end_idle_calls(self) -> list[Delivery]:
        """End the test calls idle for longer than the timeout (each with its end-of-call
        report), so that no listed call stays in progress forever."""
        now = self.now()
        deliveries: list[Delivery] = []
        for call in [c for c in self.repo.open_calls() if self._idle(c, now)]:
            chat = self.repo.latest_chat_of_call(call.id)
            self._time_out(call, chat.state if chat is not None and chat.state else {})
            assistant = self._call_assistant(call)
            if assistant is not None:
                payloads: list[StatusUpdate | EndOfCallReport] = [
                    self._status_update(call, assistant, "ended", now),
                    self._end_of_call_report(call, assistant, now),
                ]
                deliveries.extend(self._deliveries(assistant, payloads))
        self.repo.session.flush()
        return deliveries

    def _call_assistant(self, call: SandboxCall) -> dict[str, Any] | None:
        if call.assistant_id is not None:
            row = self.repo.get(SandboxAssistant, str(call.assistant_id))
            return self.opened(row.body) if row is not None else None
        inline = call.body.get("assistant")
        return self.opened(inline) if isinstance(inline, dict) else None

    def call(self, call_id: str) -> dict[str, Any]:
        row = self.repo.get(SandboxCall, call_id)
        if row is None:
            raise VapiNotFound("Call")
        return self.render(row)

    # --- chat -------------------------------------------------------------------------------

    def chat(self, body: Any, tools_http: HttpClientSource | None = None) -> ChatResult:
        """One chat turn. `tools_http`: how the receptionist calls the assistant's function
        tools (the booking tools) on AlloKoli's webhook; None: they answer that the planning
        cannot be reached."""
        dto: CreateChatDTO = validate_body(CreateChatDTO, body)
        if dto.previous_chat_id and dto.session_id:
            raise VapiBadRequest(["sessionId and previousChatId are mutually exclusive"])
        previous: SandboxChat | None = None
        if dto.previous_chat_id:
            previous = self.repo.get(SandboxChat, dto.previous_chat_id)
            if previous is None:
                raise VapiNotFound("Chat")
        elif dto.session_id:
            previous = self.repo.latest_chat_of_session(dto.session_id)
        assistant_row, assistant = self._chat_assistant(dto, previous)
        inputs = _input_messages(dto.input)
        utterance = next((m["content"] for m in reversed(inputs) if m["role"] == "user"), None)
        if utterance is None:
            raise VapiBadRequest(["input must contain a user message"])

        now = self.now()
        call = self.repo.get(SandboxCall, str(previous.call_id)) if previous else None
        state = previous.state if previous is not None and call is not None else None
        timed_out = call is not None and call.status != "ended" and self._idle(call, now)
        fresh = call is None or call.status == "ended" or timed_out
        new_call_id = uuid.uuid4()
        if fresh:
            greeting = self._greeting(assistant)
            history = [{"role": "assistant", "content": greeting}] if greeting else []
            turn_state = None
        else:
            assert call is not None
            history = [
                m for m in call.body["artifact"]["messagesOpenAIFormatted"] if m["role"] != "system"
            ]
            turn_state = state
        # Answered (tools called) before this transaction writes anything: see `tool_calls`.
        text, new_state, end, called = self._answer(
            assistant,
            turn_state,
            history,
            inputs,
            utterance,
            now,
            tools=_ToolRunner(
                self,
                assistant,
                tools_http,
                new_call_id if fresh or call is None else call.id,
                assistant_row.id if assistant_row is not None else None,
            ),
        )

        deliveries_payloads: list[StatusUpdate | EndOfCallReport] = []
        if timed_out and call is not None:
            self._time_out(call, state or {})
            deliveries_payloads.append(self._status_update(call, assistant, "ended", now))
            deliveries_payloads.append(self._end_of_call_report(call, assistant, now))
        if fresh:
            call = self._start_call(assistant_row, assistant, dto.name, now, new_call_id)
            state = None
            deliveries_payloads.append(self._status_update(call, assistant, "in-progress", now))
        assert call is not None
        self._record_turn(call, inputs, text, now)
        if end is not None:
            self._end_call(call, new_state, end, now)
            deliveries_payloads.append(self._status_update(call, assistant, "ended", now))
            deliveries_payloads.append(self._end_of_call_report(call, assistant, now))
        self.repo.session.flush()

        chat_body: dict[str, Any] = {
            key: value
            for key, value in {
                "assistantId": str(assistant_row.id) if assistant_row else None,
                "assistant": self.sealed(assistant) if assistant_row is None else None,
                "name": dto.name,
                "sessionId": dto.session_id,
                "previousChatId": dto.previous_chat_id,
                "input": body["input"],
                "messages": [*history, *inputs],
                "output": [
                    _output(
                        text,
                        new_state if end == "assistant-forwarded-call" else None,
                        [*called, *_saved_tool_calls(assistant, state, new_state)],
                    )
                ],
                "cost": 0,
                "costs": [],
            }.items()
            if value is not None
        }
        chat = self.repo.add(
            SandboxChat(
                created_at=now,
                updated_at=now,
                organization_id=self.repo.organization_id,
                call_id=call.id,
                assistant_id=assistant_row.id if assistant_row else None,
                previous_chat_id=previous.id if previous else None,
                session_id=dto.session_id,
                body=chat_body,
                state=new_state,
            )
        )
        return ChatResult(
            chat=self.render(chat), deliveries=self._deliveries(assistant, deliveries_payloads)
        )

    def chat_by_id(self, chat_id: str) -> dict[str, Any]:
        row = self.repo.get(SandboxChat, chat_id)
        if row is None:
            raise VapiNotFound("Chat")
        return self.render(row)

    def _chat_assistant(
        self, dto: CreateChatDTO, previous: SandboxChat | None
    ) -> tuple[SandboxAssistant | None, dict[str, Any]]:
        if dto.assistant_id:
            row = self.assistant(dto.assistant_id)
            return row, self.opened(row.body)
        if dto.assistant is not None:
            inline = to_vapi_json(dto.assistant)
            self._check_references(inline)
            return None, inline
        if previous is not None:
            if previous.assistant_id is not None:
                row = self.assistant(str(previous.assistant_id))
                return row, self.opened(row.body)
            inline_body = previous.body.get("assistant")
            if isinstance(inline_body, dict):
                return None, self.opened(inline_body)
        raise VapiBadRequest(
            ["Requires at least one of: assistantId/assistant, sessionId, or previousChatId"]
        )

    def _answer(
        self,
        assistant: Mapping[str, Any],
        state: Mapping[str, Any] | None,
        history: list[dict[str, str]],
        inputs: list[dict[str, str]],
        utterance: str,
        now: datetime,
        *,
        tools: _ToolRunner,
    ) -> tuple[
        str, dict[str, Any], receptionist.EndReason | None, list[tuple[str, dict[str, Any]]]
    ]:
        facts = receptionist.Facts.from_assistant(assistant)
        if self.settings.llm_base_url:
            if receptionist.is_goodbye(utterance):
                observed = receptionist.observe(state, utterance)
                return receptionist.goodbye_line(facts), observed, "customer-ended-call", []
            text = llm_reply(self.settings, assistant, [*history, *inputs])
            if text is not None:
                observed = receptionist.observe(state, utterance)
                phrases = assistant.get("endCallPhrases") or []
                folded = text.casefold()
                ends = any(str(p).casefold() in folded for p in phrases)
                return text, observed, "assistant-ended-call" if ends else None, []
        local = now.astimezone(PARIS)
        reply = receptionist.respond(facts, state, utterance, now=local)
        spoken = [reply.text]
        called: list[tuple[str, dict[str, Any]]] = []
        # A turn calls at most a few tools in a row (a check after a taken slot…).
        for _ in range(3):
            if reply.tool is None:
                break
            request = reply.tool
            called.append((request.name, dict(request.arguments)))
            answer = tools.call(request.name, dict(request.arguments), now)
            reply = receptionist.after_tool(
                facts, reply.state, request.name, answer.text, ok=answer.ok, now=local
            )
            spoken.append(reply.text)
        text = " ".join(part for part in spoken if part)
        return text, reply.state, reply.end, called

    def _greeting(self, assistant: Mapping[str, Any]) -> str | None:
        if assistant.get("firstMessageMode", "assistant-speaks-first") != "assistant-speaks-first":
            return None
        return receptionist.greeting(receptionist.Facts.from_assistant(assistant))

    def tool_target(self, assistant: Mapping[str, Any], name: str) -> tool_calls.ToolTarget | None:
        """Where the assistant's function tool `name` is called: its `server`, else the
        assistant's; None when it has none or it is not AlloKoli's webhook."""
        model = assistant.get("model")
        raw_tools = model.get("tools") if isinstance(model, Mapping) else None
        tool = next(
            (
                t
                for t in (raw_tools if isinstance(raw_tools, list) else [])
                if isinstance(t, Mapping)
                and isinstance(t.get("function"), Mapping)
                and t["function"].get("name") == name
            ),
            None,
        )
        if tool is None:
            return None
        server = tool.get("server") if isinstance(tool.get("server"), Mapping) else None
        if server is None:
            server = assistant.get("server")
        if not isinstance(server, Mapping) or not server.get("url"):
            return None
        url = str(server["url"])
        if url != self.webhook_url():
            log.warning("sandbox tool call to a foreign URL skipped: %s", url)
            return None
        plan: dict[str, Any] | None = None
        credential_id = server.get("credentialId")
        if credential_id:
            credential = self.repo.get(SandboxCredential, str(credential_id))
            plan = self.opened(credential.body)["authenticationPlan"] if credential else None
        headers = server.get("headers")
        extra = {str(k): str(v) for k, v in headers.items()} if isinstance(headers, Mapping) else {}
        return tool_calls.ToolTarget(url=url, headers=extra, plan=plan)

    # --- calls from chats -------------------------------------------------------------------

    def _start_call(
        self,
        assistant_row: SandboxAssistant | None,
        assistant: Mapping[str, Any],
        name: str | None,
        now: datetime,
        call_id: uuid.UUID | None = None,
    ) -> SandboxCall:
        openai_messages: list[dict[str, str]] = list(system_messages(assistant))
        messages: list[dict[str, Any]] = [
            {"role": "system", "message": m["content"], "time": _millis(now), "secondsFromStart": 0}
            for m in openai_messages
        ]
        if assistant.get("firstMessageMode", "assistant-speaks-first") == "assistant-speaks-first":
            first = receptionist.greeting(receptionist.Facts.from_assistant(assistant))
            messages.append(_bot(first, now, now))
            openai_messages.append({"role": "assistant", "content": first})
        body: dict[str, Any] = {
            "type": "webCall",
            "status": "in-progress",
            "startedAt": iso(now),
            "cost": 0,
            "costs": [],
            "messages": messages,
            "artifact": {
                "messages": copy.deepcopy(messages),
                "messagesOpenAIFormatted": openai_messages,
                "transcript": _transcript(messages),
            },
        }
        if assistant_row is not None:
            body["assistantId"] = str(assistant_row.id)
        else:
            body["assistant"] = self.sealed(assistant)
        if name:
            body["name"] = name
        return self.repo.add(
            SandboxCall(
                id=call_id or uuid.uuid4(),
                organization_id=self.repo.organization_id,
                assistant_id=assistant_row.id if assistant_row else None,
                status="in-progress",
                started_at=now,
                body=body,
                created_at=now,
                updated_at=now,
            )
        )

    def _record_turn(
        self, call: SandboxCall, inputs: list[dict[str, str]], reply: str, now: datetime
    ) -> None:
        # New containers for what changes only: the stored body holds the whole assistant (a
        # copy of which per turn was most of a turn's time); the rest is shared, never mutated.
        body = dict(call.body)
        messages: list[dict[str, Any]] = list(body["messages"])
        for message in inputs:
            if message["role"] == "user":
                messages.append(_user(message["content"], now, call.started_at))
        messages.append(_bot(reply, now, call.started_at))
        artifact = dict(body["artifact"])
        openai = list(artifact["messagesOpenAIFormatted"])
        openai.extend(dict(m) for m in inputs if m["role"] in ("user", "assistant"))
        openai.append({"role": "assistant", "content": reply})
        artifact["messagesOpenAIFormatted"] = openai
        artifact["messages"] = copy.deepcopy(messages)
        artifact["transcript"] = _transcript(messages)
        body["messages"] = messages
        body["artifact"] = artifact
        call.body = body
        call.updated_at = now

    def _end_call(
        self,
        call: SandboxCall,
        state: Mapping[str, Any],
        reason: receptionist.EndReason,
        now: datetime,
    ) -> None:
        body = dict(call.body)  # only top-level keys change
        body["status"] = "ended"
        body["endedAt"] = iso(now)
        body["endedReason"] = reason
        body["analysis"] = {
            "summary": receptionist.summary(state, reason),
            "structuredData": receptionist.structured_data(state),
        }
        call.body = body
        call.status = "ended"
        call.ended_at = now
        call.updated_at = now

    def _timed_out_at(self, call: SandboxCall) -> datetime:
        """When the call times out: its last message plus the idle timeout."""
        messages = call.body.get("messages") or []
        last = datetime.fromtimestamp(messages[-1]["time"] / 1000, UTC) if messages else None
        return (last or call.started_at) + timedelta(seconds=self.settings.test_call_idle_seconds)

    def _idle(self, call: SandboxCall, now: datetime) -> bool:
        return now >= self._timed_out_at(call)

    def _time_out(self, call: SandboxCall, state: Mapping[str, Any]) -> None:
        """End an idle test call as a real one ends on silence, at the moment it timed out."""
        ended = self._timed_out_at(call)
        self._end_call(call, state, "silence-timed-out", ended)

    def _status_update(
        self, call: SandboxCall, assistant: Mapping[str, Any], status: str, now: datetime
    ) -> StatusUpdate:
        return StatusUpdate(
            status=status,
            timestamp=_millis(now),
            call=self._outgoing(call),
            assistant=AssistantRef.model_validate(redact(dict(assistant))),
            ended_reason=call.body["endedReason"] if status == "ended" else None,
        )

    def _end_of_call_report(
        self, call: SandboxCall, assistant: Mapping[str, Any], now: datetime
    ) -> EndOfCallReport:
        body = call.body
        return EndOfCallReport(
            timestamp=_millis(now),
            ended_reason=body["endedReason"],
            call=self._outgoing(call),
            assistant=AssistantRef.model_validate(redact(dict(assistant))),
            artifact=Artifact.model_validate(copy.deepcopy(body["artifact"])),
            analysis=Analysis.model_validate(copy.deepcopy(body["analysis"])),
            started_at=body["startedAt"],
            ended_at=body["endedAt"],
            cost=0,
            costs=[],
        )

    def _outgoing(self, call: SandboxCall) -> CallRef:
        """A call as a server message carries it: no secret leaves the sandbox (the receiving
        end stores what it gets)."""
        return CallRef.model_validate(render(call, redact(call.body)))

    def _deliveries(
        self, assistant: Mapping[str, Any], payloads: list[StatusUpdate | EndOfCallReport]
    ) -> list[Delivery]:
        server = assistant.get("server")
        url = server.get("url") if isinstance(server, Mapping) else None
        if not payloads or not isinstance(server, Mapping) or not url:
            return []
        if url != self.webhook_url():
            # Refused when the body was written; checked again so that no stored body from
            # before that rule (or a changed public URL) makes the sandbox call elsewhere.
            log.warning("sandbox delivery to a foreign URL skipped: %s", url)
            return []
        allowed = assistant.get("serverMessages")
        wanted = set(allowed) if isinstance(allowed, list) else DEFAULT_SERVER_MESSAGES
        kept = [ServerMessage(message=p) for p in payloads if p.type in wanted]
        if not kept:
            return []
        plan: dict[str, Any] | None = None
        credential_id = server.get("credentialId")
        if credential_id:
            credential = self.repo.get(SandboxCredential, str(credential_id))
            plan = self.opened(credential.body)["authenticationPlan"] if credential else None
        headers = server.get("headers")
        extra = {str(k): str(v) for k, v in headers.items()} if isinstance(headers, Mapping) else {}
        return [Delivery(url=str(url), payloads=kept, headers=extra, plan=plan)]


def _output(
    text: str,
    transferred: Mapping[str, Any] | None,
    saved: list[tuple[str, dict[str, Any]]] | None = None,
) -> dict[str, Any]:
    """The reply, with its tool calls as Vapi's output carries them: a transfer's
    `transferCall`, and the message or appointment request the receptionist recorded."""
    message: dict[str, Any] = {"role": "assistant", "content": text}
    calls = [
        {"name": name, "arguments": json.dumps(arguments, ensure_ascii=False)}
        for name, arguments in saved or []
    ]
    transfer = transferred.get("transfer") if transferred is not None else None
    if isinstance(transfer, Mapping) and transfer.get("number"):
        arguments = json.dumps({"destination": str(transfer["number"])})
        calls.append({"name": "transferCall", "arguments": arguments})
    if calls:
        message["tool_calls"] = [
            {"id": f"call_{uuid.uuid4().hex[:24]}", "type": "function", "function": call}
            for call in calls
        ]
    return message


def _function_tools(assistant: Mapping[str, Any]) -> set[str]:
    model = assistant.get("model")
    tools = model.get("tools") if isinstance(model, Mapping) else None
    names: set[str] = set()
    for tool in tools if isinstance(tools, list) else []:
        function = tool.get("function") if isinstance(tool, Mapping) else None
        if isinstance(function, Mapping) and isinstance(function.get("name"), str):
            names.add(function["name"])
    return names


def _saved_tool_calls(
    assistant: Mapping[str, Any],
    before: Mapping[str, Any] | None,
    after: Mapping[str, Any],
) -> list[tuple[str, dict[str, Any]]]:
    """The function tools an assistant calls for what the receptionist recorded this turn (a
    message, an appointment request), with the arguments our tool schema names; only the tools
    the assistant has."""
    tools = _function_tools(assistant)
    old = before or {}
    calls: list[tuple[str, dict[str, Any]]] = []
    if "take_message" in tools:
        for item in after.get("messages", [])[len(old.get("messages", [])) :]:
            reason = str(item.get("reason") or "")
            urgent = reason.startswith("Urgence")
            calls.append(
                (
                    "take_message",
                    {
                        "nom_appelant": item.get("name") or "",
                        "telephone_rappel": item.get("phone") or "",
                        "motif": "urgence" if urgent else "rappel",
                        "message": reason,
                        "urgent": urgent,
                    },
                )
            )
    if "request_appointment" in tools:
        for item in after.get("appointments", [])[len(old.get("appointments", [])) :]:
            calls.append(
                (
                    "request_appointment",
                    {
                        "nom_appelant": item.get("name") or "",
                        "telephone_rappel": item.get("phone") or "",
                        "objet": item.get("service") or "",
                        "date_souhaitee": "",
                        "heure_souhaitee": item.get("preferredSlot") or "",
                        "nombre_personnes": item.get("partySize") or 1,
                        "commentaire": "",
                    },
                )
            )
    return calls


def _input_messages(value: str | list[Any]) -> list[dict[str, str]]:
    if isinstance(value, str):
        return [{"role": "user", "content": value}]
    return [{"role": m.role, "content": m.content} for m in value]


def _user(text: str, now: datetime, started: datetime) -> dict[str, Any]:
    return {
        "role": "user",
        "message": text,
        "time": _millis(now),
        "endTime": _millis(now),
        "secondsFromStart": round((now - started).total_seconds(), 3),
    }


def _bot(text: str, now: datetime, started: datetime) -> dict[str, Any]:
    return {
        "role": "bot",
        "message": text,
        "time": _millis(now),
        "endTime": _millis(now),
        "secondsFromStart": round((now - started).total_seconds(), 3),
    }


def _transcript(messages: list[dict[str, Any]]) -> str:
    """Vapi's transcript: one "AI: …" or "User: …" line per spoken message."""
    lines = []
    for message in messages:
        if message["role"] == "bot":
            lines.append(f"AI: {message['message']}")
        elif message["role"] == "user":
            lines.append(f"User: {message['message']}")
    return "\n".join(lines) + ("\n" if lines else "")


class _ToolRunner:
    """Calls the assistant's tools for the receptionist, during one chat turn."""

    def __init__(
        self,
        service: SandboxService,
        assistant: Mapping[str, Any],
        source: HttpClientSource | None,
        call_id: uuid.UUID,
        assistant_id: uuid.UUID | None,
    ) -> None:
        self.service = service
        self.assistant = assistant
        self.source = source
        self.call_id = str(call_id)
        self.assistant_id = str(assistant_id) if assistant_id is not None else None

    def call(self, name: str, arguments: dict[str, Any], now: datetime) -> tool_calls.ToolAnswer:
        target = self.service.tool_target(self.assistant, name)
        if target is None or self.source is None:
            return tool_calls.ToolAnswer(tool_calls.UNREACHABLE, ok=False)
        model = self.assistant.get("model")
        function = next(
            (
                dict(t["function"])
                for t in (model.get("tools") or [] if isinstance(model, Mapping) else [])
                if isinstance(t, Mapping)
                and isinstance(t.get("function"), Mapping)
                and t["function"].get("name") == name
            ),
            None,
        )
        call: dict[str, Any] = {
            "id": self.call_id,
            "orgId": str(self.service.repo.organization_id),
            "type": "webCall",
            "status": "in-progress",
        }
        if self.assistant_id:
            call["assistantId"] = self.assistant_id
        _, server_message = tool_calls.message(
            name, arguments, function, call, redact(dict(self.assistant))
        )
        return tool_calls.call_tool(self.source, target, server_message)
