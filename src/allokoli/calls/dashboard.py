"""What the dashboard shows about calls: figures for today / 7 / 30 days, three charts, the
alerts and the recent activity. Assembled here so `dashboard/views.py` stays a thin page."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from markupsafe import Markup
from sqlalchemy import func
from sqlalchemy.orm import Session

from allokoli.assistants.repository import AssistantRepository
from allokoli.calls import alerts, charts, display, history, stats
from allokoli.calls.repository import CallFilters, TakenMessageRepository
from allokoli.kit.clock import utcnow
from allokoli.models import Assistant
from allokoli.routing import closures
from allokoli.tenancy import Tenant

RECENT = 5
WEEKDAYS = ("lun.", "mar.", "mer.", "jeu.", "ven.", "sam.", "dim.")


@dataclass(frozen=True)
class Chart:
    id: str
    title: str
    svg: Markup
    rows: list[tuple[str, str]]
    """The data as (label, value) pairs: the chart's text alternative."""


def period_of(value: str) -> stats.Period:
    for period in stats.PERIODS:
        if value == period:
            return period
    return "7d"


def _charts(view: stats.Overview) -> list[Chart]:
    days = [
        charts.Point(
            label=f"{d.day:%d/%m}" if len(view.per_day) > 1 else "Aujourd'hui",
            value=d.calls,
            long_label=f"{WEEKDAYS[d.day.weekday()]} {d.day:%d/%m}",
        )
        for d in view.per_day
    ]
    assistants = [charts.Point(label=a.name, value=a.calls) for a in view.per_assistant]
    reasons = [charts.Point(label=r.label, value=r.calls) for r in view.per_reason]
    label = stats.PERIOD_LABELS[view.period].lower()
    specs = [
        ("chart-days", f"Appels par jour ({label})", charts.columns, days),
        ("chart-assistants", f"Appels par assistant ({label})", charts.bars, assistants),
        ("chart-reasons", f"Fins d'appel ({label})", charts.bars, reasons),
    ]
    return [
        Chart(
            id=chart_id,
            title=title,
            svg=draw(chart_id, title, points),
            rows=[(p.long_label or p.label, display.number_fr(p.value)) for p in points],
        )
        for chart_id, title, draw, points in specs
    ]


def context(session: Session, tenant: Tenant, period: str) -> dict[str, Any]:
    view = stats.overview(session, tenant, period_of(period))
    assistants = AssistantRepository(session, tenant)
    by_status = dict(
        session.execute(
            assistants.scoped()
            .with_only_columns(Assistant.status, func.count())
            .group_by(Assistant.status)
        ).all()
    )
    return {
        "overview": view,
        "periods": stats.PERIOD_LABELS,
        "charts": _charts(view),
        "alerts": alerts.compute(session, tenant),
        "next_closure": closures.next_closure(session, tenant, utcnow()),
        "recent_calls": history.list_calls(session, tenant, CallFilters(), None, RECENT).items,
        "pending": history.list_messages(session, tenant, handled=False, limit=RECENT).items,
        "pending_count": TakenMessageRepository(session, tenant).count_unhandled(),
        "status_counts": by_status,
        "fmt": display,
    }
