from __future__ import annotations

import uuid
from typing import Annotated

from fastapi import APIRouter, Body, status
from pydantic import BaseModel, Field

from allokoli.http.deps import CurrentPrincipal, DbSession, ServicesDep
from allokoli.kit.schemas import error_responses
from allokoli.phone_numbers import service
from allokoli.phone_numbers.schemas import PhoneNumberOut
from allokoli.phone_numbers.service import phone_out

router = APIRouter(prefix="/api/v1/assistants", tags=["phone_numbers"])


class ProvisionIn(BaseModel):
    contains: str | None = Field(
        default=None,
        pattern=r"^\+?[0-9]{1,8}$",
        description='Digits the number should contain, e.g. "+334" for the south-east.',
    )


@router.post(
    "/{assistant_id}/phone-number",
    status_code=status.HTTP_201_CREATED,
    operation_id="phone_numbers-provision",
    responses=error_responses(409, 502),
)
def provision_phone_number(
    assistant_id: uuid.UUID,
    principal: CurrentPrincipal,
    session: DbSession,
    services: ServicesDep,
    body: Annotated[ProvisionIn | None, Body()] = None,
) -> PhoneNumberOut:
    """Give a deployed assistant a phone number (a demo number in sandbox mode)."""
    phone = service.provision(
        session,
        principal,
        assistant_id,
        gateway=services.gateway(principal.organization_id),
        settings=services.settings,
        twilio=services.twilio(),
        contains=body.contains if body else None,
    )
    return phone_out(phone)


@router.delete(
    "/{assistant_id}/phone-number",
    operation_id="phone_numbers-release",
    responses=error_responses(502),
)
def release_phone_number(
    assistant_id: uuid.UUID, principal: CurrentPrincipal, session: DbSession, services: ServicesDep
) -> PhoneNumberOut:
    """Release the assistant's phone number (on Vapi and Twilio)."""
    phone = service.release(
        session,
        principal,
        assistant_id,
        gateway=services.gateway(principal.organization_id),
        twilio=services.twilio(),
    )
    return phone_out(phone)
