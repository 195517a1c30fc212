"""The transfer number. A complete number the numbering plan does not know is read back and
kept once the owner confirms it; « pas de transfert » is an answer too. A number stated without
saying what it is for fills an unknown transfer number."""

from __future__ import annotations

import re
from dataclasses import dataclass

from allokoli.configurator import texts
from allokoli.configurator.handlers.base import FactHandler, How, Reading, mark_skipped, set_fact
from allokoli.configurator.state import ConfiguratorState, Stage
from allokoli.domain.profile import Task
from allokoli.understanding import fold, words_to_digits
from allokoli.understanding.phones import find_unknown_numbers

__all__ = [
    "NO_TRANSFER_RE",
    "TransferHandler",
    "TransferNumber",
    "corrects_number",
    "drop_transfer",
    "looks_like_number",
    "set_transfer",
]

NO_TRANSFER_RE = re.compile(
    r"\b(?:pas de transfert|pas besoin|jamais|ne (?:me )?transf\w* pas|pas transf\w*|aucun"
    r"|non merci|sans transfert|pas de numero|pas la peine)\b"
)


#: The owner takes back what they just said (« ah attends, c'est le 06…, pardon »).
SELF_CORRECTION_RE = re.compile(
    r"\b(?:pardon|plutot|en fait|attends?|attendez|erreur|je me suis trompee?|rectifi\w*"
    r"|correction|oups|non c'est|pas le bon)\b"
)


#: Digits grouped as a phone number is written (« 06 12 34 », « 0612 », « +33 6… »), at least four.
_NUMBER_ATTEMPT_RE = re.compile(r"(?:\+\s*)?\d(?:[\s.\-/]?\d){3,}")


def corrects_number(new: str, old: str) -> bool:
    """Is ``new`` the number ``old`` said again with a digit or two fixed (« le 03 88 21 45 06,
    pas 60 », « j'ai inversé les deux derniers chiffres »)?"""
    if new == old or len(new) != len(old):
        return False
    differ = [i for i, (a, b) in enumerate(zip(new, old, strict=True)) if a != b]
    return 0 < len(differ) <= 2


def looks_like_number(text: str) -> bool:
    """Does the owner try to give a phone number (incomplete or mistyped), not a duration
    (« ~15min ») or a price? Then it is read back or asked again, never taken for nothing."""
    return _NUMBER_ATTEMPT_RE.search(words_to_digits(text)) is not None


@dataclass(frozen=True, slots=True)
class TransferNumber:
    e164: str | None
    """None: the owner wants no transfer."""
    known: bool = True
    """False: possible but unknown to the numbering plan (read back before it is kept)."""


def set_transfer(s: ConfiguratorState, number: str) -> None:
    set_fact(s, "transfer_number", number)
    s.transfer_candidate = None
    s.transfer_unknown = False
    s.transfer_unconfirmed = False
    tasks = list(s.profile.get("tasks") or [])
    if Task.TRANSFER_URGENT.value not in tasks:
        tasks.append(Task.TRANSFER_URGENT.value)
    s.profile["tasks"] = tasks


def drop_transfer(s: ConfiguratorState) -> None:
    tasks = [t for t in s.profile.get("tasks") or [] if t != Task.TRANSFER_URGENT.value]
    s.profile["tasks"] = tasks
    s.profile.pop("transfer_when", None)
    s.transfer_candidate = None
    s.transfer_unknown = False
    s.transfer_unconfirmed = False
    mark_skipped(s, "transfer_number")


class TransferHandler(FactHandler[TransferNumber]):
    key = "transfer_number"
    hint = texts.HINTS["transfer_number"]

    def read(self, s: ConfiguratorState, r: Reading) -> TransferNumber | None:
        if r.facts.transfer_number:
            return TransferNumber(r.facts.transfer_number)
        if r.asks(self.key):
            number = next((p.e164 for p in r.facts.phones), None)
            if number:
                return TransferNumber(number)
        if (
            not s.knows(self.key)
            and r.facts.business_phone is None
            and (r.pending not in (None, "activity") or s.stage is Stage.RECAP)
        ):
            # a number stated without saying what it is for (« num 04 90 12 34 56 »), while
            # answering the configurator: the one number it needs from the owner is where to
            # transfer calls, and the reply and the recap show it as such. In the business's
            # self-introduction a bare number may be its public line: read back before use.
            number = next((p.e164 for p in r.facts.phones if p.role is None), None)
            if number:
                return TransferNumber(number)
        known = str(s.profile.get(self.key) or "")
        fixed = next((p.e164 for p in r.facts.phones if corrects_number(p.e164, known)), None)
        if fixed is not None:
            # « le numéro du secrétariat c'est le 03 88 21 45 06, pas 60 »: whatever the
            # number is said to be, a digit or two fixed in the transfer number corrects it
            return TransferNumber(fixed)
        if s.knows(self.key) and SELF_CORRECTION_RE.search(r.folded):
            # another number with a self-correction: it replaces the transfer number
            number = next((p.e164 for p in r.facts.phones if p.role is None), None)
            if number and number != s.profile.get(self.key):
                return TransferNumber(number)
        if r.asks(self.key) or not r.facts.phones:
            # a complete number the plan does not know, stated anywhere: never dropped
            unknown = find_unknown_numbers(r.text)
            if unknown:
                return TransferNumber(unknown[0], known=False)
        return None

    def read_answer(self, s: ConfiguratorState, r: Reading) -> TransferNumber | None:
        found = self.read(s, r)
        if found is None and (r.facts.yes_no is False or NO_TRANSFER_RE.search(r.folded)):
            return TransferNumber(None)
        return found

    def store(self, s: ConfiguratorState, value: TransferNumber, how: How, r: Reading) -> bool:
        if how is How.PASSING and r.pending == self.key:
            return False
        if value.e164 is None:
            drop_transfer(s)
            return True
        if not value.known:
            if s.knows(self.key) and how is How.PASSING:
                return False
            if r.asks(self.key):
                s.transfer_candidate = value.e164
                s.transfer_unknown = True
                return False  # the engine reads it back: kept once confirmed
            # said in passing, while another question is pending (« Mon num : 07 12 23 34 45.
            # Tutoiement ok »): kept, and the recap shows it to be checked
            set_transfer(s, value.e164)
            s.transfer_unconfirmed = True
            return True
        set_transfer(s, value.e164)
        return True

    def candidate(self, s: ConfiguratorState, r: Reading) -> None:
        """A mobile number given without saying what it is for: proposed as the transfer
        number when the question comes."""
        if s.knows(self.key):
            return
        for phone in r.facts.phones:
            if phone.role is None and phone.kind == "mobile":
                s.transfer_candidate = phone.e164
                return


def says_no_transfer(text: str) -> bool:
    return NO_TRANSFER_RE.search(fold(text)) is not None
