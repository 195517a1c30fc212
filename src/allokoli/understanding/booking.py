"""The booking facts an owner states in one answer: how long a booking lasts, the notice a
caller must give, and (restaurants) the covers per slot.

« 30 minutes, et 2 h à l'avance » → duration 30, notice 120; « 40 couverts, la veille » →
seats 40, notice 1440. Pure: text in, the facts found out (missing ones absent).
"""

from __future__ import annotations

import re

from allokoli.understanding.normalize import fold

__all__ = ["parse_booking_facts"]

_WORDS = {
    "un": 1,
    "une": 1,
    "deux": 2,
    "trois": 3,
    "quatre": 4,
    "cinq": 5,
    "six": 6,
    "sept": 7,
    "huit": 8,
    "dix": 10,
    "douze": 12,
    "quinze": 15,
    "vingt": 20,
    "trente": 30,
    "quarante": 40,
    "quarante-cinq": 45,
    "cinquante": 50,
    "soixante": 60,
    "quarante-huit": 48,
    "vingt-quatre": 24,
}
_NUM = r"(\d+(?:[.,]\d+)?|" + "|".join(sorted(_WORDS, key=len, reverse=True)) + r")"
_UNIT = r"(minutes?|mn|min|heures?|h|jours?|j|semaines?)"
_MINUTES = {"m": 1, "h": 60, "j": 1440, "s": 7 * 1440}

_SEATS_RE = re.compile(rf"\b{_NUM}\s*(?:couverts?|places?|personnes?|convives?)\b")
_NOTICE_RE = re.compile(
    rf"(?:\b(?:delai|prevenance|prevenir|reserver|minimum)\D{{0,25}}?\b{_NUM}\s*{_UNIT}\b"
    rf"|\b{_NUM}\s*{_UNIT}\s*(?:a l'avance|a l avance|avant|de delai|de prevenance|minimum)\b)"
)
_EVE_RE = re.compile(r"\b(?:la veille|jour d'avant|24 ?h a l'avance)\b")
_SAME_DAY_RE = re.compile(r"\b(?:le jour meme|au dernier moment|sans delai)\b")
_HOUR_MIN_RE = re.compile(r"\b(\d{1,2})\s*h\s*(\d{2})\b")
_HALF_HOUR_RE = re.compile(r"\b(?:une )?demi-? ?heure\b")
_HOUR_AND_HALF_RE = re.compile(r"\b(une|deux|\d) heures? et demie?\b")
_THREE_QUARTERS_RE = re.compile(r"\btrois quarts? d'heure\b")
_DURATION_RE = re.compile(rf"\b{_NUM}\s*{_UNIT}\b")


def _number(raw: str) -> float | None:
    if raw in _WORDS:
        return float(_WORDS[raw])
    try:
        return float(raw.replace(",", "."))
    except ValueError:
        return None


def _minutes(number: str, unit: str) -> int | None:
    value = _number(number)
    if value is None:
        return None
    return round(value * _MINUTES[unit[0]])


def parse_booking_facts(text: str) -> dict[str, int]:
    """The facts found in `text`: ``duration_minutes``, ``min_notice_minutes``, ``seats``."""
    low = fold(text)
    found: dict[str, int] = {}
    seats = _SEATS_RE.search(low)
    if seats and (value := _number(seats.group(1))) is not None and 1 <= value <= 500:
        found["seats"] = int(value)
        low = low[: seats.start()] + " " + low[seats.end() :]
    notice = _NOTICE_RE.search(low)
    if notice:
        number = notice.group(1) or notice.group(3)
        unit = notice.group(2) or notice.group(4)
        minutes = _minutes(number, unit)
        if minutes is not None and 0 <= minutes <= 30 * 1440:
            found["min_notice_minutes"] = minutes
        low = low[: notice.start()] + " " + low[notice.end() :]
    elif _EVE_RE.search(low):
        found["min_notice_minutes"] = 1440
        low = _EVE_RE.sub(" ", low)
    elif _SAME_DAY_RE.search(low):
        found["min_notice_minutes"] = 0
    duration: int | None = None
    if m := _HOUR_MIN_RE.search(low):
        duration = int(m.group(1)) * 60 + int(m.group(2))
    elif m := _HOUR_AND_HALF_RE.search(low):
        duration = round((_number(m.group(1)) or 1) * 60) + 30
    elif _THREE_QUARTERS_RE.search(low):
        duration = 45
    elif _HALF_HOUR_RE.search(low):
        duration = 30
    elif (m := _DURATION_RE.search(low)) and m.group(2)[0] in "mh":
        duration = _minutes(m.group(1), m.group(2))
    if duration is not None and 5 <= duration <= 24 * 60:
        found["duration_minutes"] = duration
    return found
