"""Notifications after calls, and the questions the assistant could not answer."""

from __future__ import annotations

import uuid
from typing import Annotated

from mcp.server.mcpserver import Context
from pydantic import Field

from allokoli.mcp.server import runtime
from allokoli.mcp.tools.common import READ, WRITE, Tools
from allokoli.notifications import gaps, service
from allokoli.notifications.schemas import (
    KnowledgeGapOut,
    NotificationPreferences,
    NotificationPreferencesUpdate,
)

AssistantId = Annotated[uuid.UUID, Field(description="`id` from list_assistants.")]


def get_notification_settings(ctx: Context, assistant_id: AssistantId) -> NotificationPreferences:
    """Who is told about the assistant's calls, how (e-mail, SMS), for which calls (all,
    messages and urgent, urgent only, none), SMS quiet hours (Paris), daily digest, caller's
    confirmation SMS. The defaults until saved (nothing is sent before)."""
    with runtime(ctx).unit(ctx) as (session, principal):
        return service.get_preferences(session, principal, assistant_id)


def update_notification_settings(
    ctx: Context, assistant_id: AssistantId, settings: NotificationPreferencesUpdate
) -> NotificationPreferences:
    """Change the notification settings (only the fields given). Invalid e-mail addresses or
    mobile numbers are refused with a French message naming them; nothing is saved then."""
    with runtime(ctx).unit(ctx) as (session, principal):
        return service.update_preferences(session, principal, assistant_id, settings)


def list_unanswered_questions(
    ctx: Context,
    assistant_id: Annotated[
        uuid.UUID | None, Field(default=None, description="Only this assistant's questions.")
    ] = None,
) -> list[KnowledgeGapOut]:
    """« Questions sans réponse »: what callers asked that the assistant could not answer,
    similar wordings grouped, most asked first, with how often and whether answered."""
    with runtime(ctx).unit(ctx) as (session, principal):
        found = gaps.list_gaps(session, principal, assistant_id)
        return [KnowledgeGapOut.model_validate(g) for g in found]


def answer_question(
    ctx: Context,
    question_id: Annotated[uuid.UUID, Field(description="`id` from list_unanswered_questions.")],
    answer: Annotated[str, Field(min_length=1, max_length=1000, description="In French.")],
) -> KnowledgeGapOut:
    """Answer a question once: it becomes an FAQ entry of the assistant's profile and a new
    version, pushed to callers at once when the assistant is live."""
    rt = runtime(ctx)
    with rt.unit(ctx) as (session, principal):
        gap = gaps.answer(session, principal, question_id, answer, rt.services.clock())
        return KnowledgeGapOut.model_validate(gap)


TOOLS: Tools = (
    (get_notification_settings, READ),
    (update_notification_settings, WRITE),
    (list_unanswered_questions, READ),
    (answer_question, WRITE),
)
