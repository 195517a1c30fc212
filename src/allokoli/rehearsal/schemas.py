"""The rehearsals' REST contract (also returned by the MCP tool and the SDK)."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any

from pydantic import BaseModel, ConfigDict, Field

from allokoli.rehearsal.runner import DEFAULT_RUNS, MAX_RUNS


class RehearsalIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    runs: int = Field(default=DEFAULT_RUNS, ge=1, le=MAX_RUNS, description="Passages par scénario")


class OverrideIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    reason: str = Field(min_length=3, max_length=500, description="Pourquoi passer outre")


class RehearsalToolCallOut(BaseModel):
    name: str
    arguments: dict[str, Any]


class RehearsalTurnOut(BaseModel):
    caller: str
    reply: str
    tool_calls: list[RehearsalToolCallOut] = Field(default_factory=list)
    transfer_to: str | None = None


class RehearsalRunOut(BaseModel):
    passed: bool
    problems: list[str]
    turns: list[RehearsalTurnOut]


class RehearsalScenarioOut(BaseModel):
    id: str
    kind: str
    title: str
    opening: str
    passed: bool
    pass_rate: float
    problems: list[str]
    judge: dict[str, Any] | None = None
    note: str | None = None
    """For the owner: e.g. the booking was a dry run, nothing was booked."""
    runs: list[RehearsalRunOut]


class RehearsalChangeOut(BaseModel):
    id: str
    title: str
    change: str
    since_version: int


class RehearsalSummary(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: uuid.UUID
    assistant_id: uuid.UUID
    assistant_version: int
    created_at: datetime
    provider: str
    passed: bool
    scenario_count: int
    failed_count: int
    runs_per_scenario: int
    duration_ms: int
    actor: str
    """Who ran it: a user, an API key, or `system:rehearsal` for a new version's job."""
    overridden_at: datetime | None = None
    overridden_by: str | None = None
    override_reason: str | None = None


class RehearsalOut(RehearsalSummary):
    scenarios: list[RehearsalScenarioOut]
    changes: list[RehearsalChangeOut] = Field(
        default_factory=list, description="Ce qui a changé depuis la version précédente"
    )
    blocks_deploy: bool = False


class CallScenarioOut(BaseModel):
    """A real call kept as a regression scenario of its assistant."""

    model_config = ConfigDict(from_attributes=True)

    id: uuid.UUID
    assistant_id: uuid.UUID
    call_id: uuid.UUID | None
    title: str
    lines: list[str]
    created_at: datetime
