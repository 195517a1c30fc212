from __future__ import annotations

import json
from typing import Any

from tests.assistants.conftest import PIZZERIA
from tests.conftest import Account


def test_create_from_form_and_errors(alice: Account) -> None:
    r = alice.client.post(
        "/assistants", data={"csrf_token": alice.csrf, "text": PIZZERIA}, follow_redirects=False
    )
    assert r.status_code == 303
    page = alice.client.get(r.headers["location"])
    assert "Votre assistant est prêt" in page.text
    r = alice.client.post("/assistants", data={"csrf_token": alice.csrf, "text": "plombier"})
    assert r.status_code == 422
    assert "pas le nom de votre entreprise" in r.text


def test_form_asks_for_a_missing_name_inline_and_keeps_the_description(alice: Account) -> None:
    assert (
        'name="company_name"' not in alice.client.get("/assistants/new").text.split("<h2>Partir")[0]
    )
    text = "je suis pisciniste à Perpignan, entretien de piscines"
    r = alice.client.post("/assistants", data={"csrf_token": alice.csrf, "text": text})
    assert r.status_code == 422
    assert "pas le nom de votre entreprise" in r.text and "(Pisciniste)" in r.text
    assert '<input id="company_name" name="company_name"' in r.text
    assert text in r.text  # the description is kept as typed
    r = alice.client.post(
        "/assistants",
        data={"csrf_token": alice.csrf, "text": text, "company_name": "Bleu Lagon"},
        follow_redirects=False,
    )
    assert r.status_code == 303
    page = alice.client.get(r.headers["location"])
    assert "Bleu Lagon" in page.text


def test_simple_edit_form(alice: Account, pizzeria: dict[str, Any]) -> None:
    aid = pizzeria["id"]
    r = alice.client.post(
        f"/assistants/{aid}/edit",
        data={
            "csrf_token": alice.csrf,
            "mode": "simple",
            "name": "Da Marco Lyon",
            "first_message": "Bonjour et bienvenue chez Da Marco, je suis l'assistante vocale automatique.",
        },
        follow_redirects=False,
    )
    assert r.status_code == 303
    got = alice.client.get(f"/api/v1/assistants/{aid}", headers=alice.auth).json()
    assert got["name"] == "Da Marco Lyon" and got["version"] == 2


def test_expert_edit_preview_and_errors(alice: Account, pizzeria: dict[str, Any]) -> None:
    aid = pizzeria["id"]
    config = dict(pizzeria["config"])
    config["maxDurationSeconds"] = 300
    r = alice.client.post(
        f"/assistants/{aid}/edit",
        data={
            "csrf_token": alice.csrf,
            "mode": "expert",
            "config": json.dumps(config),
            "preview": "1",
        },
    )
    assert r.status_code == 200
    assert (
        "+  &#34;maxDurationSeconds&#34;: 300" in r.text or '+  "maxDurationSeconds": 300' in r.text
    )
    r = alice.client.post(
        f"/assistants/{aid}/edit",
        data={"csrf_token": alice.csrf, "mode": "expert", "config": "{pas du json"},
    )
    assert r.status_code == 422 and "JSON invalide" in r.text
    r = alice.client.post(
        f"/assistants/{aid}/edit",
        data={"csrf_token": alice.csrf, "mode": "avance", "temperature": "abc"},
    )
    assert r.status_code == 422 and "La température doit être un nombre" in r.text
    r = alice.client.post(
        f"/assistants/{aid}/edit",
        data={"csrf_token": alice.csrf, "mode": "avance", "temperature": "0,5", "model": "gpt-4.1"},
        follow_redirects=False,
    )
    assert r.status_code == 303
    got = alice.client.get(f"/api/v1/assistants/{aid}", headers=alice.auth).json()
    assert (
        got["config"]["model"]["temperature"] == 0.5
        and got["config"]["model"]["model"] == "gpt-4.1"
    )


def test_import_upload(alice: Account, pizzeria: dict[str, Any]) -> None:
    doc = alice.client.get(
        f"/api/v1/assistants/{pizzeria['id']}/export", headers=alice.auth
    ).content
    r = alice.client.post(
        "/assistants/import",
        data={"csrf_token": alice.csrf},
        files={"file": ("a.json", doc, "application/json")},
        follow_redirects=False,
    )
    assert r.status_code == 303
    r = alice.client.post(
        "/assistants/import",
        data={"csrf_token": alice.csrf},
        files={"file": ("a.json", b"{oops", "application/json")},
    )
    assert r.status_code == 422 and "JSON lisible" in r.text


def test_duplicate_delete_restore_forms(alice: Account, pizzeria: dict[str, Any]) -> None:
    aid = pizzeria["id"]
    r = alice.client.post(
        f"/assistants/{aid}/duplicate", data={"csrf_token": alice.csrf}, follow_redirects=False
    )
    copy_url = r.headers["location"]
    r = alice.client.post(
        f"{copy_url}/delete", data={"csrf_token": alice.csrf}, follow_redirects=False
    )
    assert r.headers["location"] == "/assistants"
    alice.client.patch(
        f"/api/v1/assistants/{aid}",
        json={"end_call_message": "Merci pour votre appel et à bientôt chez Da Marco."},
        headers=alice.auth,
    )
    r = alice.client.post(
        f"/assistants/{aid}/versions/1/restore",
        data={"csrf_token": alice.csrf},
        follow_redirects=False,
    )
    assert r.status_code == 303
    page = alice.client.get(f"/assistants/{aid}/versions?a=1&b=2").text
    assert "Restauration de la version 1" in page
