"""Call statistics: totals, calls per day (Paris days), per assistant and per ended reason.

Aggregation happens in the database (a few GROUP BY over the period's range of
`ix_calls_org_started`), never by loading calls. Days are Paris days on both backends:
PostgreSQL converts with `timezone('Europe/Paris', …)`; SQLite, which has no time zones, shifts
by the UTC offset in force, split where daylight saving time changes inside the period.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from typing import Any, Literal

from sqlalchemy import Integer, case, cast, func, literal, literal_column
from sqlalchemy.orm import Session

from allokoli.assistants.repository import AssistantRepository
from allokoli.calls import display
from allokoli.calls.repository import CallRepository, TakenMessageRepository, failed_condition
from allokoli.calls.schemas import AssistantStats, DayStats, ReasonStats, Stats
from allokoli.kit.clock import utcnow
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


def period_start(period: Period, now: datetime) -> datetime:
    """Paris midnight of the first day of the period (today counts as one day)."""
    today = now.astimezone(display.PARIS).date()
    first = today - timedelta(days=PERIODS[period] - 1)
    return datetime.combine(first, time(0), tzinfo=display.PARIS).astimezone(UTC)


def _offset_minutes(at: datetime) -> int:
    offset = at.astimezone(display.PARIS).utcoffset()
    assert offset is not None
    return int(offset.total_seconds() // 60)


def _offset_segments(since: datetime, until: datetime) -> list[tuple[datetime | None, int]]:
    """[(end of segment or None for the last, UTC offset in minutes)] covering [since, until)."""
    segments: list[tuple[datetime | None, int]] = []
    current = _offset_minutes(since)
    at = since.replace(minute=0, second=0, microsecond=0)
    while at < until:
        step = at + timedelta(hours=1)
        offset = _offset_minutes(step)
        if offset != current:
            segments.append((step, current))
            current = offset
        at = step
    segments.append((None, current))
    return segments


def local_day(session: Session, since: datetime, until: datetime) -> Any:
    """SQL expression of a call's Paris day (a date on PostgreSQL, 'YYYY-MM-DD' on SQLite)."""
    if session.get_bind().dialect.name == "postgresql":
        return func.date(func.timezone(literal_column("'Europe/Paris'"), Call.started_at))
    segments = _offset_segments(since, until)

    def shifted(minutes: int) -> Any:
        return func.date(Call.started_at, literal(f"{minutes:+d} minutes"))

    if len(segments) == 1:
        return shifted(segments[0][1])
    whens = [(Call.started_at < end, shifted(m)) for end, m in segments[:-1] if end is not None]
    return case(*whens, else_=shifted(segments[-1][1]))


def _as_date(value: Any) -> date:
    return value if isinstance(value, date) else date.fromisoformat(str(value))


@dataclass
class DayRow:
    day: date
    calls: int = 0
    seconds: float = 0.0
    cost_eur: float = 0.0
    outside_hours: int = 0
    failed: int = 0


@dataclass
class Totals:
    calls: int = 0
    minutes: float = 0.0
    cost_eur: float = 0.0
    outside_hours: int = 0
    failed: int = 0
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


def per_day(session: Session, tenant: Tenant, since: datetime, until: datetime) -> list[DayRow]:
    """One row per Paris day of [since, until), days without calls included."""
    repo = CallRepository(session, tenant)
    day = local_day(session, since, until)
    outside = func.sum(case((Call.outside_hours.is_(True), 1), else_=0))
    failed = func.sum(case((failed_condition(), 1), else_=0))
    stmt = (
        repo.scoped()
        .with_only_columns(
            day.label("day"),
            func.count(),
            func.coalesce(func.sum(Call.duration_seconds), 0.0),
            func.coalesce(func.sum(Call.cost_eur), 0.0),
            cast(outside, Integer),
            cast(failed, Integer),
        )
        .where(Call.started_at >= since, Call.started_at < until)
        .group_by(literal_column("day"))
    )
    found = {
        _as_date(r[0]): DayRow(
            _as_date(r[0]), int(r[1]), float(r[2]), float(r[3]), int(r[4] or 0), int(r[5] or 0)
        )
        for r in session.execute(stmt)
    }
    first = since.astimezone(display.PARIS).date()
    last = (until - timedelta(microseconds=1)).astimezone(display.PARIS).date()
    days = [first + timedelta(days=i) for i in range((last - first).days + 1)]
    return [found.get(d, DayRow(d)) for d in days]


