"""French numbers through the official `twilio` package, mocked at its HTTP boundary."""

from __future__ import annotations

import json
import logging
from typing import Any

import pytest
from pydantic import SecretStr
from sqlalchemy import select
from twilio.http import HttpClient
from twilio.http.response import Response as TwilioResponse

from allokoli.db.session import Database
from allokoli.http.deps import AlloKoliApp
from allokoli.models import PhoneNumber
from tests.assistants.conftest import deploy
from tests.conftest import Account

FR_NUMBER = "+33478000001"


# twilio ships no type information: its HttpClient is `Any` to mypy.
class FakeTwilio(HttpClient):  # type: ignore[misc]
    """Answers like Twilio's REST API; records every request."""

    def __init__(
        self,
        *,
        buy_error: dict[str, Any] | None = None,
        available: bool = True,
        release_fails: bool = False,
    ) -> None:
        super().__init__(logger=logging.getLogger("tests.twilio"), is_async=False)
        self.buy_error = buy_error
        self.available = available
        self.release_fails = release_fails
        self.requests: list[tuple[str, str, dict[str, Any]]] = []

    def request(
        self,
        method: str,
        uri: str,
        params: Any = None,
        data: Any = None,
        headers: Any = None,
        auth: Any = None,
        timeout: Any = None,
        allow_redirects: bool = False,
    ) -> TwilioResponse:
        self.requests.append((method, uri, dict(data or {})))
        if "AvailablePhoneNumbers/FR/Local" in uri:
            numbers = (
                [{"phone_number": FR_NUMBER, "friendly_name": "04 78 00 00 01"}]
                if self.available
                else []
            )
            return TwilioResponse(200, json.dumps({"available_phone_numbers": numbers, "uri": uri}))
        if uri.endswith("IncomingPhoneNumbers.json") and method == "POST":
            if self.buy_error:
                return TwilioResponse(400, json.dumps({**self.buy_error, "status": 400}))
            return TwilioResponse(
                201, json.dumps({"sid": "PN123", "phone_number": FR_NUMBER, "friendly_name": "x"})
            )
        if "IncomingPhoneNumbers/PN123" in uri and method == "DELETE":
            if self.release_fails:
                return TwilioResponse(
                    500, json.dumps({"code": 20500, "message": "Internal", "status": 500})
                )
            return TwilioResponse(204, "")
        return TwilioResponse(
            404, json.dumps({"code": 20404, "message": "not found", "status": 404})
        )

    @property
    def released(self) -> bool:
        return any(m == "DELETE" for m, _, _ in self.requests)


def _with_twilio(app: AlloKoliApp, fake: FakeTwilio) -> None:
    settings = app.services.settings
    settings.twilio_account_sid = "AC" + "0" * 32
    settings.twilio_auth_token = SecretStr("test-token")
    settings.twilio_bundle_sid = "BU123"
    app.services.twilio_http_client = fake


def _numbers(database: Database, acc: Account) -> list[PhoneNumber]:
    with database.unit_of_work(tenant_id=acc.org_id) as s:
        return list(s.scalars(select(PhoneNumber)))


@pytest.fixture
def deployed(app: AlloKoliApp, alice: Account, pizzeria: dict[str, Any]) -> str:
    deploy(app, alice, pizzeria["id"])
    return str(pizzeria["id"])


def test_buy_and_import_into_vapi(
    app: AlloKoliApp, alice: Account, deployed: str, database: Database
) -> None:
    fake = FakeTwilio()
    _with_twilio(app, fake)
    r = alice.client.post(
        f"/api/v1/assistants/{deployed}/phone-number", json={"contains": "+334"}, headers=alice.auth
    )
    assert r.status_code == 201, r.text
    body = r.json()
    assert (
        body["number"] == FR_NUMBER and body["display"] == "04 78 00 00 01" and not body["is_demo"]
    )
    buy = next(d for m, u, d in fake.requests if m == "POST")
    assert buy["PhoneNumber"] == FR_NUMBER and buy["BundleSid"] == "BU123"
    search = next(u for m, u, _ in fake.requests if "AvailablePhoneNumbers" in u)
    assert "AvailablePhoneNumbers/FR/Local" in search
    # Released: deleted on Vapi (sandbox) and on Twilio.
    r = alice.client.delete(f"/api/v1/assistants/{deployed}/phone-number", headers=alice.auth)
    assert r.status_code == 200 and fake.released


@pytest.mark.parametrize(
    ("code", "words"),
    [(21649, "dossier réglementaire"), (21631, "adresse en France")],
)
def test_regulatory_errors_are_french_and_leave_nothing(
    app: AlloKoliApp, alice: Account, deployed: str, database: Database, code: int, words: str
) -> None:
    _with_twilio(app, FakeTwilio(buy_error={"code": code, "message": "Bundle required"}))
    r = alice.client.post(f"/api/v1/assistants/{deployed}/phone-number", headers=alice.auth)
    assert r.status_code == 502
    assert words in r.json()["detail"]
    assert _numbers(database, alice) == []


def test_no_number_available(
    app: AlloKoliApp, alice: Account, deployed: str, database: Database
) -> None:
    _with_twilio(app, FakeTwilio(available=False))
    r = alice.client.post(f"/api/v1/assistants/{deployed}/phone-number", headers=alice.auth)
    assert r.status_code == 409
    assert "Aucun numéro français" in r.json()["detail"]


def test_import_failure_releases_the_bought_number(
    app: AlloKoliApp,
    alice: Account,
    deployed: str,
    database: Database,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from allokoli.providers.vapi import ProviderError, VapiGateway

    def refuse(self: VapiGateway, body: dict[str, Any]) -> dict[str, Any]:
        raise ProviderError("Vapi a refusé la configuration : numéro déjà importé.")

    monkeypatch.setattr(VapiGateway, "create_phone_number", refuse)
    fake = FakeTwilio()
    _with_twilio(app, fake)
    r = alice.client.post(f"/api/v1/assistants/{deployed}/phone-number", headers=alice.auth)
    assert r.status_code == 502
    assert "a été libéré" in r.json()["detail"]
    assert fake.released
    assert _numbers(database, alice) == []


def test_failed_release_is_recorded_not_forgotten(
    app: AlloKoliApp,
    alice: Account,
    deployed: str,
    database: Database,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from allokoli.providers.vapi import ProviderError, VapiGateway

    def refuse(self: VapiGateway, body: dict[str, Any]) -> dict[str, Any]:
        raise ProviderError("Vapi est injoignable (réseau) : nouvel essai bientôt.", retryable=True)

    monkeypatch.setattr(VapiGateway, "create_phone_number", refuse)
    _with_twilio(app, FakeTwilio(release_fails=True))
    r = alice.client.post(f"/api/v1/assistants/{deployed}/phone-number", headers=alice.auth)
    assert r.status_code == 502
    numbers = _numbers(database, alice)
    assert len(numbers) == 1
    assert numbers[0].status == "error" and numbers[0].twilio_sid == "PN123"
    assert "à libérer" in (numbers[0].status_reason or "")


def test_without_twilio_outside_sandbox_the_message_says_what_to_configure(
    app: AlloKoliApp, alice: Account, deployed: str
) -> None:
    app.services.settings.vapi_api_key = SecretStr("real-looking-key")
    try:
        r = alice.client.post(f"/api/v1/assistants/{deployed}/phone-number", headers=alice.auth)
    finally:
        app.services.settings.vapi_api_key = None
    assert r.status_code == 422
    assert "ALLOKOLI_TWILIO_ACCOUNT_SID" in r.json()["detail"]
