"""Times that cannot be meant as said: « 25h », « 9h75 », « 8 jours sur 7 », a range that ends
before it starts without running into the night (« de 14h à 10h »). Such hours are never stored:
the owner is asked, in French, what they meant."""

from __future__ import annotations

import re

from allokoli.understanding.normalize import fold

__all__ = ["impossible_hours"]

_H = r"(?:h|heures?)"
#: A time of day, not a duration (« en 48h »): after « de », « à », « jusqu'à »… or before « à 3h ».
_TIME_RE = re.compile(
    rf"(?:\b(?:de|des|a|jusqu'a|entre|vers)\s+|[-–]\s*)(\d{{1,2}})\s*{_H}\s*(\d{{2}})?(?![\d/])"
    rf"|(?<![\d,.])(\d{{1,2}})\s*{_H}\s*(\d{{2}})?(?=\s*(?:a|-|–)\s*\d)"
)
_RANGE_RE = re.compile(
    rf"(?<![\d,.])(\d{{1,2}})\s*(?:{_H}\s*(\d{{2}})?)?\s*(?:a|-|–|jusqu'a)\s*"
    rf"(\d{{1,2}})\s*{_H}\s*(\d{{2}})?(?![\d/])"
)
_DAYS_RE = re.compile(r"(?<![\d,.])(\d{1,2})\s*j(?:ours?)?\s*(?:sur|/)\s*7\b")

#: A range may run past midnight when it starts from late morning (a kebab open 11h–2h) and
#: ends in the night.
_EVENING_FROM = 10 * 60
_NIGHT_UNTIL = 6 * 60


def _minutes(hour: str, minute: str | None) -> int:
    return int(hour) * 60 + int(minute or 0)


def impossible_hours(text: str) -> str | None:
    """The French clarification for an impossible time in ``text``, or None."""
    t = fold(text)
    for m in _TIME_RE.finditer(t):
        hour_text, minute_text = m.group(1) or m.group(3), m.group(2) or m.group(4)
        hour, minute = int(hour_text), int(minute_text or 0)
        if hour > 24 or minute >= 60 or (hour == 24 and minute):
            said = f"{hour_text}h{minute_text or ''}"
            return (
                f"« {said} » n'est pas une heure possible : "
                "à quelle heure ouvrez-vous et à quelle heure fermez-vous ?"
            )
    for m in _DAYS_RE.finditer(t):
        if int(m.group(1)) > 7:
            return (
                f"Une semaine n'a que 7 jours, pas {m.group(1)} : "
                "quels jours êtes-vous ouvert, et à quelles heures ?"
            )
    for m in _RANGE_RE.finditer(t):
        start = _minutes(m.group(1), m.group(2))
        end = _minutes(m.group(3), m.group(4))
        if end % (24 * 60) == 0 or end >= start or start > 24 * 60:
            continue
        if start >= _EVENING_FROM and end <= _NIGHT_UNTIL:
            continue  # « de 19h à 2h »: open into the night
        return (
            f"Vous fermeriez ({m.group(3)} h) avant d'ouvrir ({m.group(1)} h) : "
            "pouvez-vous me redonner vos heures d'ouverture et de fermeture ?"
        )
    return None
