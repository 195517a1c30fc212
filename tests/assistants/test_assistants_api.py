from __future__ import annotations

from typing import Any

from fastapi.testclient import TestClient

from allokoli.http.deps import AlloKoliApp
from tests.assistants.conftest import create
from tests.conftest import Account


def test_create_from_french_description(pizzeria: dict[str, Any]) -> None:
    assert pizzeria["name"] == "Pizzeria Da Marco"
    assert pizzeria["status"] == "draft"
    assert pizzeria["sector_subtype"] == "pizzeria"
    assert pizzeria["profile"]["transfer_number"] == "+33612345678"
    assert pizzeria["config"]["firstMessage"]
    assert pizzeria["generation"]["quality"]["score"] > 0
    assert pizzeria["version"] == 1


def test_description_without_name_is_a_french_422(alice: Account) -> None:
    r = alice.client.post(
        "/api/v1/assistants", json={"text": "je suis plombier"}, headers=alice.auth
    )
    assert r.status_code == 422
    assert "nom de l'entreprise" in r.json()["detail"]


def test_exactly_one_source(alice: Account) -> None:
    r = alice.client.post("/api/v1/assistants", json={}, headers=alice.auth)
    assert r.status_code == 422
    r = alice.client.post(
        "/api/v1/assistants", json={"text": "abc", "config": {}}, headers=alice.auth
    )
    assert r.status_code == 422


def test_create_from_config_is_validated(alice: Account, pizzeria: dict[str, Any]) -> None:
    good = dict(pizzeria["config"])
    r = alice.client.post(
        "/api/v1/assistants", json={"config": good, "name": "Copie"}, headers=alice.auth
    )
    assert r.status_code == 201
    bad = {**good, "voice": {"provider": "azure"}, "nimporte": 1}
    r = alice.client.post("/api/v1/assistants", json={"config": bad}, headers=alice.auth)
    assert r.status_code == 422
    body = r.json()
    assert body["error"] == "InvalidAssistantConfig"
    assert "n'est pas acceptée par Vapi" in body["detail"]
    assert body["errors"]


def test_list_search_filter_sort_and_paginate(alice: Account) -> None:
    for name in ("Boulangerie Alpha", "Garage Beta", "Salon Gamma"):
        create(alice, f"{name} à Paris, ouvert du lundi au samedi de 9h à 19h")
    page = alice.client.get("/api/v1/assistants?sort=name&limit=2", headers=alice.auth).json()
    assert [a["name"] for a in page["items"]] == ["Boulangerie Alpha", "Garage Beta"]
    assert page["next_cursor"]
    rest = alice.client.get(
        f"/api/v1/assistants?sort=name&limit=2&cursor={page['next_cursor']}", headers=alice.auth
    ).json()
    assert [a["name"] for a in rest["items"]] == ["Salon Gamma"]
    assert rest["next_cursor"] is None
    found = alice.client.get("/api/v1/assistants?q=garage", headers=alice.auth).json()["items"]
    assert [a["name"] for a in found] == ["Garage Beta"]
    assert (
        alice.client.get("/api/v1/assistants?status=active", headers=alice.auth).json()["items"]
        == []
    )
    assert alice.client.get("/api/v1/assistants?cursor=%%%", headers=alice.auth).status_code == 422


