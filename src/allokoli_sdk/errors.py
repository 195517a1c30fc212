"""Exceptions, one per HTTP status of the API's error envelope
`{"error": "ClassName", "detail": "message en français", …}`.

Every error raised by a client method is an `AlloKoliError`; `detail` is the server's French
message (fit to show to a business owner) and `error` the server's error class name.
"""

from __future__ import annotations

from typing import Any

import httpx

from allokoli_sdk.models import FieldError

__all__ = [
    "APIConnectionError",
    "AlloKoliError",
    "AuthenticationError",
    "BadRequestError",
    "ConflictError",
    "InternalServerError",
    "NotFoundError",
    "PayloadTooLargeError",
    "PermissionDeniedError",
    "ProviderError",
    "RateLimitError",
    "ServiceUnavailableError",
    "ValidationError",
]


class AlloKoliError(Exception):
    """Base class. `status_code` is None when no HTTP response was received."""

    status_code: int | None = None

    def __init__(
        self,
        detail: str,
        *,
        error: str | None = None,
        status_code: int | None = None,
        errors: list[FieldError] | None = None,
        body: Any = None,
        request_id: str | None = None,
    ) -> None:
        super().__init__(detail)
        self.detail = detail
        self.error = error or type(self).__name__
        if status_code is not None:
            self.status_code = status_code
        self.errors = errors or []
        self.body = body
        self.request_id = request_id

    def __repr__(self) -> str:
        return (
            f"{type(self).__name__}(status_code={self.status_code}, error={self.error!r}, "
            f"detail={self.detail!r})"
        )


class APIConnectionError(AlloKoliError):
    """The server could not be reached (network error, timeout)."""


class BadRequestError(AlloKoliError):
    status_code = 400


class AuthenticationError(AlloKoliError):
    """401: missing, invalid or revoked API key."""

    status_code = 401


class PermissionDeniedError(AlloKoliError):
    status_code = 403


class NotFoundError(AlloKoliError):
    """404: no such resource in your organisation (another organisation's is 404 too)."""

    status_code = 404


class ConflictError(AlloKoliError):
    """409: the resource's state forbids it (e.g. delete an assistant that has a number)."""

    status_code = 409


class PayloadTooLargeError(AlloKoliError):
    status_code = 413


class ValidationError(AlloKoliError):
    """422: invalid payload; `errors` lists the fields and why (French)."""

    status_code = 422


class RateLimitError(AlloKoliError):
    """429: too many requests with this key; retry after `retry_after` seconds."""

    status_code = 429

    def __init__(self, detail: str, *, retry_after: int | None = None, **kwargs: Any) -> None:
        super().__init__(detail, **kwargs)
        self.retry_after = retry_after


class InternalServerError(AlloKoliError):
    status_code = 500


class ProviderError(AlloKoliError):
    """502: the voice provider (Vapi) or Twilio refused or failed."""

    status_code = 502


class ServiceUnavailableError(AlloKoliError):
    status_code = 503


_BY_STATUS: dict[int, type[AlloKoliError]] = {
    cls.status_code: cls
    for cls in (
        BadRequestError,
        AuthenticationError,
        PermissionDeniedError,
        NotFoundError,
        ConflictError,
        PayloadTooLargeError,
        ValidationError,
        RateLimitError,
        InternalServerError,
        ProviderError,
        ServiceUnavailableError,
    )
}


def _int(value: Any) -> int | None:
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


def error_from_response(response: httpx.Response) -> AlloKoliError:
    """The exception for an error response (any status ≥ 400)."""
    try:
        body: Any = response.json()
    except ValueError:
        body = None
    envelope = body if isinstance(body, dict) else {}
    detail = str(envelope.get("detail") or response.reason_phrase or "Erreur")
    status = response.status_code
    cls = _BY_STATUS.get(status)
    if cls is None:
        cls = InternalServerError if status >= 500 else BadRequestError
    kwargs: dict[str, Any] = {
        "error": envelope.get("error"),
        "status_code": status,
        "errors": [
            FieldError.model_validate(e)
            for e in envelope.get("errors") or []
            if isinstance(e, dict) and "field" in e and "message" in e
        ],
        "body": body,
        "request_id": response.headers.get("x-request-id"),
    }
    if cls is RateLimitError:
        retry = _int(response.headers.get("retry-after")) or _int(envelope.get("retry_after"))
        return RateLimitError(detail, retry_after=retry, **kwargs)
    return cls(detail, **kwargs)
