"""RGPD: retention with purge, and export / erasure of everything about one caller's number.

- Retention (`organizations.retention_days`): calls, messages taken, webhook events and webhook
  failure counters older than that are deleted by the purge (periodic + `allokoli gdpr purge`).
- A caller's data: the calls *from* that number, the messages and requests that give it as the
  callback number or were taken during those calls, and the webhook events of those calls and of
  the tool calls that recorded those messages. Numbers are accepted in any French format.

Purges, exports and erasures are written to the audit log, with the number masked. Looking a
number up reads the organisation's calls without an index on purpose: it is rare, and every
index on `calls` slows the webhook ingest down.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy.orm import Session

from allokoli.accounts.organizations import retention_by_organization
from allokoli.audit import service as audit
from allokoli.auth.principal import Principal
from allokoli.auth.repository import IdentityRepository
from allokoli.calls import stats
from allokoli.calls.display import display_number, mask_number
from allokoli.calls.repository import (
    CallRepository,
    EventRepository,
    TakenMessageRepository,
    WebhookFailureRepository,
)
from allokoli.db.session import Database
from allokoli.domain.profile import normalize_french_phone
from allokoli.kit.clock import utcnow
from allokoli.kit.errors import Forbidden, InvalidInput
from allokoli.models import Call, Role, TakenMessage, WebhookEvent
from allokoli.notifications.repository import DeliveryRepository, GapAskRepository
from allokoli.tenancy import Tenant

MIN_RETENTION_DAYS = 1
MAX_RETENTION_DAYS = 3650
RETENTION_CHOICES = (30, 90, 180, 365, 730, 1095)


class NotAllowed(Forbidden):
    default_detail = (
        "Seuls le propriétaire et les administrateurs de l'organisation peuvent gérer les "
        "données personnelles."
    )


class InvalidNumber(InvalidInput):
    default_detail = "Ce numéro de téléphone n'est pas valide."


def require_admin(principal: Principal) -> None:
    """Only owners and admins (API keys act as admins) manage personal data."""
    if principal.role not in (Role.OWNER.value, Role.ADMIN.value):
        raise NotAllowed()


# --- retention and purge ------------------------------------------------------------------------


def retention_days(session: Session, tenant: Tenant) -> int:
    org = IdentityRepository(session).organization(tenant.organization_id)
    assert org is not None
    return int(org.retention_days)


def set_retention(session: Session, tenant: Tenant, actor: str, days: int) -> None:
    if not MIN_RETENTION_DAYS <= days <= MAX_RETENTION_DAYS:
        raise InvalidInput(
            f"La durée de conservation doit être comprise entre {MIN_RETENTION_DAYS} et "
            f"{MAX_RETENTION_DAYS} jours.",
            extra={"errors": [{"field": "retention_days", "message": "Durée hors limites."}]},
        )
    org = IdentityRepository(session).organization(tenant.organization_id)
    assert org is not None
    if org.retention_days == days:
        return
    before = org.retention_days
    org.retention_days = days
    audit.record(
        session,
        tenant,
        actor=actor,
        entity="organization",
        entity_id=org.id,
        action="update",
        details={"retention_days": [before, days]},
    )


@dataclass(frozen=True)
class PurgeResult:
    organization_id: uuid.UUID
    retention_days: int
    calls: int
    messages: int
    events: int

    @property
    def total(self) -> int:
        return self.calls + self.messages + self.events


def purge_organization(
    session: Session, tenant: Tenant, days: int, *, actor: str, now: datetime | None = None
) -> PurgeResult:
    cutoff = (now or utcnow()) - timedelta(days=days)
    result = PurgeResult(
        organization_id=tenant.organization_id,
        retention_days=days,
        messages=TakenMessageRepository(session, tenant).delete_older_than(cutoff),
        calls=CallRepository(session, tenant).delete_older_than(cutoff),
        events=EventRepository(session, tenant).delete_older_than(cutoff),
    )
    WebhookFailureRepository(session, tenant).delete_older_than(cutoff)
    DeliveryRepository(session, tenant).delete_older_than(cutoff)
    GapAskRepository(session, tenant).delete_older_than(cutoff)
    if result.calls:
        stats.forget(session, tenant.organization_id)
    if result.total:
        audit.record(
            session,
            tenant,
            actor=actor,
            entity="organization",
            entity_id=tenant.organization_id,
            action="purge",
            details={
                "retention_days": days,
                "before": cutoff.isoformat(),
                "calls": result.calls,
                "messages": result.messages,
                "events": result.events,
            },
        )
    return result


def purge(
    db: Database,
    *,
    org_id: uuid.UUID | None = None,
    actor: str = "system",
    now: datetime | None = None,
) -> list[PurgeResult]:
    """Apply every organisation's retention (or one's); one transaction per organisation."""
    with db.unit_of_work() as session:
        retention = retention_by_organization(session, org_id)
    results = []
    for organization_id, days in retention.items():
        with db.unit_of_work(tenant_id=organization_id) as session:
            results.append(
                purge_organization(session, Tenant(organization_id), days, actor=actor, now=now)
            )
    return results


# --- one caller's data --------------------------------------------------------------------------


def number_variants(raw: str) -> tuple[str, list[str]]:
    """(E.164, the spellings it may be stored under) for a number written any French way."""
    try:
        e164 = normalize_french_phone(raw)
    except ValueError as exc:
        raise InvalidNumber(str(exc)) from exc
    variants = {e164, raw.strip()}
    if e164.startswith("+33"):
        national = "0" + e164[3:]
        variants |= {national, display_number(e164), "0033" + e164[3:], "33" + e164[3:]}
        variants.add(".".join(national[i : i + 2] for i in range(0, 10, 2)))
    return e164, sorted(variants)


@dataclass
class CallerData:
    number: str
    calls: list[Call]
    messages: list[TakenMessage]
    events: list[WebhookEvent]


def _caller_data(session: Session, tenant: Tenant, raw_number: str) -> CallerData:
    e164, variants = number_variants(raw_number)
    calls = list(CallRepository(session, tenant).by_caller(variants))
    call_ids = [c.provider_call_id for c in calls]
    messages = list(TakenMessageRepository(session, tenant).by_numbers_or_calls(variants, call_ids))
    events_repo = EventRepository(session, tenant)
    events = {e.id: e for e in events_repo.for_calls(call_ids)}
    tool_keys = [f"tool-call:{m.tool_call_id}" for m in messages if m.tool_call_id]
    if tool_keys:
        stmt = events_repo.scoped().where(WebhookEvent.dedupe_key.in_(tool_keys))
        events |= {e.id: e for e in events_repo.list(stmt)}
    return CallerData(e164, calls, messages, list(events.values()))


def _iso(value: datetime | None) -> str | None:
    return value.isoformat() if value is not None else None


def _row(obj: Any, columns: list[str]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for name in columns:
        value = getattr(obj, name)
        if isinstance(value, datetime):
            value = value.isoformat()
        elif isinstance(value, uuid.UUID):
            value = str(value)
        out[name] = value
    return out


def _columns(model: Any) -> list[str]:
    return [c.key for c in model.__table__.columns if c.key != "organization_id"]


def export(session: Session, tenant: Tenant, actor: str, raw_number: str) -> dict[str, Any]:
    """Everything stored about one caller's number, as a JSON-ready document (audited)."""
    data = _caller_data(session, tenant, raw_number)
    audit.record(
        session,
        tenant,
        actor=actor,
        entity="caller",
        entity_id=None,
        action="export",
        details={
            "number": mask_number(data.number),
            "calls": len(data.calls),
            "messages": len(data.messages),
            "events": len(data.events),
        },
    )
    return {
        "format": "allokoli.caller-export",
        "format_version": 1,
        "organization_id": str(tenant.organization_id),
        "number": data.number,
        "exported_at": utcnow().isoformat(),
        "calls": [_row(c, _columns(Call)) for c in data.calls],
        "messages": [_row(m, _columns(TakenMessage)) for m in data.messages],
        "webhook_events": [_row(e, _columns(WebhookEvent)) for e in data.events],
    }


