"""Every tool of a rehearsal is a dry run, not only the booking ones: take_message and
request_appointment check their arguments and answer the same words, but no message, request,
knowledge gap, outbox job or notification stays, and the rehearsal's chats are no calls of the
owner's. A real call's message is stored and notified; a forged or expired mark is a real call."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from fastapi.testclient import TestClient
from pydantic import SecretStr
from sqlalchemy import func, select

from allokoli.http.deps import AlloKoliApp
from allokoli.models import (
    Call,
    KnowledgeGap,
    KnowledgeGapAsk,
    NotificationDelivery,
    OutboxMessage,
    TakenMessage,
)
from allokoli.providers.vapi import METADATA_KEY, ChatReply, VapiGateway
from allokoli.rehearsal import dry_run
from tests.calls.conftest import OrgHook, org_hook
from tests.conftest import Account
from tests.notifications.conftest import FakeTwilio, settle
from tests.rehearsal.conftest import create_from_profile

pytestmark = pytest.mark.db

NOW = datetime(2026, 11, 25, 9, 0, tzinfo=UTC)  # a Wednesday, 10:00 in Paris
#: The tools whose calls store something for the owner (the booking ones: tests/bookings).
INBOX_TOOLS = ("take_message", "request_appointment")
OWNER_MOBILE = "+33698765432"
CALLER = "+33611223344"

MESSAGE: dict[str, Any] = {
    "nom_appelant": "Jean Dupont",
    "telephone_rappel": "06 11 22 33 44",
    "motif": "rappel",
    "message": "Merci de me rappeler pour un devis.",
    "urgent": True,
    "confirmation_sms": True,
    "question_sans_reponse": "Acceptez-vous les chèques vacances ?",
}
REQUEST: dict[str, Any] = {
    "nom_appelant": "Julie Moreau",
    "telephone_rappel": "06 12 34 56 78",
    "date_souhaitee": "2026-11-28",
    "heure_souhaitee": "le matin",
    "objet": "Coupe femme",
    "confirmation_sms": True,
    "reponse_inconnue": "Faites-vous les colorations végétales ?",
}


@pytest.fixture
def hooked(app: AlloKoliApp, client: TestClient, alice: Account) -> tuple[OrgHook, str]:
    app.services.clock = lambda: NOW
    assistant = create_from_profile(alice)
    return org_hook(app, alice), str(assistant["id"])


@pytest.fixture
def twilio(app: AlloKoliApp) -> FakeTwilio:
    """SMS at Twilio's HTTP boundary: what a notification would send, recorded."""
    fake = FakeTwilio()
    settings = app.services.settings
    settings.twilio_account_sid = "AC" + "0" * 32
    settings.twilio_auth_token = SecretStr("test-token")
    settings.twilio_sms_from = "+33700000001"
    app.services.twilio_http_client = fake
    return fake


def _secret(hook: OrgHook) -> str:
    return hook.app.services.settings.secret_key.get_secret_value()


def _metadata(hook: OrgHook, assistant_id: str, mark: str | None) -> dict[str, Any]:
    metadata: dict[str, Any] = {METADATA_KEY: assistant_id}
    if mark is not None:
        metadata[dry_run.METADATA_KEY] = mark
    return metadata


def _tool(
    hook: OrgHook,
    assistant_id: str,
    name: str,
    args: dict[str, Any],
    *,
    mark: str | None = None,
    call_id: str | None = None,
) -> dict[str, Any]:
    body = hook.post(
        {
            "type": "tool-calls",
            "call": {"id": call_id or f"call-{uuid.uuid4()}", "type": "webCall"},
            "assistant": {"metadata": _metadata(hook, assistant_id, mark)},
            "toolCallList": [
                {"id": f"tc-{uuid.uuid4()}", "function": {"name": name, "arguments": args}}
            ],
        }
    )
    result = dict(body["results"][0])
    result.pop("toolCallId", None)
    return result


def _report(hook: OrgHook, assistant_id: str, call_id: str, mark: str | None) -> None:
    """The call's status update and end-of-call report, as the provider sends them."""
    started = NOW - timedelta(minutes=5)
    call = {"id": call_id, "type": "webCall"}
    assistant = {"metadata": _metadata(hook, assistant_id, mark)}
    hook.post(
        {
            "type": "status-update",
            "status": "in-progress",
            "call": call,
            "assistant": assistant,
            "timestamp": int(started.timestamp() * 1000),
        }
    )
    hook.post(
        {
            "type": "end-of-call-report",
            "endedReason": "customer-ended-call",
            "call": call,
            "assistant": assistant,
            "customer": {"number": CALLER},
            "startedAt": started.isoformat().replace("+00:00", "Z"),
            "endedAt": NOW.isoformat().replace("+00:00", "Z"),
            "artifact": {"transcript": "AI: Bonjour.\nUser: Rappelez-moi pour un devis.\n"},
            "analysis": {
                "summary": "Le client demande à être rappelé pour un devis.",
                "structuredData": {
                    "questions_sans_reponse": ["Livrez-vous le dimanche ?"],
                },
            },
            "timestamp": int(NOW.timestamp() * 1000),
        }
    )


