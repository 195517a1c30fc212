"""Applying a :class:`Delta` to a week, for a first statement or for a correction of known
hours; what cannot be placed becomes a French note.
"""

from __future__ import annotations

from allokoli.understanding.hours.association import Delta
from allokoli.understanding.hours.clock import LATEST_END, MIDNIGHT, hhmm
from allokoli.understanding.hours.days import DAY_NAMES, HOLIDAY
from allokoli.understanding.hours.notes import days_fr, period_fr
from allokoli.understanding.hours.week import Week, common_ranges, in_period, normalise_ranges

__all__ = ["DAYS_UNSAID", "apply_delta"]

#: What marks, in the note, times said without their days (« 7h–19h (jours à préciser) »).
DAYS_UNSAID = "(jours à préciser)"


def apply_delta(delta: Delta, week: Week, notes: list[str], correction: bool) -> None:
    known_before = {d for d, r in week.items() if r}
    # 1. explicit ranges override the days they name
    for day, ranges in delta.assigned.items():
        week[day] = normalise_ranges(ranges)
    # 2. ranges without days
    if delta.orphan_ranges:
        ranges = normalise_ranges(delta.orphan_ranges)
        if correction and known_before:
            targets = {d for d in known_before if d not in delta.assigned}
        elif delta.closed or delta.h24 or (delta.period_closed and not delta.assigned):
            targets = {d for d in range(7) if d not in delta.assigned and d not in delta.closed}
        elif delta.assigned or delta.closed:
            targets = set()
        else:
            targets = set()
        if targets:
            for day in targets:
                week[day] = list(ranges)
        else:
            spans = ", ".join(f"{hhmm(s)}–{hhmm(e)}" for s, e in ranges)
            notes.append(f"{spans} {DAYS_UNSAID}")
    # 2b. breaks (« fermé entre 12h et 14h ») split the open days' ranges
    for break_days, start, end in delta.breaks:
        for day, open_ranges in week.items():
            if break_days and day not in break_days:
                continue
            split: list[tuple[int, int]] = []
            for a, b in open_ranges:
                if start < b and a < end:
                    split += [r for r in ((a, start), (end, b)) if r[0] < r[1]]
                else:
                    split.append((a, b))
            week[day] = split
    # 3. closed days
    for day in delta.closed:
        week[day] = []
    # 4. partial starts / ends. A day with no hours yet takes the other days' hours, from or
    # up to the time said: "le mercredi seulement le matin jusqu'à 12h", "le vendredi jusqu'à
    # 16h30" (the lunch break kept), "le samedi à partir de 10h".
    usual = _usual_bounds(week)
    pattern = common_ranges({d: r for d, r in week.items() if d != HOLIDAY})
    for store, is_start in ((delta.pstart, True), (delta.pend, False)):
        unapplied: dict[int, set[int]] = {}
        for day, value in store.items():
            if day == HOLIDAY or _partial(week, day, value, is_start, notes):
                continue
            if not week.get(day) and day not in delta.closed and pattern is not None:
                cut = _cut(pattern, value, is_start)
                if cut:
                    week[day] = cut
                    continue
            if not week.get(day) and day not in delta.closed and usual is not None:
                opens, closes = usual
                start, end = (value, closes) if is_start else (opens, value)
                if start < end:
                    week[day] = [(start, end)]
                    continue
            unapplied.setdefault(value, set()).add(day)
        word = "à partir de" if is_start else "jusqu'à"
        for value, unapplied_days in unapplied.items():
            notes.append(f"{days_fr(frozenset(unapplied_days))} : {word} {hhmm(value)}")
    for free_value, is_start in ((delta.free_pstart, True), (delta.free_pend, False)):
        if free_value is None:
            continue
        value = free_value
        open_days = [d for d, r in week.items() if r]
        if correction and open_days:
            for day in open_days:
                if not _partial(week, day, value, is_start, notes):
                    word = "à partir de" if is_start else "jusqu'à"
                    notes.append(f"{DAY_NAMES[day]} : {word} {hhmm(value)}")
        else:
            word = "à partir de" if is_start else "jusqu'à"
            notes.append(f"{word} {hhmm(value)}")
    # 5. half-day closures
    for day, closed_period in delta.period_closed.items():
        if day == HOLIDAY:
            continue
        day_ranges = week.get(day)
        label = f"{DAY_NAMES[day]} : fermé {period_fr(closed_period)}"
        if day_ranges:
            kept = [r for r in day_ranges if not in_period(r, closed_period)]
            if kept and len(kept) < len(day_ranges):
                week[day] = kept
                continue
        notes.append(label)
    # 6. days mentioned as open, without hours
    for days, period in delta.open_no_hours:
        copy_from = common_ranges(week) if correction else None
        for day in sorted(days):
            if day in delta.assigned or week.get(day):
                continue
            if correction and copy_from is not None and period is None:
                week[day] = list(copy_from)
            elif day in week and not week[day] and correction:
                del week[day]
        if days == {HOLIDAY} or all(week.get(d) for d in days if d != HOLIDAY):
            continue
        label = days_fr(days)
        if period:
            notes.append(f"{label} : ouvert {period_fr(period)} (horaires à préciser)")
        elif not (correction and copy_from is not None):
            notes.append(f"{label} : ouvert (horaires à préciser)")
    # 7. days mentioned with nothing else ("le samedi matin", "7j/7")
    for days, period in delta.mentioned_no_hours:
        if days == {HOLIDAY} or (not period and all(week.get(d) for d in days if d != HOLIDAY)):
            continue
        if period and _restrict_to_period(week, days, period):
            continue
        if period:
            notes.append(f"{days_fr(days)} : {period_fr(period)} (horaires à préciser)")
        elif not correction and not any(d in week for d in days):
            notes.append(f"{days_fr(days)} : ouvert (horaires à préciser)")
    if delta.h24 and not week:
        for day in range(7):
            week[day] = [(0, MIDNIGHT)]
    if HOLIDAY in week:
        delta.holidays_open = bool(week.pop(HOLIDAY))
    elif any(HOLIDAY in days for days, _ in delta.open_no_hours):
        delta.holidays_open = True


