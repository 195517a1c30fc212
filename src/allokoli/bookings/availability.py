"""When can a service be booked? Pure computation over the facts a repository loaded.

Everything is computed in Europe/Paris wall-clock time (opening hours, public holidays) and
compared in UTC: `datetime.combine(day, t, tzinfo=PARIS)` gives the right offset on both sides
of a DST change, and UTC cells of 15 minutes are local cells too (Paris offsets are whole hours).
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from functools import lru_cache
from typing import Protocol
from zoneinfo import ZoneInfo

import holidays
from sqlalchemy.orm import Session

from allokoli.domain.profile import WEEKDAYS, OpeningHours, Weekday
from allokoli.tenancy import Tenant

PARIS = ZoneInfo("Europe/Paris")
CELL = timedelta(minutes=15)
Interval = tuple[datetime, datetime]


class BusySource(Protocol):
    """More busy intervals for an assistant (the owner's synced calendar). A source that fails
    must raise: availability then falls back to our own data (see `service.extra_busy`)."""

    def busy(
        self,
        session: Session,
        tenant: Tenant,
        assistant_id: uuid.UUID,
        start_utc: datetime,
        end_utc: datetime,
    ) -> list[Interval]: ...


def holiday_subdivision(postal_code: str | None) -> str | None:
    """The `holidays` subdivision whose extra days apply: Moselle (57), Alsace (67, 68)."""
    if not postal_code:
        return None
    if postal_code.startswith("57"):
        return "57"
    if postal_code[:2] in ("67", "68"):
        return "6AE"
    return None


@lru_cache(maxsize=64)
def _holidays(year: int, subdivision: str | None) -> dict[date, str]:
    found = holidays.country_holidays("FR", subdiv=subdivision, years=year, language="fr")
    return dict(found.items())


def holiday_name(day: date, postal_code: str | None = None) -> str | None:
    return _holidays(day.year, holiday_subdivision(postal_code)).get(day)


def floor_cell(at: datetime) -> datetime:
    at = at.astimezone(UTC)
    return at.replace(minute=at.minute - at.minute % 15, second=0, microsecond=0)


def cells(start: datetime, end: datetime) -> list[datetime]:
    """The 15-minute cells [start, end) touches."""
    out, cell = [], floor_cell(start)
    while cell < end:
        out.append(cell)
        cell += CELL
    return out


@dataclass(frozen=True)
class DayPlan:
    day: date
    closed_reason: str | None
    """Why nothing can be booked that day (None: open, see `spans`)."""
    spans: tuple[Interval, ...] = ()
    """Opening spans in UTC."""


def day_plan(hours: OpeningHours | None, day: date, postal_code: str | None) -> DayPlan:
    if hours is None or hours.is_empty:
        return DayPlan(day, "horaires non renseignés")
    for closure in hours.closures:
        if closure.start <= day <= (closure.end or closure.start):
            return DayPlan(day, closure.reason or "fermeture exceptionnelle")
    holiday = holiday_name(day, postal_code)
    if holiday and not hours.open_on_public_holidays:
        return DayPlan(day, f"jour férié ({holiday})")
    entry = hours.for_day(Weekday(WEEKDAYS[day.weekday()]))
    if entry is None or not entry.ranges:
        return DayPlan(day, "fermé ce jour-là")
    spans = []
    for r in entry.ranges:
        start = datetime.combine(day, r.start, tzinfo=PARIS)
        end_day = day + timedelta(days=1) if r.end == time(0, 0) or r.overnight else day
        end = datetime.combine(end_day, r.end, tzinfo=PARIS)
        spans.append((start.astimezone(UTC), end.astimezone(UTC)))
    return DayPlan(day, None, tuple(spans))


@dataclass(frozen=True)
class Rules:
    """One assistant's booking rules and one service's needs."""

    hours: OpeningHours | None
    postal_code: str | None
    duration: timedelta
    buffer: timedelta
    capacity: int
    units: int
    """Units one booking of this party takes."""
    step: timedelta
    notice: timedelta
    horizon: timedelta


@dataclass
class Occupancy:
    """What is already taken around a window: units per cell, and busy spans."""

    used: dict[datetime, int] = field(default_factory=dict)
    busy: list[Interval] = field(default_factory=list)

    def fits(self, start: datetime, rules: Rules) -> bool:
        end = start + rules.duration
        for b_start, b_end in self.busy:
            if b_start < end and start < b_end:
                return False
        for cell in cells(start, end + rules.buffer):
            if self.used.get(cell, 0) + rules.units > rules.capacity:
                return False
        return True


def bookable_window(rules: Rules, now: datetime) -> Interval:
    return now + rules.notice, now + rules.horizon


def candidates(rules: Rules, plan: DayPlan) -> Iterable[datetime]:
    """Every start the hours allow that day, every `step`, the service ending before closing."""
    for span_start, span_end in plan.spans:
        start = floor_cell(span_start)
        if start < span_start:
            start += CELL
        while start + rules.duration <= span_end:
            yield start
            start += rules.step


def free_slots(rules: Rules, plan: DayPlan, occupancy: Occupancy, now: datetime) -> list[datetime]:
    earliest, latest = bookable_window(rules, now)
    return [
        s for s in candidates(rules, plan) if earliest <= s <= latest and occupancy.fits(s, rules)
    ]


def spread(slots: Sequence[datetime], limit: int, gap: timedelta) -> list[datetime]:
    """Up to `limit` slots in order, at least `gap` apart when there are enough to choose from."""
    chosen: list[datetime] = []
    for slot in slots:
        if not chosen or slot - chosen[-1] >= gap:
            chosen.append(slot)
        if len(chosen) == limit:
            return chosen
    for slot in slots:
        if len(chosen) == limit:
            break
        if slot not in chosen:
            chosen.append(slot)
    return sorted(chosen)


def nearest(slots: Sequence[datetime], wanted: datetime, limit: int) -> list[datetime]:
    return sorted(sorted(slots, key=lambda s: (abs(s - wanted), s))[:limit])


def local_day_bounds(day: date) -> Interval:
    start = datetime.combine(day, time(0, 0), tzinfo=PARIS).astimezone(UTC)
    end = datetime.combine(day + timedelta(days=1), time(0, 0), tzinfo=PARIS).astimezone(UTC)
    return start, end
