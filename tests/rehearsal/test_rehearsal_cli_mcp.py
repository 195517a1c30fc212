"""The rehearsal through the CLI (exit 1 on failure, for CI) and the MCP tool."""

from __future__ import annotations

import copy
import json

import anyio
import pytest
from fastapi.testclient import TestClient
from typer.testing import CliRunner

from allokoli.cli import app as cli
from allokoli.http.deps import AlloKoliApp
from allokoli_sdk import AlloKoli, ConflictError
from tests.conftest import TEST_SECRET, Account, DbUrls, InProcessTransport
from tests.mcp.conftest import data, mcp_over_http
from tests.rehearsal.conftest import create_from_profile

runner = CliRunner()
BASE = "http://testserver"


@pytest.fixture
def cli_env(db_urls: DbUrls, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ALLOKOLI_ENV", "test")
    monkeypatch.setenv("ALLOKOLI_DATABASE_URL", db_urls.app)
    monkeypatch.setenv("ALLOKOLI_SECRET_KEY", TEST_SECRET)
    monkeypatch.setenv("ALLOKOLI_OUTBOX_POLL_SECONDS", "0")
    monkeypatch.delenv("ALLOKOLI_VAPI_API_KEY", raising=False)
    monkeypatch.delenv("ALLOKOLI_LLM_BASE_URL", raising=False)


def test_cli_rehearse_exits_0_on_success_and_1_on_failure(
    cli_env: None, client: TestClient, alice: Account
) -> None:
    assistant = create_from_profile(alice)
    ok = runner.invoke(
        cli, ["rehearse", assistant["id"], "--runs", "1", "--api-key", alice.api_key]
    )
    assert ok.exit_code == 0, (ok.output, ok.exception)
    assert ok.stdout.startswith("Répétition réussie (version 1, sandbox)")
    assert "OK   Un numéro de rappel dicté par paires (100 %)" in ok.stdout

    got = alice.client.get(f"/api/v1/assistants/{assistant['id']}", headers=alice.auth).json()
    config = copy.deepcopy(got["config"])
    config["model"]["tools"] = [
        t
        for t in config["model"]["tools"]
        if (t.get("function") or {}).get("name") != "take_message"
    ]
    alice.client.patch(
        f"/api/v1/assistants/{assistant['id']}", json={"config": config}, headers=alice.auth
    )
    failed = runner.invoke(
        cli, ["rehearse", assistant["id"], "--runs", "1", "--json", "--api-key", alice.api_key]
    )
    assert failed.exit_code == 1, (failed.output, failed.exception)
    report = json.loads(failed.stdout)
    assert not report["passed"] and report["blocks_deploy"]
    assert {"id": "callback_number", "change": "ne passe plus"}.items() <= next(
        c for c in report["changes"] if c["id"] == "callback_number"
    ).items()


def test_cli_rehearse_refuses_bad_input_in_french(cli_env: None) -> None:
    bad = runner.invoke(cli, ["rehearse", "pas-un-id", "--api-key", "ak_x"])
    assert bad.exit_code == 2 and "n'est pas un identifiant d'assistant valide" in bad.stderr
    bad = runner.invoke(cli, ["rehearse", "00000000-0000-0000-0000-000000000000"])
    assert bad.exit_code == 2 and "Clé API manquante" in bad.stderr


def test_mcp_tool_rehearses_an_assistant(
    app: AlloKoliApp, client: TestClient, alice: Account
) -> None:
    assistant = create_from_profile(alice)

    async def go() -> dict[str, object]:
        async with mcp_over_http(app, alice.api_key) as mcp:
            result = await mcp.call_tool(
                "rehearse_assistant", {"assistant_id": assistant["id"], "runs": 1}
            )
            assert not result.is_error, result.content
            return data(result)

    report = anyio.run(go)
    assert report["passed"] is True and report["runs_per_scenario"] == 1
    assert isinstance(report["scenarios"], list) and len(report["scenarios"]) >= 8


def test_sdk_rehearses_lists_and_reads(client: TestClient, alice: Account) -> None:
    assistant = create_from_profile(alice)
    with AlloKoli(
        api_key=alice.api_key, base_url=BASE, transport=InProcessTransport(client)
    ) as sdk:
        report = sdk.assistants.rehearse(assistant["id"], runs=1)
        assert report.passed and report.scenario_count >= 8
        assert [r.id for r in sdk.assistants.rehearsals(assistant["id"])] == [report.id]
        assert sdk.assistants.rehearsal(assistant["id"], report.id).scenarios == report.scenarios
        with pytest.raises(ConflictError):
            sdk.assistants.override_rehearsal(assistant["id"], "rien à passer outre")
