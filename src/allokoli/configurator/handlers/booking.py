"""The booking facts (duration, notice, covers per slot): read only as the answer to their own
optional question, never in passing (« 2 h » in the hours is no notice)."""

from __future__ import annotations

from typing import Any

from allokoli.configurator.handlers.base import FactHandler, How, Reading, dump, set_fact
from allokoli.configurator.state import ConfiguratorState
from allokoli.domain.profile import BookingFacts
from allokoli.understanding.booking import parse_booking_facts

__all__ = ["BookingFactsHandler"]


class BookingFactsHandler(FactHandler[dict[str, Any]]):
    key = "booking_facts"

    def read(self, s: ConfiguratorState, r: Reading) -> dict[str, Any] | None:
        return None

    def read_answer(self, s: ConfiguratorState, r: Reading) -> dict[str, Any] | None:
        # whatever the owner answers closes this optional question: what it does not state
        # keeps the catalogue's default (no second ask on a detail)
        return parse_booking_facts(r.text) if r.text.strip() else None

    def store(self, s: ConfiguratorState, value: dict[str, Any], how: How, r: Reading) -> bool:
        if value:
            set_fact(s, self.key, dump(BookingFacts.model_validate(value)))
        elif self.key not in s.skipped:
            s.skipped.append(self.key)
        return True
