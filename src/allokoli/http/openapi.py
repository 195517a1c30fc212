"""`/openapi.json` documents every error the API can answer, with the one envelope.

FastAPI documents success responses and a 422 of its own shape; our 422 (and every other error)
is the envelope of `kit.errors`. Rather than repeating `responses=` on each route, the errors
are derived here from what each route depends on, so that a new route is documented without
anyone remembering to: authentication → 401 and 429, parameters or a body → 422, path
parameters → 404, a body → 413. Route-specific errors (409, 502…) are declared on the route
with `kit.schemas.error_responses`.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from typing import Any

from fastapi import FastAPI
from fastapi.dependencies.models import Dependant
from fastapi.openapi.utils import get_openapi
from fastapi.routing import APIRoute, RouteContext, iter_route_contexts
from pydantic import BaseModel

from allokoli.http.deps import optional_principal
from allokoli.kit.schemas import ERROR_DESCRIPTIONS, RETRY_AFTER_HEADER, ErrorEnvelope

ENVELOPE_REF = "#/components/schemas/ErrorEnvelope"
SECURITY_SCHEME = "apiKey"
_FASTAPI_422 = ("HTTPValidationError", "ValidationError")
WEBHOOK_ERRORS = {
    400: "The body is not JSON (or nested too deeply).",
    401: "Missing, stale or wrong signature or secret.",
    404: "No organisation has this webhook URL.",
    413: "Request body too large.",
    415: "The body is not sent as `application/json`.",
}


def _calls(dependant: Dependant) -> Iterator[Callable[..., Any]]:
    for dep in dependant.dependencies:
        if dep.call is not None:
            yield dep.call
        yield from _calls(dep)


def _references_by_id(route: RouteContext) -> bool:
    """A body naming another resource by id (`assistant_id`…) is 404 when it is not ours."""
    model = route.body_field.field_info.annotation if route.body_field is not None else None
    if not (isinstance(model, type) and issubclass(model, BaseModel)):
        return False
    return any("uuid" in str(field.annotation).lower() for field in model.model_fields.values())


def _error_codes(route: RouteContext) -> list[int]:
    dependant = route.dependant
    codes: list[int] = []
    if optional_principal in set(_calls(dependant)):
        codes += [401, 429]
    params = [
        *dependant.path_params,
        *dependant.query_params,
        *dependant.header_params,
        *dependant.cookie_params,
        *dependant.body_params,
    ]
    if dependant.path_params or _references_by_id(route):
        codes.append(404)
    if route.body_field is not None:
        codes += [400, 413]  # a body that is not UTF-8 JSON; a body too large
    if params or route.body_field is not None:
        codes.append(422)
    return codes


def _error_response(code: int) -> dict[str, Any]:
    out: dict[str, Any] = {
        "description": ERROR_DESCRIPTIONS[code],
        "content": {"application/json": {"schema": {"$ref": ENVELOPE_REF}}},
    }
    if code == 429:
        out["headers"] = RETRY_AFTER_HEADER
    return out


def _prune(schema: dict[str, Any], names: tuple[str, ...]) -> None:
    """Drop components nothing refers to any more (FastAPI's own 422 shapes)."""
    schemas = schema["components"]["schemas"]
    for name in names:
        definition = schemas.pop(name, None)
        if definition is not None and f'"#/components/schemas/{name}"' in json.dumps(schema):
            schemas[name] = definition


def _document_exports(schemas: dict[str, Any]) -> None:
    """The export's `profile` is a stored BusinessProfile: say so (a dict at run time)."""
    for name, schema in schemas.items():
        if name.startswith("ExportDocument"):
            schema["properties"]["profile"] = {
                "anyOf": [{"$ref": "#/components/schemas/BusinessProfile-Input"}, {"type": "null"}]
            }


def build_openapi(app: FastAPI) -> dict[str, Any]:
    schema = get_openapi(
        title=app.title,
        version=app.version,
        description=app.description,
        routes=app.routes,
    )
    components = schema.setdefault("components", {})
    schemas = components.setdefault("schemas", {})
    envelope = ErrorEnvelope.model_json_schema(ref_template="#/components/schemas/{model}")
    schemas.update(envelope.pop("$defs", {}))
    schemas["ErrorEnvelope"] = envelope
    _document_exports(schemas)
    components["securitySchemes"] = {
        SECURITY_SCHEME: {
            "type": "http",
            "scheme": "bearer",
            "description": "An AlloKoli API key (`ak_…`): `Authorization: Bearer <key>`.",
        }
    }
    for route in iter_route_contexts(app.routes):
        if not isinstance(route.original_route, APIRoute) or not route.include_in_schema:
            continue
        codes = _error_codes(route)
        path = route.path_format or ""
        if path.startswith("/webhooks/"):
            # Signed by Vapi, not by an API key: the errors a delivery can get, no `security`.
            codes = sorted({*codes, *WEBHOOK_ERRORS} - {429})
        elif not path.startswith("/api/"):
            codes = [c for c in codes if c == 422]
        for method in route.methods or ():
            operation = schema["paths"].get(route.path_format or "", {}).get(method.lower())
            if operation is None:
                continue
            responses = operation.setdefault("responses", {})
            for code in codes:
                key = str(code)
                if key == "422" or key not in responses:
                    responses[key] = _error_response(code)
                    if path.startswith("/webhooks/") and code in WEBHOOK_ERRORS:
                        responses[key]["description"] = WEBHOOK_ERRORS[code]
            if 401 in codes and not path.startswith("/webhooks/"):
                operation["security"] = [{SECURITY_SCHEME: []}]
    _prune(schema, _FASTAPI_422)
    return schema


def install(app: FastAPI) -> None:
    """Serve `build_openapi(app)` (built once, on the first request) at `/openapi.json`."""

    def openapi() -> dict[str, Any]:
        if app.openapi_schema is None:
            app.openapi_schema = build_openapi(app)
        return app.openapi_schema

    app.openapi = openapi  # type: ignore[method-assign]
