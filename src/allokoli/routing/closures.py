"""« Fermeture exceptionnelle / congés »: periods when the business is closed, for one assistant
or the whole organisation, with an optional message.

During a period the assistant says it (a « Fermeture en cours » section in its prompt, see
`generation.prompt.closure`) and the hours tool answers « fermé » (`closed_ranges`, read by
`calls.tools`). The section is switched on and off by itself: `switch_due` (a periodic job,
`routing.switch`) makes a new version and redeploys each assistant concerned on the first day
of a period and the day after its last, and tells the owner (`OwnerAlertHook`). A period that
starts today is switched on when it is created, and one deleted while running is switched off.
French public holidays are closed days by default (`OpeningHours.open_on_public_holidays`).

`closed_ranges` is the read API other features use (the bookings' availability).
"""

from __future__ import annotations

import functools
import logging
import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from zoneinfo import ZoneInfo

import holidays
from sqlalchemy.orm import Session

from allokoli.accounts.organizations import retention_by_organization
from allokoli.assistants import service as assistants
from allokoli.audit import service as audit
from allokoli.auth.principal import Principal
from allokoli.db.session import Database, after_commit
from allokoli.domain.profile import OpeningHours
from allokoli.generation.prompt.closure import closure_section, with_closure
from allokoli.generation.prompt.numerals import date_words
from allokoli.kit.errors import InvalidInput
from allokoli.models import Assistant, Closure
from allokoli.routing import texts
from allokoli.routing.hooks import OwnerAlert, OwnerAlertHook, log_owner_alert
from allokoli.routing.repository import AssistantReader, ClosureRepository
from allokoli.tenancy import Tenant

log = logging.getLogger("allokoli.routing")

PARIS = ZoneInfo("Europe/Paris")
MAX_DAYS = 366
MAX_MESSAGE = 500


def paris_today(now: datetime) -> date:
    return now.astimezone(PARIS).date()


def parse_day(raw: str | date) -> date:
    """A date as an owner types it ("24/12/2026", "2026-12-24"), or InvalidInput."""
    if isinstance(raw, date):
        return raw
    text = (raw or "").strip()
    try:
        if "/" in text:
            day, month, year = (int(p) for p in text.split("/"))
            return date(year if year > 99 else 2000 + year, month, day)
        return date.fromisoformat(text)
    except ValueError:
        raise InvalidInput(texts.CLOSURE_BAD_DATE.format(raw=text[:30])) from None


def _check(
    repo: ClosureRepository,
    start: date,
    end: date,
    message: str | None,
    assistant_id: uuid.UUID | None,
    today: date,
) -> str | None:
    if end < start:
        raise InvalidInput(texts.CLOSURE_DATES)
    if end < today:
        raise InvalidInput(texts.CLOSURE_PAST)
    if (end - start).days + 1 > MAX_DAYS:
        raise InvalidInput(texts.CLOSURE_TOO_LONG)
    message = (message or "").strip() or None
    if message is not None and len(message) > MAX_MESSAGE:
        raise InvalidInput(texts.CLOSURE_MESSAGE_TOO_LONG)
    clash = repo.overlapping(start, end, assistant_id)
    if clash is not None:
        raise InvalidInput(
            texts.CLOSURE_OVERLAP.format(
                start=clash.starts_on.strftime("%d/%m/%Y"), end=clash.ends_on.strftime("%d/%m/%Y")
            )
        )
    return message


def create(
    session: Session,
    principal: Principal,
    *,
    starts_on: str | date,
    ends_on: str | date,
    message: str | None = None,
    assistant_id: uuid.UUID | None = None,
    now: datetime,
    hook: OwnerAlertHook = log_owner_alert,
) -> Closure:
    start, end = parse_day(starts_on), parse_day(ends_on)
    tenant = principal.tenant
    if assistant_id is not None:
        AssistantReader(session, tenant).get(assistant_id)
    repo = ClosureRepository(session, tenant)
    text = _check(repo, start, end, message, assistant_id, paris_today(now))
    closure = repo.add(
        Closure(starts_on=start, ends_on=end, message=text, assistant_id=assistant_id)
    )
    audit.record(
        session,
        tenant,
        actor=principal.actor,
        entity="closure",
        entity_id=closure.id,
        action="create",
        details={"starts_on": start.isoformat(), "ends_on": end.isoformat()},
    )
    switch_tenant(session, tenant, now, hook)
    return closure


