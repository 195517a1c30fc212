"""Who takes an inbound call: the answer to Vapi's `assistant-request`.

Decided from the number called (ours), the caller's number and the month's budget:
- a number on both lists (two requests raced): refused, with a French message;
- a blocked number: refused (`error`, spoken, then Vapi hangs up);
- a protected number: transferred straight to the owner's line (`destination`), silently;
- a paused assistant, or the budget reached with the automatic pause: transferred to the owner;
- otherwise: the number's assistant (`assistantId`).
Every decision is recorded (`call_screenings`): a refused call is not counted as spend.

Vapi gives the whole decision about 7.5 s and the number's `server.timeoutSeconds` (3 s, see
`phone_numbers.screening`); ours is a few indexed reads and one insert. If we do not answer in
time, Vapi transfers the call to the number's `fallbackDestination` (the owner's line).
"""

from __future__ import annotations

import logging
import uuid
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from allokoli.contracts.vapi_messages import AssistantRequest, AssistantRequestResponse
from allokoli.db.session import Database, bind_tenant
from allokoli.kit.errors import Forbidden, InvalidInput, NotFound
from allokoli.models import (
    AssistantStatus,
    CallScreening,
    NumberKind,
    Organization,
    ScreeningDecision,
)
from allokoli.phone_numbers.screening import owner_line
from allokoli.routing import spend, texts
from allokoli.routing.numbers import caller_key
from allokoli.routing.repository import (
    AssistantReader,
    NumberLookup,
    NumberRuleRepository,
    ScreeningRepository,
    SpendControlRepository,
)
from allokoli.tenancy import Tenant

log = logging.getLogger("allokoli.routing")

#: Our own bound on the decision, well inside Vapi's `timeoutSeconds`: past it the webhook
#: answers 503 at once and Vapi uses the fallback rather than waiting for nothing.
DECISION_DEADLINE_SECONDS = 2.0


@dataclass(frozen=True)
class Decision:
    decision: ScreeningDecision
    reason: str
    response: AssistantRequestResponse


def _to_owner(owner: str, message: str, reason: str) -> Decision:
    return Decision(
        ScreeningDecision.FORWARDED,
        reason,
        AssistantRequestResponse(
            destination={"type": "number", "number": owner, "message": message}
        ),
    )


def _refused(message: str, reason: str) -> Decision:
    return Decision(ScreeningDecision.BLOCKED, reason, AssistantRequestResponse(error=message))


def decide(session: Session, tenant: Tenant, message: AssistantRequest, now: datetime) -> Decision:
    """The decision for one inbound call, recorded in the session's transaction."""
    phone_id = message.named_phone_number_id
    if not phone_id:
        raise InvalidInput("Le message ne nomme pas le numéro appelé.")
    phone = NumberLookup(session, tenant).by_provider_id(phone_id[:64])
    if phone is None:
        raise Forbidden("Ce numéro n'appartient pas à cette organisation.")
    assistant = (
        AssistantReader(session, tenant).find(phone.assistant_id)
        if phone.assistant_id is not None
        else None
    )
    owner = owner_line(assistant.profile if assistant else None)
    customer = message.customer or (message.call.customer if message.call else None)
    caller = caller_key(customer.number if customer else None)
    kinds = NumberRuleRepository(session, tenant).kinds_of(caller) if caller else set()

    if {NumberKind.BLOCKED.value, NumberKind.PROTECTED.value} <= kinds:
        result = _refused(texts.CONFLICT_SPOKEN, "both_lists")
    elif NumberKind.BLOCKED.value in kinds:
        result = _refused(texts.BLOCKED_SPOKEN, "blocked")
    elif NumberKind.PROTECTED.value in kinds and owner:
        result = _to_owner(owner, "", "protected")
    elif assistant is None or not assistant.provider_id:
        result = (
            _to_owner(owner, "", "no_assistant")
            if owner
            else _refused(texts.UNKNOWN_NUMBER_SPOKEN, "no_assistant")
        )
    elif assistant.status == AssistantStatus.PAUSED and owner:
        result = _to_owner(owner, texts.PAUSED_TRANSFER, "paused")
    elif owner and _budget_paused(session, tenant, now):
        result = _to_owner(owner, texts.BUDGET_TRANSFER, "budget")
    else:
        result = Decision(
            ScreeningDecision.ASSISTANT,
            "assistant",
            AssistantRequestResponse(assistant_id=assistant.provider_id),
        )
    ScreeningRepository(session, tenant).add(
        CallScreening(
            provider_call_id=(message.call_id or "")[:64] or None,
            caller_number=caller,
            decision=result.decision.value,
            reason=result.reason,
            created_at=now,
        )
    )
    return result


def _budget_paused(session: Session, tenant: Tenant, now: datetime) -> bool:
    """The pause recorded by the budget check (`spend.check_thresholds`: the periodic job and
    each change of budget), read in one row: no spend estimate on a ringing call."""
    control = SpendControlRepository(session, tenant).current()
    return control is not None and spend.paused_now(control, now)


def organization_of(session: Session, org_key: str) -> uuid.UUID:
    org_id = session.scalar(select(Organization.id).where(Organization.webhook_key == org_key))
    if org_id is None:
        raise NotFound("Point de réception inconnu.")
    return org_id


def answer(db: Database, org_key: str, message: AssistantRequest, now: datetime) -> Decision:
    """The whole decision in one short unit of work (the webhook's thread)."""
    with db.unit_of_work(write=True) as session:
        org_id = organization_of(session, org_key)
        bind_tenant(session, org_id)
        result = decide(session, Tenant(org_id), message, now)
    log.info("assistant-request for %s: %s (%s)", org_id, result.decision, result.reason)
    return result
