"""The entry points: free text → :class:`OpeningHours`, and corrections of known hours.

The text goes through the pipeline of this package: day words and phrases are canonicalised,
tokenised, composed into ranges and day groups, associated into a :class:`Delta`, and the delta
is applied to a week.
"""

from __future__ import annotations

import re

from allokoli.domain.profile import DayHours, OpeningHours, TimeRange, Weekday
from allokoli.understanding.hours.apply import apply_delta
from allokoli.understanding.hours.association import Association, Delta
from allokoli.understanding.hours.clock import from_time, to_time
from allokoli.understanding.hours.closures import closure_notes
from allokoli.understanding.hours.day_groups import compose_days
from allokoli.understanding.hours.days import canonical_days, find_day
from allokoli.understanding.hours.phrases import canonical_phrases
from allokoli.understanding.hours.ranges import compose_ranges, pm_shift
from allokoli.understanding.hours.tokens import lex
from allokoli.understanding.hours.week import Week, build_hours, common_ranges, week_from_hours
from allokoli.understanding.normalize import Prepared, fold, prepare
from allokoli.understanding.phones import find_phones_prepared
from allokoli.understanding.textutil import TAKE_BACK_CUES

__all__ = [
    "apply_hours_correction",
    "close_unnamed_days",
    "has_hours_content",
    "parse_opening_hours",
]


_HOURS_HINT_RE = re.compile(
    r"\d\s*h\b|\d\s*h\s*\d|\d\s*heures?\b|\d:\d\d|\bmidi\b|\bminuit\b|\blundi|\bmardi|\bmercredi"
    r"|\bjeudi|\bvendredi|\bsamedi|\bdimanche|\b7\s*j|\b7\s*/\s*7|\btous les jours|\bferme"
    r"|\b24\s*/\s*(?:24|7)\b|\bh24\b|\bnon[- ]?stop|\blun\b|\bsam\b|\bdim\b|\bven\b|\bmar\b"
    r"|\bjours?\b"
    r"|\bouvert|\bsemaine\b|\bweek|\brendez|\brdv\b|\b24\s*h|\bferie|\bhoraire"
    r"|\b(?:mon|tues|wednes|thurs|fri|satur|sun)day\b"
)


def has_hours_content(text: str) -> bool:
    """Cheap pre-check: does the text possibly talk about opening hours?"""
    return _HOURS_HINT_RE.search(prepare(text).low) is not None


def _masked(prepared: Prepared) -> str:
    low = prepared.low
    phones = find_phones_prepared(prepared)
    if not phones:
        return low
    chars = list(low)
    for p in phones:
        for k in range(p.start, p.end):
            chars[k] = " "
    return "".join(chars)


_EMAIL_URL_RE = re.compile(r"\S+@\S+|https?://\S+|www\.\S+")
_CLOCK = r"(?:\d{1,2}\s*(?:h|heures?)(?:\s*[0-5]\d)?(?![a-z0-9])|\d{1,2}\s*:\s*[0-5]\d|midi|minuit)"
_CLOCK_RANGE = rf"(?:(?:de\s+)?{_CLOCK}(?:\s*(?:-|a|à|jusqu'a)\s*{_CLOCK})?)"
#: « jusqu'à 23h enfin non, 23h30 »: a time corrected within the message replaces the time it
#: corrects (the last one stated before the self-correction).
#: « 24h/24 », « 24 heures sur 24 », « 24/7 »: round the clock, as a correction may take it back
_ROUND_THE_CLOCK = r"24\s*(?:h|heures?)?\s*(?:/|sur)\s*(?:24|7)\s*(?:h\b)?"
_SELF_CORRECTION_RE = re.compile(
    rf"(?P<old>{_CLOCK_RANGE}|{_ROUND_THE_CLOCK})\s*[,.]?\s*(?:\.\.\.\s*)?"
    rf"(?:{TAKE_BACK_CUES}|euh\s+non|enfin|non|ou\s+plutot|plutot)\b"
    rf"\s*[,.:!]*\s*(?:c'est\s+|a\s+|plutot\s+)?(?P<new>{_CLOCK_RANGE})(?![0-9])"
)


