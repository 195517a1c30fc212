"""Outbox jobs are typed classes stored in the same columns as before: rows queued before the
change (kind + plain JSON payload) still run, and the rows written now are that same format.
Provider failures are told apart by class (an assistant deleted at the provider is created
again), never by their French text."""

from __future__ import annotations

import uuid
from typing import Any

import httpx
import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select
from vapi.core.api_error import ApiError

from allokoli.db.session import Database
from allokoli.deploy import outbox
from allokoli.http.deps import AlloKoliApp
from allokoli.models import OutboxMessage
from allokoli.providers import vapi
from allokoli.providers.vapi import (
    METADATA_KEY,
    ProviderError,
    ProviderNotFound,
    ProviderRejected,
    ProviderUnavailable,
)
from allokoli.tenancy import Tenant
from tests.assistants.conftest import create, deploy
from tests.conftest import Account, sandbox_auth


def _sandbox_assistants(client: TestClient, owner: Account, our_id: str) -> list[dict[str, Any]]:
    auth = sandbox_auth(client.app, owner.org_id)  # type: ignore[arg-type]
    r = client.get("/sandbox/vapi/assistant", headers=auth)
    assert r.status_code == 200
    return [a for a in r.json() if (a.get("metadata") or {}).get(METADATA_KEY) == our_id]


def _queue_raw(database: Database, org_id: uuid.UUID, kind: str, payload: dict[str, Any]) -> None:
    """A row exactly as the code before typed jobs wrote it."""
    with database.unit_of_work(tenant_id=org_id) as session:
        session.add(OutboxMessage(organization_id=org_id, kind=kind, payload=payload))


def test_rows_in_the_former_format_load_and_run(
    app: AlloKoliApp, client: TestClient, database: Database, alice: Account
) -> None:
    assistant = create(alice)
    our_id = assistant["id"]
    _queue_raw(database, alice.org_id, "assistant.push", {"assistant_id": our_id})
    assert app.services.dispatcher.run_due() == 1
    got = alice.client.get(f"/api/v1/assistants/{our_id}", headers=alice.auth).json()
    assert got["status"] == "active", got["status_reason"]
    (pushed,) = _sandbox_assistants(client, alice, our_id)

    _queue_raw(database, alice.org_id, "phone_number.route", {"assistant_id": our_id})
    _queue_raw(database, alice.org_id, "assistant.delete", {"provider_id": pushed["id"]})
    assert app.services.dispatcher.run_due() == 2
    assert _sandbox_assistants(client, alice, our_id) == []
    with database.unit_of_work(tenant_id=alice.org_id) as session:
        rows = session.scalars(select(OutboxMessage)).all()
        assert rows and all(r.done_at is not None and r.last_error is None for r in rows)
        kinds = {outbox.load(r).kind for r in rows}
    assert kinds == {"assistant.push", "phone_number.route", "assistant.delete"}


def test_jobs_are_written_in_the_former_format(database: Database, alice: Account) -> None:
    our_id, tenant = uuid.uuid4(), Tenant(alice.org_id)
    with database.unit_of_work(tenant_id=alice.org_id) as session:
        outbox.enqueue(session, tenant, outbox.PushAssistant(assistant_id=our_id))
        outbox.enqueue(session, tenant, outbox.DeleteAssistant(provider_id="asst-1"))
        outbox.enqueue(session, tenant, outbox.RoutePhoneNumber(assistant_id=our_id))
    with database.unit_of_work(tenant_id=alice.org_id) as session:
        stored = sorted((r.kind, r.payload) for r in session.scalars(select(OutboxMessage)))
    assert stored == [
        ("assistant.delete", {"provider_id": "asst-1"}),
        ("assistant.push", {"assistant_id": str(our_id)}),
        ("phone_number.route", {"assistant_id": str(our_id)}),
    ]


def test_an_unknown_kind_does_not_load() -> None:
    row = OutboxMessage(organization_id=uuid.uuid4(), kind="assistant.rename", payload={})
    with pytest.raises(ValueError):  # pydantic's ValidationError
        outbox.load(row)


def test_an_assistant_deleted_at_the_provider_is_created_again(
    app: AlloKoliApp, client: TestClient, alice: Account, pizzeria: dict[str, Any]
) -> None:
    first = deploy(app, alice, pizzeria["id"])
    assert first["status"] == "active"
    (gone,) = _sandbox_assistants(client, alice, pizzeria["id"])
    auth = sandbox_auth(app, alice.org_id)
    assert client.delete(f"/sandbox/vapi/assistant/{gone['id']}", headers=auth).status_code == 200
    again = deploy(app, alice, pizzeria["id"])
    assert again["status"] == "active", again["status_reason"]
    (created,) = _sandbox_assistants(client, alice, pizzeria["id"])
    assert created["id"] != gone["id"]


def _api_error(status: int, message: Any = "x") -> ApiError:
    return ApiError(status_code=status, body={"message": message})


@pytest.mark.parametrize(
    ("failure", "kind", "retryable", "detail"),
    [
        (_api_error(404), ProviderNotFound, False, "Cette ressource n'existe plus chez Vapi."),
        (
            _api_error(400, ["voice must be valid"]),
            ProviderRejected,
            False,
            "Vapi a refusé la configuration : voice must be valid.",
        ),
        (
            _api_error(401),
            ProviderRejected,
            False,
            "Clé Vapi refusée : vérifiez ALLOKOLI_VAPI_API_KEY.",
        ),
        (_api_error(409, "taken"), ProviderRejected, False, "Erreur Vapi (409) : taken"),
        (
            _api_error(429),
            ProviderUnavailable,
            True,
            "Vapi limite le nombre de requêtes : nouvel essai bientôt.",
        ),
        (
            _api_error(503),
            ProviderUnavailable,
            True,
            "Vapi est momentanément indisponible : nouvel essai bientôt.",
        ),
        (
            httpx.ReadTimeout("slow"),
            ProviderUnavailable,
            True,
            "Vapi ne répond pas (délai dépassé) : nouvel essai bientôt.",
        ),
        (
            httpx.ConnectError("down"),
            ProviderUnavailable,
            True,
            "Vapi est injoignable (réseau) : nouvel essai bientôt.",
        ),
    ],
)
def test_provider_failures_are_typed_with_the_same_french_text(
    failure: Exception, kind: type[ProviderError], retryable: bool, detail: str
) -> None:
    error = vapi._french(failure)
    assert type(error) is kind
    assert (error.retryable, error.detail, error.status_code) == (retryable, detail, 502)
    public = "ProviderNotFound" if kind is ProviderNotFound else "ProviderError"
    assert error.envelope() == {"error": public, "detail": detail}