def test_every_sort_pages_by_keyset_cursor(alice: Account) -> None:
    """Page by page (one row each) gives the whole list, in order, for every sort; a cursor
    names a row, so one deleted before it does not shift the next page."""
    for name in ("Boulangerie Été", "Garage Beta", "Salon Gamma"):
        create(alice, f"{name} à Paris, ouvert du lundi au samedi de 9h à 19h")
    base = "/api/v1/assistants"
    for sort in ("name", "-name", "created_at", "-created_at", "updated_at", "-updated_at"):
        whole = alice.client.get(f"{base}?sort={sort}", headers=alice.auth).json()["items"]
        assert len(whole) == 3
        walked: list[str] = []
        cursor: str | None = None
        while True:
            query = f"{base}?sort={sort}&limit=1" + (f"&cursor={cursor}" if cursor else "")
            page = alice.client.get(query, headers=alice.auth).json()
            walked += [a["id"] for a in page["items"]]
            cursor = page["next_cursor"]
            if cursor is None:
                break
        assert walked == [a["id"] for a in whole], sort
    first = alice.client.get(f"{base}?sort=name&limit=1", headers=alice.auth).json()
    assert alice.client.delete(f"{base}/{first['items'][0]['id']}", headers=alice.auth).is_success
    after = alice.client.get(
        f"{base}?sort=name&limit=1&cursor={first['next_cursor']}", headers=alice.auth
    ).json()
    assert [a["name"] for a in after["items"]] == ["Garage Beta"]
    for forged in ("@@.00", "x" * 641 + "." + "0" * 32):
        r = alice.client.get(f"{base}?cursor={forged}", headers=alice.auth)
        assert r.status_code == 422


def test_edit_makes_versions_diff_and_restore(alice: Account, pizzeria: dict[str, Any]) -> None:
    aid = pizzeria["id"]
    r = alice.client.patch(
        f"/api/v1/assistants/{aid}",
        json={
            "first_message": "Bonjour, Da Marco, je suis l'assistante vocale automatique, que puis-je faire pour vous ?",
            "note": "accueil",
        },
        headers=alice.auth,
    )
    assert r.status_code == 200, r.text
    assert r.json()["version"] == 2
    versions = alice.client.get(f"/api/v1/assistants/{aid}/versions", headers=alice.auth).json()
    assert [v["version"] for v in versions] == [2, 1]
    assert versions[0]["note"] == "accueil"
    diff = alice.client.get(
        f"/api/v1/assistants/{aid}/versions/diff?from=1&to=2", headers=alice.auth
    ).json()
    assert '-  "firstMessage"' in diff["diff"] and '+  "firstMessage"' in diff["diff"]
    r = alice.client.post(f"/api/v1/assistants/{aid}/versions/1/restore", headers=alice.auth)
    assert r.json()["version"] == 3
    assert r.json()["config"]["firstMessage"] == pizzeria["config"]["firstMessage"]
    assert (
        alice.client.get(
            f"/api/v1/assistants/{aid}/versions/diff?from=1&to=9", headers=alice.auth
        ).status_code
        == 404
    )


def test_voice_and_tone_changes_regenerate(alice: Account, pizzeria: dict[str, Any]) -> None:
    aid = pizzeria["id"]
    r = alice.client.patch(
        f"/api/v1/assistants/{aid}",
        json={"voice_gender": "masculine", "register": "tutoiement"},
        headers=alice.auth,
    )
    assert r.status_code == 200, r.text
    body = r.json()
    assert body["profile"]["voice_gender"] == "masculine"
    assert body["profile"]["tone"]["register"] == "tutoiement"
    assert body["config"]["voice"] != pizzeria["config"]["voice"]


def test_invalid_edits_change_nothing(alice: Account, pizzeria: dict[str, Any]) -> None:
    aid = pizzeria["id"]
    r = alice.client.patch(
        f"/api/v1/assistants/{aid}", json={"config": {"name": "x" * 60}}, headers=alice.auth
    )
    assert r.status_code == 422
    r = alice.client.patch(
        f"/api/v1/assistants/{aid}", json={"transfer_number": "12"}, headers=alice.auth
    )
    assert r.status_code == 422
    assert "numéro" in r.json()["detail"]
    now = alice.client.get(f"/api/v1/assistants/{aid}", headers=alice.auth).json()
    assert now["version"] == 1 and now["config"] == pizzeria["config"]


def test_no_op_edit_makes_no_version(alice: Account, pizzeria: dict[str, Any]) -> None:
    r = alice.client.patch(
        f"/api/v1/assistants/{pizzeria['id']}", json={"name": pizzeria["name"]}, headers=alice.auth
    )
    assert r.json()["version"] == 1