def _restrict_to_period(week: Week, days: frozenset[int], period: str) -> bool:
    """ "Le mercredi c'est que le matin": keep only that half of the known ranges."""
    changed = False
    for day in days:
        ranges = week.get(day)
        if not ranges or "+" in period:
            return False
        kept = [r for r in ranges if in_period(r, period)]
        if not kept:
            return False
        week[day] = kept
        changed = True
    return changed


def _cut(ranges: list[tuple[int, int]], value: int, is_start: bool) -> list[tuple[int, int]]:
    """A day's ranges opening at ``value`` (or closing at it), their breaks kept; empty when the
    time leaves no range (« à partir de 20h » after a day that ends at 19h)."""
    ranges = sorted(ranges)
    if is_start:
        kept = [list(r) for r in ranges if r[1] > value]
        if kept:
            kept[0][0] = value
    else:
        kept = [list(r) for r in ranges if r[0] < value]
        if kept:
            kept[-1][1] = value
    return [(a, b) for a, b in kept if a < b]


def _usual_bounds(week: Week) -> tuple[int, int] | None:
    """The opening and closing time most open days share (the earliest start and latest end
    of the most common ones); None when no day has hours."""
    firsts = [min(r)[0] for d, r in week.items() if r and d != HOLIDAY]
    lasts = [max(r)[1] for d, r in week.items() if r and d != HOLIDAY]
    if not firsts:
        return None
    return max(set(firsts), key=firsts.count), max(set(lasts), key=lasts.count)


def _partial(week: Week, day: int, value: int, is_start: bool, notes: list[str]) -> bool:
    """Move the first start / last end of a known day; False (nothing changed) when the day has
    no known ranges or the new time does not fit."""
    ranges = week.get(day)
    if ranges:
        ranges = sorted(ranges)
        if is_start and value < ranges[0][1]:
            ranges[0] = (value, ranges[0][1])
            week[day] = normalise_ranges(ranges)
            return True
        earlier = [i for i, (a, b) in enumerate(ranges[:-1]) if a < value <= b]
        if not is_start and earlier:
            # « samedi pareil sauf qu'on ferme à 12h » for a day of 8h-12h and 14h-18h: the day
            # ends within its morning, the afternoon goes
            ranges = ranges[: earlier[0] + 1]
            ranges[-1] = (ranges[-1][0], value)
            week[day] = normalise_ranges(ranges)
            return True
        if not is_start and value <= ranges[-1][0]:
            # "on ferme à 6" when the day opens at 9: 18:00; "on ferme à 2h": 02:00 past midnight
            last_start, last_end = ranges[-1]
            fits = [
                v
                for v, limit in ((value + 12 * 60, MIDNIGHT), (value + MIDNIGHT, LATEST_END))
                if last_start < v <= limit
            ]
            # of the readings that fit, the one nearest the closing time it replaces (« on
            # ferme à une heure » for a day until 23:30 is 01:00, not 13:00)
            value = min(fits, key=lambda v: abs(v - last_end)) if fits else value
        if not is_start and value > ranges[-1][0]:
            ranges[-1] = (ranges[-1][0], value)
            week[day] = normalise_ranges(ranges)
            return True
    return False