_CLOCK_VALUE_RE = re.compile(r"(\d{1,2})\s*(?:h|heures?|:)\s*([0-5]\d)?|(midi)|(minuit)")
#: Said with the time that corrects a range: which end it is
_START_CUE_RE = re.compile(r"\b(?:ouvr\w*|ouverture|commenc\w*|debut\w*|a partir d|des)\b")
_END_CUE_RE = re.compile(r"\b(?:ferm\w*|fermeture|jusqu\w*|fini\w*|termin\w*|arret\w*)\b")


def _minutes(clock: str) -> int | None:
    m = _CLOCK_VALUE_RE.search(clock)
    if m is None:
        return None
    if m.group(3):
        return 12 * 60
    if m.group(4):
        return 24 * 60
    return int(m.group(1)) * 60 + int(m.group(2) or 0)


def _corrects_start(old: str, cut: int, new: str, around: str) -> bool:
    """Does the time said after « non » correct the range's start rather than its end? The
    words with it say so (« non, 8h30, on ouvre à 8h30 »), else the nearer end does (« de 8h à
    18h, pardon 8h30 »)."""
    if _START_CUE_RE.search(around) and not _END_CUE_RE.search(around):
        return True
    if _END_CUE_RE.search(around):
        return False
    start, end, said = _minutes(old[:cut]), _minutes(old[cut:]), _minutes(new)
    if start is None or end is None or said is None:
        return False
    return abs(said - start) < abs(said - end)


_CLOCK_RE_ANY = re.compile(_CLOCK)


def _self_corrected(text: str) -> str:
    """The text with each time corrected within it replaced by its correction."""
    while (m := _SELF_CORRECTION_RE.search(text)) is not None:
        old, new = m.group("old"), m.group("new")
        if ("-" in new or " a " in f" {new} ") or not re.search(r"-|\ba\b|à|jusqu", old):
            replacement = new  # a range for a range, or a time for a time
        else:
            # « 9h-17h, enfin non 16h »: the end of the range is corrected; « 8h-18h, non,
            # 8h30, on ouvre à 8h30 »: its start
            cut = max(old.rfind("-"), old.rfind(" a "), old.rfind("à"))
            if cut < 0:
                replacement = new
            elif _corrects_start(old, cut, new, text[m.end() : m.end() + 30]):
                opening = re.match(r"\s*de\s+", old)
                replacement = (opening.group(0) if opening else "") + new + " " + old[cut:]
            else:
                replacement = old[: cut + 1] + " " + new
        text = text[: m.start()] + replacement + text[m.end() :]
    return text


_POSTCODE_RE = re.compile(r"\b\d{5}\b")
#: « le samedi c'est de 9h à 12h, pas de 10h à 13h »: the hours taken back, said after the
#: right ones
_NOT_THESE_HOURS_RE = re.compile(
    rf",?\s*(?:et\s+|mais\s+)?(?:pas|non\s+pas|plutot\s+que|au\s+lieu\s+de)\s+(?:de\s+)?"
    rf"{_CLOCK_RANGE}(?![0-9])"
)
#: « we 8h-20h », « le we fermé »: the week-end as typed in an SMS
_SMS_WEEKEND_RE = re.compile(
    r"\b(?:le\s+|les\s+)?w\.?e\.?(?=\s*(?:[:,]?\s*\d|ferm\w*|off|non\b|pas\b|repos|closed))"
    r"|(?<=,\s)we\b|(?<=\bet\s)(?:le\s+)?we\b"
)
#: « jfini a 12h », « jouvre a 9h »: « je » fused to the verb, as typed in an SMS
_SMS_JE_RE = re.compile(
    r"\bj(?=(?:fini|ferm|ouv|commenc|termin|arret|bosse|travaill|demarr|rouvr|reprend)\w*\b)"
)


def _delta_from_prepared(prepared: Prepared, expecting: bool) -> Delta:
    text = _masked(prepared)
    text = _EMAIL_URL_RE.sub(" ", text)
    text = _POSTCODE_RE.sub(" ", text)
    text = _SMS_JE_RE.sub("je ", text)
    text = _SMS_WEEKEND_RE.sub(" week-end ", text)
    taken_back = _NOT_THESE_HOURS_RE.search(text)
    if taken_back is not None and _CLOCK_RE_ANY.search(text, 0, taken_back.start()):
        text = _NOT_THESE_HOURS_RE.sub(" ", text)  # the right hours were said before
    text = _self_corrected(text)
    text = canonical_phrases(canonical_days(text))
    toks = lex(text)
    hours_context = expecting or any(
        t.kind in ("day", "all", "wkd", "wke", "wkdsat", "time", "open", "closed") for t in toks
    )
    toks = pm_shift(toks)
    toks = compose_ranges(toks, hours_context)
    toks = compose_days(toks)
    delta = Association(toks).run()
    delta.notes.extend(closure_notes(prepared))
    return delta


