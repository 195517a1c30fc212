"""Slots and references worded for speech (« mardi neuf mars à dix heures trente »)."""

from __future__ import annotations

from datetime import datetime

from allokoli.bookings.availability import PARIS
from allokoli.generation.prompt import date_words, time_words


def slot_words(at: datetime) -> str:
    local = at.astimezone(PARIS)
    return f"{date_words(local.date(), weekday=True)} à {time_words(local.time())}"


def slots_words(slots: list[datetime]) -> str:
    words = [slot_words(s) for s in slots]
    if len(words) == 1:
        return words[0]
    return ", ".join(words[:-1]) + " ou " + words[-1]


def reference_words(reference: str) -> str:
    return " ".join(reference)
