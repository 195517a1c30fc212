"""The sandbox's own walls: not mounted in production with a real key, JSON bodies only and of
bounded depth, and no request ever sent anywhere but the organisation's AlloKoli webhook."""

from __future__ import annotations

from typing import Any

import pytest
from fastapi.testclient import TestClient
from pydantic import SecretStr
from sqlalchemy import Engine, func, select

from allokoli.app import create_app
from allokoli.db.session import Database
from allokoli.sandbox.models import SandboxAssistant
from allokoli.settings import Environment, Settings
from tests.sandbox.conftest import (
    AUTH,
    BASE,
    HOOK,
    OTHER_HOOK,
    Receiver,
    SdkTestClient,
    assistant_body,
    post,
)

REAL_KEY = SecretStr("vapi-private-0123456789abcdef")
STRONG_SECRET = SecretStr("Zq8" * 16)


@pytest.mark.parametrize(
    ("env", "key", "mounted"),
    [
        ("production", REAL_KEY, False),
        ("production", None, True),  # sandbox mode in production: the provider in use
        ("development", REAL_KEY, True),
        ("test", None, True),
    ],
)
def test_the_sandbox_is_not_mounted_in_production_with_a_real_key(
    settings: Settings, database: Database, env: str, key: SecretStr | None, mounted: bool
) -> None:
    configured = settings.model_copy(
        update={"env": Environment(env), "vapi_api_key": key, "secret_key": STRONG_SECRET}
    )
    app = create_app(configured, database=database)
    client = TestClient(app)  # no lifespan: nothing else starts
    # Mounted, every path answers (401 for a token nobody holds); not mounted, nothing does.
    for method, path in (("GET", "/assistant"), ("POST", "/assistant"), ("GET", "")):
        response = client.request(method, f"{BASE}{path}", json={}, headers=AUTH)
        assert response.status_code == (401 if mounted else 404), (method, path)


def _count(owner_engine: Engine) -> int:
    """Sandbox assistants of every organisation (the owner's view, past row-level security)."""
    with owner_engine.connect() as conn:
        return int(conn.scalar(select(func.count()).select_from(SandboxAssistant)) or 0)


def test_deeply_nested_json_is_a_vapi_400(api: SdkTestClient, owner_engine: Engine) -> None:
    for path in ("/assistant", "/chat", "/credential", "/phone-number"):
        response = api.post(
            f"{BASE}{path}",
            content=b"[" * 100_000 + b"]" * 100_000,
            headers={**AUTH, "content-type": "application/json"},
        )
        assert response.status_code == 400, response.text
        assert response.json() == {
            "message": ["request body is nested too deeply"],
            "error": "Bad Request",
            "statusCode": 400,
        }
    assert _count(owner_engine) == 0


@pytest.mark.parametrize(
    "content_type", ["text/plain", "application/x-www-form-urlencoded", "multipart/form-data", ""]
)
def test_only_json_bodies_are_accepted(
    api: SdkTestClient, owner_engine: Engine, content_type: str
) -> None:
    body = b'{"name": "Salon"}'
    headers = {**AUTH, "content-type": content_type}
    created = api.post(f"{BASE}/assistant", json=assistant_body(), headers=AUTH).json()
    for method, path in (
        ("POST", "/assistant"),
        ("PATCH", f"/assistant/{created['id']}"),
        ("POST", "/chat"),
    ):
        response = api.request(method, f"{BASE}{path}", content=body, headers=headers)
        assert response.status_code == 415, (method, path, response.text)
        assert response.json()["error"] == "Unsupported Media Type"
    assert _count(owner_engine) == 1
    assert api.get(f"{BASE}/assistant/{created['id']}", headers=AUTH).json()["name"] == (
        "Salon Élise"
    )
    charset = api.post(
        f"{BASE}/assistant",
        content=b'{"name": "Salon"}',
        headers={**AUTH, "content-type": "application/json; charset=utf-8"},
    )
    assert charset.status_code == 201


FOREIGN_URLS = [
    "http://169.254.169.254/latest/meta-data/",
    "http://127.0.0.1:5432/",
    "http://localhost:8000/webhooks/vapi/alice-webhook-key",
    "https://attacker.example/hook",
    OTHER_HOOK,  # another organisation's webhook
    HOOK + "/../other",
]


def _refused(response: Any) -> list[str]:
    assert response.status_code == 400, response.text
    messages = response.json()["message"]
    assert all("the sandbox only delivers to AlloKoli's webhook" in m for m in messages)
    return list(messages)


@pytest.mark.parametrize("url", FOREIGN_URLS)
def test_a_foreign_server_url_is_refused_everywhere(
    api: SdkTestClient, receiver: Receiver, owner_engine: Engine, url: str
) -> None:
    _refused(post(api, "/assistant", assistant_body(server={"url": url})))
    tool = {"type": "function", "function": {"name": "f"}, "server": {"url": url}}
    model = {**assistant_body()["model"], "tools": [tool]}
    assert _refused(post(api, "/assistant", assistant_body(model=model))) == [
        f"model.tools.0.server.url must be {HOOK}: the sandbox only delivers to AlloKoli's webhook"
    ]
    ours = post(api, "/assistant", assistant_body(server={"url": HOOK})).json()
    _refused(
        api.patch(f"{BASE}/assistant/{ours['id']}", json={"server": {"url": url}}, headers=AUTH)
    )
    _refused(post(api, "/phone-number", {"provider": "vapi", "server": {"url": url}}))
    inline = {"assistant": assistant_body(server={"url": url}), "input": "au revoir"}
    _refused(post(api, "/chat", inline))
    assert _count(owner_engine) == 1
    # The stored assistant still points at our webhook, and that is where its messages go.
    assert post(api, "/chat", {"assistantId": ours["id"], "input": "au revoir"}).status_code == 201
    assert receiver.requests and all(
        headers["host"] == "127.0.0.1:8000" for headers, _ in receiver.requests
    )
