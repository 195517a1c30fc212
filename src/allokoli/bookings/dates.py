"""French dates and times as callers say them, resolved in Europe/Paris.

« demain », « après-demain », « mardi », « mardi prochain », « dans quinze jours », « dans trois
jours », « le 12 », « le 12 mars », « 12/03 », « 2027-03-12 »; times « 10:30 », « 10h30 », « 10 h »,
« midi ». A weekday alone is the next one to come (today's if it is today); « le 12 » is the
next 12th to come.
"""

from __future__ import annotations

import re
import unicodedata
from datetime import date, time, timedelta

_WEEKDAYS = ("lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche")
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
_NUMBERS = {
    "un": 1,
    "une": 1,
    "deux": 2,
    "trois": 3,
    "quatre": 4,
    "cinq": 5,
    "six": 6,
    "sept": 7,
    "huit": 8,
    "neuf": 9,
    "dix": 10,
    "onze": 11,
    "douze": 12,
    "treize": 13,
    "quatorze": 14,
    "quinze": 15,
    "seize": 16,
    "vingt": 20,
    "trente": 30,
    "premier": 1,
    "1er": 1,
}


class DateNotUnderstood(ValueError):
    pass


def _fold(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text.lower().replace("’", "'"))
    plain = "".join(c for c in decomposed if not unicodedata.combining(c))
    return " ".join(plain.replace("-", " ").split())


def _number(word: str) -> int | None:
    if word.isdigit():
        return int(word)
    return _NUMBERS.get(word)


def _next_day_of_month(today: date, day: int, month: int | None) -> date:
    if month is not None:
        year = today.year
        try:
            found = date(year, month, day)
        except ValueError as exc:
            raise DateNotUnderstood(text_of(day, month)) from exc
        if found < today - timedelta(days=183):
            found = date(year + 1, month, day)
        return found
    y, m = today.year, today.month
    for _ in range(13):
        try:
            found = date(y, m, day)
            if found >= today:
                return found
        except ValueError:
            pass
        y, m = (y + 1, 1) if m == 12 else (y, m + 1)
    raise DateNotUnderstood(text_of(day, None))


def text_of(day: int, month: int | None) -> str:
    return f"{day}/{month}" if month else str(day)


def parse_date(raw: str, today: date) -> date:
    """The date a caller means, or `DateNotUnderstood`. A past date is returned as is (the
    caller is then offered the next free slots)."""
    text = _fold(raw)
    if not text:
        raise DateNotUnderstood(raw)
    iso = re.fullmatch(r"(\d{4})-(\d{2})-(\d{2})", raw.strip())
    if iso:
        try:
            return date(int(iso.group(1)), int(iso.group(2)), int(iso.group(3)))
        except ValueError as exc:
            raise DateNotUnderstood(raw) from exc
    slash = re.fullmatch(r"(\d{1,2})[/.](\d{1,2})(?:[/.](\d{2,4}))?", text)
    if slash:
        day, month = int(slash.group(1)), int(slash.group(2))
        if slash.group(3):
            year = int(slash.group(3))
            try:
                return date(year + 2000 if year < 100 else year, month, day)
            except ValueError as exc:
                raise DateNotUnderstood(raw) from exc
        return _next_day_of_month(today, day, month)
    text = re.sub(r"^(le|pour|ce|cette) ", "", text)
    if text in ("aujourd'hui", "aujourd hui", "ce jour"):
        return today
    if text == "demain":
        return today + timedelta(days=1)
    if text in ("apres demain",):
        return today + timedelta(days=2)
    within = re.fullmatch(r"dans (\w+) (jours?|semaines?|mois)", text)
    if within:
        n = _number(within.group(1))
        if n is None:
            raise DateNotUnderstood(raw)
        unit = within.group(2)
        if unit.startswith("jour"):
            # « Dans quinze jours » is two weeks in French, as « dans huit jours » is one.
            return today + timedelta(days={15: 14, 8: 7}.get(n, n))
        if unit.startswith("semaine"):
            return today + timedelta(weeks=n)
        months = today.month - 1 + n
        return _clamp(today.year + months // 12, months % 12 + 1, today.day)
    weekday = re.fullmatch(r"(\w+)(?: (prochain|en huit))?(?: (\w+)(?: (\w+))?)?", text)
    if weekday and weekday.group(1) in _WEEKDAYS and weekday.group(3) is None:
        target = _WEEKDAYS.index(weekday.group(1))
        ahead = (target - today.weekday()) % 7
        if weekday.group(2) == "prochain" and ahead == 0:
            ahead = 7
        if weekday.group(2) == "en huit":
            ahead += 7
        return today + timedelta(days=ahead)
    words = text.split()
    if words and words[0] in _WEEKDAYS:
        words = words[1:]
    if words and 1 <= len(words) <= 3:
        dom = _number(words[0])
        named_month = (
            _MONTHS.index(words[1]) + 1 if len(words) > 1 and words[1] in _MONTHS else None
        )
        if dom is not None and 1 <= dom <= 31 and (len(words) == 1 or named_month is not None):
            if len(words) == 3:
                if not words[2].isdigit():
                    raise DateNotUnderstood(raw)
                try:
                    return date(int(words[2]), named_month or 1, dom)
                except ValueError as exc:
                    raise DateNotUnderstood(raw) from exc
            return _next_day_of_month(today, dom, named_month)
    raise DateNotUnderstood(raw)


def _clamp(year: int, month: int, day: int) -> date:
    while True:
        try:
            return date(year, month, day)
        except ValueError:
            day -= 1


def parse_time(raw: str) -> time:
    text = _fold(raw)
    if text in ("midi",):
        return time(12, 0)
    match = re.fullmatch(r"(\d{1,2})\s*(?:h|:|heures?)\s*(\d{2})?", text) or re.fullmatch(
        r"(\d{1,2})", text
    )
    if not match:
        raise DateNotUnderstood(raw)
    hour = int(match.group(1))
    minute = int(match.group(2)) if match.re.groups > 1 and match.group(2) else 0
    if hour > 23 or minute > 59:
        raise DateNotUnderstood(raw)
    return time(hour, minute)
