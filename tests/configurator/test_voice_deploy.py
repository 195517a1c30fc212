"""The configurator's own Vapi assistant: deployed once per installation and voice setting,
kept in sync, retried without duplicates; its webhook needs the credential it was deployed with.

Vapi is the sandbox's REST API, reached at the HTTP boundary with a key (an organisation's
sandbox credential stands in for the installation's Vapi key)."""

from __future__ import annotations

import uuid
from collections.abc import Callable, Iterator
from datetime import datetime
from typing import Any

import httpx
import pytest
from fastapi.testclient import TestClient
from pydantic import SecretStr
from sqlalchemy import select

from allokoli.auth.webhook_secrets import configurator_session_secret, configurator_webhook_secret
from allokoli.configurator.voice import ANSWER, REFUSED
from allokoli.configurator.voice_token import VARIABLE
from allokoli.deploy import outbox
from allokoli.deploy.configurator import ACTIVE, ERROR, PENDING
from allokoli.http.deps import AlloKoliApp
from allokoli.kit.clock import utcnow
from allokoli.models import ConfiguratorDeployment
from allokoli.providers.vapi import METADATA_KEY, SANDBOX_PATH
from tests import vapi_schema
from tests.conftest import Account, InProcessTransport, sandbox_auth

HOOK = "/webhooks/vapi/configurator"


@pytest.fixture
def vapi(app: AlloKoliApp, client: TestClient, alice: Account) -> Iterator[dict[str, str]]:
    """Switch the app to « a Vapi key »: the sandbox's API stands in for Vapi."""
    settings = app.services.settings
    auth = sandbox_auth(app, alice.org_id)
    saved = settings.vapi_api_key, settings.vapi_base_url
    settings.vapi_api_key = SecretStr(auth["Authorization"].removeprefix("Bearer "))
    settings.vapi_base_url = "http://testserver" + SANDBOX_PATH
    yield auth
    settings.vapi_api_key, settings.vapi_base_url = saved


def _assistants(alice: Account, auth: dict[str, str]) -> list[dict[str, Any]]:
    r = alice.client.get(f"{SANDBOX_PATH}/assistant", headers=auth)
    assert r.status_code == 200, r.text
    return [a for a in r.json() if (a.get("metadata") or {}).get("allokoli_role") == "configurator"]


def _row(app: AlloKoliApp, voice: str = "féminine") -> ConfiguratorDeployment:
    with app.services.db.unit_of_work() as session:
        row = session.scalar(
            select(ConfiguratorDeployment).where(ConfiguratorDeployment.voice == voice)
        )
        assert row is not None
        session.expunge(row)
        return row


def _later(app: AlloKoliApp, when: datetime) -> None:
    app.services.clock = lambda: when


def _start_voice(alice: Account) -> dict[str, Any]:
    sid = alice.client.post("/api/v1/configurator/sessions", headers=alice.auth).json()["id"]
    r = alice.client.post(f"/api/v1/configurator/sessions/{sid}/voice", headers=alice.auth)
    assert r.status_code == 200, r.text
    return dict(r.json()) | {"sid": sid}


def test_deployed_once_then_the_session_uses_its_id(
    app: AlloKoliApp, alice: Account, vapi: dict[str, str]
) -> None:
    deployer = app.services.configurator_deployer
    deployer.start()
    row = _row(app)
    assert row.status == ACTIVE and row.provider_id and row.pushed_hash == row.wanted_hash
    deployer.start()  # a restart with the same config pushes nothing
    deployer.tick()
    found = _assistants(alice, vapi)
    assert [a["id"] for a in found] == [row.provider_id]
    pushed = found[0]
    assert pushed["metadata"][METADATA_KEY] == str(row.id)
    secret = configurator_webhook_secret(app.services.settings)
    assert pushed["server"]["headers"]["X-Vapi-Secret"] == secret
    assert all(t["server"]["headers"]["X-Vapi-Secret"] == secret for t in pushed["model"]["tools"])
    body = {k: v for k, v in pushed.items() if k not in {"id", "orgId", "createdAt", "updatedAt"}}
    assert vapi_schema.errors(body, strict=True) == []

    start = _start_voice(alice)
    assert start["assistant_id"] == row.provider_id and start["assistant"] is None
    token = start["assistant_overrides"]["variableValues"][VARIABLE]
    # The browser never sees the installation's secret.
    assert secret not in str(start)
    said = _call(alice, token, {"X-Vapi-Secret": secret}, "Je suis fleuriste à Laval")
    assert said and said != REFUSED


