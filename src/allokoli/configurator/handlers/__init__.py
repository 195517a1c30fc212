"""One handler per fact of the business profile.

Each handler has a typed slot, an extractor that reads its fact from any owner message
(whatever was just asked), a validator that accepts only a value of its own type, a correction
reader that changes only what the owner names, and a targeted re-ask with an example. The
engine reads every answer with every handler (`updates.read_turn`).
"""

from __future__ import annotations

from typing import Any

from allokoli.configurator.handlers.activity import ActivityHandler
from allokoli.configurator.handlers.base import FactHandler, How, Reading, is_bare_reply
from allokoli.configurator.handlers.booking import BookingFactsHandler
from allokoli.configurator.handlers.contact import (
    BusinessPhoneHandler,
    EmailHandler,
    WebsiteHandler,
)
from allokoli.configurator.handlers.free_text import (
    FaqHandler,
    NotesHandler,
    PolicyHandler,
    SpecialtiesHandler,
)
from allokoli.configurator.handlers.hours import HoursHandler
from allokoli.configurator.handlers.names import CompanyNameHandler, OwnerNameHandler
from allokoli.configurator.handlers.place import AddressHandler, ZoneHandler
from allokoli.configurator.handlers.prices import ServicesHandler
from allokoli.configurator.handlers.tasks import RecordingHandler, TasksHandler
from allokoli.configurator.handlers.tone import ToneHandler, VoiceHandler
from allokoli.configurator.handlers.transfer import TransferHandler

__all__ = ["HANDLERS", "FactHandler", "How", "Reading", "handler_for", "is_bare_reply"]

ACTIVITY = ActivityHandler()
COMPANY_NAME = CompanyNameHandler()
OWNER_NAME = OwnerNameHandler()
ADDRESS = AddressHandler()
ZONE = ZoneHandler()
HOURS = HoursHandler()
SERVICES = ServicesHandler()
TASKS = TasksHandler()
TRANSFER = TransferHandler()
TONE = ToneHandler()
VOICE = VoiceHandler()

#: Every handler that reads facts in passing, in the order they are applied.
HANDLERS: tuple[FactHandler[Any], ...] = (
    ACTIVITY,
    COMPANY_NAME,
    OWNER_NAME,
    ADDRESS,
    BusinessPhoneHandler(),
    EmailHandler(),
    WebsiteHandler(),
    HOURS,
    SERVICES,
    ZONE,
    VOICE,
    TONE,
    TRANSFER,
    RecordingHandler(),
    TASKS,
)
_ANSWER_ONLY: dict[str, FactHandler[Any]] = {
    "faq": FaqHandler(),
    "specialties": SpecialtiesHandler(),
    "notes": NotesHandler("notes", 2000),
    "transfer_when": NotesHandler("transfer_when", 300),
    "booking_facts": BookingFactsHandler(),
}
_POLICIES = PolicyHandler()


def handler_for(fact: str) -> FactHandler[Any] | None:
    """The handler of a question's fact ("policies.<name>" share one)."""
    if fact.startswith("policies."):
        return _POLICIES
    found = next((h for h in HANDLERS if h.key == fact), None)
    return found or _ANSWER_ONLY.get(fact)
