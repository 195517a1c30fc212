"""Every sandbox route, probed as a stranger (no token, a junk token) and as another
organisation: 401 or 404 (or an empty list), and not one row written, on SQLite and PostgreSQL.

Rows are counted through the database owner (PostgreSQL: the server's superuser, which row-level
security does not filter), so a write the app role could not see back would still be counted.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import pytest
from fastapi.routing import APIRoute
from sqlalchemy import Engine, text

from allokoli.db.base import Base
from allokoli.sandbox import api as sandbox_api
from tests.sandbox.conftest import (
    AUTH,
    BASE,
    HOOK,
    OTHER_AUTH,
    OTHER_HOOK,
    SandboxAccounts,
    SdkTestClient,
    assistant_body,
    post,
)

ANONYMOUS: dict[str, str] = {}
JUNK = {"Authorization": "Bearer sandbox-local-token"}  # the token once hard-coded in the code
NOT_BEARER = {"Authorization": "Basic c2stdGVzdC1hbGljZTo="}


@dataclass(frozen=True)
class Alices:
    """Ids of one resource of each kind, all Alice's."""

    assistant: str
    phone_number: str
    credential: str
    chat: str
    call: str


def _counts(engine: Engine) -> dict[str, int]:
    with engine.connect() as conn:
        return {
            table.name: int(conn.execute(text(f"SELECT count(*) FROM {table.name}")).scalar_one())
            for table in Base.metadata.sorted_tables
        }


@pytest.fixture
def alices(api: SdkTestClient, sandbox_accounts: SandboxAccounts) -> Alices:
    credential = post(
        api,
        "/credential",
        {"provider": "webhook", "authenticationPlan": {"type": "bearer", "token": "tok-alice"}},
    )
    assistant = post(api, "/assistant", assistant_body(server={"url": HOOK}))
    number = post(api, "/phone-number", {"provider": "vapi", "name": "Standard"})
    chat = post(api, "/chat", {"assistantId": assistant.json()["id"], "input": "Bonjour"})
    for response in (credential, assistant, number, chat):
        assert response.status_code == 201, response.text
    return Alices(
        assistant=assistant.json()["id"],
        phone_number=number.json()["id"],
        credential=credential.json()["id"],
        chat=chat.json()["id"],
        call=api.get(f"{BASE}/call", headers=AUTH).json()[0]["id"],
    )


def _probes(a: Alices) -> list[tuple[str, str, Any]]:
    """(method, path, JSON body) of every sandbox route, aimed at Alice's resources."""
    return [
        ("POST", "/assistant", assistant_body(name="Intrus")),
        ("GET", "/assistant", None),
        ("GET", f"/assistant/{a.assistant}", None),
        ("PATCH", f"/assistant/{a.assistant}", {"name": "Piraté"}),
        ("DELETE", f"/assistant/{a.assistant}", None),
        ("POST", "/phone-number", {"provider": "vapi", "assistantId": a.assistant}),
        ("GET", "/phone-number", None),
        ("GET", f"/phone-number/{a.phone_number}", None),
        ("PATCH", f"/phone-number/{a.phone_number}", {"name": "Piraté"}),
        ("DELETE", f"/phone-number/{a.phone_number}", None),
        ("GET", "/call", None),
        ("GET", f"/call?id={a.call}", None),
        ("GET", f"/call/{a.call}", None),
        (
            "POST",
            "/call/inbound",
            {"phoneNumberId": a.phone_number, "customerNumber": "+33622222222"},
        ),
        ("POST", "/chat", {"assistantId": a.assistant, "input": "Bonjour"}),
        ("POST", "/chat", {"previousChatId": a.chat, "input": "et alors ?"}),
        ("GET", f"/chat/{a.chat}", None),
        (
            "POST",
            "/credential",
            {"provider": "webhook", "authenticationPlan": {"type": "bearer", "token": "x"}},
        ),
        ("GET", "/credential", None),
        ("GET", f"/credential/{a.credential}", None),
        ("DELETE", f"/credential/{a.credential}", None),
        ("GET", "/squad", None),
        ("POST", "/tool", {"type": "function"}),
    ]


