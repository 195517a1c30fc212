"""The rehearsal through REST, on the sandbox's /chat via the official Vapi SDK (in process)."""

from __future__ import annotations

import copy
import json
from datetime import UTC, datetime
from typing import Any

import httpx
from fastapi.testclient import TestClient
from pydantic import SecretStr

from allokoli.auth.principal import Principal
from allokoli.http.deps import AlloKoliApp
from allokoli.providers.vapi import SANDBOX_PATH, VapiGateway
from allokoli.rehearsal import dry_run
from allokoli.rehearsal import service as rehearsals
from allokoli.settings import Settings
from tests.assistants.conftest import deploy
from tests.conftest import Account, InProcessTransport, sandbox_auth
from tests.rehearsal.conftest import create_from_profile

NOW = datetime(2026, 11, 25, 9, 0, tzinfo=UTC)  # a Wednesday, 10:00 in Paris


def _fixed_clock(app: AlloKoliApp) -> None:
    app.services.clock = lambda: NOW


def _rehearse(acc: Account, assistant_id: str, runs: int = 1) -> dict[str, Any]:
    r = acc.client.post(
        f"/api/v1/assistants/{assistant_id}/rehearsals", json={"runs": runs}, headers=acc.auth
    )
    assert r.status_code == 201, r.text
    return dict(r.json())


def _scenario(report: dict[str, Any], scenario_id: str) -> dict[str, Any]:
    return next(s for s in report["scenarios"] if s["id"] == scenario_id)


def test_a_draft_passes_its_rehearsal_on_the_sandbox(
    app: AlloKoliApp, client: TestClient, alice: Account
) -> None:
    _fixed_clock(app)
    assistant = create_from_profile(alice)
    report = _rehearse(alice, assistant["id"], runs=2)
    failures = {s["id"]: s["problems"] for s in report["scenarios"] if not s["passed"]}
    assert report["passed"], failures
    assert report["provider"] == "sandbox" and report["runs_per_scenario"] == 2
    ids = {s["id"] for s in report["scenarios"]}
    assert len(ids) >= 8
    assert {"hours_weekday", "hours_holiday", "hours_closure", "price", "unknown"} <= ids
    assert {"urgent", "booking", "callback_number", "ai_disclosure", "abusive"} <= ids
    # Every reply and tool call is recorded: the number dictated in words reaches the tool.
    callback = _scenario(report, "callback_number")
    assert callback["pass_rate"] == 1.0 and len(callback["runs"]) == 2
    calls = [c for t in callback["runs"][0]["turns"] for c in t["tool_calls"]]
    assert calls[-1]["name"] == "take_message"
    assert calls[-1]["arguments"]["telephone_rappel"] == "+33612345678"
    urgent = _scenario(report, "urgent")
    assert urgent["runs"][0]["turns"][-1]["transfer_to"] == "+33698765432"
    assert "trente-huit euros cinquante" in " ".join(
        t["reply"] for t in _scenario(report, "price")["runs"][0]["turns"]
    )

    listed = alice.client.get(
        f"/api/v1/assistants/{assistant['id']}/rehearsals", headers=alice.auth
    )
    assert listed.status_code == 200 and [r["id"] for r in listed.json()] == [report["id"]]
    one = alice.client.get(
        f"/api/v1/assistants/{assistant['id']}/rehearsals/{report['id']}", headers=alice.auth
    )
    assert one.status_code == 200 and one.json()["scenarios"] == report["scenarios"]


def _without_message_tool(acc: Account, assistant_id: str) -> None:
    """A new version whose model lost its take_message tool: the callback scenario fails."""
    got = acc.client.get(f"/api/v1/assistants/{assistant_id}", headers=acc.auth).json()
    config = copy.deepcopy(got["config"])
    config["model"]["tools"] = [
        t
        for t in config["model"]["tools"]
        if (t.get("function") or {}).get("name") != "take_message"
    ]
    r = acc.client.patch(
        f"/api/v1/assistants/{assistant_id}", json={"config": config}, headers=acc.auth
    )
    assert r.status_code == 200, r.text