def parse_opening_hours(text: str, *, expecting: bool = False) -> OpeningHours | None:
    """Parse opening hours from free French text.

    Returns None when the text says nothing about opening hours. ``expecting`` tells that the
    question was about hours, which lets bare numbers ("9-12 14-19") count as times.
    Days without known hours are left out (unknown); see the module docstring for the notes.
    """
    prepared = prepare(text)
    if not expecting and _HOURS_HINT_RE.search(prepared.low) is None:
        return None
    delta = _delta_from_prepared(prepared, expecting)
    if delta.is_empty:
        return None
    week: Week = {}
    notes: list[str] = []
    apply_delta(delta, week, notes, correction=False)
    result = build_hours(week, None, delta, notes)
    if result.is_empty and not result.note and not result.open_on_public_holidays:
        return None
    return _others_closed(result, prepared.low)


#: « Les autres jours c'est fermé », « fermé le reste de la semaine », « sinon c'est fermé »
_OTHERS_CLOSED_RE = re.compile(
    r"\b(?:(?:les\s+)?autres\s+jours|le\s+reste(?:\s+du\s+temps|\s+de\s+la\s+semaine)?)"
    r"\b[^.;!?\n]{0,20}?\b(?:ferm\w*|off|repos|closed)\b"
    r"|\bsinon\s*,?\s*(?:c'est\s+|on\s+est\s+|je\s+suis\s+|nous\s+sommes\s+)?(?:ferm\w*|off)\b"
    r"|\bferm\w*\s+(?:les\s+)?(?:autres\s+jours|le\s+reste(?:\s+du\s+temps|\s+de\s+la\s+semaine)?)\b"
)


def _others_closed(hours: OpeningHours, low: str) -> OpeningHours:
    """The days said with their hours, every other day closed, when the owner says so."""
    open_days = [d for d in hours.days if d.ranges]
    if not open_days or _OTHERS_CLOSED_RE.search(low) is None:
        return hours
    said = {d.day for d in hours.days}
    closed = [DayHours(day=day, ranges=[]) for day in Weekday if day not in said]
    if not closed:
        return hours
    order = list(Weekday)
    days = sorted([*hours.days, *closed], key=lambda d: order.index(d.day))
    return hours.model_copy(update={"days": days})


def apply_hours_correction(existing: OpeningHours, text: str) -> OpeningHours:
    """Apply a correction in free text to known hours and return the new hours.

    - days given with hours replace those days ("le samedi c'est 9h-17h");
    - "fermé le lundi" closes Monday; "ouvert le lundi aussi" copies the usual hours;
    - "le samedi c'est jusqu'à 17h" / "on ouvre à 10h le mardi" change one end of the day;
    - hours without days ("en fait c'est de 10h à 19h") replace the hours of every open day;
    - a bare set of days ("en fait c'est du mardi au samedi") keeps the usual hours on those
      days and closes the others.

    When the text says nothing about hours, ``existing`` is returned unchanged.
    """
    prepared = prepare(text)
    swapped = _swapped_bound(existing, prepared)
    if swapped is not None:
        return swapped
    delta = _delta_from_prepared(prepared, True)
    if delta.is_empty:
        return existing
    week = week_from_hours(existing)
    notes: list[str] = []
    # "en fait c'est du mardi au samedi": a new set of open days
    only_days = (
        not delta.assigned
        and not delta.closed
        and not delta.orphan_ranges
        and not delta.pstart
        and not delta.pend
        and delta.mentioned_no_hours
        and all(period is None for _, period in delta.mentioned_no_hours)
    )
    if only_days:
        new_days: set[int] = set()
        for days, _ in delta.mentioned_no_hours:
            new_days |= days
        common = common_ranges(week)
        if len(new_days) >= 2 and common is not None:
            for day in range(7):
                if day in new_days:
                    if not week.get(day):
                        week[day] = list(common)
                elif week.get(day):
                    week[day] = []
            delta.mentioned_no_hours = []
    if _ADDED_HALF_RE.search(prepared.low):
        # « Ah et l'après-midi on rouvre de 16h à 19h, du mardi au samedi » after the mornings:
        # the other half of the day, added to the hours noted on those days
        for day, ranges in delta.assigned.items():
            known = week.get(day) or []
            if known and all(not (a < d and c < b) for a, b in ranges for c, d in known):
                delta.assigned[day] = sorted([*known, *ranges])
    apply_delta(delta, week, notes, correction=True)
    return build_hours(week, existing, delta, notes)


