"""REST: the protected / blocked number lists, closures and the monthly budget."""

from __future__ import annotations

import uuid

from fastapi import APIRouter, Query, status

from allokoli.http.deps import CurrentPrincipal, DbSession, ServicesDep
from allokoli.kit.schemas import error_responses
from allokoli.models import NumberKind
from allokoli.routing import closures, numbers, spend
from allokoli.routing.schemas import (
    BudgetIn,
    BudgetOut,
    CallerRuleCreate,
    ClosureCreate,
    ClosureOut,
    NumberRuleCreate,
    NumberRuleOut,
    budget_out,
    closure_out,
    rule_out,
)

router = APIRouter(prefix="/api/v1", tags=["routing"])


@router.get("/numbers", operation_id="routing-list_numbers")
def list_numbers(
    principal: CurrentPrincipal,
    session: DbSession,
    kind: NumberKind | None = None,
    limit: int = Query(default=100, ge=1, le=500),
    offset: int = Query(default=0, ge=0),
) -> list[NumberRuleOut]:
    """Protected and blocked caller numbers, newest first."""
    return [rule_out(r) for r in numbers.page(session, principal, kind, limit, offset)]


@router.post(
    "/numbers",
    status_code=status.HTTP_201_CREATED,
    operation_id="routing-add_number",
    responses=error_responses(400, 409),
)
def add_number(
    body: NumberRuleCreate, principal: CurrentPrincipal, session: DbSession
) -> NumberRuleOut:
    """Protect (always forwarded to you) or block a caller number."""
    return rule_out(numbers.add(session, principal, body.number, body.kind, body.label))


@router.get("/numbers/{rule_id}", operation_id="routing-get_number", responses=error_responses(404))
def get_number(
    rule_id: uuid.UUID, principal: CurrentPrincipal, session: DbSession
) -> NumberRuleOut:
    """One listed number."""
    return rule_out(numbers.get(session, principal, rule_id))


@router.delete(
    "/numbers/{rule_id}", operation_id="routing-remove_number", responses=error_responses(404)
)
def remove_number(
    rule_id: uuid.UUID, principal: CurrentPrincipal, session: DbSession
) -> NumberRuleOut:
    """Take a number off its list."""
    return rule_out(numbers.remove(session, principal, rule_id))


@router.post(
    "/calls/{call_id}/caller-rule",
    status_code=status.HTTP_201_CREATED,
    operation_id="routing-add_caller_of_call",
    responses=error_responses(400, 404, 409),
)
def add_caller_of_call(
    call_id: uuid.UUID, body: CallerRuleCreate, principal: CurrentPrincipal, session: DbSession
) -> NumberRuleOut:
    """Block or protect the number that made a call."""
    return rule_out(numbers.add_caller_of_call(session, principal, call_id, body.kind))


@router.get("/closures", operation_id="routing-list_closures")
def list_closures(principal: CurrentPrincipal, session: DbSession) -> list[ClosureOut]:
    """Closures (« Fermeture exceptionnelle / congés »), latest first."""
    return [closure_out(c) for c in closures.listing(session, principal)]


@router.post(
    "/closures",
    status_code=status.HTTP_201_CREATED,
    operation_id="routing-create_closure",
    responses=error_responses(400, 404),
)
def create_closure(
    body: ClosureCreate, principal: CurrentPrincipal, session: DbSession, services: ServicesDep
) -> ClosureOut:
    """Add a closure; the assistants say it from its first day, by themselves."""
    closure = closures.create(
        session,
        principal,
        starts_on=body.starts_on,
        ends_on=body.ends_on,
        message=body.message,
        assistant_id=body.assistant_id,
        now=services.clock(),
        hook=services.alert_owner,
    )
    return closure_out(closure)


@router.get(
    "/closures/{closure_id}", operation_id="routing-get_closure", responses=error_responses(404)
)
def get_closure(
    closure_id: uuid.UUID, principal: CurrentPrincipal, session: DbSession
) -> ClosureOut:
    """One closure."""
    return closure_out(closures.get(session, principal, closure_id))


@router.delete(
    "/closures/{closure_id}", operation_id="routing-delete_closure", responses=error_responses(404)
)
def delete_closure(
    closure_id: uuid.UUID, principal: CurrentPrincipal, session: DbSession, services: ServicesDep
) -> ClosureOut:
    """Delete a closure (a running one stops at once)."""
    closure = closures.delete(
        session, principal, closure_id, now=services.clock(), hook=services.alert_owner
    )
    return closure_out(closure)


@router.get("/budget", operation_id="routing-get_budget")
def get_budget(principal: CurrentPrincipal, session: DbSession, services: ServicesDep) -> BudgetOut:
    """The monthly budget and the month's estimated spend."""
    return budget_out(spend.month_spend(session, principal.tenant, services.clock()))


@router.put("/budget", operation_id="routing-set_budget", responses=error_responses(400))
def set_budget(
    body: BudgetIn, principal: CurrentPrincipal, session: DbSession, services: ServicesDep
) -> BudgetOut:
    """Set the monthly budget (null: none) and the automatic pause at 100 %."""
    spend.set_budget(
        session,
        principal,
        body.monthly_budget_eur,
        body.auto_pause,
        now=services.clock(),
        hook=services.alert_owner,
    )
    return budget_out(spend.month_spend(session, principal.tenant, services.clock()))
