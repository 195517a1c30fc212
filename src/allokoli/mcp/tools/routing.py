"""Call routing: protected and blocked caller numbers, closures, the monthly budget."""

from __future__ import annotations

import uuid
from typing import Annotated

from mcp.server.mcpserver import Context
from pydantic import Field

from allokoli.mcp.server import runtime
from allokoli.mcp.tools.common import READ, WRITE, Tools
from allokoli.models import NumberKind
from allokoli.routing import closures, numbers, spend
from allokoli.routing.schemas import (
    BudgetOut,
    ClosureList,
    ClosureOut,
    NumberRuleList,
    NumberRuleOut,
    budget_out,
    closure_out,
    rule_out,
)

Kind = Annotated[
    NumberKind,
    Field(description='"protected": always forwarded to the owner; "blocked": refused.'),
]


def list_listed_numbers(
    ctx: Context,
    kind: Annotated[NumberKind | None, Field(default=None, description="Only this list.")] = None,
) -> NumberRuleList:
    """The organisation's protected numbers (family, VIP: their calls never reach the
    assistant, they are forwarded straight to the owner's line) and blocked numbers (refused
    before the assistant answers, not counted in the budget), newest first."""
    run = runtime(ctx)
    with run.unit(ctx) as (session, principal):
        rules = numbers.page(session, principal, kind, 500, 0)
        return NumberRuleList(items=[rule_out(r) for r in rules])


def add_listed_number(
    ctx: Context,
    number: Annotated[str, Field(max_length=40, description="French or E.164: 06 12 34 56 78.")],
    kind: Kind,
    label: Annotated[
        str | None, Field(default=None, max_length=80, description="« Maman », « Client VIP ».")
    ] = None,
) -> NumberRuleOut:
    """Protect or block a caller number. A number cannot be on both lists (a French error says
    so); adding a number already on the list returns it. Takes effect from the next call."""
    run = runtime(ctx)
    with run.unit(ctx) as (session, principal):
        return rule_out(numbers.add(session, principal, number, kind, label))


def remove_listed_number(ctx: Context, rule_id: uuid.UUID) -> NumberRuleOut:
    """Take a number off its list (protected or blocked), by the `id` that
    `list_listed_numbers` gives; its calls then reach the assistant again."""
    run = runtime(ctx)
    with run.unit(ctx) as (session, principal):
        return rule_out(numbers.remove(session, principal, rule_id))


def list_closures(ctx: Context) -> ClosureList:
    """The « Fermeture exceptionnelle / congés » periods: during each, the assistants say the
    business is closed, answer « fermé » about hours and take messages. `active`: said now."""
    run = runtime(ctx)
    with run.unit(ctx) as (session, principal):
        return ClosureList(items=[closure_out(c) for c in closures.listing(session, principal)])


def add_closure(
    ctx: Context,
    starts_on: Annotated[str, Field(max_length=20, description="First day: 2026-12-24.")],
    ends_on: Annotated[str, Field(max_length=20, description="Last day, included.")],
    message: Annotated[
        str | None, Field(default=None, max_length=500, description="Said to callers (French).")
    ] = None,
    assistant_id: Annotated[
        uuid.UUID | None, Field(default=None, description="Only this assistant; none: all.")
    ] = None,
) -> ClosureOut:
    """Add a closure. The assistants switch to it by themselves on its first day (a new version
    is deployed) and back the day after its last."""
    run = runtime(ctx)
    with run.unit(ctx) as (session, principal):
        closure = closures.create(
            session,
            principal,
            starts_on=starts_on,
            ends_on=ends_on,
            message=message,
            assistant_id=assistant_id,
            now=run.services.clock(),
            hook=run.services.owner_alert_hook,
        )
        return closure_out(closure)


def delete_closure(ctx: Context, closure_id: uuid.UUID) -> ClosureOut:
    """Delete a closure by the `id` that `list_closures` gives; a running one stops at once
    (the assistants concerned get a new version without it and are redeployed)."""
    run = runtime(ctx)
    with run.unit(ctx) as (session, principal):
        closure = closures.delete(
            session,
            principal,
            closure_id,
            now=run.services.clock(),
            hook=run.services.owner_alert_hook,
        )
        return closure_out(closure)


def get_budget(ctx: Context) -> BudgetOut:
    """The monthly budget in € and the month's estimated spend (minutes × the price list),
    with the percentage used and whether calls are paused (forwarded to the owner)."""
    run = runtime(ctx)
    with run.unit(ctx) as (session, principal):
        return budget_out(spend.month_spend(session, principal.tenant, run.services.clock()))


def set_budget(
    ctx: Context,
    monthly_budget_eur: Annotated[
        float | None, Field(default=None, gt=0, le=100_000, description="None: no budget.")
    ] = None,
    auto_pause: Annotated[
        bool, Field(default=False, description="At 100 %, forward calls to the owner.")
    ] = False,
) -> BudgetOut:
    """Set the monthly budget; the owner is alerted at 80 % and 100 %. With `auto_pause`,
    calls are forwarded to the owner's line at 100 % (never dropped) until the month ends."""
    run = runtime(ctx)
    with run.unit(ctx) as (session, principal):
        spend.set_budget(
            session,
            principal,
            monthly_budget_eur,
            auto_pause,
            now=run.services.clock(),
            hook=run.services.owner_alert_hook,
        )
        return budget_out(spend.month_spend(session, principal.tenant, run.services.clock()))


TOOLS: Tools = (
    (list_listed_numbers, READ),
    (add_listed_number, WRITE),
    (remove_listed_number, WRITE),
    (list_closures, READ),
    (add_closure, WRITE),
    (delete_closure, WRITE),
    (get_budget, READ),
    (set_budget, WRITE),
)
