from __future__ import annotations

from typing import Any

from tests.conftest import Account


def test_save_as_template_and_create_for_another_business(
    alice: Account, pizzeria: dict[str, Any]
) -> None:
    r = alice.client.post(
        "/api/v1/templates",
        json={"assistant_id": pizzeria["id"], "name": "Pizzeria type"},
        headers=alice.auth,
    )
    assert r.status_code == 201, r.text
    template = r.json()
    assert template["sector_subtype"] == "pizzeria"
    assert [
        t["name"] for t in alice.client.get("/api/v1/templates", headers=alice.auth).json()
    ] == ["Pizzeria type"]
    r = alice.client.post(
        f"/api/v1/templates/{template['id']}/assistants",
        json={"company_name": "Pizzeria Luigi"},
        headers=alice.auth,
    )
    assert r.status_code == 201, r.text
    made = r.json()
    assert made["name"] == "Pizzeria Luigi"
    assert made["profile"]["company_name"] == "Pizzeria Luigi"
    assert made["profile"]["opening_hours"] == pizzeria["profile"]["opening_hours"]
    assert "Luigi" in made["config"]["firstMessage"]
    r = alice.client.post(
        f"/api/v1/templates/{template['id']}/assistants",
        json={"company_name": ""},
        headers=alice.auth,
    )
    assert r.status_code == 422
    assert (
        alice.client.delete(f"/api/v1/templates/{template['id']}", headers=alice.auth).status_code
        == 204
    )
    assert alice.client.get("/api/v1/templates", headers=alice.auth).json() == []


def test_template_pages(alice: Account, pizzeria: dict[str, Any]) -> None:
    r = alice.client.post(
        f"/assistants/{pizzeria['id']}/template",
        data={"csrf_token": alice.csrf, "name": "Modèle pizzeria"},
        follow_redirects=False,
    )
    assert r.status_code == 303
    page = alice.client.get("/assistants/new").text
    assert "Modèle pizzeria" in page
    template_id = alice.client.get("/api/v1/templates", headers=alice.auth).json()[0]["id"]
    r = alice.client.post(
        f"/templates/{template_id}/assistants",
        data={"csrf_token": alice.csrf, "company_name": "Chez Nino"},
        follow_redirects=False,
    )
    assert r.status_code == 303
    assert "Chez Nino" in alice.client.get(r.headers["location"]).text