def delete(
    session: Session,
    principal: Principal,
    closure_id: uuid.UUID,
    *,
    now: datetime,
    hook: OwnerAlertHook = log_owner_alert,
) -> Closure:
    repo = ClosureRepository(session, principal.tenant)
    closure = repo.get(closure_id)
    running = closure.switched_on_at is not None and closure.switched_off_at is None
    targets = _assistants_of(session, principal.tenant, closure)
    repo.delete(closure)
    audit.record(
        session,
        principal.tenant,
        actor=principal.actor,
        entity="closure",
        entity_id=closure.id,
        action="delete",
        details={
            "starts_on": closure.starts_on.isoformat(),
            "ends_on": closure.ends_on.isoformat(),
        },
    )
    if running:
        today = paris_today(now)
        for assistant in targets:
            _apply(session, principal.tenant, assistant, today)
    return closure


def listing(session: Session, principal: Principal) -> Sequence[Closure]:
    return ClosureRepository(session, principal.tenant).all()


def get(session: Session, principal: Principal, closure_id: uuid.UUID) -> Closure:
    return ClosureRepository(session, principal.tenant).get(closure_id)


def next_closure(session: Session, tenant: Tenant, now: datetime) -> Closure | None:
    """The running or next closure (the dashboard shows it)."""
    upcoming = ClosureRepository(session, tenant).upcoming(paris_today(now))
    return upcoming[0] if upcoming else None


def active_for(
    session: Session, tenant: Tenant, assistant_id: uuid.UUID, today: date
) -> Closure | None:
    for closure in ClosureRepository(session, tenant).upcoming(today, assistant_id):
        if closure.starts_on <= today:
            return closure
    return None


# --- the read API: closed days -------------------------------------------------------------


@dataclass(frozen=True)
class ClosedRange:
    start: date
    end: date
    """Included."""
    reason: str
    """French, e.g. « congés : de retour le 5 janvier », « jour férié (Noël) »."""


def closed_ranges(
    session: Session,
    tenant: Tenant,
    assistant_id: uuid.UUID,
    since: date,
    until: date,
) -> list[ClosedRange]:
    """The days in [since, until] when the assistant's business is closed beyond its weekly
    hours: closures (the assistant's and the organisation's, and those in its profile) and
    French public holidays unless it opens on them. Sorted by start."""
    assistant = AssistantReader(session, tenant).get(assistant_id)
    found: list[ClosedRange] = []
    for closure in ClosureRepository(session, tenant).upcoming(since, assistant_id):
        if closure.starts_on <= until:
            found.append(
                ClosedRange(
                    closure.starts_on,
                    closure.ends_on,
                    closure.message or "fermeture exceptionnelle",
                )
            )
    hours = _hours(assistant)
    for item in hours.closures if hours else []:
        end = item.end or item.start
        if end >= since and item.start <= until:
            found.append(ClosedRange(item.start, end, item.reason or "fermeture exceptionnelle"))
    if hours is None or not hours.open_on_public_holidays:
        years = range(since.year, until.year + 1)
        for day, name in sorted(
            holidays.country_holidays("FR", years=years, language="fr").items()
        ):
            if since <= day <= until:
                found.append(ClosedRange(day, day, f"jour férié ({name})"))
    return sorted(found, key=lambda r: (r.start, r.end))


def _hours(assistant: Assistant) -> OpeningHours | None:
    raw = (assistant.profile or {}).get("opening_hours")
    return OpeningHours.model_validate(raw) if raw else None


