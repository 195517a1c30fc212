"""Whether an organisation's inbound calls are screened by us before the assistant answers.

Screened numbers have no `assistantId` at Vapi: each inbound call sends `assistant-request` to
our webhook (`server`, with a short `timeoutSeconds`), and we answer with the assistant, a
transfer `destination` (protected number, pause) or an `error` (blocked number). If we do not
answer in time, Vapi transfers the call to the number's `fallbackDestination`, the owner's own
line: a call is never dropped. So a number is screened only when the owner's line is known.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from allokoli.models import NumberRule, SpendControl
from allokoli.tenancy import Tenant

#: Vapi's `server.timeoutSeconds` for `assistant-request` on a screened number (its minimum is
#: 1; Vapi's whole budget for the decision is about 7.5 s). Our decision takes milliseconds; a
#: server that has not answered in 3 s is not going to, and the fallback then answers the call.
SCREENING_TIMEOUT_SECONDS = 3


def screening_wanted(session: Session, tenant: Tenant) -> bool:
    """The owner has listed numbers, or asked for the automatic pause at 100 % of budget."""
    org = tenant.organization_id
    listed = session.scalar(select(NumberRule.id).where(NumberRule.organization_id == org).limit(1))
    if listed is not None:
        return True
    control = session.scalar(select(SpendControl).where(SpendControl.organization_id == org))
    return bool(control and control.auto_pause and control.monthly_budget_eur)


def owner_line(profile: dict[str, Any] | None) -> str | None:
    """The owner's own line, where protected and paused calls go (transfer number, else the
    business's phone)."""
    profile = profile or {}
    number = profile.get("transfer_number") or profile.get("business_phone")
    return str(number) if number else None


def screened_route(owner: str, server: dict[str, Any]) -> dict[str, Any]:
    """The phone number's PATCH body for screening: no assistant (so Vapi asks us), our server,
    and the owner's line as the fallback when we cannot answer."""
    return {
        "assistantId": None,
        "server": {**server, "timeoutSeconds": SCREENING_TIMEOUT_SECONDS},
        "fallbackDestination": {"type": "number", "number": owner, "message": ""},
    }
