"""`allokoli demo seed`: realistic French demo data, inserted in bulk."""

from __future__ import annotations

import uuid

import pytest
from sqlalchemy import func, select
from typer.testing import CliRunner

from allokoli.cli import app as cli
from allokoli.db.session import Database
from allokoli.demo.seed import seed
from allokoli.generation.vapi_models import CreateAssistantDTO
from allokoli.models import Assistant, Call, TakenMessage
from tests.calls.conftest import OrgHook
from tests.conftest import Account, DbUrls

runner = CliRunner()


@pytest.fixture
def cli_env(db_urls: DbUrls, database: Database, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ALLOKOLI_DATABASE_URL", db_urls.app)
    monkeypatch.setenv("ALLOKOLI_ENV", "test")


def test_seed_command_fills_the_organisation(
    alice: Account, alice_hook: OrgHook, database: Database, cli_env: None
) -> None:
    r = runner.invoke(
        cli, ["demo", "seed", "--email", alice.email, "--assistants", "4", "--calls", "300"]
    )
    assert r.exit_code == 0, r.output
    assert "4 assistant(s), 300 appel(s)" in r.output
    with database.unit_of_work(tenant_id=alice_hook.org_id) as s:
        assistants = list(s.scalars(select(Assistant)))
        calls = list(s.scalars(select(Call)))
        messages = int(s.scalar(select(func.count()).select_from(TakenMessage)) or 0)
    assert len(assistants) == 4 and len({a.sector_family for a in assistants}) == 4
    for a in assistants:
        CreateAssistantDTO.model_validate(a.config)
    assert len(calls) == 300 and messages > 30
    assert all(c.transcript and c.summary and c.cost_eur and c.started_at for c in calls)
    assert all(c.provider_call_id.startswith("demo-") for c in calls)
    assert {c.ended_reason for c in calls} >= {"customer-ended-call", "assistant-ended-call"}
    assert any(c.outside_hours for c in calls) and not all(c.outside_hours for c in calls)
    # The pages and the search work on it; the search trigger is back for new calls.
    stats = alice.client.get("/api/v1/stats", params={"period": "30d"}, headers=alice.auth).json()
    assert stats["calls"] > 50 and stats["messages"] + stats["appointments"] > 0
    assert alice.client.get("/api/v1/calls", params={"q": "bonjour"}, headers=alice.auth).json()[
        "items"
    ]
    assert alice.client.get("/dashboard").status_code == 200
    fresh = alice_hook.report(transcript="AI: Bonjour.\nUser: Un xylophone désaccordé.")
    found = alice.client.get("/api/v1/calls", params={"q": "xylophone"}, headers=alice.auth).json()[
        "items"
    ]
    assert [c["provider_call_id"] for c in found] == [fresh]


def test_seed_is_deterministic_and_checks_its_input(
    alice_hook: OrgHook, database: Database, cli_env: None
) -> None:
    first = seed(database, alice_hook.org_id, assistants=2, calls=20, seed=7)
    assert (first.assistants, first.calls) == (2, 20)
    with database.unit_of_work(tenant_id=alice_hook.org_id) as s:
        summaries = sorted(summary or "" for summary in s.scalars(select(Call.summary)))
    again = seed(database, alice_hook.org_id, assistants=0, calls=0, seed=7)
    assert again.calls == 0
    assert summaries and all(isinstance(x, str) for x in summaries)
    r = runner.invoke(cli, ["demo", "seed", "--org", str(uuid.uuid4())])
    assert r.exit_code == 2 and "Aucune organisation" in r.output
    r = runner.invoke(cli, ["demo", "seed"])
    assert r.exit_code == 2 and "--org" in r.output
    r = runner.invoke(cli, ["demo", "seed", "--email", "personne@exemple.fr"])
    assert r.exit_code == 2 and "Aucun utilisateur" in r.output
