"""The dress rehearsal: rehearse an assistant on scenarios written from its facts."""

from __future__ import annotations

from typing import Annotated

from mcp.server.mcpserver import Context
from pydantic import Field

from allokoli.mcp.server import runtime
from allokoli.mcp.tools.common import PROVIDER, AssistantId, Tools
from allokoli.rehearsal import service as rehearsals
from allokoli.rehearsal.judge import judge_from_settings
from allokoli.rehearsal.runner import DEFAULT_RUNS, MAX_RUNS
from allokoli.rehearsal.schemas import RehearsalOut


def rehearse_assistant(
    ctx: Context,
    assistant_id: AssistantId,
    runs: Annotated[
        int,
        Field(
            default=DEFAULT_RUNS,
            ge=1,
            le=MAX_RUNS,
            description="How many times each scenario is played (pass rate over the runs).",
        ),
    ] = DEFAULT_RUNS,
) -> RehearsalOut:
    """Dress-rehearse an assistant before it goes live: at least 8 French caller scenarios
    written from its own facts (hours on a weekday and a public holiday, a price, an unknown
    question, an urgent call, a booking, a callback number dictated in pairs, « vous êtes un
    robot ? », a rude caller, a medical emergency for health trades), each played `runs` times
    through the provider's chat. Returns the report card: `passed`, each scenario's pass rate,
    the transcripts and the problems in plain French, and what changed since the previous
    version. A failed rehearsal blocks deploy_assistant until the owner overrides it."""
    run = runtime(ctx)
    judge = judge_from_settings(run.services.settings)
    try:
        with run.unit(ctx) as (session, principal):
            found = rehearsals.run(
                session,
                principal,
                assistant_id,
                gateway=run.services.gateway(principal.organization_id),
                settings=run.services.settings,
                clock=run.services.clock,
                runs=runs,
                judge=judge,
            )
            return rehearsals.report(session, principal, found)
    finally:
        if judge is not None:
            judge.close()


TOOLS: Tools = ((rehearse_assistant, PROVIDER),)
