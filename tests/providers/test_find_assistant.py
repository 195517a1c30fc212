"""The deploy-retry lookup finds our assistant among those created while our unrecorded pushes
were sent, a small page at a time, never by listing the whole account; the gateway reads the
fields it uses from the JSON answers."""

from __future__ import annotations

import json
import operator
import uuid
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from typing import Any

import httpx
import pytest
from fastapi.testclient import TestClient

from allokoli.http.deps import AlloKoliApp
from allokoli.kit.clock import utcnow
from allokoli.providers.vapi import (
    LOOKUP_MARGIN,
    LOOKUP_PAGE,
    METADATA_KEY,
    ProviderError,
    ProviderNotFound,
    ProviderUnavailable,
    VapiGateway,
)
from allokoli.settings import Settings
from tests.assistants.conftest import create
from tests.conftest import Account, InProcessTransport, sandbox_auth

SENT = datetime(2026, 11, 25, 9, 30, tzinfo=UTC)


def _iso(value: datetime) -> str:
    return value.isoformat(timespec="milliseconds").replace("+00:00", "Z")


class FakeAccount(httpx.BaseTransport):
    """A Vapi account: `GET /assistant` with Vapi's `limit` and `createdAt*` filters, newest
    first; it records every list request."""

    def __init__(self, assistants: list[dict[str, Any]]) -> None:
        self.assistants = assistants
        self.lists: list[dict[str, str]] = []
        self.returned = 0

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        assert request.url.path.endswith("/assistant") and request.method == "GET"
        params = dict(request.url.params)
        self.lists.append(params)
        rows = sorted(self.assistants, key=lambda a: a["createdAt"], reverse=True)
        checks: dict[str, Callable[[datetime, datetime], bool]] = {
            "createdAtGe": operator.ge,
            "createdAtLe": operator.le,
            "createdAtGt": operator.gt,
            "createdAtLt": operator.lt,
        }
        for name, keep in checks.items():
            if name in params:
                bound = datetime.fromisoformat(params[name])
                rows = [r for r in rows if keep(datetime.fromisoformat(r["createdAt"]), bound)]
        rows = rows[: int(params.get("limit", 100))]
        self.returned += len(rows)
        return httpx.Response(200, json=rows)


def _assistant(created: datetime, our_id: str | None = None) -> dict[str, Any]:
    metadata = {METADATA_KEY: our_id or str(uuid.uuid4())}
    return {"id": str(uuid.uuid4()), "createdAt": _iso(created), "metadata": metadata}


def _gateway(settings: Settings, transport: httpx.BaseTransport) -> VapiGateway:
    client = httpx.Client(transport=transport, base_url="http://testserver")
    return VapiGateway(settings, sandbox_token="sk-test", http_client=client)


def _bounded(account: FakeAccount) -> None:
    for params in account.lists:
        assert int(params["limit"]) <= LOOKUP_PAGE
        low = datetime.fromisoformat(params["createdAtGe"])
        high = datetime.fromisoformat(params["createdAtLe"])
        assert SENT - low <= LOOKUP_MARGIN and high - SENT <= LOOKUP_MARGIN + timedelta(minutes=5)


def test_a_large_account_is_never_listed_whole(settings: Settings) -> None:
    our_id = str(uuid.uuid4())
    platform = [_assistant(SENT - timedelta(hours=1 + i)) for i in range(1000)]
    ours = _assistant(SENT + timedelta(seconds=3), our_id)
    account = FakeAccount([*platform, ours, _assistant(SENT + timedelta(hours=2))])
    found = _gateway(settings, account).find_assistant(our_id, sent_between=(SENT, SENT))
    assert found == ours["id"]
    assert len(account.lists) == 1 and account.returned == 1
    _bounded(account)


def test_absent_after_one_small_request(settings: Settings) -> None:
    account = FakeAccount([_assistant(SENT - timedelta(days=d)) for d in range(1, 500)])
    gateway = _gateway(settings, account)
    assert gateway.find_assistant(str(uuid.uuid4()), sent_between=(SENT, SENT)) is None
    assert len(account.lists) == 1 and account.returned == 0


def test_busy_minutes_are_paged_within_the_window(settings: Settings) -> None:
    """Other tenants created many assistants around our push: pages of `LOOKUP_PAGE`, walking
    back through the window only, until ours (the oldest) is found."""
    our_id = str(uuid.uuid4())
    ours = _assistant(SENT, our_id)
    busy = [_assistant(SENT + timedelta(milliseconds=50 * i)) for i in range(1, 3 * LOOKUP_PAGE)]
    older = [_assistant(SENT - timedelta(days=1, minutes=i)) for i in range(300)]
    account = FakeAccount([ours, *busy, *older])
    last = SENT + timedelta(minutes=5)
    assert (
        _gateway(settings, account).find_assistant(our_id, sent_between=(SENT, last)) == ours["id"]
    )
    assert 2 <= len(account.lists) <= 5
    assert account.returned <= len(busy) + len(account.lists)  # a boundary row may come twice
    _bounded(account)


