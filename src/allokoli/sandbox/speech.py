"""Saying numbers, times, prices and phone numbers the French way (pure, no I/O).

The sandbox receptionist speaks like the voice assistant would: "de neuf heures à douze heures",
"vingt-cinq euros cinquante", phone numbers by pairs ("06 12 34 56 78").
"""

from __future__ import annotations

from datetime import time

import phonenumbers

from allokoli.generation.prompt.numerals import number_words

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


def french_number(n: int) -> str:
    """0 ≤ n < 1 000 000 in French words (traditional spelling): 71 → "soixante et onze".

    The prompt generator's `number_words`, so the sandbox says numbers as the assistant does;
    outside that range, the digits."""
    return number_words(n) if 0 <= n < 1_000_000 else str(n)


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
