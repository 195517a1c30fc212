from __future__ import annotations

import uuid
from datetime import date, datetime

from pydantic import BaseModel, ConfigDict, Field

from allokoli.models import Closure, NumberKind, NumberRule
from allokoli.phone_numbers.service import french_display
from allokoli.routing.spend import SpendStatus


class NumberRuleCreate(BaseModel):
    number: str = Field(max_length=40, description="As typed: 06 12 34 56 78, +33 6 12 34 56 78…")
    kind: NumberKind
    label: str | None = Field(
        default=None, max_length=200, description="« Maman », « Client VIP »…"
    )


class NumberRuleOut(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: uuid.UUID
    number: str
    """E.164."""
    display: str
    kind: NumberKind
    label: str | None
    created_at: datetime


class CallerRuleCreate(BaseModel):
    kind: NumberKind


class ClosureCreate(BaseModel):
    starts_on: str = Field(max_length=20, description="2026-12-24 or 24/12/2026.")
    ends_on: str = Field(max_length=20, description="Included.")
    message: str | None = Field(default=None, max_length=2000)
    assistant_id: uuid.UUID | None = Field(
        default=None, description="None: every assistant of the organisation."
    )


class ClosureOut(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: uuid.UUID
    assistant_id: uuid.UUID | None
    starts_on: date
    ends_on: date
    message: str | None
    active: bool
    """The assistants are saying it now."""


class BudgetIn(BaseModel):
    monthly_budget_eur: float | None = Field(
        default=None, description="None: no budget.", allow_inf_nan=False
    )
    auto_pause: bool = False


class BudgetOut(BaseModel):
    month: str
    monthly_budget_eur: float | None
    auto_pause: bool
    spent_eur: float
    minutes: float
    percent: int | None
    paused: bool
    """Calls go to the owner's line instead of the assistant (budget reached, pause on)."""


class NumberRuleList(BaseModel):
    items: list[NumberRuleOut]


class ClosureList(BaseModel):
    items: list[ClosureOut]


def rule_out(rule: NumberRule) -> NumberRuleOut:
    return NumberRuleOut(
        id=rule.id,
        number=rule.number,
        display=french_display(rule.number),
        kind=NumberKind(rule.kind),
        label=rule.label,
        created_at=rule.created_at,
    )


def closure_out(closure: Closure) -> ClosureOut:
    return ClosureOut(
        id=closure.id,
        assistant_id=closure.assistant_id,
        starts_on=closure.starts_on,
        ends_on=closure.ends_on,
        message=closure.message,
        active=closure.switched_on_at is not None and closure.switched_off_at is None,
    )


def budget_out(status_: SpendStatus) -> BudgetOut:
    return BudgetOut(
        month=status_.month,
        monthly_budget_eur=status_.budget_eur,
        auto_pause=status_.auto_pause,
        spent_eur=status_.spent_eur,
        minutes=status_.minutes,
        percent=status_.percent,
        paused=status_.paused,
    )
