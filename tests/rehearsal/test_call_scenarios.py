"""A real call turned into a regression scenario, replayed at every rehearsal."""

from __future__ import annotations

from datetime import UTC, datetime

from fastapi.testclient import TestClient

from allokoli.http.deps import AlloKoliApp
from allokoli.rehearsal.service import caller_lines
from tests.calls.conftest import call_id_of, org_hook
from tests.conftest import Account, csrf_from
from tests.rehearsal.conftest import create_from_profile

NOW = datetime(2026, 11, 25, 9, 0, tzinfo=UTC)
TRANSCRIPT = (
    "AI: Bonjour, Salon Léa, je suis l'assistante virtuelle. Que puis-je pour vous ?\n"
    "User: Bonjour, vous êtes ouverts le samedi ?\n"
    "AI: Oui, de neuf heures à midi.\n"
    "User: Et combien coûte un brushing ?\n"
    "AI: Vingt-cinq euros.\n"
    "User: Merci, au revoir.\n"
)


def test_caller_lines_of_a_transcript() -> None:
    assert caller_lines(TRANSCRIPT) == [
        "Bonjour, vous êtes ouverts le samedi ?",
        "Et combien coûte un brushing ?",
        "Merci, au revoir.",
    ]
    assert caller_lines(None) == [] and caller_lines("AI: Bonjour") == []


def test_a_real_call_becomes_a_regression_scenario(
    app: AlloKoliApp, client: TestClient, alice: Account
) -> None:
    app.services.clock = lambda: NOW
    assistant = create_from_profile(alice)
    hook = org_hook(app, alice)
    call_id = call_id_of(alice, hook.report(transcript=TRANSCRIPT, assistant_id=assistant["id"]))
    r = alice.client.post(f"/api/v1/calls/{call_id}/rehearsal-scenario", headers=alice.auth)
    assert r.status_code == 201, r.text
    kept = r.json()
    assert kept["assistant_id"] == assistant["id"] and kept["lines"][0].startswith("Bonjour")
    again = alice.client.post(f"/api/v1/calls/{call_id}/rehearsal-scenario", headers=alice.auth)
    assert again.json()["id"] == kept["id"]  # once per call

    report = alice.client.post(
        f"/api/v1/assistants/{assistant['id']}/rehearsals", json={"runs": 1}, headers=alice.auth
    ).json()
    replayed = next(s for s in report["scenarios"] if s["kind"] == "regression")
    assert replayed["title"] == kept["title"] and replayed["passed"], replayed["problems"]
    callers = [t["caller"] for t in replayed["runs"][0]["turns"]]
    assert callers == kept["lines"][: len(callers)] and len(callers) >= 2

    # From the call's page, in the browser session.
    page = alice.client.get(f"/calls/{call_id}")
    assert "Ajouter cet appel à la répétition" in page.text
    r = alice.client.post(
        f"/calls/{call_id}/repetition",
        data={"csrf_token": csrf_from(page.text)},
        follow_redirects=False,
    )
    assert r.status_code == 303 and r.headers["location"].endswith("/repetition")


def test_a_call_without_caller_lines_is_refused_in_french(
    app: AlloKoliApp, client: TestClient, alice: Account
) -> None:
    assistant = create_from_profile(alice)
    hook = org_hook(app, alice)
    silent = hook.report(transcript="AI: Bonjour ?\n", assistant_id=assistant["id"])
    r = alice.client.post(
        f"/api/v1/calls/{call_id_of(alice, silent)}/rehearsal-scenario", headers=alice.auth
    )
    assert r.status_code == 409 and "ne peut pas devenir un scénario" in r.json()["detail"]