def test_a_failed_rehearsal_blocks_deploy_until_an_audited_override(
    app: AlloKoliApp, client: TestClient, alice: Account
) -> None:
    _fixed_clock(app)
    assistant = create_from_profile(alice)
    first = _rehearse(alice, assistant["id"])
    assert first["passed"]
    _without_message_tool(alice, assistant["id"])
    report = _rehearse(alice, assistant["id"])
    assert not report["passed"] and report["blocks_deploy"]
    callback = _scenario(report, "callback_number")
    assert "L'outil « take_message » n'a pas été appelé." in callback["problems"]
    # What changed since the previous version's rehearsal.
    assert {
        "id": "callback_number",
        "title": callback["title"],
        "change": "ne passe plus",
        "since_version": 1,
    } in report["changes"]

    url = f"/api/v1/assistants/{assistant['id']}"
    blocked = alice.client.post(f"{url}/deploy", headers=alice.auth)
    assert blocked.status_code == 409
    assert "répétition" in blocked.json()["detail"]
    empty = alice.client.post(
        f"{url}/rehearsals/override", json={"reason": " "}, headers=alice.auth
    )
    assert empty.status_code == 422
    r = alice.client.post(
        f"{url}/rehearsals/override",
        json={"reason": "Je n'utilise pas la prise de message"},
        headers=alice.auth,
    )
    assert r.status_code == 200, r.text
    assert r.json()["override_reason"] == "Je n'utilise pas la prise de message"
    assert not r.json()["blocks_deploy"]
    audit = alice.client.get("/api/v1/audit-log", headers=alice.auth).json()
    entry = next(e for e in audit if e["action"] == "rehearsal_override")
    assert entry["details"]["reason"] == "Je n'utilise pas la prise de message"
    assert entry["details"]["rehearsal_id"] == report["id"]
    assert alice.client.post(f"{url}/deploy", headers=alice.auth).status_code == 202
    again = alice.client.post(
        f"{url}/rehearsals/override", json={"reason": "encore"}, headers=alice.auth
    )
    assert again.status_code == 409


def test_the_vapi_path_rehearses_the_deployed_assistant_through_the_chat_api(
    app: AlloKoliApp, client: TestClient, alice: Account, settings: Settings
) -> None:
    """With a Vapi key, the gateway talks to Vapi's chat API with the deployed assistant's
    current version sent inline, marked as the rehearsal's (its tools run as a dry run): here
    Vapi is the sandbox's chat API, reached at the HTTP boundary with the key."""
    _fixed_clock(app)
    assistant = create_from_profile(alice)
    assert deploy(app, alice, assistant["id"])["status"] == "active"
    token = sandbox_auth(app, alice.org_id)["Authorization"].removeprefix("Bearer ")
    with_key = settings.model_copy(
        update={
            "vapi_api_key": SecretStr(token),
            "vapi_base_url": "http://testserver" + SANDBOX_PATH,
        }
    )
    seen: list[dict[str, Any]] = []

    class Recording(InProcessTransport):
        def handle_request(self, request: httpx.Request) -> httpx.Response:
            if request.url.path.endswith("/chat"):
                seen.append({"auth": request.headers["authorization"], "body": request.read()})
            return super().handle_request(request)

    http = httpx.Client(transport=Recording(client), base_url="http://testserver")
    gateway = VapiGateway(with_key, http_client=http)
    assert not gateway.sandbox
    principal = Principal(organization_id=alice.org_id, role="owner")
    with app.services.db.unit_of_work(tenant_id=alice.org_id) as session:
        found = rehearsals.run(
            session,
            principal,
            assistant["id"] and __import__("uuid").UUID(assistant["id"]),
            gateway=gateway,
            settings=with_key,
            clock=lambda: NOW,
            runs=1,
        )
        assert found.provider == "vapi"
        failures = {r["id"]: r["problems"] for r in found.results if not r["passed"]}
        assert found.passed, failures
    http.close()
    assert seen and all(s["auth"] == f"Bearer {token}" for s in seen)
    first = json.loads(seen[0]["body"])
    assert "assistantId" not in first
    assert first["assistant"]["metadata"][dry_run.METADATA_KEY]
    # Later turns continue the chat by id, without sending the assistant again.
    assert any(b'"previousChatId"' in s["body"] and b'"assistant"' not in s["body"] for s in seen)


def test_a_rehearsal_needs_the_facts_and_valid_runs(
    app: AlloKoliApp, client: TestClient, alice: Account
) -> None:
    assistant = create_from_profile(alice)
    url = f"/api/v1/assistants/{assistant['id']}/rehearsals"
    r = alice.client.post(url, json={"runs": 0}, headers=alice.auth)
    assert r.status_code == 422
    r = alice.client.post(url, json={"runs": 11}, headers=alice.auth)
    assert r.status_code == 422


def test_every_new_version_of_a_rehearsed_assistant_is_rehearsed_again(
    app: AlloKoliApp, client: TestClient, alice: Account
) -> None:
    _fixed_clock(app)
    assistant = create_from_profile(alice)
    url = f"/api/v1/assistants/{assistant['id']}"
    # Not rehearsed yet: a new version queues nothing.
    alice.client.patch(url, json={"name": "Salon Léa (v2)"}, headers=alice.auth)
    app.services.dispatcher.run_due()
    assert alice.client.get(f"{url}/rehearsals", headers=alice.auth).json() == []
    _rehearse(alice, assistant["id"])
    _without_message_tool(alice, assistant["id"])  # version 3, rehearsed by the outbox job
    while app.services.dispatcher.run_due():
        pass
    listed = alice.client.get(f"{url}/rehearsals", headers=alice.auth).json()
    newest = listed[0]
    assert (newest["assistant_version"], newest["actor"], newest["passed"]) == (
        3,
        "system:rehearsal",
        False,
    )
    latest = alice.client.get(f"{url}/rehearsals/{listed[0]['id']}", headers=alice.auth).json()
    assert any(
        c["change"] == "ne passe plus" and c["since_version"] == 2 for c in latest["changes"]
    )