def test_a_new_config_updates_the_same_assistant_and_a_new_voice_gets_its_own(
    app: AlloKoliApp, alice: Account, vapi: dict[str, str]
) -> None:
    deployer = app.services.configurator_deployer
    deployer.start()
    first = _row(app)
    settings = app.services.settings
    settings.public_url = "https://allokoli.example"  # another config: another hash
    deployer.tick()
    updated = _row(app)
    assert updated.provider_id == first.provider_id and updated.status == ACTIVE
    assert updated.pushed_hash != first.pushed_hash
    [assistant] = _assistants(alice, vapi)
    assert assistant["server"]["url"] == f"https://allokoli.example{HOOK}"
    # Until the new config is pushed, a session gets it inline, not the stale assistant.
    settings.public_url = "https://autre.example"
    start = _start_voice(alice)
    assert start["assistant_id"] is None and start["assistant"]["server"]["url"].startswith(
        "https://autre.example"
    )
    assert _row(app).status == ACTIVE  # pushed right after the session's commit
    assert _start_voice(alice)["assistant_id"] == first.provider_id
    settings.configurator_voice = "masculine"
    try:
        deployer.tick()
        male = _row(app, "masculine")
        assert male.status == ACTIVE and male.provider_id != first.provider_id
        assert len(_assistants(alice, vapi)) == 2
    finally:
        settings.configurator_voice = "féminine"


class LostAnswers(InProcessTransport):
    """Vapi does the work, then the answer is lost (a timeout) for the first `lose` creates;
    `down` answers 503 to every request."""

    def __init__(self, client: TestClient, lose: int = 0, down: bool = False) -> None:
        super().__init__(client)
        self.lose = lose
        self.down = down
        self.creates = 0

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        if self.down:
            return httpx.Response(503, json={"message": "Service Unavailable"})
        response = super().handle_request(request)
        if request.method == "POST" and request.url.path.endswith("/assistant"):
            self.creates += 1
            if self.lose:
                self.lose -= 1
                raise httpx.ReadTimeout("answer lost", request=request)
        return response


def _faulty(app: AlloKoliApp, client: TestClient, **kwargs: Any) -> Callable[[], None]:
    transport = LostAnswers(client, **kwargs)
    saved = app.services.vapi_http_client
    app.services.vapi_http_client = httpx.Client(transport=transport, base_url="http://testserver")
    return lambda: setattr(app.services, "vapi_http_client", saved)


def test_a_retried_push_whose_answer_was_lost_creates_one_assistant(
    app: AlloKoliApp, client: TestClient, alice: Account, vapi: dict[str, str]
) -> None:
    restore = _faulty(app, client, lose=2)
    now = utcnow()
    _later(app, now)
    deployer = app.services.configurator_deployer
    deployer.start()
    row = _row(app)
    assert row.status == PENDING and row.attempts == 1 and row.provider_id is None
    assert row.status_reason and "tentative 1" in row.status_reason
    assert len(_assistants(alice, vapi)) == 1  # created, though we never heard back
    assert deployer.run() is None  # not due yet: the backoff
    _later(app, row.next_attempt_at)
    deployer.tick()
    restore()
    row = _row(app)
    found = _assistants(alice, vapi)
    assert row.status == ACTIVE and [a["id"] for a in found] == [row.provider_id]
    assert row.attempts == 0 and row.push_sent_first_at is None


