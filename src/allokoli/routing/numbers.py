"""Protected and blocked caller numbers: the owner's two lists.

A number is stored in E.164 (parsed as French when it has no country code), so « 06 12 34 56
78 », « +33612345678 » and « 0033 6 12 34 56 78 » are one number. A number is on one list at
most: adding it to the other is refused with a French message (the call decision still refuses
a number found on both, should two requests race)."""

from __future__ import annotations

import uuid
from collections.abc import Sequence

import phonenumbers
from sqlalchemy.orm import Session

from allokoli.audit import service as audit
from allokoli.auth.principal import Principal
from allokoli.deploy import outbox
from allokoli.kit.errors import Conflict, InvalidInput
from allokoli.models import NumberKind, NumberRule
from allokoli.phone_numbers.screening import screening_wanted
from allokoli.phone_numbers.service import french_display
from allokoli.routing import texts
from allokoli.routing.repository import (
    CallReader,
    NumberLookup,
    NumberRuleRepository,
)
from allokoli.tenancy import Tenant


def normalize(raw: str) -> str:
    """E.164 of a number as the owner types it, or InvalidInput in French."""
    text = (raw or "").strip()
    if not text:
        raise InvalidInput(texts.EMPTY_NUMBER)
    if text.startswith("00"):
        text = "+" + text[2:]
    try:
        parsed = phonenumbers.parse(text, "FR")
    except phonenumbers.NumberParseException:
        raise InvalidInput(texts.INVALID_NUMBER.format(raw=raw.strip()[:40])) from None
    if not phonenumbers.is_valid_number(parsed):
        raise InvalidInput(texts.INVALID_NUMBER.format(raw=raw.strip()[:40]))
    return phonenumbers.format_number(parsed, phonenumbers.PhoneNumberFormat.E164)


def caller_key(raw: str | None) -> str | None:
    """The E.164 form of a caller id as Vapi sends it, None when hidden or unreadable (a hidden
    number is on no list)."""
    if not raw:
        return None
    try:
        return normalize(raw)
    except InvalidInput:
        return None


def reroute_numbers(session: Session, tenant: Tenant) -> None:
    """Point every active number of the organisation where it must go now (outbox)."""
    for phone in NumberLookup(session, tenant).active():
        if phone.assistant_id is not None:
            outbox.enqueue(
                session, tenant, outbox.RoutePhoneNumber(assistant_id=phone.assistant_id)
            )


def add(
    session: Session,
    principal: Principal,
    number: str,
    kind: NumberKind,
    label: str | None = None,
) -> NumberRule:
    """Put `number` on a list (already there: the existing entry, its label updated)."""
    e164 = normalize(number)
    label = (label or "").strip() or None
    if label is not None and len(label) > 80:
        raise InvalidInput(texts.LABEL_TOO_LONG)
    rules = NumberRuleRepository(session, principal.tenant)
    other = NumberKind.BLOCKED if kind is NumberKind.PROTECTED else NumberKind.PROTECTED
    if rules.on(e164, other.value) is not None:
        raise Conflict(
            texts.ON_OTHER_LIST.format(
                display=french_display(e164),
                other=texts.KIND_LABELS[other.value],
                wanted=texts.KIND_LABELS[kind.value],
            )
        )
    existing = rules.on(e164, kind.value)
    if existing is not None:
        if label is not None:
            existing.label = label
        return existing
    was_screening = screening_wanted(session, principal.tenant)
    rule = rules.add(NumberRule(number=e164, kind=kind.value, label=label))
    audit.record(
        session,
        principal.tenant,
        actor=principal.actor,
        entity="number_rule",
        entity_id=rule.id,
        action="create",
        details={"number": e164, "kind": kind.value},
    )
    if not was_screening:
        reroute_numbers(session, principal.tenant)
    return rule


def add_caller_of_call(
    session: Session, principal: Principal, call_id: uuid.UUID, kind: NumberKind
) -> NumberRule:
    """« Bloquer ce numéro » / « Toujours me transférer ce numéro » from a call."""
    caller = caller_of_call(session, principal, call_id)
    if caller is None:
        raise InvalidInput(texts.HIDDEN_CALLER)
    return add(session, principal, caller, kind)


def caller_of_call(session: Session, principal: Principal, call_id: uuid.UUID) -> str | None:
    """The number that made a call (NotFound for a call not of this tenant; None: hidden)."""
    call = CallReader(session, principal.tenant).get(call_id)
    return call.caller_number if caller_key(call.caller_number) is not None else None


def remove(session: Session, principal: Principal, rule_id: uuid.UUID) -> NumberRule:
    rules = NumberRuleRepository(session, principal.tenant)
    rule = rules.get(rule_id)
    rules.delete(rule)
    audit.record(
        session,
        principal.tenant,
        actor=principal.actor,
        entity="number_rule",
        entity_id=rule.id,
        action="delete",
        details={"number": rule.number, "kind": rule.kind},
    )
    if not screening_wanted(session, principal.tenant):
        reroute_numbers(session, principal.tenant)
    return rule


def get(session: Session, principal: Principal, rule_id: uuid.UUID) -> NumberRule:
    return NumberRuleRepository(session, principal.tenant).get(rule_id)


def page(
    session: Session,
    principal: Principal,
    kind: NumberKind | None = None,
    limit: int = 100,
    offset: int = 0,
) -> Sequence[NumberRule]:
    return NumberRuleRepository(session, principal.tenant).page(
        kind.value if kind else None, limit, offset
    )


def kinds_of_caller(session: Session, principal: Principal, raw: str | None) -> set[str]:
    """The lists a caller id is on (for the call page's buttons)."""
    key = caller_key(raw)
    if key is None:
        return set()
    return NumberRuleRepository(session, principal.tenant).kinds_of(key)
