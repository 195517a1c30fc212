"""REST: /api/v1/assistants/{id}/rehearsals."""

from __future__ import annotations

import uuid

from fastapi import APIRouter, status

from allokoli.http.deps import CurrentPrincipal, DbSession, ServicesDep
from allokoli.kit.schemas import error_responses
from allokoli.rehearsal import service
from allokoli.rehearsal.judge import judge_from_settings
from allokoli.rehearsal.schemas import (
    CallScenarioOut,
    OverrideIn,
    RehearsalIn,
    RehearsalOut,
    RehearsalSummary,
)

router = APIRouter(prefix="/api/v1/assistants/{assistant_id}/rehearsals", tags=["rehearsals"])
calls_router = APIRouter(prefix="/api/v1/calls", tags=["rehearsals"])


@router.post(
    "",
    operation_id="rehearsals-run",
    status_code=status.HTTP_201_CREATED,
    responses=error_responses(409, 502),
)
def run_rehearsal(
    assistant_id: uuid.UUID,
    body: RehearsalIn,
    principal: CurrentPrincipal,
    session: DbSession,
    services: ServicesDep,
) -> RehearsalOut:
    """Rehearse the assistant's current version on scenarios written from its facts."""
    judge = judge_from_settings(services.settings)
    try:
        found = service.run(
            session,
            principal,
            assistant_id,
            gateway=services.gateway(principal.organization_id),
            settings=services.settings,
            clock=services.clock,
            runs=body.runs,
            judge=judge,
        )
    finally:
        if judge is not None:
            judge.close()
    return service.report(session, principal, found)


@router.get("", operation_id="rehearsals-list")
def list_rehearsals(
    assistant_id: uuid.UUID, principal: CurrentPrincipal, session: DbSession
) -> list[RehearsalSummary]:
    """The assistant's rehearsals, newest first."""
    return [
        RehearsalSummary.model_validate(r)
        for r in service.rehearsals(session, principal, assistant_id)
    ]


@router.get("/{rehearsal_id:uuid}", operation_id="rehearsals-get")
def get_rehearsal(
    assistant_id: uuid.UUID,
    rehearsal_id: uuid.UUID,
    principal: CurrentPrincipal,
    session: DbSession,
) -> RehearsalOut:
    """One rehearsal's report card: scenarios, transcripts, problems, changes."""
    found = service.get(session, principal, assistant_id, rehearsal_id)
    return service.report(session, principal, found)


@router.post("/override", operation_id="rehearsals-override", responses=error_responses(409))
def override_rehearsal(
    assistant_id: uuid.UUID,
    body: OverrideIn,
    principal: CurrentPrincipal,
    session: DbSession,
    services: ServicesDep,
) -> RehearsalOut:
    """Deploy despite the failed rehearsal of this version (recorded in the audit log)."""
    found = service.override(session, principal, assistant_id, body.reason, clock=services.clock)
    return service.report(session, principal, found)


@calls_router.post(
    "/{call_id}/rehearsal-scenario",
    operation_id="rehearsals-scenario_from_call",
    status_code=status.HTTP_201_CREATED,
    responses=error_responses(409),
)
def scenario_from_call(
    call_id: uuid.UUID, principal: CurrentPrincipal, session: DbSession, services: ServicesDep
) -> CallScenarioOut:
    """Keep a real call as a regression scenario: its caller's lines are replayed at every
    rehearsal of its assistant."""
    item = service.scenario_from_call(session, principal, call_id, clock=services.clock)
    return CallScenarioOut.model_validate(item)
