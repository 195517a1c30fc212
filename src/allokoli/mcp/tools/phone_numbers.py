"""Phone numbers: give a deployed assistant a number, or release it."""

from __future__ import annotations

from typing import Annotated

from mcp.server.mcpserver import Context
from pydantic import Field

from allokoli.mcp.server import runtime
from allokoli.mcp.tools.common import DESTRUCTIVE, PROVIDER, AssistantId, Tools
from allokoli.phone_numbers import service as phone_numbers
from allokoli.phone_numbers.schemas import PhoneNumberOut
from allokoli.phone_numbers.service import phone_out


def provision_phone_number(
    ctx: Context,
    assistant_id: AssistantId,
    contains: Annotated[
        str | None,
        Field(
            default=None,
            pattern=r"^\+?[0-9]{1,8}$",
            description='Digits the number should contain, e.g. "+334" (south-east France).',
        ),
    ] = None,
) -> PhoneNumberOut:
    """Give a deployed (`active`) assistant a phone number: a French Twilio number imported
    into Vapi, or a demo number in sandbox mode. `display` is the French format."""
    run = runtime(ctx)
    with run.unit(ctx) as (session, principal):
        phone = phone_numbers.provision(
            session,
            principal,
            assistant_id,
            gateway=run.services.gateway(principal.organization_id),
            settings=run.services.settings,
            twilio=run.services.twilio(),
            contains=contains,
        )
        return phone_out(phone)


def release_phone_number(ctx: Context, assistant_id: AssistantId) -> PhoneNumberOut:
    """Release the assistant's phone number (on Vapi and Twilio); callers can no longer
    reach the assistant by phone."""
    run = runtime(ctx)
    with run.unit(ctx) as (session, principal):
        phone = phone_numbers.release(
            session,
            principal,
            assistant_id,
            gateway=run.services.gateway(principal.organization_id),
            twilio=run.services.twilio(),
        )
        return phone_out(phone)


TOOLS: Tools = ((provision_phone_number, PROVIDER), (release_phone_number, DESTRUCTIVE))