#: Words that add hours to a day rather than replace them.
_ADDED_HALF_RE = re.compile(
    r"\b(?:rouvr\w*|reouvr\w*|apres[- ]?midis?|aprem\w*|aussi|egalement|en plus)\b"
)


_CLOCK = r"(?:(?P<{0}h>\d{{1,2}})\s*(?:h|heures?)\s*(?P<{0}m>[0-5]\d)?|(?P<{0}noon>midi))"
#: « 8h30 pas 8h », « 13 h et non 12 h », « 9h au lieu de 9h30 »: a time said in place of
#: another.
_SWAP_RE = re.compile(
    _CLOCK.format("new")
    + r"\s*,?\s*(?:et\s+)?(?:pas|non|au lieu de|plutot que)\s+(?:a\s+|de\s+)?"
    + _CLOCK.format("old")
    + r"(?!\s*(?:-|a\b|jusqu))"
)


def _clock(m: re.Match[str], which: str) -> int:
    if m.group(f"{which}noon"):
        return 12 * 60
    return int(m.group(f"{which}h")) * 60 + int(m.group(f"{which}m") or 0)


def _swapped_bound(existing: OpeningHours, prepared: Prepared) -> OpeningHours | None:
    """Known hours with one time said in place of another (« le samedi c'est 8h30 pas 8h »):
    the opening or closing at the old time moves to the new one, on the days named (every
    day when none is). None when the text swaps no known time."""
    m = _SWAP_RE.search(prepared.low)
    if m is None:
        return None
    new, old = _clock(m, "new"), _clock(m, "old")
    named = {
        weekday
        for word in re.findall(r"[a-z]{5,}", prepared.low)  # whole names: « mer » is no day
        if (weekday := find_day(word)) is not None
    }
    days: list[DayHours] = []
    changed = False
    for day in existing.days:
        if named and day.day not in named:
            days.append(day)
            continue
        ranges: list[TimeRange] = []
        for r in day.ranges:
            start, end = from_time(r.start, False), from_time(r.end, True)
            if start == old and new < end:
                start, changed = new, True
            elif end == old and new > start:
                end, changed = new, True
            ranges.append(TimeRange(start=to_time(start), end=to_time(end)))
        days.append(day.model_copy(update={"ranges": ranges}))
    return existing.model_copy(update={"days": days}) if changed else None


def _debug_tokens(text: str) -> list[tuple[str, str]]:  # pragma: no cover - debugging aid
    prepared = prepare(text)
    t = _masked(prepared)
    t = canonical_phrases(canonical_days(t))
    toks = lex(t)
    toks = compose_days(compose_ranges(pm_shift(toks), True))
    return [(tk.kind, tk.text if not tk.ranges else str(tk.ranges)) for tk in toks]


#: Hours given for at least this many days describe the whole week.
_WEEK_STATEMENT_DAYS = 3


def close_unnamed_days(hours: OpeningHours) -> OpeningHours:
    """The week as the owner meant it: « du mercredi au dimanche 14h-23h » describes the whole
    week, so Monday and Tuesday, named nowhere, are closed.

    Nothing is inferred when the owner named closed days themselves (« fermé le dimanche »
    leaves Saturday unknown), when fewer than three days have hours (« le samedi 9h-12h »), or
    for a day the note mentions (« samedi : le matin (horaires à préciser) »)."""
    open_days = [d for d in hours.days if d.ranges]
    if len(open_days) < _WEEK_STATEMENT_DAYS or any(not d.ranges for d in hours.days):
        return hours
    known = {d.day for d in hours.days}
    note = fold(hours.note or "")
    missing = [
        DayHours(day=day, ranges=[])
        for day in Weekday
        if day not in known and day.value not in note
    ]
    if not missing:
        return hours
    return hours.model_copy(
        update={"days": sorted([*hours.days, *missing], key=lambda d: d.day.index)}
    )
