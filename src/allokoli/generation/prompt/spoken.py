"""Phone numbers, postal codes, addresses and the owner's free text, written as they are said."""

from __future__ import annotations

import re
from datetime import time

import phonenumbers

from allokoli.generation.prompt.numerals import UNITS, number_words, price_words, time_words
from allokoli.generation.prompt.wording import preposition

__all__ = [
    "phone_words",
    "postal_code_words",
    "speak_text",
    "spoken_address",
    "spoken_website",
    "street_words",
]


def _pair_words(pair: str) -> str:
    if len(pair) == 1 or pair.startswith("0"):
        return " ".join(UNITS[int(c)] for c in pair)
    return number_words(int(pair))


def phone_words(number: str) -> str:
    """A phone number read two digits at a time: "+33612345678" → "zéro six, douze, trente-quatre,
    cinquante-six, soixante-dix-huit". Numbers outside France start with their country code."""
    try:
        parsed = phonenumbers.parse(number, "FR")
    except phonenumbers.NumberParseException:
        digits = re.sub(r"\D", "", number)
        return ", ".join(_pair_words(digits[i : i + 2]) for i in range(0, len(digits), 2))
    national = phonenumbers.national_significant_number(parsed)
    if parsed.country_code == 33:
        digits = "0" + national
        return ", ".join(_pair_words(digits[i : i + 2]) for i in range(0, len(digits), 2))
    head = f"plus {number_words(parsed.country_code or 0)}"
    pairs = [_pair_words(national[i : i + 2]) for i in range(0, len(national), 2)]
    return ", ".join([head, *pairs])


def postal_code_words(code: str) -> str:
    """ "69003" → "soixante-neuf zéro zéro trois", "75011" → "soixante-quinze zéro onze",
    "33000" → "trente-trois mille", "13100" → "treize cent"."""
    if not re.fullmatch(r"\d{5}", code):
        return code
    if code.endswith("000"):
        return ("zéro " if code.startswith("0") else "") + number_words(int(code))
    head, tail = code[:2], code[2:]
    zeros = len(tail) - len(tail.lstrip("0"))
    return " ".join([_pair_words(head), *(["zéro"] * zeros), number_words(int(tail))])


def spoken_address(text: str) -> str:
    """ "contact@da-luigi.fr" → "contact arobase da tiret luigi point fr"."""
    for sign, word in (
        ("@", " arobase "),
        (".", " point "),
        ("-", " tiret "),
        ("_", " tiret bas "),
    ):
        text = text.replace(sign, word)
    return " ".join(text.split())


def spoken_website(url: str) -> str:
    bare = re.sub(r"^https?://", "", url).removeprefix("www.").rstrip("/")
    return spoken_address(bare)


_STREET_NUMBER = re.compile(r"^(\d{1,4})(?=\s|,|\s?(?:bis|ter|quater)\b)", re.IGNORECASE)


def street_words(street: str) -> str:
    """Street numbers in words: "12 bis rue de la Paix" → "douze bis rue de la Paix"."""
    return speak_text(_STREET_NUMBER.sub(lambda m: number_words(int(m.group(1))), street.strip()))


_PHONE_IN_TEXT = re.compile(
    r"(?<![\d+])(?:\+33[\s.\-]?(?:\(0\)\s?)?|0)[1-9](?:[\s.\-]?\d{2}){4}(?!\d)"
)
_PRICE_IN_TEXT = re.compile(
    r"(?<![\d,.])(\d{1,3}(?:[ \u00a0\u202f]\d{3})+|\d{1,6})(?:[.,](\d{1,2}))?"
    r"\s?(?:€|euros?\b|EUR\b)"
)
_TIME_IN_TEXT = re.compile(
    r"(?<![\w:])([01]?\d|2[0-3])\s?(?:[hH]\s?([0-5]\d)?|:([0-5]\d))(?![\w:])"
)


def _phone_match(match: re.Match[str]) -> str:
    try:
        parsed = phonenumbers.parse(match.group(0), "FR")
    except phonenumbers.NumberParseException:
        return match.group(0)
    if not phonenumbers.is_valid_number(parsed):
        return match.group(0)
    return phone_words(phonenumbers.format_number(parsed, phonenumbers.PhoneNumberFormat.E164))


def _price_match(match: re.Match[str]) -> str:
    euros = int(re.sub(r"\D", "", match.group(1)))
    cents = int((match.group(2) or "0").ljust(2, "0"))
    return price_words(euros + cents / 100)


def _time_match(match: re.Match[str]) -> str:
    minutes = match.group(2) or match.group(3) or "0"
    return time_words(time(int(match.group(1)), int(minutes)))


_TIME_RANGE_IN_TEXT = re.compile(
    rf"(?P<de>\b[dD]e\s)?(?P<a>{_TIME_IN_TEXT.pattern})\s?[-–]\s?(?P<b>{_TIME_IN_TEXT.pattern})"
)


def _time_range_match(match: re.Match[str]) -> str:
    start = _TIME_IN_TEXT.sub(_time_match, match.group("a"))
    end = _TIME_IN_TEXT.sub(_time_match, match.group("b"))
    return f"{preposition((match.group('de') or 'de').strip(), start)} à {end}"


_HOURS_IN_TEXT = re.compile(r"(?<![\w:])(\d{2,3})\s?h(?![\w/])")


def speak_text(text: str) -> str:
    """Free text from the owner with its phone numbers, prices, times and durations in hours
    ("48h") in French words."""
    text = _PHONE_IN_TEXT.sub(_phone_match, text)
    text = _PRICE_IN_TEXT.sub(_price_match, text)
    text = _TIME_RANGE_IN_TEXT.sub(_time_range_match, text)
    text = _TIME_IN_TEXT.sub(_time_match, text)
    return _HOURS_IN_TEXT.sub(lambda m: f"{number_words(int(m.group(1)))} heures", text)
