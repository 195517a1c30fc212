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


def test_owner_additions_follow_the_template_renamed(
    alice: Account, pizzeria: dict[str, Any]
) -> None:
    aid = pizzeria["id"]
    prompt = pizzeria["config"]["model"]["messages"][0]["content"]
    added = "Chez Pizzeria Da Marco, la pâte repose 48 heures."
    r = alice.client.post(
        f"/assistants/{aid}/edit",
        data={"csrf_token": alice.csrf, "mode": "simple", "system_prompt": f"{prompt}\n{added}"},
        follow_redirects=False,
    )
    assert r.status_code == 303
    r = alice.client.patch(
        f"/api/v1/assistants/{aid}",
        json={
            "first_message": "Allô, Pizzeria Da Marco, que puis-je pour vous ?",
            "config_patch": {"model": {"temperature": 0.2}},
        },
        headers=alice.auth,
    )
    assert r.status_code == 200, r.text
    template = alice.client.post(
        "/api/v1/templates",
        json={"assistant_id": aid, "name": "Pizzeria type"},
        headers=alice.auth,
    ).json()
    r = alice.client.post(
        f"/api/v1/templates/{template['id']}/assistants",
        json={"company_name": "Pizzeria Luigi"},
        headers=alice.auth,
    )
    assert r.status_code == 201, r.text
    made = r.json()
    config = made["config"]
    kept = config["metadata"]["allokoliOwner"]
    assert kept["prompt_addition"] == "Chez Pizzeria Luigi, la pâte repose 48 heures."
    assert config["model"]["messages"][0]["content"].endswith(
        "Chez Pizzeria Luigi, la pâte repose 48 heures."
    )
    assert config["firstMessage"] == "Allô, Pizzeria Luigi, que puis-je pour vous ?"
    assert config["model"]["temperature"] == 0.2
    assert "Da Marco" not in str(config)
    # the copy's additions stay the owner's: its detail page shows them as such
    page = alice.client.get(f"/assistants/{made['id']}").text
    assert "Vos consignes ajoutées" in page and "la pâte repose 48 heures" in page
    assert "et vos ajouts" in alice.client.get("/assistants/new").text
