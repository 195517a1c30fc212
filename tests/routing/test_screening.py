"""Protected and blocked numbers, decided per inbound call through `assistant-request`, played
end to end by the sandbox (the number configured at Vapi, the signed request, the answer)."""

from __future__ import annotations

import json
import threading
import time
import uuid
from collections.abc import Iterator
from typing import Any

import httpx
import pytest
from sqlalchemy import select

from allokoli.db.session import bind_tenant
from allokoli.http.deps import AlloKoliApp
from allokoli.models import CallScreening, NumberRule
from allokoli.phone_numbers.screening import SCREENING_TIMEOUT_SECONDS
from allokoli.routing import decision, texts
from allokoli.webhooks.auth import sign
from tests.calls.conftest import org_hook
from tests.routing.conftest import OWNER, Line, make_line

pytestmark = pytest.mark.db

BLOCKED = "+33622222222"
FAMILY = "+33611111111"
STRANGER = "+33633333333"


def _screenings(line: Line) -> list[tuple[str | None, str, str]]:
    with line.app.services.db.unit_of_work(tenant_id=line.acc.org_id) as s:
        rows = s.execute(
            select(
                CallScreening.caller_number, CallScreening.decision, CallScreening.reason
            ).order_by(CallScreening.created_at)
        ).all()
    return [(r[0], r[1], r[2]) for r in rows]


def test_without_lists_the_number_goes_straight_to_the_assistant(line: Line) -> None:
    assert line.vapi_number()["assistantId"] == line.assistant["provider_id"]
    answered = line.ring(STRANGER)
    assert answered["outcome"] == "assistant" and answered["via"] == "phone-number"
    assert _screenings(line) == []


def test_blocked_refused_protected_forwarded_others_to_the_assistant(line: Line) -> None:
    assert line.add("06 22 22 22 22", "blocked").status_code == 201
    r = line.add("+33 6 11 11 11 11", "protected", label="Maman")
    assert r.status_code == 201 and r.json()["display"] == "06 11 11 11 11"
    line.app.services.dispatcher.run_due()  # the number now asks us for every call

    number = line.vapi_number()
    assert "assistantId" not in number
    assert "/webhooks/vapi/" in number["server"]["url"]
    assert number["server"]["timeoutSeconds"] == SCREENING_TIMEOUT_SECONDS
    assert number["fallbackDestination"]["number"] == OWNER

    refused = line.ring(BLOCKED)
    assert refused["outcome"] == "refused" and refused["message"] == texts.BLOCKED_SPOKEN
    forwarded = line.ring(FAMILY)
    assert forwarded["outcome"] == "transferred" and forwarded["via"] == "assistant-request"
    assert forwarded["destination"]["number"] == OWNER
    answered = line.ring(STRANGER)
    assert answered["outcome"] == "assistant"
    assert answered["assistantId"] == line.assistant["provider_id"]
    hidden = line.ring(None)
    assert hidden["outcome"] == "assistant"
    assert _screenings(line) == [
        (BLOCKED, "blocked", "blocked"),
        (FAMILY, "forwarded", "protected"),
        (STRANGER, "assistant", "assistant"),
        (None, "assistant", "assistant"),
    ]

    # Lists emptied: the number is given back to the assistant.
    for rule in line.acc.client.get("/api/v1/numbers", headers=line.acc.auth).json():
        assert (
            line.acc.client.delete(
                f"/api/v1/numbers/{rule['id']}", headers=line.acc.auth
            ).status_code
            == 200
        )
    line.app.services.dispatcher.run_due()
    assert line.vapi_number()["assistantId"] == line.assistant["provider_id"]


class _SlowServer(httpx.BaseTransport):
    """Our webhook as seen from Vapi when it does not answer within `timeoutSeconds`."""

    def __init__(self) -> None:
        self.timeouts: list[Any] = []

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        self.timeouts.append(request.extensions.get("timeout"))
        raise httpx.ReadTimeout("no answer within the timeout", request=request)


def test_a_server_too_slow_leaves_the_call_to_the_fallback_never_dropped(
    line: Line, app: AlloKoliApp
) -> None:
    assert line.add(BLOCKED, "blocked").status_code == 201
    app.services.dispatcher.run_due()
    slow = _SlowServer()
    app.services.sandbox_http_client = httpx.Client(transport=slow)
    answered = line.ring(STRANGER)
    assert answered["outcome"] == "transferred" and answered["via"] == "fallbackDestination"
    assert answered["destination"]["number"] == OWNER
    assert answered["reason"] == "timeout"
    # The request waited the number's own timeout, as Vapi does.
    assert slow.timeouts and slow.timeouts[0]["read"] == SCREENING_TIMEOUT_SECONDS


@pytest.fixture
def stuck_decision(monkeypatch: pytest.MonkeyPatch) -> Iterator[threading.Event]:
    release = threading.Event()
    real = decision.answer

    def stuck(*args: Any, **kwargs: Any) -> Any:
        release.wait(30)
        return real(*args, **kwargs)

    monkeypatch.setattr(decision, "answer", stuck)
    monkeypatch.setattr(decision, "DECISION_DEADLINE_SECONDS", 0.2)
    yield release
    release.set()


