"""French phone numbers in free text: digits with any separators, +33 / 0033 prefixes, numbers
spoken in words ("zéro six douze trente-quatre…"), or a mix of both.

Postal codes, prices, times and dates are never taken for phone numbers: a candidate must add up
to exactly ten national digits (or a valid international number) and pass ``phonenumbers``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import StrEnum
from functools import lru_cache

import phonenumbers

from allokoli.domain.profile import french_number, unlisted_french_number
from allokoli.understanding.normalize import Prepared, prepare

__all__ = ["PhoneKind", "PhoneMatch", "find_phones", "find_unknown_numbers", "parse_phone"]


class PhoneKind(StrEnum):
    MOBILE = "mobile"
    LANDLINE = "landline"
    OTHER = "other"
    """Special-rate, toll-free, foreign numbers of unknown type…"""


@dataclass(frozen=True, slots=True)
class PhoneMatch:
    """One phone number found in a text."""

    e164: str
    kind: PhoneKind
    start: int
    """Offsets in the *folded converted* text (``prepare(text).low``)."""
    end: int
    raw: str
    """The digits as they were written (after numbers-in-words conversion)."""

    @property
    def is_mobile(self) -> bool:
        return self.kind is PhoneKind.MOBILE


# A token is a group of digits (optionally introduced by "+"), "zero" left as a word, or "(0)".
_TOKEN_RE = re.compile(r"\+\s*\d+|\d+|\bzero\b|\(\s*0\s*\)")
_GAP_RE = re.compile(r"[\s.\-/,()]{0,4}")
_MAX_GAP_COMMAS = 1

_TYPE_TO_KIND: dict[int, PhoneKind] = {
    phonenumbers.PhoneNumberType.MOBILE: PhoneKind.MOBILE,
    phonenumbers.PhoneNumberType.FIXED_LINE: PhoneKind.LANDLINE,
    phonenumbers.PhoneNumberType.FIXED_LINE_OR_MOBILE: PhoneKind.LANDLINE,
    phonenumbers.PhoneNumberType.VOIP: PhoneKind.LANDLINE,
}


@dataclass(slots=True)
class _Tok:
    digits: str
    plus: bool
    is_trunk_zero: bool
    start: int
    end: int


def _tokens(low: str) -> list[list[_Tok]]:
    """Group digit tokens into runs separated only by phone-like separators."""
    runs: list[list[_Tok]] = []
    current: list[_Tok] = []
    prev_end = -1
    for m in _TOKEN_RE.finditer(low):
        text = m.group(0)
        if text == "zero":
            tok = _Tok("0", False, False, m.start(), m.end())
        elif text.startswith("("):
            tok = _Tok("0", False, True, m.start(), m.end())
        else:
            plus = text.startswith("+")
            tok = _Tok(re.sub(r"\D", "", text), plus, False, m.start(), m.end())
        if current:
            gap = low[prev_end : m.start()]
            if tok.plus or not _GAP_RE.fullmatch(gap) or gap.count(",") > _MAX_GAP_COMMAS:
                runs.append(current)
                current = []
        # A digit glued to letters (e.g. "9h", "3e") never belongs to a phone number.
        after = low[m.end() : m.end() + 1]
        before = low[m.start() - 1 : m.start()] if m.start() > 0 else ""
        if text not in ("zero",) and (after.isalpha() or before.isalpha()):
            if current:
                runs.append(current)
                current = []
            prev_end = m.end()
            continue
        current.append(tok)
        prev_end = m.end()
    if current:
        runs.append(current)
    return runs


def _kind(number: phonenumbers.PhoneNumber) -> PhoneKind:
    return _TYPE_TO_KIND.get(phonenumbers.number_type(number), PhoneKind.OTHER)


def _validate(candidate: str) -> phonenumbers.PhoneNumber | None:
    return french_number(candidate)


def _continues(run: list[_Tok], j: int, low: str) -> bool:
    """Does the digit grouping go on after token ``j`` ("06 12 34 56 78 90")? Then the digits
    are something longer than a phone number."""
    if j + 1 >= len(run) or j == 0 or len(run[j + 1].digits) != 2 or run[j + 1].plus:
        return False
    gap_in = low[run[j - 1].end : run[j].start]
    gap_after = low[run[j].end : run[j + 1].start]
    return gap_in == gap_after


def _scan_run(run: list[_Tok], low: str, prepared: Prepared) -> list[PhoneMatch]:
    found: list[PhoneMatch] = []
    i = 0
    while i < len(run):
        match = _try_at(run, i)
        if match is None or _continues(run, match[1], low):
            i += 1
            continue
        number, j = match
        start, end = run[i].start, run[j].end
        raw = prepared.folded.source_slice(start, end)
        found.append(
            PhoneMatch(
                e164=phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164),
                kind=_kind(number),
                start=start,
                end=end,
                raw=raw,
            )
        )
        i = j + 1
    return found


def _try_at(run: list[_Tok], i: int) -> tuple[phonenumbers.PhoneNumber, int] | None:
    """Try to read one number starting at token ``i``; return it and its last token index."""
    first = run[i]
    digits = first.digits
    if first.is_trunk_zero:
        return None
    # International forms: +33…, 0033…, +<other country>…
    if first.plus or digits.startswith("00"):
        prefix_digits = digits[2:] if not first.plus else digits
        national = ""
        country = ""
        if prefix_digits.startswith("33"):
            country = "33"
            national = prefix_digits[2:]
        elif prefix_digits == "" and i + 1 < len(run) and run[i + 1].digits.startswith("33"):
            # "00 33 6 12 …"
            i += 1
            country = "33"
            national = run[i].digits[2:]
        if country == "33":
            j = i
            while len(national.lstrip("0") if national.startswith("0") else national) < 9:
                j += 1
                if j >= len(run):
                    return None
                if run[j].is_trunk_zero:
                    continue
                national += run[j].digits
            if national.startswith("0") and len(national) == 10:
                national = national[1:]
            if len(national) != 9:
                return None
            number = _validate("+33" + national)
            return (number, j) if number is not None else None
        # Another country: grow until valid (E.164 has at most 15 digits).
        acc = prefix_digits
        j = i
        while len(acc) <= 15:
            if len(acc) >= 8:
                number = _validate("+" + acc)
                if number is not None:
                    # Prefer the longest valid reading among the next tokens.
                    return number, j
            j += 1
            if j >= len(run):
                return None
            acc += run[j].digits
        return None
    # "33 6 12 34 56 78" (country code without the plus), only when it adds up exactly.
    if digits == "33" and i + 1 < len(run):
        acc = ""
        j = i
        while len(acc) < 9 and j + 1 < len(run):
            j += 1
            acc += run[j].digits
        if len(acc) == 9 and not acc.startswith("0"):
            number = _validate("+33" + acc)
            if number is not None:
                return number, j
        return None
    if not digits.startswith("0"):
        return None
    acc = digits
    j = i
    while len(acc) < 10:
        j += 1
        if j >= len(run) or run[j].is_trunk_zero:
            return None
        acc += run[j].digits
    if len(acc) != 10:
        return None
    number = _validate(acc)
    return (number, j) if number is not None else None


def find_phones_prepared(prepared: Prepared) -> list[PhoneMatch]:
    """Phone numbers of an already prepared text (memoised on the text)."""
    return list(_find_phones_cached(prepared.raw))


@lru_cache(maxsize=512)
def _find_phones_cached(raw: str) -> tuple[PhoneMatch, ...]:
    return tuple(_find_phones(prepare(raw)))


def _find_phones(prepared: Prepared) -> list[PhoneMatch]:
    low = prepared.low
    if not any(ch.isdigit() for ch in low) and "zero" not in low:
        return []
    found: list[PhoneMatch] = []
    seen: set[str] = set()
    for run in _tokens(low):
        for match in _scan_run(run, low, prepared):
            if match.e164 not in seen:
                seen.add(match.e164)
                found.append(match)
    return found


def find_phones(text: str) -> list[PhoneMatch]:
    """Every distinct phone number in ``text``, in order of appearance."""
    return find_phones_prepared(prepare(text))


_NATIONAL_RE = re.compile(
    # « 06, 39, 71, 24, 15 »: a number read out pair by pair is written with commas
    r"(?<![\d+])(?:\+\s*33\s*(?:\(\s*0\s*\)\s*)?|0033\s*|0)([1-9](?:(?:,\s?|[\s.\-/]{0,2})\d){8})(?!\d)"
)


def find_unknown_numbers(text: str) -> list[str]:
    """Complete French numbers (ten digits) that the numbering plan does not know: possible but
    not valid (ARCEP's fiction ranges, a block not yet listed by the phone library), in E.164.

    :func:`find_phones` leaves them out; the configurator reads them back to the owner and keeps
    one once the owner confirms it, rather than dropping a number that was stated."""
    low = prepare(text).low
    known = {match.e164 for match in find_phones(text)}
    found: list[str] = []
    for match in _NATIONAL_RE.finditer(low):
        e164 = unlisted_french_number("0" + re.sub(r"\D", "", match.group(1)))
        if e164 is not None and e164 not in known and e164 not in found:
            found.append(e164)
    return found


def parse_phone(text: str) -> str | None:
    """The first phone number of ``text`` in E.164, or None."""
    found = find_phones(text)
    return found[0].e164 if found else None
