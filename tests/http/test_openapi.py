"""`/openapi.json` documents every route, parameter, response and error of the REST API."""

from __future__ import annotations

import re
from typing import Any

from fastapi.routing import APIRoute, iter_route_contexts
from fastapi.testclient import TestClient

from allokoli.http.deps import AlloKoliApp

ENVELOPE = {"$ref": "#/components/schemas/ErrorEnvelope"}


def _operations(spec: dict[str, Any]) -> list[tuple[str, str, dict[str, Any]]]:
    return [
        (method, path, op)
        for path, ops in spec["paths"].items()
        for method, op in ops.items()
        if path.startswith("/api/")
    ]


def test_every_api_route_is_documented(app: AlloKoliApp, client: TestClient) -> None:
    spec = client.get("/openapi.json").json()
    for route in iter_route_contexts(app.routes):
        if isinstance(route.original_route, APIRoute) and (route.path_format or "").startswith(
            "/api/"
        ):
            for method in route.methods or ():
                assert method.lower() in spec["paths"][route.path_format], route.path_format


def test_operation_ids_are_stable_tag_dash_name(client: TestClient) -> None:
    spec = client.get("/openapi.json").json()
    seen: set[str] = set()
    for method, path, op in _operations(spec):
        opid = op["operationId"]
        assert opid not in seen
        seen.add(opid)
        tag, _, name = opid.partition("-")
        assert op["tags"] == [tag], (method, path, op["tags"])
        assert re.fullmatch(r"[a-z_]+", name), opid
        assert op.get("description") or op.get("summary"), opid


def test_errors_are_documented_with_the_envelope(client: TestClient) -> None:
    spec = client.get("/openapi.json").json()
    assert spec["components"]["securitySchemes"]["apiKey"]["scheme"] == "bearer"
    assert "HTTPValidationError" not in spec["components"]["schemas"]
    for method, path, op in _operations(spec):
        responses = op["responses"]
        expected = {"401", "429"}
        if "{" in path:
            expected.add("404")
        if op.get("parameters") or op.get("requestBody"):
            expected.add("422")
        if op.get("requestBody"):
            expected.add("413")
        assert expected <= set(responses), (method, path, sorted(responses))
        for code, response in responses.items():
            if code.startswith(("4", "5")):
                schema = response["content"]["application/json"]["schema"]
                assert schema == ENVELOPE, (method, path, code)
        assert "Retry-After" in responses["429"]["headers"]
        assert op["security"] == [{"apiKey": []}]
        for parameter in op.get("parameters", []):
            assert parameter.get("schema"), (path, parameter["name"])


def test_route_specific_errors(client: TestClient) -> None:
    paths = client.get("/openapi.json").json()["paths"]
    provision = paths["/api/v1/assistants/{assistant_id}/phone-number"]["post"]
    assert {"409", "502"} <= set(provision["responses"])
    export = paths["/api/v1/assistants/{assistant_id}/export"]["get"]["responses"]["200"]
    assert export["content"]["application/json"]["schema"] == {
        "$ref": "#/components/schemas/ExportDocument"
    }
    assert "503" in paths["/healthz"]["get"]["responses"]
