"""The configurator: the guided French interview, turn by turn."""

from __future__ import annotations

import uuid
from typing import Annotated

from mcp.server.mcpserver import Context
from pydantic import Field

from allokoli.configurator import service as configurator
from allokoli.configurator.schemas import MAX_TEXT, SessionReply
from allokoli.mcp.server import runtime
from allokoli.mcp.tools.common import WRITE, Tools


def configurator_start(ctx: Context) -> SessionReply:
    """Start the guided French interview that builds an assistant. Returns the session
    `id` and the configurator's first question (`reply`, French) with suggested answers
    (`chips`). Relay each question to the business owner and pass their answer to
    configurator_reply."""
    with runtime(ctx).unit(ctx) as (session, principal):
        outcome = configurator.begin(session, principal, channel="mcp")
        return configurator.session_reply(outcome)


def configurator_reply(
    ctx: Context,
    session_id: Annotated[uuid.UUID, Field(description="`id` from configurator_start.")],
    text: Annotated[
        str,
        Field(
            max_length=MAX_TEXT,
            description="The owner's answer, in French, as they said it (corrections "
            "like « en fait, une voix masculine » are understood).",
        ),
    ],
) -> SessionReply:
    """Send the owner's answer; returns the next question (`reply`), the profile gathered
    so far and the progress. After the owner confirms the recap, `done` is true and
    `assistant_id` is the created draft assistant."""
    run = runtime(ctx)
    with run.unit(ctx) as (session, principal):
        outcome = configurator.reply(session, principal, session_id, text, llm=run.services.llm)
        return configurator.session_reply(outcome)


TOOLS: Tools = ((configurator_start, WRITE), (configurator_reply, WRITE))
