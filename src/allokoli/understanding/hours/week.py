"""The week the parser edits: day → ranges in minutes, read from and built into
:class:`OpeningHours`.
"""

from __future__ import annotations

from collections import Counter
from datetime import time

from allokoli.domain.profile import DayHours, OpeningHours, TimeRange
from allokoli.understanding.hours.association import Delta
from allokoli.understanding.hours.clock import (
    LATEST_END,
    MIDNIGHT,
    MORNING_END,
    NOON,
    from_time,
    to_time,
)
from allokoli.understanding.hours.days import DAYS

__all__ = [
    "Week",
    "build_hours",
    "common_ranges",
    "in_period",
    "normalise_ranges",
    "week_from_hours",
]


Week = dict[int, list[tuple[int, int]]]
"""day → ranges in minutes; an empty list means closed; an absent day is unknown."""


def week_from_hours(hours: OpeningHours | None) -> Week:
    week: Week = {}
    if hours is None:
        return week
    for day in hours.days:
        week[day.day.index] = [_minutes(r.start, r.end) for r in day.ranges]
    return week


def _minutes(start: time, end: time) -> tuple[int, int]:
    """A range in minutes; an end before the start is past midnight (17:00-02:00)."""
    first, last = from_time(start, False), from_time(end, True)
    return (first, last + MIDNIGHT if last <= first else last)


def normalise_ranges(ranges: list[tuple[int, int]]) -> list[tuple[int, int]]:
    cleaned = sorted({r for r in ranges if 0 <= r[0] < MIDNIGHT and r[0] < r[1] <= LATEST_END})
    merged: list[tuple[int, int]] = []
    for start, end in cleaned:
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    # ranges that together cover a whole day or more (« 1h-minuit » and « 13h-1h »): open
    # around the clock, not a range ending where it starts the next day
    return [(0, MIDNIGHT) if end - start >= MIDNIGHT else (start, end) for start, end in merged]


def common_ranges(week: Week) -> list[tuple[int, int]] | None:
    counts = Counter(tuple(r) for r in week.values() if r)
    if not counts:
        return None
    return list(counts.most_common(1)[0][0])


def in_period(r: tuple[int, int], period: str) -> bool:
    if period == "am":
        return r[1] <= MORNING_END
    if period == "midi":
        return r[0] < 15 * 60 and r[1] <= 16 * 60
    if period == "eve":
        return r[0] >= 16 * 60  # « sauf le dimanche soir » keeps the lunch service
    return r[0] >= NOON  # pm


def build_hours(
    week: Week,
    base: OpeningHours | None,
    delta: Delta,
    notes: list[str],
) -> OpeningHours:
    days: list[DayHours] = []
    for day in sorted(week):
        ranges = [
            TimeRange(start=to_time(s), end=to_time(e)) for s, e in normalise_ranges(week[day])
        ]
        days.append(DayHours(day=DAYS[day], ranges=ranges))
    by_appointment = delta.by_appointment or (base.by_appointment if base else False)
    holidays = (
        delta.holidays_open
        if delta.holidays_open is not None
        else (base.open_on_public_holidays if base else False)
    )
    all_notes: list[str] = []
    if base is not None and base.note:
        all_notes.append(base.note)
    for note in notes + delta.notes:
        if note not in all_notes:
            all_notes.append(note)
    note = "; ".join(all_notes)
    if len(note) > 300:
        note = note[:297].rstrip() + "…"
    return OpeningHours(
        days=days,
        by_appointment=by_appointment,
        closures=list(base.closures) if base else [],
        open_on_public_holidays=holidays,
        note=note or None,
    )
