"""Saying numbers, times, prices and phone numbers the French way (pure, no I/O).

The sandbox receptionist speaks like the voice assistant would: "de neuf heures à douze heures",
"vingt-cinq euros cinquante", phone numbers by pairs ("06 12 34 56 78").
"""

from __future__ import annotations

from datetime import time

import phonenumbers

__all__ = [
    "french_number",
    "join_fr",
    "lower_name",
    "say_minutes",
    "say_phone",
    "say_price",
    "say_range",
    "say_time",
    "word_list",
]


def word_list(text: str) -> tuple[str, ...]:
    """The words of a text block (keeps long vocabularies readable in the source)."""
    return tuple(text.split())


_UNITS = word_list(
    "zéro un deux trois quatre cinq six sept huit neuf dix onze douze treize quatorze quinze "
    "seize dix-sept dix-huit dix-neuf"
)
_TENS = {2: "vingt", 3: "trente", 4: "quarante", 5: "cinquante", 6: "soixante"}


def _below_100(n: int) -> str:
    if n < 20:
        return _UNITS[n]
    tens, unit = divmod(n, 10)
    if tens in (7, 9):
        base = "soixante" if tens == 7 else "quatre-vingt"
        if tens == 7 and unit == 1:
            return "soixante et onze"
        return f"{base}-{_UNITS[10 + unit]}"
    if tens == 8:
        return "quatre-vingts" if unit == 0 else f"quatre-vingt-{_UNITS[unit]}"
    word = _TENS[tens]
    if unit == 0:
        return word
    if unit == 1:
        return f"{word} et un"
    return f"{word}-{_UNITS[unit]}"


def _below_1000(n: int) -> str:
    hundreds, rest = divmod(n, 100)
    if hundreds == 0:
        return _below_100(rest)
    head = "cent" if hundreds == 1 else f"{_UNITS[hundreds]} cent"
    if rest == 0:
        return head if hundreds == 1 else head + "s"
    return f"{head} {_below_100(rest)}"


def french_number(n: int) -> str:
    """0 ≤ n < 1 000 000 in French words (traditional spelling): 71 → "soixante et onze"."""
    if n < 0 or n >= 1_000_000:
        return str(n)
    thousands, rest = divmod(n, 1000)
    if thousands == 0:
        return _below_1000(rest)
    head = "mille" if thousands == 1 else f"{_below_1000(thousands).removesuffix('s')} mille"
    return head if rest == 0 else f"{head} {_below_1000(rest)}"


def say_time(value: time, *, is_end: bool = False) -> str:
    """09:00 → "neuf heures", 19:30 → "dix-neuf heures trente", 00:00 at an end → "minuit"."""
    if value.hour == 0 and value.minute == 0 and is_end:
        return "minuit"
    hours = "une heure" if value.hour == 1 else f"{_feminine(value.hour)} heures"
    if value.minute == 0:
        return hours
    return f"{hours} {_feminine(value.minute)}"


def _feminine(n: int) -> str:
    """Numbers before "heure(s)" agree: 21 → "vingt et une"."""
    said = french_number(n)
    return said[:-3] + " une" if said.endswith(" un") else said


def say_range(start: time, end: time) -> str:
    return f"de {say_time(start)} à {say_time(end, is_end=True)}"


def say_price(amount: float) -> str:
    """25 → "vingt-cinq euros", 25.5 → "vingt-cinq euros cinquante", 1 → "un euro"."""
    cents_total = round(amount * 100)
    euros, cents = divmod(cents_total, 100)
    unit = "euro" if euros == 1 else "euros"
    said = f"{french_number(euros)} {unit}"
    if cents:
        said += f" {french_number(cents)}"
    return said


def say_phone(e164: str) -> str:
    """+33612345678 → "06 12 34 56 78" (a French voice reads the pairs)."""
    try:
        parsed = phonenumbers.parse(e164, "FR")
    except phonenumbers.NumberParseException:
        return e164
    if parsed.country_code == 33:
        return str(phonenumbers.format_number(parsed, phonenumbers.PhoneNumberFormat.NATIONAL))
    return str(phonenumbers.format_number(parsed, phonenumbers.PhoneNumberFormat.INTERNATIONAL))


def join_fr(items: list[str], last: str = "et") -> str:
    """["a", "b", "c"] → "a, b et c"."""
    if not items:
        return ""
    if len(items) == 1:
        return items[0]
    return f"{', '.join(items[:-1])} {last} {items[-1]}"


def say_minutes(minutes: int) -> str:
    """90 → "une heure trente", 45 → "quarante-cinq minutes"."""
    hours, rest = divmod(minutes, 60)
    if hours == 0:
        return f"{french_number(rest)} minutes"
    said = "une heure" if hours == 1 else f"{_feminine(hours)} heures"
    return f"{said} {french_number(rest)}" if rest else said


def lower_name(name: str) -> str:
    """ "Coupe homme" → "coupe homme" inside a sentence; "Pizza Margherita" is kept."""
    if name[:1].isupper() and not any(ch.isupper() for ch in name[1:]):
        return name[:1].lower() + name[1:]
    return name