def hours_with_closures(
    session: Session, tenant: Tenant, assistant: Assistant, hours: OpeningHours, today: date
) -> OpeningHours:
    """`hours` with the closures of this feature added (the hours tool's view)."""
    extra = [
        {"start": c.starts_on, "end": c.ends_on, "reason": (c.message or "")[:200] or None}
        for c in ClosureRepository(session, tenant).upcoming(today, assistant.id)
    ]
    if not extra:
        return hours
    return hours.model_copy(
        update={
            "closures": [
                *hours.closures,
                *(OpeningHours.model_validate({"closures": extra}).closures),
            ]
        }
    )


# --- switching on and off ------------------------------------------------------------------


def _assistants_of(session: Session, tenant: Tenant, closure: Closure) -> list[Assistant]:
    reader = AssistantReader(session, tenant)
    if closure.assistant_id is not None:
        found = reader.find(closure.assistant_id)
        return [found] if found is not None else []
    return list(reader.live())


def _apply(session: Session, tenant: Tenant, assistant: Assistant, today: date) -> bool:
    """Give the assistant's prompt the section of its running closure (or none)."""
    running = active_for(session, tenant, assistant.id, today)
    section = (
        closure_section(running.starts_on, running.ends_on, running.message) if running else None
    )
    prompt = with_closure(assistants.system_prompt(assistant.config), section)
    note = (
        f"Fermeture du {running.starts_on:%d/%m/%Y} au {running.ends_on:%d/%m/%Y}"
        if running
        else "Fin de la fermeture"
    )
    return assistants.apply_system_prompt(session, tenant, assistant, prompt, note)


def _alert(tenant: Tenant, closure: Closure, on: bool) -> OwnerAlert:
    if on:
        title = "Fermeture en cours : votre assistant l'annonce"
        detail = (
            f"Du {date_words(closure.starts_on)} au {date_words(closure.ends_on)}, votre "
            "assistant annonce la fermeture et prend les messages."
        )
    else:
        title = "Fin de la fermeture : votre assistant a repris ses horaires"
        detail = (
            f"La fermeture du {date_words(closure.starts_on)} au {date_words(closure.ends_on)} "
            "est terminée."
        )
    return OwnerAlert(
        organization_id=tenant.organization_id,
        kind="closure_on" if on else "closure_off",
        title=title,
        detail=detail,
        link="/routing/closures",
        dedupe_key=f"closure_{'on' if on else 'off'}:{closure.id}",
    )


def switch_tenant(
    session: Session, tenant: Tenant, now: datetime, hook: OwnerAlertHook = log_owner_alert
) -> int:
    """Switch the organisation's due closures on or off; returns how many."""
    today = paris_today(now)
    due = ClosureRepository(session, tenant).to_switch(today)
    targets: dict[uuid.UUID, Assistant] = {}
    for closure in due:
        on = closure.switched_on_at is None
        if on:
            closure.switched_on_at = now
        else:
            closure.switched_off_at = now
        for assistant in _assistants_of(session, tenant, closure):
            targets[assistant.id] = assistant
        alert = _alert(tenant, closure, on)
        after_commit(session, f"owner-alert:{alert.dedupe_key}", functools.partial(hook, alert))
    session.flush()
    # A running closure's section is also put back where it went missing (an assistant
    # regenerated from its facts during the period): `_apply` changes nothing otherwise.
    for closure in ClosureRepository(session, tenant).running(today):
        for assistant in _assistants_of(session, tenant, closure):
            targets[assistant.id] = assistant
    for assistant in targets.values():
        _apply(session, tenant, assistant, today)
    return len(due)


def switch_due(db: Database, now: datetime, hook: OwnerAlertHook = log_owner_alert) -> int:
    """Every organisation's due closures (the periodic job); one transaction each."""
    with db.unit_of_work() as session:
        org_ids = list(retention_by_organization(session))
    switched = 0
    for org_id in org_ids:
        try:
            with db.unit_of_work(tenant_id=org_id) as session:
                switched += switch_tenant(session, Tenant(org_id), now, hook)
        except Exception:  # one organisation's failure must not stop the others
            log.exception("closure switch failed for organisation %s", org_id)
    return switched
