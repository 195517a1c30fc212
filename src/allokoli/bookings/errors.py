"""The scheduling errors, with the French sentence the owner reads or the caller hears."""

from __future__ import annotations

from allokoli.kit.errors import AppError, Conflict, NotFound


class BookingRefused(AppError):
    """A booking, a rule or a block that cannot be written as asked (a semantic 422: the body
    is well-formed, its content is refused with the reason)."""

    status_code = 422
    default_detail = "Cette réservation n'est pas possible."


class SlotTaken(Conflict):
    default_detail = "Ce créneau n'est plus libre."


class ResourceNotFound(NotFound):
    default_detail = "Cette ressource n'existe pas pour cet assistant."


class ServiceNotFound(NotFound):
    default_detail = "Cette prestation n'existe pas pour cet assistant."