def test_our_own_deadline_answers_503_so_vapi_uses_the_fallback(
    line: Line, app: AlloKoliApp, stuck_decision: threading.Event
) -> None:
    hook = org_hook(app, line.acc)
    message = {
        "type": "assistant-request",
        "call": {"id": f"call-{uuid.uuid4()}", "phoneNumberId": line.phone_provider_id},
        "customer": {"number": STRANGER},
    }
    body = json.dumps({"message": message}).encode()
    headers = {"content-type": "application/json", **sign(body, hook.secret, int(time.time()))}
    r = line.acc.client.post(hook.url, content=body, headers=headers)
    assert r.status_code == 503
    assert "secours" in r.json()["detail"]


def test_a_number_on_both_lists_is_refused_with_a_french_message(line: Line) -> None:
    assert line.add(FAMILY, "protected").status_code == 201
    r = line.add("06 11 11 11 11", "blocked")
    assert r.status_code == 409
    assert r.json()["detail"] == (
        "Le 06 11 11 11 11 est déjà dans vos numéros protégés : retirez-le de cette liste avant "
        "de l'ajouter aux numéros bloqués."
    )
    # Two requests racing could still store both: the call is then refused, with a message.
    with line.app.services.db.unit_of_work(tenant_id=line.acc.org_id) as s:
        bind_tenant(s, line.acc.org_id)
        s.add(NumberRule(organization_id=line.acc.org_id, number=FAMILY, kind="blocked"))
    line.app.services.dispatcher.run_due()
    refused = line.ring(FAMILY)
    assert refused["outcome"] == "refused" and refused["message"] == texts.CONFLICT_SPOKEN


@pytest.mark.parametrize(
    ("number", "detail"),
    [
        ("", "Indiquez un numéro de téléphone."),
        ("bonjour", "« bonjour » n'est pas un numéro de téléphone valide"),
        ("06 12", "« 06 12 » n'est pas un numéro de téléphone valide"),
    ],
)
def test_bad_numbers_get_a_french_message_and_nothing_is_written(
    line: Line, number: str, detail: str
) -> None:
    r = line.add(number, "blocked")
    assert r.status_code == 422, r.text
    assert r.json()["detail"].startswith(detail)
    assert line.acc.client.get("/api/v1/numbers", headers=line.acc.auth).json() == []


def test_same_number_twice_is_one_entry(line: Line) -> None:
    first = line.add("06 22 22 22 22", "blocked").json()
    again = line.add("0033622222222", "blocked", label="Démarchage")
    assert again.status_code == 201 and again.json()["id"] == first["id"]
    assert again.json()["label"] == "Démarchage"


def test_call_page_buttons_block_and_protect_the_caller(app: AlloKoliApp, line: Line) -> None:
    from tests.calls.conftest import call_id_of

    hook = org_hook(app, line.acc)
    provider_call = hook.report(caller="+33644444444", assistant_id=line.assistant["id"])
    call_id = call_id_of(line.acc, provider_call)
    page = line.acc.client.get(f"/calls/{call_id}").text
    assert "Bloquer ce numéro" in page and "Toujours me transférer ce numéro" in page
    r = line.acc.client.post(
        f"/calls/{call_id}/caller-rule", data={"csrf_token": line.acc.csrf, "kind": "blocked"}
    )
    assert r.status_code == 200
    assert "Le 06 44 44 44 44 est bloqué : ses appels seront refusés." in r.text
    assert "Ce numéro est bloqué." in r.text and "Bloquer ce numéro</button>" not in r.text
    # The other button now explains why it cannot be both.
    r = line.acc.client.post(
        f"/calls/{call_id}/caller-rule", data={"csrf_token": line.acc.csrf, "kind": "protected"}
    )
    assert "est déjà dans vos numéros bloqués" in r.text
    rules = line.acc.client.get("/api/v1/numbers", headers=line.acc.auth).json()
    assert [(x["number"], x["kind"]) for x in rules] == [("+33644444444", "blocked")]
    assert "06 44 44 44 44" in line.acc.client.get("/routing/numbers").text


def test_a_hidden_caller_cannot_be_listed(app: AlloKoliApp, line: Line) -> None:
    from tests.calls.conftest import call_id_of

    hook = org_hook(app, line.acc)
    call_id = call_id_of(line.acc, hook.report(caller=None, assistant_id=line.assistant["id"]))
    r = line.acc.client.post(
        f"/api/v1/calls/{call_id}/caller-rule", json={"kind": "blocked"}, headers=line.acc.auth
    )
    assert r.status_code == 422 and r.json()["detail"] == texts.HIDDEN_CALLER


def test_a_number_given_while_screening_is_screened_from_the_start(
    app: AlloKoliApp, client: Any, alice: Any
) -> None:
    assert (
        alice.client.post(
            "/api/v1/numbers", json={"number": BLOCKED, "kind": "blocked"}, headers=alice.auth
        ).status_code
        == 201
    )
    line = make_line(app, alice)
    number = line.vapi_number()
    assert "assistantId" not in number and number["fallbackDestination"]["number"] == OWNER
    assert line.ring(BLOCKED)["outcome"] == "refused"
    assert line.ring(STRANGER)["assistantId"] == line.assistant["provider_id"]
