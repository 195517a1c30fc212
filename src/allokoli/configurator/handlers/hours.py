"""The opening hours. A correction changes only the days it names (« le samedi on ferme à
17 h » changes Saturday); hours stated in passing fill unknown hours. A first statement of the
week (« du mercredi au dimanche 14h-23h ») closes the days it names nowhere."""

from __future__ import annotations

import re
from datetime import time

from pydantic import ValidationError

from allokoli.configurator import texts
from allokoli.configurator.handlers.base import FactHandler, How, Reading, dump, sentence, set_fact
from allokoli.configurator.state import ConfiguratorState
from allokoli.domain.profile import OpeningHours
from allokoli.understanding import apply_hours_correction, find_day, fold
from allokoli.understanding.hours import DAYS_UNSAID, close_unnamed_days, parse_opening_hours

__all__ = ["DAYS_ID", "HoursHandler", "changes_known_hours", "days_to_say", "names_a_day"]

_WORD_RE = re.compile(r"[^\W\d_]+")


def names_a_day(text: str) -> bool:
    """Does the text name a weekday (« samedi », « sam », « le w-e » aside)?"""
    return any(len(w) >= 3 and find_day(w) is not None for w in _WORD_RE.findall(text))


#: Words that say the message is about opening or closing, not about something else done on a
#: day (« le samedi on prend les commandes jusqu'à 12 h »).
_OPENING_WORD_RE = re.compile(
    r"\b(?:ferm\w*|ouv\w*|horaires?|debauch\w*|termin\w*|finissons|finit)\b"
)


def _around_the_clock(value: OpeningHours) -> bool:
    """Every day of the week, midnight to midnight (« 24 heures sur 24 »)."""
    return len(value.days) == 7 and all(
        len(d.ranges) == 1 and d.ranges[0].start == d.ranges[0].end == time(0) for d in value.days
    )


#: A break in the day, said on its own once the hours are known (« avec une pause de 12h30 à
#: 13h30 », « fermé entre midi et deux »): it splits every open day.
_BREAK_RE = re.compile(
    r"\b(?:pause|coupure)\b|\bentre midi et\b|\bferm\w*\s+(?:entre|de)\s+(?:midi|\d{1,2}\s*h)"
)


def changes_known_hours(s: ConfiguratorState, text: str) -> bool:
    """Does ``text`` change the hours already noted, on the days it names (« précision : le
    vendredi nous fermons à 17 h », « le samedi en fait on ferme à 17 h, pas 19 h 30 ») or with
    a break for every day (« j'oubliais : avec une pause de 12h30 à 13h30 »)?"""
    folded = fold(text)
    if not _known(s):
        return False
    if not _BREAK_RE.search(folded) and (
        not names_a_day(text) or not _OPENING_WORD_RE.search(folded)
    ):
        return False
    try:
        current = OpeningHours.model_validate(s.profile["opening_hours"])
        merged = apply_hours_correction(current, text)
    except (ValidationError, ValueError, KeyError):
        return False
    return bool(dump(merged) != dump(current))


#: The question that asks which days, when the hours were said without them.
DAYS_ID = "opening_hours_days"
_SPAN_RE = re.compile(r"(\d{1,2}h\d{0,2})–(\d{1,2}h\d{0,2})")


def days_to_say(hours: object) -> str | None:
    """The times noted without their days (« 7h–19h (jours à préciser) »), said back as French
    (« de 7h à 19h »), or None when the days are known or no time was said."""
    if not isinstance(hours, dict) or hours.get("days") or hours.get("by_appointment"):
        return None
    note = str(hours.get("note") or "")
    if DAYS_UNSAID not in note:
        return None
    spans = _SPAN_RE.findall(note.split(DAYS_UNSAID)[0])
    return " et ".join(f"de {a} à {b}" for a, b in spans) or None


def _with_known_times(s: ConfiguratorState, text: str) -> OpeningHours | None:
    """« Du lundi au samedi, fermé le dimanche », said to the question of the days: the times
    noted before (« de 7h à 19h ») go with the days it names."""
    times = days_to_say(s.profile.get("opening_hours"))
    if times is None:
        return None
    hours = parse_opening_hours(f"{times}, {text}", expecting=True)
    return hours if hours is not None and hours.days else None


def _open_hours(hours: OpeningHours | None) -> bool:
    """Hours on at least one day (not only days closed)."""
    return hours is not None and any(d.ranges for d in hours.days)


def _known(s: ConfiguratorState) -> bool:
    current = s.profile.get("opening_hours") or {}
    return bool(current.get("days") or current.get("by_appointment"))


class HoursHandler(FactHandler[OpeningHours]):
    key = "opening_hours"
    hint = texts.HINTS["opening_hours"]

    def read(self, s: ConfiguratorState, r: Reading) -> OpeningHours | None:
        if r.facts.opening_hours is None and _BREAK_RE.search(r.folded) and _known(s):
            # « J'oubliais : avec une pause de 12h30 à 13h30 »: no day named, the known week
            # takes the break
            try:
                current = OpeningHours.model_validate(s.profile["opening_hours"])
                merged = apply_hours_correction(current, r.text)
            except (ValidationError, ValueError, KeyError):
                return None
            return merged if dump(merged) != dump(current) else None
        if not _open_hours(r.facts.opening_hours) and names_a_day(r.text):
            # the days said in passing, after times said without them
            combined = _with_known_times(s, r.text)
            if combined is not None:
                return combined
        return r.facts.opening_hours

    def read_answer(self, s: ConfiguratorState, r: Reading) -> OpeningHours | None:
        hours = r.facts.opening_hours
        if r.pending_id == DAYS_ID and not _open_hours(hours):
            return _with_known_times(s, r.text)
        if hours is not None and (hours.days or hours.by_appointment or r.last_try):
            return hours
        if hours is not None and DAYS_UNSAID in (hours.note or ""):
            # « entre 7h et 19h »: the times are noted now; the days are asked apart when a
            # turn remains (`DAYS_ID`), and the recap says they are still to be given
            return hours
        if r.last_try and r.text and not r.others:
            return OpeningHours(note=sentence(r.text)[:300])
        return None

    def _correct(self, s: ConfiguratorState, r: Reading) -> bool:
        try:
            current = OpeningHours.model_validate(s.profile["opening_hours"])
            merged = apply_hours_correction(current, r.text)
        except (ValidationError, ValueError, KeyError):
            return False
        if dump(merged) == dump(current):
            return False
        set_fact(s, self.key, dump(merged))
        return True

    def store(self, s: ConfiguratorState, value: OpeningHours, how: How, r: Reading) -> bool:
        if how is How.ANSWER:
            if _known(s) and not value.days and not value.by_appointment and value.note:
                return self._correct(s, r) or True
            set_fact(s, self.key, dump(close_unnamed_days(value)))
            return True
        if r.pending == self.key and how is How.PASSING:
            return False
        if _known(s):
            # a correction, or hours named in passing: only the days it names change (a break
            # said alone changes every open day)
            if how is How.PASSING and not (
                value.days or names_a_day(r.text) or _BREAK_RE.search(r.folded)
            ):
                return False
            if (
                how is How.PASSING
                and _around_the_clock(value)
                and not names_a_day(r.text)
                and not _OPENING_WORD_RE.search(r.folded)
            ):
                # « une permanence décès 24 heures sur 24 : tout appel… transféré »: a duty of
                # the phone, not the opening hours noted
                return False
            return self._correct(s, r)
        if how is How.PASSING and not (value.days or value.by_appointment):
            return False
        set_fact(s, self.key, dump(close_unnamed_days(value)))
        return True