def _left(hook: OrgHook) -> dict[str, int]:
    """What a call leaves for the owner, counted in the database."""
    with hook.app.services.db.unit_of_work(tenant_id=hook.org_id) as s:

        def count(model: Any) -> int:
            query = select(func.count()).select_from(model)
            return int(s.scalar(query.where(model.organization_id == hook.org_id)) or 0)

        return {
            "calls": count(Call),
            "messages": count(TakenMessage),
            "gaps": count(KnowledgeGap),
            "gap_asks": count(KnowledgeGapAsk),
            "outbox": count(OutboxMessage),
            "deliveries": count(NotificationDelivery),
        }


NOTHING = {"calls": 0, "messages": 0, "gaps": 0, "gap_asks": 0, "outbox": 0, "deliveries": 0}


def _sms_only(hook: OrgHook, assistant_id: str) -> None:
    body = {"calls": "all", "email_enabled": False, "sms_enabled": True, "phones": [OWNER_MOBILE]}
    r = hook.acc.client.put(
        f"/api/v1/assistants/{assistant_id}/notifications", json=body, headers=hook.acc.auth
    )
    assert r.status_code == 200, r.text


class _ToolCallingChat:
    """The provider's chat as Vapi runs it: each message or appointment request the assistant
    takes in a turn is a `tool-calls` delivery to our webhook, with the assistant the chat was
    started with (its metadata, the rehearsal's mark included). The sandbox only reports them
    in the chat's output; this sends them, and keeps our webhook's answers."""

    def __init__(self, hook: OrgHook, monkeypatch: pytest.MonkeyPatch) -> None:
        self.hook = hook
        self.answers: list[tuple[str, dict[str, Any]]] = []
        self._conversations: dict[str, tuple[str, dict[str, Any]]] = {}
        original = VapiGateway.chat

        def chat(gateway: VapiGateway, text: str, **kwargs: Any) -> ChatReply:
            reply = original(gateway, text, **kwargs)
            self._forward(reply, text, kwargs)
            return reply

        monkeypatch.setattr(VapiGateway, "chat", chat)

    def _forward(self, reply: ChatReply, text: str, kwargs: dict[str, Any]) -> None:
        previous = kwargs.get("previous_chat_id")
        if previous is not None:
            conversation = self._conversations[previous]
        else:
            assistant = kwargs.get("assistant") or {}
            conversation = (f"call-{uuid.uuid4()}", dict(assistant.get("metadata") or {}))
        self._conversations[reply.chat_id] = conversation
        call_id, metadata = conversation
        for call in reply.tool_calls:
            if call.name not in INBOX_TOOLS:
                continue
            # What the caller asked that the assistant could not answer, reported with it.
            arguments = {**call.arguments, "question_sans_reponse": text}
            body = self.hook.post(
                {
                    "type": "tool-calls",
                    "call": {"id": call_id, "type": "webCall"},
                    "assistant": {"metadata": metadata},
                    "toolCallList": [
                        {
                            "id": f"tc-{uuid.uuid4()}",
                            "function": {"name": call.name, "arguments": arguments},
                        }
                    ],
                }
            )
            self.answers.append((call.name, dict(body["results"][0])))


@pytest.fixture
def vapi_tools(hooked: tuple[OrgHook, str], monkeypatch: pytest.MonkeyPatch) -> _ToolCallingChat:
    return _ToolCallingChat(hooked[0], monkeypatch)


def test_a_rehearsal_leaves_no_message_request_gap_call_or_job(
    hooked: tuple[OrgHook, str], vapi_tools: _ToolCallingChat, twilio: FakeTwilio
) -> None:
    hook, assistant_id = hooked
    _sms_only(hook, assistant_id)
    assert _left(hook) == NOTHING
    r = hook.acc.client.post(
        f"/api/v1/assistants/{assistant_id}/rehearsals", json={"runs": 2}, headers=hook.acc.auth
    )
    assert r.status_code == 201, r.text
    report = r.json()
    failures = {s["id"]: s["problems"] for s in report["scenarios"] if not s["passed"]}
    assert report["passed"], failures

    # Both tools were called on our webhook during the rehearsal, and answered as for real…
    names = {name for name, _ in vapi_tools.answers}
    assert names == set(INBOX_TOOLS)
    for name, answer in vapi_tools.answers:
        assert "error" not in answer or answer["error"] is None, answer
        expected = "C'est noté : le message" if name == "take_message" else "Votre demande"
        assert answer["result"].startswith(expected), answer
    # …but nothing stayed: no message, request, knowledge gap, call, outbox job or SMS.
    hook.app.services.dispatcher.run_due()
    assert _left(hook) == NOTHING
    assert twilio.sent == []
    client, auth = hook.acc.client, hook.acc.auth
    assert client.get("/api/v1/messages", headers=auth).json()["items"] == []
    assert client.get("/api/v1/calls", headers=auth).json()["items"] == []
    assert client.get("/api/v1/knowledge-gaps", headers=auth).json() == []


