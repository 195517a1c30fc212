"""Reconciliation against the sandbox: a call whose end-of-call-report never arrived is filled in
from the provider's call list, through the same path as the webhook."""

from __future__ import annotations

import json
import time
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import httpx
import pytest
from fastapi.testclient import TestClient
from typer.testing import CliRunner

from allokoli.cli import app as cli
from allokoli.cli import calls as calls_cli
from allokoli.cli import common as cli_common
from allokoli.http.deps import AlloKoliApp
from allokoli.services import Services
from allokoli.settings import Settings
from allokoli.webhooks.auth import sign
from tests.assistants.conftest import create, deploy
from tests.calls.conftest import org_hook
from tests.conftest import Account, DbUrls

MESSAGE_CALL = [
    "Bonjour, je voudrais laisser un message",
    "Paul Martin",
    "06 12 34 56 78",
    "c'est pour une privatisation de la salle",
    "oui",
    "non merci, au revoir",
]


def _lose_reports(app: AlloKoliApp) -> list[httpx.Request]:
    """The sandbox's webhook deliveries go nowhere (as when our server was down)."""
    lost: list[httpx.Request] = []

    def drop(request: httpx.Request) -> httpx.Response:
        lost.append(request)
        return httpx.Response(503)

    app.services.sandbox_http_client = httpx.Client(transport=httpx.MockTransport(drop))
    return lost


def _talk(acc: Account, assistant_id: str, lines: list[str]) -> str:
    chat_id = None
    for line in lines:
        r = acc.client.post(
            f"/api/v1/assistants/{assistant_id}/chat",
            json={"text": line, "chat_id": chat_id},
            headers=acc.auth,
        )
        assert r.status_code == 200, r.text
        chat_id = str(r.json()["chat_id"])
    assert chat_id
    return chat_id


def _calls(acc: Account) -> list[dict[str, Any]]:
    return list(acc.client.get("/api/v1/calls", headers=acc.auth).json()["items"])


def test_reconcile_fills_in_a_lost_report(
    app: AlloKoliApp, client: TestClient, alice: Account
) -> None:
    assistant = create(alice)
    deploy(app, alice, assistant["id"])
    lost = _lose_reports(app)
    _talk(alice, assistant["id"], MESSAGE_CALL)
    assert [json.loads(r.content)["message"]["type"] for r in lost][-1] == "end-of-call-report"
    assert _calls(alice) == []

    result = app.services.reconciler.run()
    assert len(result.filled) == 1 and result.ours == 1 and result.failed == 0
    (call,) = _calls(alice)
    assert call["provider_call_id"] == result.filled[0]
    assert call["assistant_id"] == assistant["id"] and call["status"] == "ended"
    assert call["ended_reason"] == "customer-ended-call"
    detail = alice.client.get(f"/api/v1/calls/{call['id']}", headers=alice.auth).json()
    assert (
        "Paul Martin" in detail["transcript"] and detail["conversation"][0]["role"] == "assistant"
    )
    assert "Message laissé par Paul Martin" in detail["summary"]
    (message,) = detail["taken_messages"]
    assert (message["caller_name"], message["callback_number"]) == ("Paul Martin", "+33612345678")

    # Idempotent: a second pass changes nothing; the late real report is absorbed.
    assert app.services.reconciler.run().filled == []
    report = json.loads(lost[-1].content)
    hook = org_hook(app, alice)
    body = json.dumps(report).encode()
    headers = {"content-type": "application/json", **sign(body, hook.secret, int(time.time()))}
    r = client.post(hook.url, content=body, headers=headers)
    assert r.json() == {"status": "duplicate"}
    assert len(_calls(alice)) == 1
    events = alice.client.get("/api/v1/webhook-events", headers=alice.auth).json()["items"]
    assert [e["type"] for e in events] == ["end-of-call-report"]


def test_reconcile_finds_draft_tests_by_metadata_and_respects_org(
    app: AlloKoliApp, client: TestClient, alice: Account, bob: Account
) -> None:
    draft = create(alice)  # not deployed: the chat sends the config inline, with our metadata
    _lose_reports(app)
    _talk(alice, draft["id"], ["Vous êtes ouverts le mardi ?", "merci, au revoir"])
    bob_org = org_hook(app, bob).org_id
    assert app.services.reconciler.run(org_id=bob_org).ours == 0
    assert _calls(alice) == []
    result = app.services.reconciler.run(org_id=org_hook(app, alice).org_id)
    assert len(result.filled) == 1
    (call,) = _calls(alice)
    assert call["assistant_id"] == draft["id"]
    assert _calls(bob) == []


def test_unended_and_foreign_calls_are_left_alone(
    app: AlloKoliApp, client: TestClient, alice: Account
) -> None:
    assistant = create(alice)
    deploy(app, alice, assistant["id"])
    _lose_reports(app)
    _talk(alice, assistant["id"], ["Bonjour"])  # still in progress
    result = app.services.reconciler.run()
    assert result.listed == 1 and result.ours == 0 and result.filled == []


@pytest.fixture
def cli_env(db_urls: DbUrls, monkeypatch: pytest.MonkeyPatch, app: AlloKoliApp) -> None:
    monkeypatch.setenv("ALLOKOLI_DATABASE_URL", db_urls.app)
    monkeypatch.setenv("ALLOKOLI_ENV", "test")
    monkeypatch.setenv("ALLOKOLI_SECRET_KEY", app.services.settings.secret_key.get_secret_value())
    opened = cli_common.open_services

    @contextmanager
    def in_process(settings: Settings) -> Iterator[Services]:
        # The command's own services, but its Vapi calls go to the test app's sandbox.
        with opened(settings) as services:
            services.vapi_http_client = app.services.vapi_http_client
            yield services

    monkeypatch.setattr(calls_cli, "open_services", in_process)


def test_reconcile_command(
    app: AlloKoliApp, client: TestClient, alice: Account, cli_env: None
) -> None:
    assistant = create(alice)
    deploy(app, alice, assistant["id"])
    _lose_reports(app)
    _talk(alice, assistant["id"], MESSAGE_CALL)
    r = CliRunner().invoke(cli, ["calls", "reconcile", "--org", str(org_hook(app, alice).org_id)])
    assert r.exit_code == 0, r.output
    assert "1 complété(s)" in r.output and len(_calls(alice)) == 1
    r = CliRunner().invoke(cli, ["calls", "reconcile", "--org", "nope"])
    assert r.exit_code == 2
