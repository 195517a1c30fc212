"""Opening hours and public holidays as the assistant says them, and today's date in Paris."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime
from functools import lru_cache
from zoneinfo import ZoneInfo

import holidays

from allokoli.domain.profile import WEEKDAYS, DayHours, OpeningHours, TimeRange
from allokoli.generation.prompt.numerals import time_words
from allokoli.generation.prompt.spoken import speak_text
from allokoli.generation.prompt.wording import join_words, preposition

__all__ = ["PARIS", "hours_lines", "ranges_words", "today_in_paris", "upcoming_holidays"]


PARIS = ZoneInfo("Europe/Paris")


def ranges_words(ranges: Sequence[TimeRange]) -> str:
    if not ranges:
        return "fermé"
    return join_words(
        [f"{preposition('de', time_words(r.start))} à {time_words(r.end)}" for r in ranges]
    )


def _days_label(days: Sequence[DayHours]) -> str:
    names = [d.day.value for d in days]
    if len(names) == 1:
        return names[0].capitalize()
    if len(names) == 2:
        return f"{names[0].capitalize()} et {names[1]}"
    return f"Du {names[0]} au {names[-1]}"


def hours_lines(hours: OpeningHours) -> list[str]:
    """One line per run of consecutive days with the same ranges, then what is unknown."""
    lines: list[str] = []
    run: list[DayHours] = []
    for day in hours.days:
        consecutive = run and day.day.index == run[-1].day.index + 1
        if run and consecutive and day.ranges == run[-1].ranges:
            run.append(day)
            continue
        if run:
            lines.append(f"{_days_label(run)} : {ranges_words(run[0].ranges)}.")
        run = [day]
    if run:
        lines.append(f"{_days_label(run)} : {ranges_words(run[0].ranges)}.")
    known = {d.day.value for d in hours.days}
    unknown = [name for name in WEEKDAYS if name not in known]
    if hours.days and unknown:
        lines.append(f"Horaires non communiqués pour {join_words([f'le {d}' for d in unknown])}.")
    if hours.by_appointment:
        lines.append("Également sur rendez-vous." if hours.days else "Uniquement sur rendez-vous.")
    if hours.note:
        lines.append(speak_text(hours.note))
    return lines


@lru_cache(maxsize=8)
def _holidays_of(year: int) -> tuple[tuple[date, str], ...]:
    calendar = holidays.country_holidays("FR", years=(year, year + 1), language="fr")
    return tuple(sorted((day, str(name)) for day, name in calendar.items()))


def upcoming_holidays(today: date, limit: int = 6) -> list[tuple[date, str]]:
    """The next French public holidays (names in French), today included."""
    return [(d, n) for d, n in _holidays_of(today.year) if d >= today][:limit]


def today_in_paris(now: datetime | None) -> date:
    """The calendar day in France at `now` (a naive `now` is taken as Paris time)."""
    if now is None:
        return datetime.now(PARIS).date()
    if now.tzinfo is None:
        return now.date()
    return now.astimezone(PARIS).date()
