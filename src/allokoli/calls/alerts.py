"""Alerts: what the owner must look at, computed on demand from the data (nothing stored).

- an assistant is in error (its deployment failed);
- webhook requests are refused (bad secret or signature, HTTP 401): counted per hour in
  `webhook_failures` by `record_webhook_failure`, alert from AUTH_FAILURES_THRESHOLD in 24 h;
- stored webhook events failed processing (`webhook_events.error`, still unprocessed): alert
  from PROCESSING_ERRORS_THRESHOLD in 24 h;
- calls end on technical errors (ended reason containing "error" or "failed") more than
  usual: at least FAILED_CALLS_MIN in 24 h and a rate above max(10 %, twice the rate of the
  previous 7 days).
"""

from __future__ import annotations

import logging
import uuid
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Literal

from sqlalchemy import case, func
from sqlalchemy.orm import Session

from allokoli.assistants.repository import AssistantRepository
from allokoli.calls.repository import (
    CallRepository,
    EventRepository,
    WebhookFailureRepository,
    failed_condition,
)
from allokoli.db.session import Database
from allokoli.kit.clock import utcnow
from allokoli.models import Assistant, AssistantStatus, Call
from allokoli.routing import closures, spend
from allokoli.tenancy import Tenant

log = logging.getLogger("allokoli.alerts")

AUTH_FAILURES_THRESHOLD = 10
PROCESSING_ERRORS_THRESHOLD = 3
FAILED_CALLS_MIN = 3
FAILED_RATE_FLOOR = 0.10
WINDOW = timedelta(hours=24)
BASELINE = timedelta(days=7)
AUTH = "auth"


@dataclass(frozen=True)
class Alert:
    kind: str
    level: Literal["error", "warning"]
    title: str
    detail: str
    link: str


def record_webhook_failure(db: Database, org_id: uuid.UUID, kind: str = AUTH) -> None:
    """Count one refused webhook request (own transaction: the request itself fails)."""
    hour = utcnow().replace(minute=0, second=0, microsecond=0)
    try:
        with db.unit_of_work(tenant_id=org_id) as session:
            WebhookFailureRepository(session, Tenant(org_id)).increment(kind, hour)
    except Exception:  # counting must never turn a 401 into a 500
        log.exception("could not count a webhook failure")


def _plural(count: int, one: str, many: str) -> str:
    return f"{count} {one if count == 1 else many}"


def _failed_calls(session: Session, tenant: Tenant, now: datetime) -> Alert | None:
    repo = CallRepository(session, tenant)
    failed = func.sum(case((failed_condition(), 1), else_=0))

    def rate(since: datetime, until: datetime) -> tuple[int, int]:
        stmt = (
            repo.scoped()
            .with_only_columns(func.count(), failed)
            .where(Call.started_at >= since, Call.started_at < until)
        )
        total, errors = session.execute(stmt).one()
        return int(total or 0), int(errors or 0)

    total, errors = rate(now - WINDOW, now + timedelta(seconds=1))
    if errors < FAILED_CALLS_MIN or not total:
        return None
    base_total, base_errors = rate(now - WINDOW - BASELINE, now - WINDOW)
    usual = base_errors / base_total if base_total else 0.0
    current = errors / total
    if current <= max(FAILED_RATE_FLOOR, 2 * usual):
        return None
    return Alert(
        kind="failed_calls",
        level="error",
        title="Appels terminés en erreur",
        detail=(
            f"{_plural(errors, 'appel', 'appels')} sur {total} se sont terminés sur une erreur "
            f"technique ces dernières 24 heures ({round(current * 100)} %, contre "
            f"{round(usual * 100)} % habituellement)."
        ),
        link="/calls?status=failed",
    )


def compute(session: Session, tenant: Tenant, now: datetime | None = None) -> list[Alert]:
    now = now or utcnow()
    alerts: list[Alert] = []
    assistants = AssistantRepository(session, tenant)
    broken = assistants.list(
        assistants.scoped().where(Assistant.status == AssistantStatus.ERROR.value).limit(5)
    )
    for assistant in broken:
        alerts.append(
            Alert(
                kind="assistant_error",
                level="error",
                title=f"« {assistant.name} » est en erreur",
                detail=assistant.status_reason
                or "Sa mise en service a échoué : ouvrez-le pour réessayer.",
                link=f"/assistants/{assistant.id}",
            )
        )
    refused = WebhookFailureRepository(session, tenant).total_since(AUTH, now - WINDOW)
    if refused >= AUTH_FAILURES_THRESHOLD:
        alerts.append(
            Alert(
                kind="webhook_auth",
                level="warning",
                title="Requêtes refusées sur votre adresse de réception",
                detail=(
                    f"{_plural(refused, 'requête a été refusée', 'requêtes ont été refusées')} "
                    "ces dernières 24 heures (secret ou signature invalide). Si vous venez de "
                    "changer la clé secrète du serveur, remettez vos assistants en service ; "
                    "sinon, quelqu'un essaie d'envoyer de faux événements."
                ),
                link="/alerts",
            )
        )
    failed_events = EventRepository(session, tenant).count_failed_since(now - WINDOW)
    if failed_events >= PROCESSING_ERRORS_THRESHOLD:
        alerts.append(
            Alert(
                kind="webhook_processing",
                level="warning",
                title="Événements d'appel non traités",
                detail=(
                    (
                        "1 événement reçu n'a pas pu être traité"
                        if failed_events == 1
                        else f"{failed_events} événements reçus n'ont pas pu être traités"
                    )
                    + " ces dernières 24 heures. Ils sont conservés : l'équipe technique "
                    "peut les traiter à nouveau."
                ),
                link="/alerts",
            )
        )
    failed_calls = _failed_calls(session, tenant, now)
    if failed_calls is not None:
        alerts.append(failed_calls)
    alerts.extend(_routing(session, tenant, now))
    return alerts


def _routing(session: Session, tenant: Tenant, now: datetime) -> list[Alert]:
    """The month's budget past 80 % / 100 %, and a closure being announced."""
    found: list[Alert] = []
    status = spend.budget_status(session, tenant, now)
    budget = spend.budget_alert(tenant.organization_id, status) if status else None
    if budget is not None:
        level: Literal["error", "warning"] = "error" if budget.kind == "budget_100" else "warning"
        found.append(Alert(budget.kind, level, budget.title, budget.detail, budget.link))
    closure = closures.next_closure(session, tenant, now)
    if closure is not None and closure.switched_on_at and not closure.switched_off_at:
        found.append(
            Alert(
                kind="closure_on",
                level="warning",
                title="Fermeture en cours",
                detail=f"Du {closure.starts_on:%d/%m/%Y} au {closure.ends_on:%d/%m/%Y}, votre "
                "assistant annonce la fermeture et prend les messages.",
                link="/routing/closures",
            )
        )
    return found
