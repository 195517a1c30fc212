"""Test-chat ids are bound to the organisation and assistant that obtained them (issue 12, items
1 and 18): another's id, another assistant's id, an unknown id or one the provider forgot is a
French 404, the provider is never asked to continue it, and nothing lands in the caller's calls.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from typing import Any

import anyio
import httpx
import httpx2
import pytest
from fastapi.testclient import TestClient

from allokoli.db.session import Database
from allokoli.http.deps import AlloKoliApp
from allokoli.models import BoundChat
from tests.assistants.conftest import PIZZERIA, create
from tests.conftest import Account
from tests.mcp.conftest import error, mcp_over_http

PLUMBER = (
    "Plomberie Bob à Nantes, ouverte du lundi au vendredi de 8h à 18h, dépannage et "
    "installation de chauffe-eau"
)
# What Bob's caller says once Alice has hijacked the conversation: it must never reach Alice.
SECRET_CALLER = "Je m'appelle Jean Dupont, rappelez-moi au 06 11 22 33 44. Merci, au revoir"
NOT_FOUND = "Conversation de test introuvable : recommencez-en une nouvelle."


class ChatSpy(httpx.BaseTransport):
    """Passes every request to the provider on, remembering the chat turns sent."""

    def __init__(self, inner: httpx.BaseTransport) -> None:
        self.inner = inner
        self.chats: list[httpx.Request] = []

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        if request.method == "POST" and request.url.path.endswith("/chat"):
            self.chats.append(request)
        return self.inner.handle_request(request)


@pytest.fixture
def spy(app: AlloKoliApp, client: TestClient) -> Iterator[ChatSpy]:
    """Counts the chat turns that reach the provider (the sandbox, in-process)."""
    in_process = app.services.vapi_http_client
    assert in_process is not None
    watcher = ChatSpy(in_process._transport)
    app.services.vapi_http_client = httpx.Client(transport=watcher, base_url="http://testserver")
    yield watcher
    app.services.vapi_http_client.close()
    app.services.vapi_http_client = in_process


def say(acc: Account, assistant_id: str, text: str, chat_id: str | None = None) -> httpx2.Response:
    body: dict[str, Any] = {"text": text}
    if chat_id is not None:
        body["chat_id"] = chat_id
    return acc.client.post(f"/api/v1/assistants/{assistant_id}/chat", json=body, headers=acc.auth)


def started_chat(acc: Account, assistant_id: str) -> str:
    r = say(acc, assistant_id, "Bonjour, je voudrais laisser un message")
    assert r.status_code == 200, r.text
    return str(r.json()["chat_id"])


def assert_nothing_landed(acc: Account) -> None:
    assert acc.client.get("/api/v1/calls", headers=acc.auth).json()["items"] == []
    assert acc.client.get("/api/v1/messages", headers=acc.auth).json()["items"] == []
    for page in ("/calls", "/messages?handled=tous", "/dashboard"):
        assert "Dupont" not in acc.client.get(page).text


def assert_not_found(r: httpx2.Response) -> None:
    assert r.status_code == 404, r.text
    assert r.json() == {"error": "TestChatNotFound", "detail": NOT_FOUND}


def test_another_organisations_chat_id_is_404_through_the_api(
    alice: Account, bob: Account, spy: ChatSpy
) -> None:
    mine = create(alice)["id"]
    bobs_assistant = create(bob, PLUMBER)["id"]
    bobs_chat = started_chat(bob, bobs_assistant)
    sent = len(spy.chats)

    assert_not_found(say(alice, mine, SECRET_CALLER, bobs_chat))
    assert len(spy.chats) == sent  # the provider was never asked to continue Bob's chat
    assert_nothing_landed(alice)
    # Bob's conversation was not touched: he carries on with it.
    assert say(bob, bobs_assistant, "Et le samedi ?", bobs_chat).status_code == 200


def test_another_assistants_chat_id_of_the_same_organisation_is_404(
    alice: Account, spy: ChatSpy
) -> None:
    x = create(alice)["id"]
    y = create(alice, PLUMBER)["id"]
    ys_chat = started_chat(alice, y)
    sent = len(spy.chats)
    assert_not_found(say(alice, x, "Vous êtes ouverts dimanche ?", ys_chat))
    assert len(spy.chats) == sent


def test_a_continuing_chat_still_works_turn_after_turn(alice: Account, spy: ChatSpy) -> None:
    aid = create(alice)["id"]
    chat_id = started_chat(alice, aid)
    for text in ("Vous êtes ouverts le lundi ?", "Et le samedi soir ?"):
        r = say(alice, aid, text, chat_id)
        assert r.status_code == 200, r.text
        assert r.json()["reply"] and r.json()["chat_id"] != chat_id
        chat_id = r.json()["chat_id"]
    # Each turn continued the previous one at the provider.
    assert [b'"previousChatId"' in req.content for req in spy.chats] == [False, True, True]


@pytest.mark.parametrize("unknown", [str(uuid.uuid4()), "pas-un-identifiant", "x" * 64])
def test_an_unknown_chat_id_is_404_not_502(alice: Account, spy: ChatSpy, unknown: str) -> None:
    aid = create(alice)["id"]
    assert_not_found(say(alice, aid, "Bonjour", unknown))
    assert spy.chats == []


def test_a_chat_the_provider_no_longer_has_is_404(
    alice: Account, spy: ChatSpy, database: Database
) -> None:
    aid = create(alice)["id"]
    gone = str(uuid.uuid4())  # ours, but unknown to the provider (expired or deleted there)
    with database.unit_of_work(tenant_id=alice.org_id) as session:
        session.add(
            BoundChat(
                organization_id=alice.org_id, assistant_id=uuid.UUID(aid), provider_chat_id=gone
            )
        )
    assert_not_found(say(alice, aid, "Bonjour", gone))
    assert len(spy.chats) == 1  # asked once, answered 404 by the provider: not a 502


def test_another_organisations_chat_id_is_404_through_mcp(
    app: AlloKoliApp, alice: Account, bob: Account, spy: ChatSpy
) -> None:
    mine = create(alice)["id"]
    bobs_chat = started_chat(bob, create(bob, PLUMBER)["id"])
    sent = len(spy.chats)

    async def main() -> dict[str, Any]:
        async with mcp_over_http(app, alice.api_key) as mcp:
            args = {"assistant_id": mine, "text": SECRET_CALLER, "chat_id": bobs_chat}
            return error(await mcp.call_tool("chat_with_assistant", args))

    envelope = anyio.run(main)
    assert envelope["status"] == 404 and envelope["detail"] == NOT_FOUND
    assert len(spy.chats) == sent
    assert_nothing_landed(alice)


@pytest.mark.parametrize("htmx", [True, False])
def test_another_organisations_chat_id_is_404_on_the_test_page(
    alice: Account, bob: Account, spy: ChatSpy, htmx: bool
) -> None:
    mine = create(alice, PIZZERIA)["id"]
    bobs_chat = started_chat(bob, create(bob, PLUMBER)["id"])
    sent = len(spy.chats)
    r = alice.client.post(
        f"/assistants/{mine}/test",
        data={"csrf_token": alice.csrf, "text": SECRET_CALLER, "chat_id": bobs_chat},
        headers={"HX-Request": "true"} if htmx else {},
    )
    assert r.status_code == 404
    assert NOT_FOUND in r.text or "introuvable" in r.text
    assert len(spy.chats) == sent
    assert_nothing_landed(alice)
    # Her own conversation on the page goes on as before.
    first = alice.client.post(
        f"/assistants/{mine}/test",
        data={"csrf_token": alice.csrf, "text": "Bonjour"},
        headers={"HX-Request": "true"},
    )
    assert first.status_code == 200 and 'class="bubble bot"' in first.text
