"""What the receptionist needs to book through the assistant's tools, as a good Vapi assistant
does: the caller's day and time in the tool's terms, the slots a tool's sentence offers, and
which of them the caller picks. Pure, no I/O.

The booking tools answer in French sentences that read each slot in words (« mardi neuf mars à
dix heures trente »), worded by `generation.prompt.date_words` / `time_words`. An LLM reads them
back as dates; here the same functions are inverted (every day of the coming months, every
five minutes of the day), so that nothing is guessed.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, time, timedelta
from functools import lru_cache

from allokoli.generation.prompt import date_words, time_words
from allokoli.sandbox.intents import Utterance
from allokoli.understanding.normalize import fold

__all__ = [
    "Slot",
    "ToolRequest",
    "asked_time",
    "date_said",
    "is_cancellation",
    "offered_slots",
    "pick",
]

#: How far ahead a slot read by a tool is looked for (the booking horizon is at most a year).
_HORIZON_DAYS = 400


@dataclass(frozen=True)
class ToolRequest:
    """A function tool the receptionist calls before it can answer (its result is given back
    to `receptionist.after_tool`)."""

    name: str
    arguments: dict[str, object]


@dataclass(frozen=True)
class Slot:
    day: date
    at: time
    words: str

    def as_state(self) -> dict[str, str]:
        return {
            "date": self.day.isoformat(),
            "time": self.at.strftime("%H:%M"),
            "words": self.words,
        }

    @classmethod
    def from_state(cls, raw: dict[str, str]) -> Slot:
        return cls(date.fromisoformat(raw["date"]), time.fromisoformat(raw["time"]), raw["words"])


def _key(text: str) -> str:
    return " ".join(fold(text).replace("-", " ").split())


@lru_cache(maxsize=4)
def _days(today: date) -> dict[str, date]:
    found: dict[str, date] = {}
    for offset in range(-7, _HORIZON_DAYS):
        day = today + timedelta(days=offset)
        found.setdefault(_key(date_words(day, weekday=True)), day)
    return found


@lru_cache(maxsize=1)
def _times() -> dict[str, time]:
    return {_key(time_words(time(h, m))): time(h, m) for h in range(24) for m in range(0, 60, 5)}


@lru_cache(maxsize=4)
def _slot_re(today: date) -> re.Pattern[str]:
    days = sorted(_days(today), key=len, reverse=True)
    times = sorted(_times(), key=len, reverse=True)
    return re.compile(
        rf"\b({'|'.join(map(re.escape, days))}) a ({'|'.join(map(re.escape, times))})\b"
    )


def offered_slots(text: str, today: date) -> list[Slot]:
    """The slots a tool's sentence reads out, in order."""
    folded = _key(text)
    slots: list[Slot] = []
    for match in _slot_re(today).finditer(folded):
        day = _days(today)[match.group(1)]
        at = _times()[match.group(2)]
        words = f"{date_words(day, weekday=True)} à {time_words(at)}"
        slot = Slot(day, at, words)
        if slot not in slots:
            slots.append(slot)
    return slots


_MONTHS = (
    "janvier",
    "fevrier",
    "mars",
    "avril",
    "mai",
    "juin",
    "juillet",
    "aout",
    "septembre",
    "octobre",
    "novembre",
    "decembre",
)
_WEEKDAYS = ["lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche"]
_NUMBER = r"(?:\d{1,2}|premier|1er|un|deux|trois|quatre|cinq|six|sept|huit|neuf|dix|onze|douze|"
_NUMBER += r"treize|quatorze|quinze|seize|vingt|trente)"
_DATE_RES = (
    re.compile(rf"\bdans {_NUMBER} (?:jours?|semaines?|mois)\b"),
    re.compile(rf"\b(?:{'|'.join(_WEEKDAYS)}) {_NUMBER} (?:{'|'.join(_MONTHS)})\b"),
    re.compile(rf"\b(?:{'|'.join(_WEEKDAYS)})(?: prochain| en huit)?\b"),
    re.compile(rf"\ble {_NUMBER}(?: (?:{'|'.join(_MONTHS)}))?\b"),
    re.compile(r"\b\d{1,2}/\d{1,2}\b"),
    re.compile(r"\bapres demain\b|\bdemain\b|\baujourd'hui\b"),
)
_ANY_DAY_RE = re.compile(
    r"\b(?:le plus tot|des que possible|au plus tot|n'importe quand|peu importe|quand vous voulez|"
    r"premier creneau|prochain creneau|prochaine disponibilite)\b"
)


