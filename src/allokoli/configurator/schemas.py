"""The configurator's read and write models, shared by the API and the MCP tools."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any

from pydantic import BaseModel, Field

MAX_TEXT = 4000
"""The longest answer the configurator reads (longer ones are cut)."""


class TurnIn(BaseModel):
    text: str = Field(max_length=MAX_TEXT, description="The owner's answer, in French.")


class SessionReply(BaseModel):
    id: uuid.UUID
    reply: str
    done: bool
    profile: dict[str, Any]
    progress: int
    stage: str
    chips: list[str]
    recap: str | None
    asked: str | None
    assistant_id: uuid.UUID | None


class TurnOut(BaseModel):
    role: str
    text: str
    created_at: datetime


class SessionDetail(BaseModel):
    id: uuid.UUID
    done: bool
    stage: str
    progress: int
    profile: dict[str, Any]
    assistant_id: uuid.UUID | None
    created_at: datetime
    updated_at: datetime
    transcript: list[TurnOut]


class SessionSummary(BaseModel):
    id: uuid.UUID
    company_name: str | None
    stage: str
    progress: int
    updated_at: datetime
