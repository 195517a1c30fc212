"""Call statistics: totals, calls per day (Paris days), per assistant and per ended reason.

Aggregation happens in the database, never by loading calls, and is shaped for the indexes of
migration 0005 (`ix_calls_stats` covers every column read here):

- Paris days are computed in Python (midnight in Paris, converted to UTC, so daylight saving
  time is exact on both backends); each day is one range of the index, and one statement
  (`UNION ALL` of the days) returns per day and per ended reason count, seconds, cost and calls
  outside opening hours. No date arithmetic in SQL, no sort of the whole period.
- Days outside the charted period only need totals: one sum per segment.
- Per assistant: one GROUP BY over the period's range.
"""

from __future__ import annotations

import logging
import threading
import time as clock
import uuid
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from typing import Any, Literal

from sqlalchemy import Integer, Uuid, case, func, literal, literal_column, union_all
from sqlalchemy.orm import Session

from allokoli.assistants.repository import AssistantRepository
from allokoli.calls import display
from allokoli.calls.repository import CallRepository, TakenMessageRepository
from allokoli.calls.schemas import AssistantStats, DayStats, ReasonStats, Stats
from allokoli.db.session import after_commit, shared_of
from allokoli.kit.clock import utcnow
from allokoli.kit.shared import SharedState, SharedStateUnavailable
from allokoli.models import Assistant, Call, TakenMessage
from allokoli.tenancy import Tenant

Period = Literal["today", "7d", "30d"]
PERIODS: dict[Period, int] = {"today": 1, "7d": 7, "30d": 30}
PERIOD_LABELS: dict[Period, str] = {
    "today": "Aujourd'hui",
    "7d": "7 derniers jours",
    "30d": "30 derniers jours",
}
TOP_ASSISTANTS = 10
TOP_REASONS = 8
KINDS = ("message", "appointment")
SHORT_PERIOD = timedelta(days=8)
CACHE_SECONDS = 120.0
CACHE_MAX_ENTRIES = 200_000

# (organisation, day) → (when computed, the organisation's generation then, figures)
_cache: dict[tuple[uuid.UUID, date], tuple[float, int, DayRow]] = {}
_cache_lock = threading.Lock()

log = logging.getLogger("allokoli.stats")


def paris_midnight(day: date) -> datetime:
    return datetime.combine(day, time(0), tzinfo=display.PARIS).astimezone(UTC)


def period_start(period: Period, now: datetime) -> datetime:
    """Paris midnight of the first day of the period (today counts as one day)."""
    today = now.astimezone(display.PARIS).date()
    return paris_midnight(today - timedelta(days=PERIODS[period] - 1))


@dataclass
class Figures:
    calls: int = 0
    seconds: float = 0.0
    cost_eur: float = 0.0
    outside_hours: int = 0

    def add(self, other: Figures) -> None:
        self.calls += other.calls
        self.seconds += other.seconds
        self.cost_eur += other.cost_eur
        self.outside_hours += other.outside_hours


@dataclass
class DayRow:
    day: date
    figures: Figures = field(default_factory=Figures)
    reasons: dict[str | None, int] = field(default_factory=dict)

    @property
    def calls(self) -> int:
        return self.figures.calls

    @property
    def failed(self) -> int:
        return sum(n for reason, n in self.reasons.items() if display.is_failure(reason))


@dataclass
class Totals:
    calls: int = 0
    minutes: float = 0.0
    cost_eur: float = 0.0
    outside_hours: int = 0
    messages: int = 0
    appointments: int = 0


@dataclass
class Overview:
    """What the dashboard shows: figures for the three periods, charts for one."""

    period: Period
    totals: dict[Period, Totals]
    per_day: list[DayRow]
    per_assistant: list[AssistantStats] = field(default_factory=list)
    per_reason: list[ReasonStats] = field(default_factory=list)


def _figures_columns() -> list[Any]:
    outside = func.sum(case((Call.outside_hours.is_(True), 1), else_=0))
    return [
        func.count(),
        func.coalesce(func.sum(Call.duration_seconds), 0.0),
        func.coalesce(func.sum(Call.cost_eur), 0.0),
        func.coalesce(outside, 0).cast(Integer),
    ]


def _figures(row: Sequence[Any]) -> Figures:
    return Figures(int(row[0] or 0), float(row[1] or 0), float(row[2] or 0), int(row[3] or 0))


def _generation_key(org_id: uuid.UUID) -> str:
    return f"stats:{org_id}"


