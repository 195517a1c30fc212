"""Schemas shared by every surface: the one error envelope, as documented in OpenAPI.

The envelope is produced by `AppError.envelope()` and the validation handler of `create_app`;
these models only describe it (for `/openapi.json`, the SDK and the tests).
"""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ConfigDict, Field


class FieldError(BaseModel):
    """One invalid field: where, and why (in French)."""

    model_config = ConfigDict(extra="allow")

    field: str = Field(description="Dotted path of the field, empty for the whole payload.")
    message: str = Field(description="What is wrong, in French (shown to the owner).")
    type: str | None = Field(default=None, description="Machine-readable error kind.")


class ErrorEnvelope(BaseModel):
    """Every error of the API: `{"error": "ClassName", "detail": "message en français"}`."""

    model_config = ConfigDict(
        extra="allow",
        json_schema_extra={
            "examples": [{"error": "AssistantNotFound", "detail": "Assistant introuvable."}]
        },
    )

    error: str = Field(description="Error class name, stable (e.g. `AssistantNotFound`).")
    detail: str = Field(description="Human-readable message, in French.")
    errors: list[FieldError] | None = Field(
        default=None, description="Field errors, for 422 responses."
    )
    retry_after: int | None = Field(
        default=None, description="Seconds to wait before retrying, for 429 responses."
    )


ERROR_DESCRIPTIONS: dict[int, str] = {
    400: "Malformed request (e.g. a body that is not UTF-8 JSON), or refused as is.",
    401: "Missing, invalid or revoked API key (or no browser session).",
    403: "Forbidden (e.g. expired CSRF token on a browser request).",
    404: "Not found — including a resource of another organisation.",
    409: "Conflict with the resource's current state.",
    413: "Request body too large.",
    415: "Unsupported media type: send `application/json`.",
    422: "Invalid payload or parameters; field errors in `errors`.",
    429: "Too many requests for this API key; wait `Retry-After` seconds.",
    502: "The voice provider (Vapi) or telephony provider refused or failed.",
    503: "Service temporarily unavailable (database).",
}

RETRY_AFTER_HEADER: dict[str, Any] = {
    "Retry-After": {
        "description": "Seconds to wait before the next request.",
        "schema": {"type": "integer"},
    }
}


def error_responses(*codes: int) -> dict[int | str, dict[str, Any]]:
    """`responses=` for a route: each status documented with the error envelope."""
    out: dict[int | str, dict[str, Any]] = {}
    for code in codes:
        entry: dict[str, Any] = {"model": ErrorEnvelope, "description": ERROR_DESCRIPTIONS[code]}
        if code == 429:
            entry["headers"] = RETRY_AFTER_HEADER
        out[code] = entry
    return out


def not_null(schema: dict[str, Any]) -> None:
    """`json_schema_extra` for an optional field that may be omitted but never sent as null.

    On `X | None = None` whose validator refuses null: the document then says « X, or absent »
    rather than offering a `null` the code would refuse."""
    schema.pop("default", None)
    variants = schema.pop("anyOf", None)
    if variants is not None:
        (kept,) = [v for v in variants if v != {"type": "null"}]
        schema.update(kept)