def date_said(u: Utterance) -> str | None:
    """The caller's day in their own words, as the booking tools read them (« mardi », « le 12
    mars », « dans quinze jours »); "" for « le plus tôt possible »; None when no day is named."""
    text = re.sub(r"[^\w\s'/]", " ", fold(u.raw).replace("’", "'").replace("-", " "))
    text = " ".join(text.split())
    for pattern in _DATE_RES:
        for match in pattern.finditer(text):
            after = text[match.end() :].lstrip()
            if pattern is _DATE_RES[3] and re.match(
                r"(?:personnes?|couverts?|h\b|heures?|\d)", after
            ):
                continue
            return match.group(0)
    if _ANY_DAY_RE.search(text):
        return ""
    return None


_PERIOD_TIMES = {"matin": time(10, 0), "apres midi": time(15, 0), "soir": time(19, 30)}


def asked_time(u: Utterance, restaurant: bool) -> time | None:
    """The time the caller asks for: said (« vers 10h », « à midi »), else the middle of the
    part of the day named (« samedi soir »)."""
    at = u.time_of_day()
    if at is not None:
        return at
    period = u.period()
    if period == "midi":
        return time(12, 30) if restaurant else time(12, 0)
    if period == "soir" and restaurant:
        return time(20, 0)
    return _PERIOD_TIMES.get(period or "")


_ORDINALS = (
    (re.compile(r"\b(?:premier|1er|le 1|la 1)\b|\ble plus tot\b"), 0),
    (re.compile(r"\b(?:deuxieme|second|seconde|2e|2eme)\b"), 1),
    (re.compile(r"\b(?:troisieme|3e|3eme)\b"), 2),
    (re.compile(r"\b(?:dernier|derniere)\b"), -1),
)


def pick(u: Utterance, offered: list[Slot], today: date) -> Slot | None:
    """The offered slot the caller chooses: by its time (and day), its rank, or « oui » to a
    single proposal; None when the answer names none of them."""
    if not offered:
        return None
    at = u.time_of_day()
    days = u.days()
    if at is not None:
        same = [s for s in offered if s.at == at]
        if days:
            same = [s for s in same if _WEEKDAYS[s.day.weekday()] == days[0].value]
        return same[0] if same else None
    text = fold(u.digits)
    for pattern, index in _ORDINALS:
        if pattern.search(text):
            return offered[index] if -len(offered) <= index < len(offered) else None
    if days and not u.time_of_day():
        on_day = [s for s in offered if _WEEKDAYS[s.day.weekday()] == days[0].value]
        return on_day[0] if len(on_day) == 1 else None
    return None


_CANCEL_RE = re.compile(r"\b(?:annul\w*|decommander)\b")
_BOOKING_WORDS_RE = re.compile(r"\b(?:rendez vous|reservation|table|creneau|rdv)\b")
_POLICY_RE = re.compile(r"\b(?:politique|conditions?|delai|frais|rembours\w*|gratuit\w*|combien)\b")


def is_cancellation(u: Utterance) -> bool:
    """« Je voudrais annuler mon rendez-vous » (not a question about the cancellation policy)."""
    return (
        bool(_CANCEL_RE.search(u.text))
        and bool(_BOOKING_WORDS_RE.search(u.text))
        and not _POLICY_RE.search(u.text)
    )