def _send(api: SdkTestClient, method: str, path: str, body: Any, headers: dict[str, str]) -> Any:
    return api.request(method, f"{BASE}{path}", json=body, headers=headers)


def test_the_probes_cover_every_route() -> None:
    probes = _probes(Alices("a", "p", "c", "h", "l"))
    routes = {
        (method, route.path.removeprefix(BASE))
        for route in sandbox_api.router.routes
        if isinstance(route, APIRoute)
        for method in route.methods or ()
    }
    ids = {
        "/assistant/a": "/assistant/{assistant_id}",
        "/phone-number/p": "/phone-number/{phone_number_id}",
        "/call/l": "/call/{call_id}",
        "/chat/h": "/chat/{chat_id}",
        "/credential/c": "/credential/{credential_id}",
    }
    probed = {(m, ids.get(p.split("?")[0], p.split("?")[0])) for m, p, _ in probes}
    named = {r for r in routes if r[1] != "/{path:path}"}
    assert named <= probed, sorted(named - probed)
    assert {m for m, p in routes if p == "/{path:path}"} >= {"GET", "POST"}


@pytest.mark.parametrize("headers", [ANONYMOUS, JUNK, NOT_BEARER], ids=["none", "junk", "basic"])
def test_strangers_get_401_everywhere_and_write_nothing(
    api: SdkTestClient, alices: Alices, owner_engine: Engine, headers: dict[str, str]
) -> None:
    before = _counts(owner_engine)
    for method, path, body in _probes(alices):
        response = _send(api, method, path, body, headers)
        assert response.status_code == 401, (method, path, response.text)
        assert response.json()["error"] == "Unauthorized"
        assert "tok-alice" not in response.text and "Salon" not in response.text
    assert _counts(owner_engine) == before


def test_another_organisation_finds_nothing_and_writes_nothing_of_alices(
    api: SdkTestClient, alices: Alices, owner_engine: Engine
) -> None:
    before = _counts(owner_engine)
    creating = {("POST", "/assistant"), ("POST", "/credential")}
    for method, path, body in _probes(alices):
        if (method, path) in creating:
            continue  # Bob may create his own (checked below), never touch Alice's
        response = _send(api, method, path, body, OTHER_AUTH)
        if method == "GET" and path.split("?")[0] in (
            "/assistant",
            "/phone-number",
            "/call",
            "/credential",
        ):
            assert response.status_code == 200, (method, path, response.text)
            assert response.json() == [], (method, path)
        elif (method, path) == ("POST", "/phone-number"):
            assert response.status_code == 400, response.text  # Alice's assistant: unknown
        else:
            assert response.status_code == 404, (method, path, response.text)
    assert _counts(owner_engine) == before
    # Alice's resources are intact.
    assert api.get(f"{BASE}/assistant/{alices.assistant}", headers=AUTH).json()["name"] == (
        "Salon Élise"
    )
    assert api.get(f"{BASE}/credential/{alices.credential}", headers=AUTH).status_code == 200
    assert api.get(f"{BASE}/phone-number/{alices.phone_number}", headers=AUTH).status_code == 200


def test_what_another_organisation_creates_is_its_own(
    api: SdkTestClient, alices: Alices, sandbox_accounts: SandboxAccounts
) -> None:
    created = post(api, "/assistant", assistant_body(name="Plomberie"), OTHER_AUTH)
    assert created.status_code == 201, created.text
    assert created.json()["orgId"] == str(sandbox_accounts.bob)
    assert [a["id"] for a in api.get(f"{BASE}/assistant", headers=AUTH).json()] == [
        alices.assistant
    ]
    # Alice's credential cannot sign Bob's assistant's messages.
    stolen = post(
        api,
        "/assistant",
        assistant_body(name="Vol", server={"url": OTHER_HOOK, "credentialId": alices.credential}),
        OTHER_AUTH,
    )
    assert stolen.status_code == 400
    assert stolen.json()["message"] == [f"server.credentialId {alices.credential} does not exist"]
