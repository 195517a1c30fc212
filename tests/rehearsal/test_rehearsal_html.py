"""The report card on the assistant's pages (HTML, through the logged-in browser session)."""

from __future__ import annotations

import copy
from datetime import UTC, datetime

from fastapi.testclient import TestClient

from allokoli.http.deps import AlloKoliApp
from tests.conftest import Account, csrf_from
from tests.rehearsal.conftest import create_from_profile

NOW = datetime(2026, 11, 25, 9, 0, tzinfo=UTC)


def test_the_report_card_runs_shows_and_overrides(
    app: AlloKoliApp, client: TestClient, alice: Account
) -> None:
    app.services.clock = lambda: NOW
    assistant = create_from_profile(alice)
    page = alice.client.get(f"/assistants/{assistant['id']}")
    assert "Répétition générale" in page.text and "Lancer la répétition" in page.text
    card = alice.client.get(f"/assistants/{assistant['id']}/repetition")
    assert card.status_code == 200 and "Lancer la répétition" in card.text
    r = alice.client.post(
        f"/assistants/{assistant['id']}/repetition",
        data={"csrf_token": csrf_from(card.text)},
        follow_redirects=False,
    )
    assert r.status_code == 303
    card = alice.client.get(r.headers["location"])
    assert "Répétition réussie" in card.text
    assert 'data-passed="oui"' in card.text and "Un numéro de rappel dicté par paires" in card.text
    assert "zéro six, douze" in card.text and "message enregistré" in card.text

    # A version without its message tool fails, blocks deploy, and the owner overrides it.
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
    alice.client.post(
        f"/assistants/{assistant['id']}/repetition", data={"csrf_token": csrf_from(card.text)}
    )
    card = alice.client.get(f"/assistants/{assistant['id']}/repetition")
    assert 'id="rehearsal-summary" data-passed="non"' in card.text
    assert "L&#39;outil « take_message » n&#39;a pas été appelé." in card.text
    assert "Passer outre" in card.text
    empty = alice.client.post(
        f"/assistants/{assistant['id']}/repetition/outrepasser",
        data={"csrf_token": csrf_from(card.text), "reason": "  "},
    )
    assert empty.status_code == 200 and "Indiquez en quelques mots" in empty.text
    r = alice.client.post(
        f"/assistants/{assistant['id']}/repetition/outrepasser",
        data={"csrf_token": csrf_from(card.text), "reason": "Pas de messages chez nous"},
        follow_redirects=False,
    )
    assert r.status_code == 303
    card = alice.client.get(r.headers["location"])
    assert "Vous avez choisi de passer outre : « Pas de messages chez nous »" in card.text
    assert "Passer outre et autoriser" not in card.text
