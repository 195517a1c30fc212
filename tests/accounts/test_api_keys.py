from __future__ import annotations

from collections.abc import Iterator

from fastapi.testclient import TestClient

from tests.conftest import Account


def test_api_key_authenticates_for_its_organisation(client: TestClient, alice: Account) -> None:
    r = client.get("/api/v1/me", headers=alice.auth)
    assert r.status_code == 200
    body = r.json()
    assert body["organization"]["name"] == "Pizzeria Alice"
    assert body["via"] == "api_key"


def test_key_is_shown_once_and_stored_hashed(client: TestClient, alice: Account) -> None:
    assert alice.api_key.startswith("ak_")
    listed = client.get("/api/v1/api-keys", headers=alice.auth).json()
    assert len(listed) == 1
    assert "key" not in listed[0]
    assert alice.api_key.split("_")[1] == listed[0]["prefix"]


def test_revoked_key_is_401(client: TestClient, alice: Account) -> None:
    created = client.post(
        "/api/v1/api-keys", json={"name": "à révoquer"}, headers=alice.auth
    ).json()
    other = {"Authorization": f"Bearer {created['key']}"}
    assert client.get("/api/v1/me", headers=other).status_code == 200
    r = client.delete(f"/api/v1/api-keys/{created['id']}", headers=alice.auth)
    assert r.status_code == 200 and r.json()["revoked_at"]
    r = client.get("/api/v1/me", headers=other)
    assert r.status_code == 401
    assert r.json() == {"error": "InvalidApiKey", "detail": "Clé API invalide ou révoquée."}
    assert r.headers["WWW-Authenticate"] == "Bearer"


def test_malformed_keys_are_401(client: TestClient, alice: Account) -> None:
    prefix = alice.api_key.split("_")[1]
    for value in (
        "Bearer nimportequoi",
        "Bearer ak_",
        f"Bearer ak_{prefix}_faux",
        "Basic abc",
        "Bearer ",
    ):
        r = client.get("/api/v1/me", headers={"Authorization": value})
        assert r.status_code == 401, value
        assert r.json()["error"] in {"InvalidApiKey", "Unauthorized"}


def test_no_credentials_is_401(client: TestClient) -> None:
    r = client.get("/api/v1/me")
    assert r.status_code == 401
    assert r.json()["error"] == "Unauthorized"


def test_session_api_call_needs_csrf_header(alice: Account) -> None:
    assert alice.client.post("/api/v1/api-keys", json={"name": "x"}).status_code == 403
    r = alice.client.post(
        "/api/v1/api-keys", json={"name": "x"}, headers={"X-CSRF-Token": alice.csrf}
    )
    assert r.status_code == 201


def test_api_validation_error_envelope(client: TestClient, alice: Account) -> None:
    r = client.post("/api/v1/api-keys", json={"name": ""}, headers=alice.auth)
    assert r.status_code == 422
    body = r.json()
    assert body["error"] == "ValidationError"
    assert body["errors"][0]["field"] == "name"


def test_oversized_body_is_413(client: TestClient, alice: Account) -> None:
    big = b"x" * (1024 * 1024 + 1)
    r = client.post(
        "/api/v1/api-keys", content=big, headers={**alice.auth, "content-type": "application/json"}
    )
    assert r.status_code == 413
    assert r.json()["error"] == "PayloadTooLarge"

    def chunks() -> Iterator[bytes]:  # no Content-Length: the limit is enforced while streaming
        for _ in range(17):
            yield b"x" * 65536

    r = client.post(
        "/api/v1/api-keys",
        content=chunks(),
        headers={**alice.auth, "content-type": "application/json"},
    )
    assert r.status_code == 413


def test_api_keys_html_page_create_and_revoke(alice: Account) -> None:
    page = alice.client.get("/settings/api-keys")
    assert page.status_code == 200 and "tests" in page.text
    r = alice.client.post("/settings/api-keys", data={"csrf_token": alice.csrf, "name": "Agence"})
    assert r.status_code == 200
    assert "ne sera plus jamais affichée" in r.text
    assert 'id="new-key">ak_' in r.text
    keys = alice.client.get("/api/v1/api-keys", headers=alice.auth).json()
    agence = next(k for k in keys if k["name"] == "Agence")
    r = alice.client.post(
        f"/settings/api-keys/{agence['id']}/revoke", data={"csrf_token": alice.csrf}
    )
    assert r.status_code == 200 and "révoquée" in r.text
