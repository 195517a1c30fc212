from __future__ import annotations

from typing import Any

import pytest
from fastapi.testclient import TestClient

from allokoli.http.deps import AlloKoliApp
from tests.conftest import Account

PIZZERIA = (
    "Pizzeria Da Marco à Lyon 3e, ouvert du mardi au dimanche de 11h30 à 14h et de 18h30 à "
    "22h30, fermé le lundi, on prend les réservations, pour les urgences appelez le "
    "06 12 34 56 78"
)


def create(acc: Account, text: str = PIZZERIA, **extra: Any) -> dict[str, Any]:
    r = acc.client.post("/api/v1/assistants", json={"text": text, **extra}, headers=acc.auth)
    assert r.status_code == 201, r.text
    return dict(r.json())


def deploy(app: AlloKoliApp, acc: Account, assistant_id: str) -> dict[str, Any]:
    r = acc.client.post(f"/api/v1/assistants/{assistant_id}/deploy", headers=acc.auth)
    assert r.status_code == 202, r.text
    app.services.dispatcher.run_due()
    return dict(acc.client.get(f"/api/v1/assistants/{assistant_id}", headers=acc.auth).json())


@pytest.fixture
def pizzeria(alice: Account, client: TestClient) -> dict[str, Any]:
    return create(alice)