def forget(session: Session, org_id: uuid.UUID, day: date | None = None) -> None:
    """The cached figures of an organisation's past days (one, or all) are stale: dropped from
    this process now, and from every process once this transaction commits (the organisation's
    generation in the shared state moves on, so older entries no longer match)."""
    with _cache_lock:
        if day is not None:
            _cache.pop((org_id, day), None)
        else:
            for key in [k for k in _cache if k[0] == org_id]:
                del _cache[key]
    state = shared_of(session)
    after_commit(session, f"stats-forget:{org_id}", lambda: _bump(state, org_id))


def _bump(state: SharedState, org_id: uuid.UUID) -> None:
    try:
        state.bump(_generation_key(org_id))
    except SharedStateUnavailable:
        log.error(
            "stats of %s: other processes keep their figures up to %d s", org_id, CACHE_SECONDS
        )


def forget_call_day(session: Session, org_id: uuid.UUID, started_at: datetime | None) -> None:
    """After writing a call: its day's cached figures are stale if that day is over."""
    if started_at is None:
        return
    day = started_at.astimezone(display.PARIS).date()
    if day < _today(utcnow()):
        forget(session, org_id, day)


def _query_days(session: Session, tenant: Tenant, days: Sequence[date]) -> list[DayRow]:
    repo = CallRepository(session, tenant)
    selects = [
        repo.scoped()
        .with_only_columns(literal(i).label("d"), Call.ended_reason, *_figures_columns())
        .where(
            Call.started_at >= paris_midnight(day),
            Call.started_at < paris_midnight(day + timedelta(days=1)),
        )
        .group_by(Call.ended_reason)
        for i, day in enumerate(days)
    ]
    rows = [DayRow(day) for day in days]
    for row in session.execute(union_all(*selects)):
        target = rows[int(row[0])]
        figures = _figures(row[2:])
        target.figures.add(figures)
        target.reasons[row[1]] = target.reasons.get(row[1], 0) + figures.calls
    return rows


def per_day(session: Session, tenant: Tenant, first: date, last: date) -> list[DayRow]:
    """One row per Paris day from `first` to `last` (included), with its ended reasons.

    Days that are over are kept CACHE_SECONDS in this process (read-only rows), tagged with the
    organisation's generation in the shared state: a late report, a reconciliation, a purge or
    an erasure of such a day calls `forget`, which moves the generation on for every process.
    Shared state unreachable: everything is read from the database. Today always is.
    """
    org = tenant.organization_id
    today = _today(utcnow())
    days = [first + timedelta(days=i) for i in range((last - first).days + 1)]
    found: dict[date, DayRow] = {}
    fresh_after = clock.monotonic() - CACHE_SECONDS
    generation: int | None
    try:
        generation = shared_of(session).generation(_generation_key(org))
    except SharedStateUnavailable:
        generation = None  # no cache rather than a cache nobody can invalidate
    with _cache_lock:
        for day in days:
            hit = _cache.get((org, day)) if day < today else None
            if hit is not None and hit[0] > fresh_after and hit[1] == generation:
                found[day] = hit[2]
    missing = [day for day in days if day not in found]
    if missing:
        stamp = clock.monotonic()
        computed = _query_days(session, tenant, missing)
        with _cache_lock:
            if len(_cache) > CACHE_MAX_ENTRIES:
                _cache.clear()
            for row in computed:
                found[row.day] = row
                if row.day < today and generation is not None:
                    _cache[(org, row.day)] = (stamp, generation, row)
    return [found[day] for day in days]


def per_assistant(
    session: Session, tenant: Tenant, since: datetime, until: datetime
) -> list[AssistantStats]:
    repo = CallRepository(session, tenant)
    calls = func.count().label("calls")
    assistant: Any = Call.assistant_id
    if session.get_bind().dialect.name == "sqlite" and until - since <= SHORT_PERIOD:
        # Planner hint: SQLite would rather read its whole (assistant, started_at) index in
        # GROUP BY order than sort a week of the period's range; unary + (a no-op) stops that.
        assistant = literal_column("+calls.assistant_id", Uuid()).label("assistant_id")
    stmt = (
        repo.scoped()
        .with_only_columns(assistant, calls)
        .where(Call.started_at >= since, Call.started_at < until)
        .group_by(assistant)
        .order_by(calls.desc())
        .limit(TOP_ASSISTANTS)
    )
    rows = session.execute(stmt).all()
    ids = [r[0] for r in rows if r[0] is not None]
    names: dict[uuid.UUID, str] = {}
    if ids:
        assistants = AssistantRepository(session, tenant)
        named = assistants.scoped().with_only_columns(Assistant.id, Assistant.name)
        names = {row[0]: row[1] for row in session.execute(named.where(Assistant.id.in_(ids)))}
    return [
        AssistantStats(
            assistant_id=r[0],
            name=names.get(r[0], "Assistant supprimé") if r[0] else "Sans assistant",
            calls=int(r[1]),
        )
        for r in rows
    ]


