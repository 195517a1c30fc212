"""The e-mail address, the website and the business's own phone line: each read wherever it is
stated, and filled once (a later answer to its own question, or a correction, replaces it)."""

from __future__ import annotations

from allokoli.configurator.handlers.base import FactHandler, How, Reading, set_fact
from allokoli.configurator.handlers.transfer import corrects_number
from allokoli.configurator.state import ConfiguratorState

__all__ = ["BusinessPhoneHandler", "EmailHandler", "WebsiteHandler"]


class _ContactHandler(FactHandler[str]):
    def read(self, s: ConfiguratorState, r: Reading) -> str | None:
        value = getattr(r.facts, self.key)
        return str(value) if value else None

    def store(self, s: ConfiguratorState, value: str, how: How, r: Reading) -> bool:
        if how is How.CORRECTION and r.target not in (None, self.key):
            how = How.PASSING
        if how is How.PASSING and s.knows(self.key):
            return False
        set_fact(s, self.key, value)
        return True


class EmailHandler(_ContactHandler):
    key = "email"
    hint = "Par exemple : « contact@mon-salon.fr »."


class WebsiteHandler(_ContactHandler):
    key = "website"
    hint = "Par exemple : « www.mon-salon.fr »."


class BusinessPhoneHandler(_ContactHandler):
    key = "business_phone"
    hint = "Par exemple : « 04 78 12 34 56 »."

    def read(self, s: ConfiguratorState, r: Reading) -> str | None:
        value = super().read(s, r)
        transfer = str(s.profile.get("transfer_number") or "")
        if value is not None and corrects_number(value, transfer):
            return None  # the transfer number with a digit fixed, not the business's line
        return value
