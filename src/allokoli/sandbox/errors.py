"""Errors in Vapi's shape: `{"message": …, "error": "Bad Request", "statusCode": 400}`.

They subclass `AppError` so that the app's one error handler renders them; only the envelope
differs (Vapi's, not AlloKoli's), because the sandbox answers Vapi's clients. Messages are in
English like Vapi's: the sandbox speaks to programs, not to owners.
"""

from __future__ import annotations

from typing import Any

from allokoli.kit.errors import AppError


class VapiError(AppError):
    status_code = 400
    error = "Bad Request"

    def __init__(self, message: str | list[str]) -> None:
        self.message = message
        super().__init__(message if isinstance(message, str) else "; ".join(message))

    def envelope(self) -> dict[str, Any]:
        return {"message": self.message, "error": self.error, "statusCode": self.status_code}


class VapiBadRequest(VapiError):
    """An invalid body: `message` is the list of every problem found, like Vapi's validator."""

    def __init__(self, messages: list[str]) -> None:
        super().__init__(messages)


class VapiUnauthorized(VapiError):
    status_code = 401
    error = "Unauthorized"

    def __init__(self) -> None:
        super().__init__(
            "Invalid Key. Hot tip, you may be using the private key instead of the public key, "
            "or vice versa."
        )


class VapiNotFound(VapiError):
    status_code = 404
    error = "Not Found"

    def __init__(self, resource: str) -> None:
        super().__init__(f"Couldn't Find {resource}.")


class VapiRouteNotFound(VapiError):
    status_code = 404
    error = "Not Found"

    def __init__(self, method: str, path: str) -> None:
        super().__init__(f"Cannot {method} {path}")


class VapiUnsupportedMediaType(VapiError):
    status_code = 415
    error = "Unsupported Media Type"

    def __init__(self, media_type: str) -> None:
        super().__init__(
            f"Content-Type {media_type or '(none)'} is not supported: send application/json"
        )
