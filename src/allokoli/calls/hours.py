"""Is the business open at a given moment? From the profile's hours and French public holidays."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from functools import lru_cache
from zoneinfo import ZoneInfo

import holidays

from allokoli.domain.profile import WEEKDAYS, OpeningHours, TimeRange, Weekday

PARIS = ZoneInfo("Europe/Paris")


@lru_cache(maxsize=16)
def _holidays(year: int) -> dict[date, str]:
    return dict(holidays.country_holidays("FR", years=year, language="fr").items())


def holiday_name(day: date) -> str | None:
    return _holidays(day.year).get(day)


@dataclass(frozen=True)
class DayStatus:
    day: date
    known: bool
    """False when the owner gave no hours for that weekday."""
    closed_reason: str | None
    ranges: tuple[TimeRange, ...]

    @property
    def open_at_all(self) -> bool:
        return self.known and self.closed_reason is None and bool(self.ranges)

    def open_at(self, at: time) -> bool:
        return self.open_at_all and any(_within(r, at) for r in self.ranges)


def _within(r: TimeRange, at: time) -> bool:
    end = r.end if r.end != time(0, 0) and not r.overnight else time(23, 59, 59)
    return r.start <= at < end


def day_status(hours: OpeningHours, day: date) -> DayStatus:
    for closure in hours.closures:
        if closure.start <= day <= (closure.end or closure.start):
            reason = closure.reason or "fermeture exceptionnelle"
            return DayStatus(day, True, reason, ())
    holiday = holiday_name(day)
    if holiday and not hours.open_on_public_holidays:
        return DayStatus(day, True, f"jour férié ({holiday})", ())
    weekday = Weekday(WEEKDAYS[day.weekday()])
    entry = hours.for_day(weekday)
    if entry is None:
        return DayStatus(day, False, None, ())
    if not entry.ranges:
        return DayStatus(day, True, "fermé ce jour-là", ())
    return DayStatus(day, True, None, tuple(entry.ranges))


def next_opening(hours: OpeningHours, after: datetime, horizon_days: int = 14) -> datetime | None:
    local = after.astimezone(PARIS)
    for offset in range(horizon_days + 1):
        day = local.date() + timedelta(days=offset)
        status = day_status(hours, day)
        for r in status.ranges if status.open_at_all else ():
            start = datetime.combine(day, r.start, tzinfo=PARIS)
            if start > local:
                return start
    return None


def is_open(hours: OpeningHours | None, at: datetime) -> bool | None:
    """True/False when the hours say; None when they do not (unknown day, no hours)."""
    if hours is None or hours.is_empty:
        return None
    local = at.astimezone(PARIS)
    status = day_status(hours, local.date())
    if not status.known:
        return None
    return status.open_at(local.time())
