"""Bulk actions on the assistants list: pause, resume, delete several, after a confirmation."""

from __future__ import annotations

from typing import Any

from fastapi.testclient import TestClient
from sqlalchemy import select

from allokoli.http.deps import AlloKoliApp
from allokoli.models import PhoneNumber
from tests.assistants.conftest import create, deploy
from tests.conftest import Account


def _bulk(acc: Account, action: str, ids: list[str], confirm: bool = True, **kw: Any) -> Any:
    data: dict[str, Any] = {"csrf_token": acc.csrf, "action": action, "ids": ids}
    if confirm:
        data["confirm"] = "oui"
    return acc.client.post("/assistants/bulk", data=data, follow_redirects=False, **kw)


def _status(acc: Account, assistant_id: str) -> str:
    return str(
        acc.client.get(f"/api/v1/assistants/{assistant_id}", headers=acc.auth).json()["status"]
    )


def test_list_has_checkboxes_and_a_confirmation_step(alice: Account) -> None:
    a, b = create(alice), create(alice, name="Deuxième")
    page = alice.client.get("/assistants").text
    assert f'name="ids" value="{a["id"]}" form="bulk-form"' in page
    assert 'aria-label="Tout sélectionner"' in page and 'id="bulk-form"' in page
    r = _bulk(alice, "pause", [a["id"], b["id"]], confirm=False)
    assert r.status_code == 200
    assert "Mettre en pause 2 assistants ?" in r.text and "Deuxième" in r.text
    assert 'name="confirm" value="oui"' in r.text
    assert _status(alice, a["id"]) == "draft"  # nothing happens before the confirmation
    r = _bulk(alice, "delete", [a["id"]], confirm=False)
    assert "définitive" in r.text and "danger" in r.text


def test_pause_and_resume(app: AlloKoliApp, client: TestClient, alice: Account) -> None:
    draft = create(alice, name="Brouillon")
    live = create(alice)
    deploy(app, alice, live["id"])
    assert _status(alice, live["id"]) == "active"
    r = _bulk(alice, "pause", [draft["id"], live["id"]])
    assert r.status_code == 303
    # A never-deployed draft answers no call: there is nothing to pause.
    assert (_status(alice, draft["id"]), _status(alice, live["id"])) == ("draft", "paused")
    flash = alice.client.get("/assistants").text
    assert "1 assistant mis en pause." in flash
    assert "« Brouillon » non modifié : il n&#39;a jamais été mis en service" in flash
    _bulk(alice, "pause", [live["id"]])
    assert "non modifié : il est déjà en pause." in alice.client.get("/assistants").text
    _bulk(alice, "resume", [draft["id"], live["id"]])
    assert (_status(alice, draft["id"]), _status(alice, live["id"])) == ("draft", "active")
    assert "non modifié : il n&#39;est pas en pause." in alice.client.get("/assistants").text
    audit = alice.client.get(
        "/api/v1/audit-log", params={"entity": "assistant"}, headers=alice.auth
    ).json()
    assert audit[0]["action"] == "resume"
    assert {e["action"] for e in audit} >= {"pause", "resume"}


def test_a_never_deployed_draft_offers_no_pause(alice: Account) -> None:
    draft = create(alice)
    page = alice.client.get(f"/assistants/{draft['id']}").text
    assert "Mettre en pause</button>" not in page
    assert "Reprendre</button>" not in page
    assert "Mettre en service" in page


def test_delete_several_reuses_the_service(
    app: AlloKoliApp, client: TestClient, alice: Account
) -> None:
    a, b, c = create(alice), create(alice), create(alice, name="Avec numéro")
    deploy(app, alice, c["id"])  # c keeps a phone number: deleting it is refused
    r = alice.client.post(f"/api/v1/assistants/{c['id']}/phone-number", headers=alice.auth)
    assert r.status_code in (200, 201), r.text
    _bulk(alice, "delete", [a["id"], b["id"], c["id"]])
    flash = alice.client.get("/assistants").text
    assert (
        "2 assistants supprimés." in flash
        and "« Avec numéro » non modifié : Libérez d&#39;abord" in flash
    )
    ids = {
        x["id"] for x in alice.client.get("/api/v1/assistants", headers=alice.auth).json()["items"]
    }
    assert ids == {c["id"]}
    deletions = alice.client.get(
        "/api/v1/audit-log", params={"entity": "assistant"}, headers=alice.auth
    ).json()
    assert sum(e["action"] == "delete" for e in deletions) == 2


