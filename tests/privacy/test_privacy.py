"""RGPD: retention and purge, export and erasure of a caller's data (HTML and CLI), audited."""

from __future__ import annotations

import json
import uuid
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import func, select, update
from typer.testing import CliRunner

from allokoli.auth.principal import Principal
from allokoli.cli import app as cli
from allokoli.db.session import Database
from allokoli.models import Call, TakenMessage, WebhookEvent
from allokoli.privacy import service
from allokoli.privacy.service import NotAllowed
from tests.calls.conftest import OrgHook
from tests.conftest import Account, DbUrls

runner = CliRunner()
CALLER = "+33612345678"


@pytest.fixture
def cli_env(db_urls: DbUrls, database: Database, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ALLOKOLI_DATABASE_URL", db_urls.app)
    monkeypatch.setenv("ALLOKOLI_DATABASE_ADMIN_URL", db_urls.admin)
    monkeypatch.setenv("ALLOKOLI_ENV", "test")


def _counts(database: Database, org_id: uuid.UUID) -> tuple[int, int, int]:
    with database.unit_of_work(tenant_id=org_id) as s:
        return tuple(  # type: ignore[return-value]
            int(
                s.scalar(select(func.count()).select_from(m).where(m.organization_id == org_id))
                or 0
            )
            for m in (Call, TakenMessage, WebhookEvent)
        )


def _caller_data(hook: OrgHook) -> None:
    """Two calls from the caller (one with a message), one message leaving their number in
    someone else's call, and one unrelated call."""
    hook.take_message(hook.report(caller=CALLER), name="Jean Dupont", number="06 00 00 00 00")
    hook.report(caller=CALLER)
    hook.take_message(hook.report(caller="+33698765432"), name="Pour Jean", number="06 12 34 56 78")
    hook.report(caller="+33768123456")


def test_retention_setting(alice: Account) -> None:
    page = alice.client.get("/settings/privacy")
    assert page.status_code == 200 and 'value="365"' in page.text
    assert '<a href="/settings/privacy" aria-current="page">Confidentialité</a>' in page.text
    r = alice.client.post(
        "/settings/privacy/retention",
        data={"csrf_token": alice.csrf, "retention_days": "90"},
        follow_redirects=False,
    )
    assert r.status_code == 303
    assert (
        "Durée de conservation enregistrée : 90 jours."
        in alice.client.get("/settings/privacy").text
    )
    for bad in ("0", "99999", "un an"):
        r = alice.client.post(
            "/settings/privacy/retention", data={"csrf_token": alice.csrf, "retention_days": bad}
        )
        assert r.status_code == 422 and "entre 1 et 3650 jours" in r.text
    audit = alice.client.get(
        "/api/v1/audit-log", params={"entity": "organization"}, headers=alice.auth
    )
    assert audit.json()[0]["details"] == {"retention_days": [365, 90]}


def test_only_owners_and_admins_manage_personal_data() -> None:
    member = Principal(organization_id=uuid.uuid4(), user_id=uuid.uuid4(), role="member")
    with pytest.raises(NotAllowed):
        service.require_admin(member)
    service.require_admin(Principal(organization_id=uuid.uuid4(), role="admin"))


def test_purge_applies_the_retention(
    alice: Account, alice_hook: OrgHook, database: Database, cli_env: None
) -> None:
    org = alice_hook.org_id
    old = datetime.now(UTC) - timedelta(days=40)
    alice_hook.take_message(alice_hook.report(started=old))
    alice_hook.report()
    alice.client.post(
        "/settings/privacy/retention", data={"csrf_token": alice.csrf, "retention_days": "30"}
    )
    with database.unit_of_work(tenant_id=org) as s:
        s.execute(update(TakenMessage).values(created_at=old))
        s.execute(
            update(WebhookEvent).where(WebhookEvent.type == "tool-calls").values(received_at=old)
        )
    assert _counts(database, org) == (2, 1, 3)
    (result,) = service.purge(database, org_id=org)
    assert (result.calls, result.messages, result.events) == (1, 1, 1)
    assert _counts(database, org) == (1, 0, 2)
    audit = alice.client.get(
        "/api/v1/audit-log", params={"entity": "organization"}, headers=alice.auth
    ).json()
    assert audit[0]["action"] == "purge" and audit[0]["actor"] == "system"
    assert audit[0]["details"]["calls"] == 1 and audit[0]["details"]["retention_days"] == 30
    r = runner.invoke(cli, ["gdpr", "purge"])
    assert r.exit_code == 0, r.output
    assert "Purge terminée : 0 ligne(s) supprimée(s)." in r.output


def test_export_and_erase_from_the_settings_page(
    alice: Account, bob: Account, alice_hook: OrgHook, database: Database
) -> None:
    _caller_data(alice_hook)
    r = alice.client.post(
        "/settings/privacy/export", data={"csrf_token": alice.csrf, "number": "06 12 34 56 78"}
    )
    assert r.status_code == 200 and r.headers["content-type"].startswith("application/json")
    assert 'filename="donnees-appelant-33612345678.json"' in r.headers["content-disposition"]
    doc = r.json()
    assert doc["number"] == CALLER and len(doc["calls"]) == 2
    assert {m["caller_name"] for m in doc["messages"]} == {"Jean Dupont", "Pour Jean"}
    assert {e["type"] for e in doc["webhook_events"]} == {"end-of-call-report", "tool-calls"}
    assert len(doc["webhook_events"]) == 4 and "payload" in doc["webhook_events"][0]
    assert all(c["caller_number"] == CALLER for c in doc["calls"])
    # Bob has nothing of Alice's caller.
    theirs = bob.client.post(
        "/settings/privacy/export", data={"csrf_token": bob.csrf, "number": CALLER}
    ).json()
    assert theirs["calls"] == [] and theirs["messages"] == []

    preview = alice.client.post(
        "/settings/privacy/erase", data={"csrf_token": alice.csrf, "number": "+33 6 12 34 56 78"}
    )
    assert preview.status_code == 200
    assert (
        "06 •• •• •• 78" in preview.text and "2 appels, 2 messages et 4 événements" in preview.text
    )
    assert _counts(database, alice_hook.org_id) == (4, 2, 6)  # nothing erased yet
    r = alice.client.post(
        "/settings/privacy/erase",
        data={"csrf_token": alice.csrf, "number": "0033612345678", "confirm": "oui"},
        follow_redirects=False,
    )
    assert r.status_code == 303
    assert (
        "Données du 06 •• •• •• 78 effacées : 2 appel(s), 2 message(s), 4 événement(s)."
        in alice.client.get("/settings/privacy").text
    )
    assert _counts(database, alice_hook.org_id) == (2, 0, 2)
    assert alice.client.get("/api/v1/calls", params={"q": "réserver"}, headers=alice.auth).json()[
        "items"
    ]
    audit = alice.client.get(
        "/api/v1/audit-log", params={"entity": "caller"}, headers=alice.auth
    ).json()
    assert [e["action"] for e in audit] == ["erase", "export"]
    assert audit[0]["details"] == {
        "number": "06 •• •• •• 78",
        "calls": 2,
        "messages": 2,
        "events": 4,
    }
    assert CALLER not in json.dumps(audit) and "0612345678" not in json.dumps(audit)


def test_invalid_numbers_are_refused_in_french(alice: Account) -> None:
    r = alice.client.post(
        "/settings/privacy/export", data={"csrf_token": alice.csrf, "number": "12"}
    )
    assert r.status_code == 422 and "n&#39;est pas un numéro de téléphone valide" in r.text
    r = alice.client.post("/settings/privacy/erase", data={"csrf_token": alice.csrf, "number": ""})
    assert r.status_code == 422


def test_export_and_erase_from_the_cli(
    alice_hook: OrgHook, database: Database, cli_env: None
) -> None:
    _caller_data(alice_hook)
    org = str(alice_hook.org_id)
    r = runner.invoke(cli, ["gdpr", "export", "--org", org, "--number", "06.12.34.56.78"])
    assert r.exit_code == 0, r.output
    assert len(json.loads(r.output)["calls"]) == 2
    r = runner.invoke(cli, ["gdpr", "erase", "--org", org, "--number", "0612345678"], input="n\n")
    assert r.exit_code == 1 and _counts(database, alice_hook.org_id)[0] == 4
    r = runner.invoke(cli, ["gdpr", "erase", "--org", org, "--number", "0612345678", "--yes"])
    assert r.exit_code == 0, r.output
    assert "Effacé : 2 appel(s), 2 message(s), 4 événement(s)." in r.output
    assert _counts(database, alice_hook.org_id) == (2, 0, 2)
    r = runner.invoke(cli, ["gdpr", "export", "--org", org, "--number", "pas un numéro"])
    assert r.exit_code == 2 and "n'est pas un numéro de téléphone valide" in r.output
    r = runner.invoke(cli, ["gdpr", "export", "--org", "pas-un-id", "--number", "0612345678"])
    assert r.exit_code == 2 and "identifiant d'organisation" in r.output