def test_dry_run_tools_answer_the_same_words_and_leave_nothing(
    hooked: tuple[OrgHook, str],
) -> None:
    hook, assistant_id = hooked
    mark = dry_run.mark(_secret(hook), hook.org_id, NOW)
    for name, args in (("take_message", MESSAGE), ("request_appointment", REQUEST)):
        before = _left(hook)
        dry = _tool(hook, assistant_id, name, args, mark=mark)
        assert dry.get("result"), dry
        # Refused for the same reason as for real: the arguments are checked alike.
        missing = {"nom_appelant": "", "telephone_rappel": ""}
        refused = _tool(hook, assistant_id, name, {**args, **missing}, mark=mark)
        assert refused.get("error"), refused
        assert _left(hook) == before
        real = _tool(hook, assistant_id, name, args)
        assert real == dry
        assert _tool(hook, assistant_id, name, {**args, **missing}) == refused
    left = _left(hook)
    assert left["messages"] == 2 and left["gaps"] == 2


def test_a_rehearsal_chat_is_no_call_and_notifies_nobody(
    hooked: tuple[OrgHook, str], twilio: FakeTwilio
) -> None:
    hook, assistant_id = hooked
    _sms_only(hook, assistant_id)
    mark = dry_run.mark(_secret(hook), hook.org_id, NOW)
    call_id = f"call-{uuid.uuid4()}"
    assert _tool(hook, assistant_id, "take_message", MESSAGE, mark=mark, call_id=call_id)["result"]
    _report(hook, assistant_id, call_id, mark)
    for _ in range(3):
        hook.app.services.dispatcher.run_due()
    assert _left(hook) == NOTHING
    assert twilio.sent == []


def test_a_real_calls_message_is_stored_and_notified(
    hooked: tuple[OrgHook, str], twilio: FakeTwilio
) -> None:
    hook, assistant_id = hooked
    _sms_only(hook, assistant_id)
    call_id = f"call-{uuid.uuid4()}"
    answer = _tool(hook, assistant_id, "take_message", MESSAGE, call_id=call_id)
    assert answer["result"].startswith("C'est noté : le message de Jean Dupont")
    _report(hook, assistant_id, call_id, None)
    settle(
        hook.app,
        lambda: len(twilio.to(OWNER_MOBILE)) == 1 and len(twilio.to(CALLER)) == 1,
        "the owner's SMS and the caller's confirmation",
    )
    left = _left(hook)
    assert left["calls"] == 1 and left["messages"] == 1 and left["deliveries"] >= 2
    assert left["gaps"] == 2  # the tool's question and the report's
    items = hook.acc.client.get("/api/v1/messages", headers=hook.acc.auth).json()["items"]
    assert [(m["caller_name"], m["urgent"]) for m in items] == [("Jean Dupont", True)]


def _forged_marks(secret: str, org_id: uuid.UUID) -> Iterator[tuple[str, str]]:
    yield "no signature", "oui"
    yield "another key", dry_run.mark("x" * 40, org_id, NOW)
    yield "another organisation", dry_run.mark(secret, uuid.uuid4(), NOW)
    yield "expired", dry_run.mark(secret, org_id, NOW - dry_run.LIFETIME - timedelta(minutes=1))
    nonce, expires, signature = dry_run.mark(secret, org_id, NOW - timedelta(hours=2)).split(".")
    yield "extended", f"{nonce}.{int(expires) + 7200}.{signature}"


def test_a_forged_or_expired_mark_is_a_real_call(hooked: tuple[OrgHook, str]) -> None:
    hook, assistant_id = hooked
    marks = list(_forged_marks(_secret(hook), hook.org_id))
    for index, (why, mark) in enumerate(marks, start=1):
        call_id = f"call-{uuid.uuid4()}"
        answer = _tool(hook, assistant_id, "take_message", MESSAGE, mark=mark, call_id=call_id)
        assert answer["result"].startswith("C'est noté"), why
        request = _tool(hook, assistant_id, "request_appointment", REQUEST, mark=mark)
        assert request["result"].startswith("Votre demande"), why
        _report(hook, assistant_id, call_id, mark)
        left = _left(hook)
        assert left["messages"] == 2 * index, why
        assert left["calls"] == index, why
        assert left["gaps"] >= 1 and left["outbox"] >= index, why