def test_another_tenants_ids_are_ignored(alice: Account, bob: Account) -> None:
    theirs = create(alice)
    r = _bulk(bob, "pause", [theirs["id"]], confirm=False)
    assert "Aucun des assistants sélectionnés" in r.text
    _bulk(bob, "delete", [theirs["id"]])
    assert _status(alice, theirs["id"]) == "draft"
    assert "Aucun assistant sélectionné." in bob.client.get("/assistants").text


def test_bad_requests(alice: Account) -> None:
    a = create(alice)
    _bulk(alice, "exploser", [a["id"]])
    assert "Choisissez une action" in alice.client.get("/assistants").text
    _bulk(alice, "pause", [])
    assert "Sélectionnez au moins un assistant." in alice.client.get("/assistants").text
    _bulk(alice, "pause", ["pas-un-uuid"])
    assert "Sélection invalide" in alice.client.get("/assistants").text
    r = alice.client.post("/assistants/bulk", data={"action": "pause", "ids": [a["id"]]})
    assert r.status_code == 403


def _vapi_number(app: AlloKoliApp, owner: Account, provider_id: str) -> dict[str, Any]:
    number = app.services.gateway_factory(owner.org_id).client.phone_numbers.get(provider_id)
    return dict(number.dict(by_alias=True, exclude_none=True))


def test_pausing_detaches_the_number_on_vapi_and_resuming_reattaches_it(
    app: AlloKoliApp, client: TestClient, alice: Account
) -> None:
    live = create(alice)  # the pizzeria gives an urgent line: 06 12 34 56 78
    deployed = deploy(app, alice, live["id"])
    r = alice.client.post(f"/api/v1/assistants/{live['id']}/phone-number", headers=alice.auth)
    assert r.status_code == 201, r.text
    with app.services.db.unit_of_work(tenant_id=alice.org_id) as s:
        phone_id = s.scalars(select(PhoneNumber.provider_id)).one()
    assert phone_id is not None
    assert _vapi_number(app, alice, phone_id)["assistantId"] == deployed["provider_id"]

    _bulk(alice, "pause", [live["id"]])
    app.services.dispatcher.run_due()
    paused = _vapi_number(app, alice, phone_id)
    assert "assistantId" not in paused  # Vapi no longer answers with the assistant…
    assert paused["fallbackDestination"]["number"] == "+33612345678"  # …calls go to the owner
    assert "pause" in paused["fallbackDestination"]["message"]

    _bulk(alice, "resume", [live["id"]])
    app.services.dispatcher.run_due()
    assert _vapi_number(app, alice, phone_id)["assistantId"] == deployed["provider_id"]
    assert _status(alice, live["id"]) == "active"


def test_the_assistant_page_pauses_and_resumes_it_through_the_confirmation(
    app: AlloKoliApp, client: TestClient, alice: Account
) -> None:
    live = create(alice)
    deploy(app, alice, live["id"])
    page = alice.client.get(f"/assistants/{live['id']}").text
    assert 'name="action" value="pause"' in page and "Mettre en pause</button>" in page
    confirm = alice.client.post(
        "/assistants/bulk",
        data={"csrf_token": alice.csrf, "action": "pause", "ids": [live["id"]]},
    )
    assert "Un assistant en pause ne décroche plus" in confirm.text
    _bulk(alice, "pause", [live["id"]])
    assert _status(alice, live["id"]) == "paused"
    assert "Reprendre</button>" in alice.client.get(f"/assistants/{live['id']}").text
