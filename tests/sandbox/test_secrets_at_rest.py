"""No secret in clear in the database, and the sandbox credential's life cycle.

The whole path runs through the product (sandbox mode): sign-up, deploy (the assistant carries
the organisation's webhook secret), a phone number, a test conversation whose end is reported to
our webhook, plus a webhook credential and a Twilio import made directly on the sandbox. Then
every row of every table is read with raw SQL: none holds a secret in clear.
"""

from __future__ import annotations

import uuid

from fastapi.testclient import TestClient
from sqlalchemy import Engine, select, text

from allokoli.auth.webhook_secrets import webhook_secret
from allokoli.db.base import Base
from allokoli.http.deps import AlloKoliApp
from allokoli.kit.crypto import SecretBox
from allokoli.models import Organization
from allokoli.sandbox import keys
from allokoli.sandbox.models import SandboxKey
from tests.assistants.conftest import create, deploy
from tests.conftest import Account, sandbox_auth
from tests.sandbox.conftest import BASE

HMAC_SECRET = "hmac-secret-at-rest-0123"
TWILIO_TOKEN = "twilio-token-at-rest-4567"


def _dump(engine: Engine) -> str:
    """Every value of every row of every table, as text."""
    parts: list[str] = []
    with engine.connect() as conn:
        for table in Base.metadata.sorted_tables:
            for row in conn.execute(text(f"SELECT * FROM {table.name}")):
                parts.extend(f"{table.name}: {value}" for value in row)
    return "\n".join(parts)


def test_no_secret_is_stored_in_clear(
    app: AlloKoliApp, client: TestClient, alice: Account, owner_engine: Engine
) -> None:
    assistant = create(alice)
    assert deploy(app, alice, assistant["id"])["status"] == "active"
    r = alice.client.post(f"/api/v1/assistants/{assistant['id']}/phone-number", headers=alice.auth)
    assert r.status_code == 201, r.text
    chat_id = None
    for line in ("Bonjour, je voudrais laisser un message", "Paul Martin", "au revoir"):
        r = alice.client.post(
            f"/api/v1/assistants/{assistant['id']}/chat",
            json={"text": line, "chat_id": chat_id},
            headers=alice.auth,
        )
        assert r.status_code == 200, r.text
        chat_id = r.json()["chat_id"]
    auth = sandbox_auth(app, alice.org_id)
    credential = client.post(
        f"{BASE}/credential",
        json={
            "provider": "webhook",
            "authenticationPlan": {"type": "hmac", "secretKey": HMAC_SECRET, "algorithm": "sha256"},
        },
        headers=auth,
    )
    twilio = client.post(
        f"{BASE}/phone-number",
        json={
            "provider": "twilio",
            "number": "+33478000001",
            "twilioAccountSid": "AC0123",
            "twilioAuthToken": TWILIO_TOKEN,
        },
        headers=auth,
    )
    assert credential.status_code == twilio.status_code == 201

    with app.services.db.unit_of_work() as session:
        org = session.get(Organization, alice.org_id)
        assert org is not None
        secret = webhook_secret(app.services.settings, org)
    token = auth["Authorization"].removeprefix("Bearer ")
    dump = _dump(owner_engine)
    # The flow did store what it should: the report reached our webhook, rows exist.
    assert "end-of-call-report" in dump and "sandbox_assistants" in dump
    for value in (secret, token, HMAC_SECRET, TWILIO_TOKEN):
        assert value not in dump

    # The account itself still reads its secrets (as on Vapi), and deliveries were signed:
    remote = client.get(f"{BASE}/assistant", headers=auth).json()
    assert remote[0]["server"]["headers"]["X-Vapi-Secret"] == secret
    calls = alice.client.get("/api/v1/calls", headers=alice.auth).json()["items"]
    assert len(calls) == 1
    got = client.get(f"{BASE}/credential/{credential.json()['id']}", headers=auth).json()
    assert got["authenticationPlan"]["secretKey"] == HMAC_SECRET


def test_an_organisation_gets_its_credential_at_sign_up(app: AlloKoliApp, alice: Account) -> None:
    with app.services.db.unit_of_work(tenant_id=alice.org_id) as session:
        rows = session.scalars(select(SandboxKey)).all()
    assert [row.organization_id for row in rows] == [alice.org_id]


def test_older_organisations_get_one_on_first_use_and_a_new_key_after_rotation(
    app: AlloKoliApp, client: TestClient
) -> None:
    db = app.services.db
    with db.unit_of_work() as session:
        org = Organization(name="Ancienne")
        session.add(org)
        session.flush()
        org_id: uuid.UUID = org.id
    box = SecretBox(app.services.settings.secret_key.get_secret_value())
    first = keys.token_for(db, box, org_id)
    assert keys.token_for(db, box, org_id) == first
    with db.unit_of_work() as session:
        assert keys.organization_of(session, first) == org_id
        assert keys.organization_of(session, "sandbox-local-token") is None
    # The gateway of that organisation reaches its own, empty, sandbox account.
    assert app.services.gateway_factory(org_id).list_calls() == []
    # After ALLOKOLI_SECRET_KEY changed, the old sealed token cannot be read: a new one is issued
    # (the sandbox's rows belong to the organisation, not to the token).
    rotated = keys.token_for(db, SecretBox("another-secret-key-" * 3), org_id)
    assert rotated != first
    with db.unit_of_work() as session:
        assert keys.organization_of(session, first) is None
        assert keys.organization_of(session, rotated) == org_id