def per_reason(days: Sequence[DayRow]) -> list[ReasonStats]:
    by_label: dict[str, ReasonStats] = {}
    for day in days:
        for reason, count in day.reasons.items():
            label = display.ended_reason_label(reason) if reason else "Non terminé"
            if label in by_label:
                by_label[label].calls += count
            else:
                by_label[label] = ReasonStats(reason=reason, label=label, calls=count)
    ranked = sorted(by_label.values(), key=lambda r: (-r.calls, r.label))
    if len(ranked) > TOP_REASONS:
        rest = sum(r.calls for r in ranked[TOP_REASONS - 1 :])
        ranked = [*ranked[: TOP_REASONS - 1], ReasonStats(reason=None, label="Autres", calls=rest)]
    return ranked


def message_counts(
    session: Session, tenant: Tenant, starts: dict[Period, datetime], until: datetime
) -> dict[Period, tuple[int, int]]:
    """(messages, appointment requests) taken since each start: index-only counts."""
    repo = TakenMessageRepository(session, tenant)
    selects = [
        repo.scoped()
        .with_only_columns(func.count())
        .where(
            TakenMessage.kind == kind,
            TakenMessage.created_at >= start,
            TakenMessage.created_at < until,
        )
        for start in starts.values()
        for kind in KINDS
    ]
    counts = [int(row[0] or 0) for row in session.execute(union_all(*selects))]
    return {period: (counts[2 * i], counts[2 * i + 1]) for i, period in enumerate(starts)}


def _totals(days: Sequence[DayRow], before: Figures, messages: tuple[int, int]) -> Totals:
    figures = Figures()
    figures.add(before)
    for day in days:
        figures.add(day.figures)
    return Totals(
        calls=figures.calls,
        minutes=round(figures.seconds / 60, 1),
        cost_eur=round(figures.cost_eur, 2),
        outside_hours=figures.outside_hours,
        messages=messages[0],
        appointments=messages[1],
    )


def _today(now: datetime) -> date:
    return now.astimezone(display.PARIS).date()


def stats(session: Session, tenant: Tenant, period: Period, now: datetime | None = None) -> Stats:
    """The figures of one period (API `GET /api/v1/stats`)."""
    now = now or utcnow()
    since = period_start(period, now)
    until = now + timedelta(microseconds=1)
    today = _today(now)
    days = per_day(session, tenant, today - timedelta(days=PERIODS[period] - 1), today)
    totals = _totals(
        days, Figures(), message_counts(session, tenant, {period: since}, until)[period]
    )
    return Stats(
        period=period,
        since=since,
        until=now,
        calls=totals.calls,
        minutes=totals.minutes,
        cost_eur=totals.cost_eur,
        messages=totals.messages,
        appointments=totals.appointments,
        outside_hours_calls=totals.outside_hours,
        failed_calls=sum(d.failed for d in days),
        per_day=[
            DayStats(
                date=d.day,
                calls=d.calls,
                minutes=round(d.figures.seconds / 60, 1),
                cost_eur=round(d.figures.cost_eur, 2),
            )
            for d in days
        ],
        per_assistant=per_assistant(session, tenant, since, until),
        per_ended_reason=per_reason(days),
    )


def overview(
    session: Session, tenant: Tenant, period: Period, now: datetime | None = None
) -> Overview:
    """Figures for today, 7 and 30 days, and the charts of `period` (past days mostly from the
    cache of `per_day`)."""
    now = now or utcnow()
    until = now + timedelta(microseconds=1)
    today = _today(now)
    starts: dict[Period, datetime] = {p: period_start(p, now) for p in PERIODS}
    days = per_day(session, tenant, today - timedelta(days=PERIODS["30d"] - 1), today)
    messages = message_counts(session, tenant, starts, until)
    totals: dict[Period, Totals] = {
        "today": _totals(days[-1:], Figures(), messages["today"]),
        "7d": _totals(days[-7:], Figures(), messages["7d"]),
        "30d": _totals(days, Figures(), messages["30d"]),
    }
    charted = days[-PERIODS[period] :]
    return Overview(
        period=period,
        totals=totals,
        per_day=charted,
        per_assistant=per_assistant(session, tenant, starts[period], until),
        per_reason=per_reason(charted),
    )
