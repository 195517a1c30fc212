"""Drive one handler, or every handler, on one owner message."""

from __future__ import annotations

from typing import Any

from allokoli.configurator import ConfiguratorState
from allokoli.configurator.handlers import FactHandler, How, Reading
from allokoli.configurator.questions import find_question
from allokoli.configurator.sector import set_sector
from allokoli.configurator.updates import apply_correction, drop_false_positives, read_turn
from allokoli.understanding import ExtractedFacts, extract_facts
from allokoli.understanding.detection import detect_sector


def state_for(trade: str, **profile: Any) -> ConfiguratorState:
    """A conversation past its first answer: the sector is known, `profile` already stated."""
    s = ConfiguratorState(stage="collecting")
    set_sector(s, detect_sector(trade))
    s.activity_text = trade
    s.profile.update(profile)
    s.confirmed.extend(profile)
    return s


def facts_for(s: ConfiguratorState, text: str, pending: str | None) -> ExtractedFacts:
    q = find_question(s, pending) if pending else None
    facts = extract_facts(text, expecting=q.expecting if q else None)
    drop_false_positives(s, facts, q, text)
    return facts


def say(s: ConfiguratorState, text: str, pending: str | None) -> tuple[bool, set[str]]:
    """The owner says `text` while `pending` is asked: every handler reads it."""
    q = find_question(s, pending) if pending else None
    s.pending = pending
    return read_turn(s, q, facts_for(s, text, pending), text)


def correct(s: ConfiguratorState, text: str) -> bool:
    return apply_correction(s, facts_for(s, text, None), text)


def reads(
    handler: FactHandler[Any], s: ConfiguratorState, text: str, pending: str | None = None
) -> Any:
    """What `handler` accepts from `text` (None when it finds nothing of its type)."""
    facts = facts_for(s, text, pending)
    r = Reading(text=text, facts=facts, pending=pending, last_try=s.reasks >= 1)
    value = handler.read_answer(s, r) if pending == handler.key else handler.read(s, r)
    return value if value is not None and handler.accepts(value) else None


__all__ = ["How", "correct", "facts_for", "reads", "say", "state_for"]