def test_export_import_roundtrip_and_bad_imports(alice: Account, pizzeria: dict[str, Any]) -> None:
    r = alice.client.get(f"/api/v1/assistants/{pizzeria['id']}/export", headers=alice.auth)
    assert r.status_code == 200
    assert "attachment" in r.headers["content-disposition"]
    doc = r.json()
    assert doc["format"] == "allokoli.assistant"
    r = alice.client.post("/api/v1/assistants/import", json=doc, headers=alice.auth)
    assert r.status_code == 201
    assert r.json()["config"] == pizzeria["config"]
    assert r.json()["sector_subtype"] == "pizzeria"
    r = alice.client.post("/api/v1/assistants/import", json={"format": "autre"}, headers=alice.auth)
    assert r.status_code == 422
    assert "export d'assistant AlloKoli" in r.json()["detail"]
    broken = {**doc, "config": {**doc["config"], "firstMessageMode": "n'importe"}}
    r = alice.client.post("/api/v1/assistants/import", json=broken, headers=alice.auth)
    assert r.status_code == 422


def test_duplicate_and_delete(alice: Account, pizzeria: dict[str, Any]) -> None:
    r = alice.client.post(f"/api/v1/assistants/{pizzeria['id']}/duplicate", headers=alice.auth)
    assert r.status_code == 201
    copy = r.json()
    assert copy["name"] == "Pizzeria Da Marco (copie)"
    assert (
        alice.client.delete(f"/api/v1/assistants/{copy['id']}", headers=alice.auth).status_code
        == 204
    )
    assert (
        alice.client.get(f"/api/v1/assistants/{copy['id']}", headers=alice.auth).status_code == 404
    )
    log = alice.client.get("/api/v1/audit-log?entity=assistant", headers=alice.auth).json()
    assert {e["action"] for e in log} == {"create", "delete"}


def test_html_pages(
    alice: Account, pizzeria: dict[str, Any], app: AlloKoliApp, client: TestClient
) -> None:
    aid = pizzeria["id"]
    for path in (
        "/assistants",
        f"/assistants/{aid}",
        f"/assistants/{aid}/edit",
        f"/assistants/{aid}/edit?mode=avance",
        f"/assistants/{aid}/edit?mode=expert",
        f"/assistants/{aid}/versions",
        f"/assistants/{aid}/test",
        "/assistants/new",
        "/dashboard",
    ):
        r = alice.client.get(path)
        assert r.status_code == 200, path
        assert "Pizzeria Da Marco" in r.text or path == "/assistants/new"
    page = alice.client.get(f"/assistants/{aid}").text
    assert "Qualité" in page and "€ / mois" in page and "Mettre en service" in page
    assert "ALLOKOLI_VAPI_PUBLIC_KEY" in alice.client.get(f"/assistants/{aid}/test").text


def test_regenerate_makes_a_new_version_only_when_something_changes(
    alice: Account, pizzeria: dict[str, Any]
) -> None:
    aid = pizzeria["id"]
    alice.client.patch(
        f"/api/v1/assistants/{aid}",
        json={
            "first_message": "Allô, ici la pizzeria Da Marco, je suis l'assistante vocale automatique."
        },
        headers=alice.auth,
    )
    r = alice.client.post(
        f"/api/v1/assistants/{aid}/regenerate",
        json={"keep_owner_changes": False},
        headers=alice.auth,
    )
    assert r.status_code == 200
    body = r.json()
    assert (
        body["version"] == 3
        and body["config"]["firstMessage"] == pizzeria["config"]["firstMessage"]
    )
    r = alice.client.post(
        f"/assistants/{aid}/regenerate", data={"csrf_token": alice.csrf}, follow_redirects=False
    )
    assert r.status_code == 303
    imported = alice.client.post(
        "/api/v1/assistants", json={"config": pizzeria["config"]}, headers=alice.auth
    ).json()
    r = alice.client.post(f"/api/v1/assistants/{imported['id']}/regenerate", headers=alice.auth)
    assert r.status_code == 409 and "sans fiche" in r.json()["detail"]