def test_a_push_is_given_up_after_the_outbox_attempts_then_retried_at_start_up(
    app: AlloKoliApp, client: TestClient, alice: Account, vapi: dict[str, str]
) -> None:
    restore = _faulty(app, client, down=True)
    when = utcnow()
    _later(app, when)
    deployer = app.services.configurator_deployer
    deployer.start()
    for _ in range(outbox.MAX_ATTEMPTS):
        row = _row(app)
        if row.status == ERROR:
            break
        when = row.next_attempt_at
        _later(app, when)
        deployer.tick()
    row = _row(app)
    assert row.status == ERROR and row.attempts == outbox.MAX_ATTEMPTS
    assert row.status_reason and "Abandon après 8 tentatives" in row.status_reason
    deployer.tick()  # given up: the periodic job leaves it
    assert _row(app).attempts == outbox.MAX_ATTEMPTS
    # Meanwhile sessions still start, inline.
    assert _start_voice(alice)["assistant"] is not None
    restore()
    deployer.start()  # a restart gives it another round
    assert _row(app).status == ACTIVE and len(_assistants(alice, vapi)) == 1


def _call(acc: Account, token: str, headers: dict[str, str], text: str) -> str | None:
    message = {
        "type": "tool-calls",
        "call": {
            "id": "c1",
            "type": "webCall",
            "assistantOverrides": {"variableValues": {VARIABLE: token}},
        },
        "toolCallList": [
            {
                "id": uuid.uuid4().hex,
                "type": "function",
                "function": {"name": ANSWER, "arguments": {"text": text}},
            }
        ],
    }
    r = acc.client.post(HOOK, json={"message": message}, headers=headers)
    if r.status_code == 401:
        assert r.json()["error"] == "Unauthorized"
        return None
    assert r.status_code == 200, r.text
    return str(r.json()["results"][0]["result"])


def _turns(acc: Account, sid: str) -> list[Any]:
    detail = acc.client.get(f"/api/v1/configurator/sessions/{sid}", headers=acc.auth).json()
    return list(detail["transcript"])


def test_the_webhook_refuses_a_call_without_the_credential(
    app: AlloKoliApp, alice: Account
) -> None:
    start = _start_voice(alice)
    sid, token = start["sid"], start["assistant_overrides"]["variableValues"][VARIABLE]
    before = _turns(alice, sid)
    settings = app.services.settings
    # A valid session token is not enough: no credential, a wrong one, another session's.
    other = _start_voice(alice)["assistant_overrides"]["variableValues"][VARIABLE]
    for headers in (
        {},
        {"X-Vapi-Secret": "devine"},
        {"Authorization": "Bearer devine"},
        {"X-Vapi-Secret": configurator_session_secret(settings, other)},
    ):
        assert _call(alice, token, headers, "Je suis fleuriste à Laval") is None
    assert _turns(alice, sid) == before
    # The inline assistant carries its session's own secret; the deployed one the installation's.
    inline = start["assistant"]["server"]["headers"]["X-Vapi-Secret"]
    assert inline == configurator_session_secret(settings, token)
    assert inline != configurator_webhook_secret(settings)
    assert _call(alice, token, {"X-Vapi-Secret": inline}, "Je suis fleuriste à Laval")
    bearer = {"Authorization": f"Bearer {configurator_webhook_secret(settings)}"}
    assert _call(alice, token, bearer, "Fleurs de Laval")
    assert len(_turns(alice, sid)) > len(before)


def test_sandbox_mode_deploys_nothing(app: AlloKoliApp, alice: Account) -> None:
    deployer = app.services.configurator_deployer
    deployer.start()
    assert deployer.run() is None
    with app.services.db.unit_of_work() as session:
        assert session.scalars(select(ConfiguratorDeployment)).all() == []
    assert _start_voice(alice)["assistant"]["name"]
