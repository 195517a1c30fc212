from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select

from allokoli.http.deps import AlloKoliApp
from allokoli.models import PhoneNumber
from tests.assistants.conftest import create, deploy
from tests.conftest import Account, sandbox_auth

OWNER = "+33612345678"  # the pizzeria's urgent line (tests.assistants.conftest.PIZZERIA)


@dataclass
class Line:
    """A deployed assistant with a sandbox phone number."""

    app: AlloKoliApp
    acc: Account
    assistant: dict[str, Any]
    phone_provider_id: str

    def vapi_number(self) -> dict[str, Any]:
        client = self.app.services.gateway_factory(self.acc.org_id).client
        number = client.phone_numbers.get(self.phone_provider_id)
        return dict(number.dict(by_alias=True, exclude_none=True))

    def ring(self, caller: str | None) -> dict[str, Any]:
        body: dict[str, Any] = {"phoneNumberId": self.phone_provider_id}
        if caller:
            body["customerNumber"] = caller
        r = self.acc.client.post(
            "/sandbox/vapi/call/inbound",
            json=body,
            headers=sandbox_auth(self.app, self.acc.org_id),
        )
        assert r.status_code == 201, r.text
        return dict(r.json())

    def add(self, number: str, kind: str, **extra: Any) -> Any:
        return self.acc.client.post(
            "/api/v1/numbers", json={"number": number, "kind": kind, **extra}, headers=self.acc.auth
        )


def make_line(app: AlloKoliApp, acc: Account) -> Line:
    assistant = deploy(app, acc, create(acc)["id"])
    r = acc.client.post(f"/api/v1/assistants/{assistant['id']}/phone-number", headers=acc.auth)
    assert r.status_code == 201, r.text
    with app.services.db.unit_of_work(tenant_id=acc.org_id) as s:
        phone_id = s.scalars(select(PhoneNumber.provider_id)).one()
    assert phone_id is not None
    return Line(app, acc, assistant, phone_id)


@pytest.fixture
def line(app: AlloKoliApp, client: TestClient, alice: Account) -> Line:
    return make_line(app, alice)
