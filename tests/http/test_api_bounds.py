"""Inputs a fuzzer found: values the database cannot hold are refused as 422, never a 500."""

from __future__ import annotations

import uuid

from fastapi.testclient import TestClient

from tests.assistants.conftest import create
from tests.conftest import Account


def test_forged_list_cursor_is_422(client: TestClient, alice: Account) -> None:
    for cursor in ("99999999999999999999999", "-5"):
        r = client.get("/api/v1/assistants", params={"cursor": cursor}, headers=alice.auth)
        assert r.status_code == 422, r.text
        assert r.json()["errors"][0]["field"] == "cursor"


def test_versions_beyond_32_bits_are_422(client: TestClient, alice: Account) -> None:
    aid = create(alice)["id"]
    huge = 2**31
    r = client.post(f"/api/v1/assistants/{aid}/versions/{huge}/restore", headers=alice.auth)
    assert r.status_code == 422 and r.json()["errors"][0]["field"] == "version"
    r = client.get(
        f"/api/v1/assistants/{aid}/versions/diff",
        params={"from": 1, "to": huge},
        headers=alice.auth,
    )
    assert r.status_code == 422


def test_nul_bytes_in_search_are_harmless(client: TestClient, alice: Account) -> None:
    for path in ("/api/v1/assistants", "/api/v1/calls"):
        r = client.get(path, params={"q": "pizza\x00"}, headers=alice.auth)
        assert r.status_code in (200, 422), (path, r.status_code, r.text)
    r = client.get(f"/api/v1/calls/{uuid.uuid4()}", headers=alice.auth)
    assert r.status_code == 404


def test_one_of_bodies_are_documented_and_refuse_null(client: TestClient, alice: Account) -> None:
    spec = client.get("/openapi.json").json()["components"]["schemas"]
    assert spec["GenerateIn"]["oneOf"] == [{"required": ["text"]}, {"required": ["profile"]}]
    assert spec["GenerateIn"]["properties"]["text"]["type"] == "string"  # no null offered
    assert len(spec["AssistantCreate"]["oneOf"]) == 3
    for path in ("/api/v1/generate", "/api/v1/assistants"):
        for body in ({}, {"text": None}):
            r = client.post(path, json=body, headers=alice.auth)
            assert r.status_code == 422 and r.json()["error"] == "ValidationError", (path, r.text)