def test_a_burst_in_one_millisecond_ends(settings: Settings) -> None:
    burst = [_assistant(SENT) for _ in range(2 * LOOKUP_PAGE)]
    account = FakeAccount(burst)
    gateway = _gateway(settings, account)
    assert gateway.find_assistant(str(uuid.uuid4()), sent_between=(SENT, SENT)) is None
    assert len(account.lists) == 2


def _answering(status: int, body: Any) -> httpx.MockTransport:
    content = body if isinstance(body, bytes) else json.dumps(body).encode()
    return httpx.MockTransport(lambda request: httpx.Response(status, content=content))


def test_a_chat_is_read_for_its_reply_and_id(settings: Settings) -> None:
    echoed = {"name": "Pizzeria", "model": {"messages": [{"role": "system", "content": "x" * 50}]}}
    answer = {
        "id": "chat-1",
        "assistant": echoed,
        "output": [
            {"role": "tool", "content": "ignoré"},
            {"role": "assistant", "content": "Bonjour,"},
            {"role": "assistant", "content": "que puis-je pour vous ?"},
        ],
    }
    reply = _gateway(settings, _answering(201, answer)).chat("Bonjour", assistant=echoed)
    assert (reply.text, reply.chat_id) == ("Bonjour, que puis-je pour vous ?", "chat-1")


@pytest.mark.parametrize(
    ("status", "body", "error"),
    [
        (404, {"message": "Not Found", "statusCode": 404}, ProviderNotFound),
        (503, {"message": "Service Unavailable"}, ProviderUnavailable),
        (502, b"<html>bad gateway</html>", ProviderUnavailable),
        (201, b"<html>not json</html>", ProviderError),
        (201, {"output": []}, ProviderError),  # no chat id
    ],
)
def test_unexpected_answers_are_provider_errors(
    settings: Settings, status: int, body: Any, error: type[ProviderError]
) -> None:
    with pytest.raises(error):
        _gateway(settings, _answering(status, body)).chat("Bonjour", assistant_id="a-1")


class CountingLists(httpx.BaseTransport):
    """The in-process sandbox, with the assistant lists counted and a create answer lost."""

    def __init__(self, inner: httpx.BaseTransport, lose_creates: int) -> None:
        self.inner = inner
        self.lose_creates = lose_creates
        self.lists: list[dict[str, str]] = []

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        path = request.url.path
        if request.method == "GET" and path.endswith("/sandbox/vapi/assistant"):
            self.lists.append(dict(request.url.params))
        creating = request.method == "POST" and path.endswith("/sandbox/vapi/assistant")
        if creating and self.lose_creates:
            self.lose_creates -= 1
            self.inner.handle_request(request).read()  # created there; the answer is lost
            raise httpx.ReadTimeout("timed out", request=request)
        return self.inner.handle_request(request)


def _route(app: AlloKoliApp, client: TestClient, lose_creates: int) -> CountingLists:
    transport = CountingLists(InProcessTransport(client), lose_creates)
    app.services.vapi_http_client = httpx.Client(transport=transport, base_url="http://testserver")
    return transport


def _status(owner: Account, assistant_id: str) -> dict[str, Any]:
    return dict(owner.client.get(f"/api/v1/assistants/{assistant_id}", headers=owner.auth).json())


def test_a_first_deploy_lists_nothing(app: AlloKoliApp, client: TestClient, alice: Account) -> None:
    transport = _route(app, client, lose_creates=0)
    assistant = create(alice)
    alice.client.post(f"/api/v1/assistants/{assistant['id']}/deploy", headers=alice.auth)
    app.services.dispatcher.run_due()
    assert _status(alice, assistant["id"])["status"] == "active"
    assert transport.lists == []


def test_a_lost_create_is_found_in_its_window(
    app: AlloKoliApp, client: TestClient, alice: Account
) -> None:
    transport = _route(app, client, lose_creates=1)
    assistant = create(alice)
    before = utcnow()
    alice.client.post(f"/api/v1/assistants/{assistant['id']}/deploy", headers=alice.auth)
    app.services.dispatcher.run_due()
    assert _status(alice, assistant["id"])["status"] == "deploying"
    assert transport.lists == []
    app.services.dispatcher.run_due(now=utcnow() + timedelta(minutes=20))
    got = _status(alice, assistant["id"])
    assert got["status"] == "active", got["status_reason"]
    (params,) = transport.lists
    assert int(params["limit"]) == LOOKUP_PAGE
    assert datetime.fromisoformat(params["createdAtGe"]) >= before - LOOKUP_MARGIN
    # The whole account, listed here (by the test) to count ours: one.
    listed = client.get("/sandbox/vapi/assistant", headers=sandbox_auth(app, alice.org_id)).json()
    assert [a["id"] for a in listed if a["metadata"][METADATA_KEY] == assistant["id"]] == [
        got["provider_id"]
    ]
    # Recorded: the next push updates the stored id and looks for nothing.
    alice.client.post(f"/api/v1/assistants/{assistant['id']}/deploy", headers=alice.auth)
    app.services.dispatcher.run_due()
    assert _status(alice, assistant["id"])["status"] == "active"
    assert len(transport.lists) == 1