def per_assistant(
    session: Session, tenant: Tenant, since: datetime, until: datetime
) -> list[AssistantStats]:
    repo = CallRepository(session, tenant)
    calls = func.count().label("calls")
    stmt = (
        repo.scoped()
        .with_only_columns(Call.assistant_id, calls)
        .where(Call.started_at >= since, Call.started_at < until)
        .group_by(Call.assistant_id)
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


def per_reason(
    session: Session, tenant: Tenant, since: datetime, until: datetime
) -> list[ReasonStats]:
    repo = CallRepository(session, tenant)
    stmt = (
        repo.scoped()
        .with_only_columns(Call.ended_reason, func.count())
        .where(Call.started_at >= since, Call.started_at < until)
        .group_by(Call.ended_reason)
    )
    by_label: dict[str, ReasonStats] = {}
    for reason, count in session.execute(stmt):
        label = display.ended_reason_label(reason) if reason else "Non terminé"
        if label in by_label:
            by_label[label].calls += int(count)
        else:
            by_label[label] = ReasonStats(reason=reason, label=label, calls=int(count))
    ranked = sorted(by_label.values(), key=lambda r: (-r.calls, r.label))
    if len(ranked) > TOP_REASONS:
        rest = sum(r.calls for r in ranked[TOP_REASONS - 1 :])
        ranked = [*ranked[: TOP_REASONS - 1], ReasonStats(reason=None, label="Autres", calls=rest)]
    return ranked


def message_counts(
    session: Session, tenant: Tenant, starts: dict[Period, datetime], until: datetime
) -> dict[Period, tuple[int, int]]:
    """(messages, appointment requests) taken since each start, in one query."""
    repo = TakenMessageRepository(session, tenant)
    columns = []
    for start in starts.values():
        for kind in ("message", "appointment"):
            hit = (TakenMessage.created_at >= start) & (TakenMessage.kind == kind)
            columns.append(func.coalesce(func.sum(case((hit, 1), else_=0)), 0))
    stmt = (
        repo.scoped()
        .with_only_columns(*columns)
        .where(TakenMessage.created_at >= min(starts.values()), TakenMessage.created_at < until)
    )
    row = session.execute(stmt).one()
    out: dict[Period, tuple[int, int]] = {}
    for i, period in enumerate(starts):
        out[period] = (int(row[2 * i] or 0), int(row[2 * i + 1] or 0))
    return out


def _totals(rows: list[DayRow], messages: tuple[int, int]) -> Totals:
    return Totals(
        calls=sum(r.calls for r in rows),
        minutes=round(sum(r.seconds for r in rows) / 60, 1),
        cost_eur=round(sum(r.cost_eur for r in rows), 2),
        outside_hours=sum(r.outside_hours for r in rows),
        failed=sum(r.failed for r in rows),
        messages=messages[0],
        appointments=messages[1],
    )


def stats(session: Session, tenant: Tenant, period: Period, now: datetime | None = None) -> Stats:
    """The figures of one period (API `GET /api/v1/stats`)."""
    now = now or utcnow()
    since = period_start(period, now)
    until = now + timedelta(microseconds=1)
    days = per_day(session, tenant, since, until)
    totals = _totals(days, message_counts(session, tenant, {period: since}, until)[period])
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
        failed_calls=totals.failed,
        per_day=[
            DayStats(
                date=d.day,
                calls=d.calls,
                minutes=round(d.seconds / 60, 1),
                cost_eur=round(d.cost_eur, 2),
            )
            for d in days
        ],
        per_assistant=per_assistant(session, tenant, since, until),
        per_ended_reason=per_reason(session, tenant, since, until),
    )


def overview(
    session: Session, tenant: Tenant, period: Period, now: datetime | None = None
) -> Overview:
    """Figures for today, 7 and 30 days (from one per-day query) and charts for `period`."""
    now = now or utcnow()
    until = now + timedelta(microseconds=1)
    starts: dict[Period, datetime] = {p: period_start(p, now) for p in PERIODS}
    days = per_day(session, tenant, starts["30d"], until)
    messages = message_counts(session, tenant, starts, until)
    totals = {p: _totals(days[-PERIODS[p] :], messages[p]) for p in PERIODS}
    since = starts[period]
    return Overview(
        period=period,
        totals=totals,
        per_day=days[-PERIODS[period] :],
        per_assistant=per_assistant(session, tenant, since, until),
        per_reason=per_reason(session, tenant, since, until),
    )