@dataclass(frozen=True)
class ErasurePreview:
    number: str
    calls: int
    messages: int
    events: int

    @property
    def total(self) -> int:
        return self.calls + self.messages + self.events


def preview_erasure(session: Session, tenant: Tenant, raw_number: str) -> ErasurePreview:
    data = _caller_data(session, tenant, raw_number)
    return ErasurePreview(data.number, len(data.calls), len(data.messages), len(data.events))


def erase(session: Session, tenant: Tenant, actor: str, raw_number: str) -> ErasurePreview:
    """Delete everything about one caller's number (audited, with the number masked)."""
    data = _caller_data(session, tenant, raw_number)
    EventRepository(session, tenant).delete_ids([e.id for e in data.events])
    TakenMessageRepository(session, tenant).delete_ids([m.id for m in data.messages])
    CallRepository(session, tenant).delete_ids([c.id for c in data.calls])
    stats.forget(session, tenant.organization_id)
    done = ErasurePreview(data.number, len(data.calls), len(data.messages), len(data.events))
    audit.record(
        session,
        tenant,
        actor=actor,
        entity="caller",
        entity_id=None,
        action="erase",
        details={
            "number": mask_number(data.number),
            "calls": done.calls,
            "messages": done.messages,
            "events": done.events,
        },
    )
    return done
