"""Numbers, times, durations, dates and prices in French words.

Small and exact: they cover what a business profile holds (integers below a trillion, prices
below a million euros, times of day, dates).
"""

from __future__ import annotations

from datetime import date, time

from allokoli.domain.profile import WEEKDAYS

__all__ = ["UNITS", "date_words", "duration_words", "number_words", "price_words", "time_words"]


def _split(words: str) -> tuple[str, ...]:
    return tuple(words.split())


UNITS = _split(
    "zéro un deux trois quatre cinq six sept huit neuf "
    "dix onze douze treize quatorze quinze seize dix-sept dix-huit dix-neuf"
)
_TENS = {2: "vingt", 3: "trente", 4: "quarante", 5: "cinquante", 6: "soixante"}


def _below_100(n: int) -> str:
    if n < 20:
        return UNITS[n]
    tens, unit = divmod(n, 10)
    if tens == 7:
        return "soixante et onze" if unit == 1 else f"soixante-{UNITS[10 + unit]}"
    if tens == 8:
        return "quatre-vingts" if unit == 0 else f"quatre-vingt-{UNITS[unit]}"
    if tens == 9:
        return f"quatre-vingt-{UNITS[10 + unit]}"
    if unit == 0:
        return _TENS[tens]
    if unit == 1:
        return f"{_TENS[tens]} et un"
    return f"{_TENS[tens]}-{UNITS[unit]}"


def _below_1000(n: int, *, final: bool) -> str:
    """`final`: nothing follows but a noun, so "cents"/"quatre-vingts" keep their s."""
    hundreds, rest = divmod(n, 100)
    if hundreds == 0:
        words = _below_100(rest)
        return words if final or not words.endswith("vingts") else words[:-1]
    head = "cent" if hundreds == 1 else f"{UNITS[hundreds]} cent"
    if rest == 0:
        return head + ("s" if hundreds > 1 and final else "")
    tail = _below_100(rest)
    if not final and tail.endswith("vingts"):
        tail = tail[:-1]
    return f"{head} {tail}"


def number_words(n: int) -> str:
    """A non-negative integer in French words (traditional spelling): 71 → "soixante et onze",
    80 → "quatre-vingts", 200 → "deux cents", 1000 → "mille", 2 000 000 → "deux millions"."""
    if n < 0:
        return "moins " + number_words(-n)
    if n < 1000:
        return _below_1000(n, final=True)
    parts: list[str] = []
    for size, name in ((10**9, "milliard"), (10**6, "million")):
        count, n = divmod(n, size)
        if count:
            parts.append(f"{number_words(count)} {name}{'s' if count > 1 else ''}")
    thousands, n = divmod(n, 1000)
    if thousands:
        parts.append("mille" if thousands == 1 else f"{_below_1000(thousands, final=False)} mille")
    if n:
        parts.append(_below_1000(n, final=True))
    return " ".join(parts)


def _feminine(words: str) -> str:
    """Before a feminine noun: "un" becomes "une" ("vingt et une heures")."""
    return words[:-2] + "une" if words == "un" or words.endswith((" un", "-un")) else words


def time_words(t: time) -> str:
    """24-hour clock, French style: 14:30 → "quatorze heures trente", 12:00 → "midi"."""
    if t.hour in (0, 12):
        head = "minuit" if t.hour == 0 else "midi"
    else:
        head = f"{_feminine(number_words(t.hour))} heure{'s' if t.hour > 1 else ''}"
    return head if t.minute == 0 else f"{head} {_feminine(number_words(t.minute))}"


def duration_words(minutes: int) -> str:
    """45 → "quarante-cinq minutes", 90 → "une heure trente"."""
    hours, rest = divmod(minutes, 60)
    if hours == 0:
        return f"{_feminine(number_words(rest))} minute{'s' if rest > 1 else ''}"
    head = f"{_feminine(number_words(hours))} heure{'s' if hours > 1 else ''}"
    return head if rest == 0 else f"{head} {_feminine(number_words(rest))}"


_MONTHS = _split(
    "janvier février mars avril mai juin juillet août septembre octobre novembre décembre"
)


def date_words(d: date, *, weekday: bool = True, year: bool = False) -> str:
    """ "mardi vingt-cinq décembre", "premier mai"."""
    day = "premier" if d.day == 1 else number_words(d.day)
    text = f"{day} {_MONTHS[d.month - 1]}"
    if year:
        text += f" {number_words(d.year)}"
    return f"{WEEKDAYS[d.weekday()]} {text}" if weekday else text


def price_words(amount: float) -> str:
    """24.5 → "vingt-quatre euros cinquante", 1 → "un euro", 0.5 → "cinquante centimes"."""
    cents_total = round(amount * 100)
    euros, cents = divmod(cents_total, 100)
    if euros == 0:
        return f"{number_words(cents)} centime{'s' if cents > 1 else ''}"
    words = number_words(euros)
    unit = "euro" if euros == 1 else "euros"
    if euros % 1_000_000 == 0:
        unit = "d'euros"
    text = f"{words} {unit}"
    return text if cents == 0 else f"{text} {number_words(cents)}"
