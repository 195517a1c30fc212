"""A real SMTP server (aiosmtpd) on a free local port, Twilio mocked at its HTTP boundary, and
helpers to drive a call through the real webhook."""

from __future__ import annotations

import json
import logging
import socket
import threading
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from email import message_from_bytes, policy
from email.message import EmailMessage
from typing import Any

import pytest
from aiosmtpd.controller import Controller
from aiosmtpd.smtp import SMTP, Envelope, Session
from pydantic import SecretStr
from twilio.http import HttpClient
from twilio.http.response import Response as TwilioResponse

from allokoli.http.deps import AlloKoliApp
from allokoli.providers.vapi import METADATA_KEY
from tests.assistants.conftest import create
from tests.calls.conftest import OrgHook, org_hook
from tests.conftest import Account

SMS_FROM = "+33700000001"
WAIT_SECONDS = 30.0


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@dataclass
class Inbox:
    """What the SMTP server accepted; addresses containing « refuse » are refused (550)."""

    received: list[tuple[list[str], EmailMessage]] = field(default_factory=list)
    changed: threading.Condition = field(default_factory=threading.Condition)

    async def handle_RCPT(
        self, server: SMTP, session: Session, envelope: Envelope, address: str, options: list[str]
    ) -> str:
        if "refuse" in address:
            return "550 5.1.1 Adresse inconnue"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server: SMTP, session: Session, envelope: Envelope) -> str:
        raw = envelope.original_content or b""
        parsed = message_from_bytes(raw, policy=policy.default)
        assert isinstance(parsed, EmailMessage)
        with self.changed:
            self.received.append((list(envelope.rcpt_tos), parsed))
            self.changed.notify_all()
        return "250 Message accepted"

    def to(self, address: str) -> list[EmailMessage]:
        return [m for rcpt, m in self.received if address in rcpt]


@pytest.fixture
def smtp() -> Iterator[tuple[Inbox, int]]:
    inbox = Inbox()
    port = free_port()
    controller = Controller(inbox, hostname="127.0.0.1", port=port)
    controller.start()
    try:
        yield inbox, port
    finally:
        controller.stop()


class FakeTwilio(HttpClient):  # type: ignore[misc]
    """Twilio's Messages API at its HTTP boundary: records what was sent; numbers listed in
    `errors` get that Twilio error code."""

    def __init__(self) -> None:
        super().__init__(logger=logging.getLogger("tests.twilio"), is_async=False)
        self.sent: list[dict[str, Any]] = []
        self.errors: dict[str, tuple[int, int]] = {}
        self.lock = threading.Lock()

    def request(
        self,
        method: str,
        uri: str,
        params: Any = None,
        data: Any = None,
        headers: Any = None,
        auth: Any = None,
        timeout: Any = None,
        allow_redirects: bool = False,
    ) -> TwilioResponse:
        if uri.endswith("/Messages.json") and method == "POST":
            body = dict(data or {})
            to = body.get("To", "")
            if to in self.errors:
                status, code = self.errors[to]
                return TwilioResponse(
                    status, json.dumps({"code": code, "message": "refused", "status": status})
                )
            sid = f"SM{uuid.uuid4().hex}"
            with self.lock:
                self.sent.append({**body, "sid": sid})
            return TwilioResponse(201, json.dumps(_message(body, sid)))
        if uri.endswith("/Messages.json") and method == "GET":
            query = dict(params or {})
            found = [
                _message(m, m["sid"])
                for m in self.sent
                if m.get("To") == query.get("To") and m.get("From") == query.get("From")
            ]
            return TwilioResponse(200, json.dumps({"messages": found, "next_page_uri": None}))
        return TwilioResponse(404, json.dumps({"code": 20404, "message": "?", "status": 404}))

    def to(self, number: str) -> list[dict[str, Any]]:
        return [m for m in self.sent if m.get("To") == number]


def _message(body: dict[str, Any], sid: str) -> dict[str, Any]:
    return {
        "sid": sid,
        "to": body.get("To"),
        "from": body.get("From"),
        "body": body.get("Body"),
        "status": "queued",
    }


@pytest.fixture
def twilio(app: AlloKoliApp) -> FakeTwilio:
    fake = FakeTwilio()
    settings = app.services.settings
    settings.twilio_account_sid = "AC" + "0" * 32
    settings.twilio_auth_token = SecretStr("test-token")
    settings.twilio_sms_from = SMS_FROM
    app.services.twilio_http_client = fake
    return fake


@pytest.fixture
def mail(app: AlloKoliApp, smtp: tuple[Inbox, int]) -> Inbox:
    inbox, port = smtp
    app.services.settings.smtp_host = "127.0.0.1"
    app.services.settings.smtp_port = port
    return inbox


def settle(app: AlloKoliApp, done: Callable[[], bool], what: str) -> None:
    """Run the due outbox messages until `done` (the webhook's after-commit work may be running
    beside: a message it holds is not claimed twice); fail after WAIT_SECONDS."""
    event = threading.Event()
    for _ in range(int(WAIT_SECONDS * 20)):
        app.services.dispatcher.run_due()
        if done():
            return
        event.wait(0.05)
    raise AssertionError(f"not reached: {what}")


@dataclass
class Setup:
    app: AlloKoliApp
    acc: Account
    hook: OrgHook
    assistant_id: str


@pytest.fixture
def owner(app: AlloKoliApp, alice: Account, client: Any) -> Setup:
    assistant = create(alice)
    return Setup(app, alice, org_hook(app, alice), str(assistant["id"]))


def tool_call(setup: Setup, call_id: str, name: str, arguments: dict[str, Any]) -> dict[str, Any]:
    answer = setup.hook.post(
        {
            "type": "tool-calls",
            "call": {"id": call_id},
            "assistant": {"metadata": {METADATA_KEY: setup.assistant_id}},
            "toolCallList": [
                {"id": f"tc-{uuid.uuid4()}", "function": {"name": name, "arguments": arguments}}
            ],
        }
    )
    return dict(answer["results"][0])
