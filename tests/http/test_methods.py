"""Undeclared methods answer 405 with the resource's whole `Allow` list (RFC 9110)."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from tests.conftest import Account


@pytest.mark.parametrize(
    ("method", "path", "allow"),
    [
        # GET and POST are two routes: Starlette alone would answer « Allow: GET ».
        ("PUT", "/api/v1/assistants", "GET, POST"),
        ("TRACE", "/api/v1/api-keys", "GET, POST"),
        # `/import` is not an assistant id: no 422 about its format.
        ("GET", "/api/v1/assistants/import", "POST"),
        ("PATCH", "/api/v1/assistants/import", "POST"),
        (
            "PUT",
            "/api/v1/assistants/6f1c2d4e-0000-4000-8000-000000000000",
            "DELETE, GET, PATCH",
        ),
        ("GET", "/healthz", None),  # declared: not a 405
    ],
)
def test_undeclared_methods_are_405_with_allow(
    client: TestClient, alice: Account, method: str, path: str, allow: str | None
) -> None:
    r = client.request(method, path, headers=alice.auth)
    if allow is None:
        assert r.status_code != 405
        return
    assert r.status_code == 405, r.text
    assert r.headers["allow"] == allow
    assert r.json() == {"error": "HTTPError", "detail": "Cette action n'est pas possible ici."}


def test_a_cursor_matching_the_documented_pattern_is_a_page(
    client: TestClient, alice: Account
) -> None:
    spec = client.get("/openapi.json").json()
    for path in ("/api/v1/calls", "/api/v1/messages", "/api/v1/webhook-events"):
        (cursor,) = [p for p in spec["paths"][path]["get"]["parameters"] if p["name"] == "cursor"]
        assert "pattern" in cursor["schema"]["anyOf"][0], path
        forged = "0." + "f" * 32
        r = client.get(path, params={"cursor": forged}, headers=alice.auth)
        assert r.status_code == 200 and r.json()["items"] == [], (path, r.text)
    # Assistants: the same keyset scheme; any string the pattern allows is a position, for
    # every sort (a name key, a date key, a key of another sort, a lone base64 character).
    for key in ("0", "9" * 40, "QWxpY2U", "Q", "not-a-date_"):
        for sort in ("name", "-name", "created_at", "-updated_at"):
            forged = f"{key}.{'f' * 32}"
            r = client.get(
                "/api/v1/assistants", params={"cursor": forged, "sort": sort}, headers=alice.auth
            )
            assert r.status_code == 200, (key, sort, r.text)
    r = client.get("/api/v1/assistants", params={"cursor": "1000000000"}, headers=alice.auth)
    assert r.status_code == 422
