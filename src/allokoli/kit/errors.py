"""Domain errors. Each carries an HTTP status and a French message for the owner.

Every surface (API, HTML, CLI, MCP) renders them the same way: the JSON envelope is
`{"error": "ClassName", "detail": "…"}`.
"""

from __future__ import annotations

from typing import Any


class AppError(Exception):
    status_code = 400
    default_detail = "La requête n'a pas pu aboutir."

    def __init__(self, detail: str | None = None, *, extra: dict[str, Any] | None = None) -> None:
        self.detail = detail or self.default_detail
        self.extra = extra or {}
        super().__init__(self.detail)

    def envelope(self) -> dict[str, Any]:
        return {"error": type(self).__name__, "detail": self.detail, **self.extra}


class NotFound(AppError):
    status_code = 404
    default_detail = "Ressource introuvable."


class Conflict(AppError):
    status_code = 409
    default_detail = "Cette ressource existe déjà."


class Unauthorized(AppError):
    status_code = 401
    default_detail = "Authentification requise."


class Forbidden(AppError):
    status_code = 403
    default_detail = "Action non autorisée."


class CSRFError(Forbidden):
    default_detail = "Le formulaire a expiré ou n'est pas valide. Rechargez la page et réessayez."


class TooManyRequests(AppError):
    status_code = 429
    default_detail = "Trop de tentatives. Réessayez dans quelques minutes."

    def __init__(self, detail: str | None = None, *, retry_after: int = 60) -> None:
        super().__init__(detail)
        self.retry_after = retry_after


class PayloadTooLarge(AppError):
    status_code = 413
    default_detail = "La requête est trop volumineuse (1 Mo au maximum)."


class InvalidInput(AppError):
    """Semantic validation failed (field errors in `extra["errors"]`)."""

    status_code = 422
    default_detail = "Certaines informations ne sont pas valides."


class ServiceUnavailable(AppError):
    status_code = 503
    default_detail = "Le service est momentanément indisponible. Réessayez dans un instant."
