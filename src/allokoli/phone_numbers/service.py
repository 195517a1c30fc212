"""Phone numbers: a demo number from the sandbox, or a French Twilio number imported into Vapi.

Nothing is left half-done: a number bought on Twilio whose import into Vapi fails is released at
once; if even the release fails, the number is recorded in status "error" with the reason, so it
is never forgotten (and shows up for the operator).
"""

from __future__ import annotations

import logging
import uuid
from io import BytesIO
from typing import Any

import phonenumbers
import segno
from sqlalchemy.orm import Session

from allokoli.audit import service as audit
from allokoli.auth.principal import Principal
from allokoli.auth.repository import IdentityRepository
from allokoli.auth.webhook_secrets import SECRET_HEADER, webhook_secret, webhook_url
from allokoli.kit.errors import Conflict, InvalidInput, NotFound
from allokoli.models import Assistant, AssistantStatus, PhoneNumber, PhoneNumberStatus
from allokoli.phone_numbers.repository import AssistantLookup, PhoneNumberRepository
from allokoli.phone_numbers.schemas import PhoneNumberOut
from allokoli.phone_numbers.screening import owner_line, screened_route, screening_wanted
from allokoli.providers.twilio import TelephonyError, TwilioGateway
from allokoli.providers.vapi import ProviderError, VapiGateway
from allokoli.settings import Settings

log = logging.getLogger("allokoli.phone_numbers")


def french_display(number: str) -> str:
    """ "+33199001234" → "01 99 00 12 34"; other countries in international format."""
    try:
        parsed = phonenumbers.parse(number, "FR")
    except phonenumbers.NumberParseException:
        return number
    if parsed.country_code == 33:
        return phonenumbers.format_number(parsed, phonenumbers.PhoneNumberFormat.NATIONAL)
    return phonenumbers.format_number(parsed, phonenumbers.PhoneNumberFormat.INTERNATIONAL)


def phone_out(phone: PhoneNumber) -> PhoneNumberOut:
    return PhoneNumberOut(
        id=phone.id,
        number=phone.number,
        display=french_display(phone.number),
        provider=phone.provider,
        is_demo=phone.is_demo,
        status=phone.status,
    )


def qr_svg(number: str) -> str:
    """A QR code of the `tel:` link, as inline SVG."""
    buffer = BytesIO()
    segno.make(f"tel:{number}", error="m").save(
        buffer,
        kind="svg",
        scale=5,
        border=2,
        xmldecl=False,
        svgns=True,
        title=f"Appeler le {french_display(number)}",
    )
    return buffer.getvalue().decode()


class NotDeployed(InvalidInput):
    status_code = 409
    default_detail = "Mettez d'abord l'assistant en service (bouton « Déployer »)."


def provision(
    session: Session,
    principal: Principal,
    assistant_id: uuid.UUID,
    *,
    gateway: VapiGateway,
    settings: Settings,
    twilio: TwilioGateway | None,
    contains: str | None = None,
) -> PhoneNumber:
    assistant = AssistantLookup(session, principal.tenant).get(assistant_id)
    if not assistant.provider_id or assistant.status != AssistantStatus.ACTIVE:
        raise NotDeployed()
    phones = PhoneNumberRepository(session, principal.tenant)
    existing = phones.active_for(assistant.id)
    if existing is not None:
        raise Conflict(f"Cet assistant a déjà le numéro {french_display(existing.number)}.")
    name = assistant.name[:40]
    route = _initial_route(session, principal, settings, assistant)
    if twilio is None:
        if not settings.uses_sandbox:
            raise InvalidInput(
                "Pour obtenir un numéro français, configurez Twilio (ALLOKOLI_TWILIO_ACCOUNT_SID "
                "et ALLOKOLI_TWILIO_AUTH_TOKEN)."
            )
        data = gateway.create_phone_number({"provider": "vapi", "name": name, **route})
        phone = PhoneNumber(
            assistant_id=assistant.id,
            number=str(data["number"]),
            provider="sandbox",
            is_demo=True,
            provider_id=str(data["id"]),
            status=PhoneNumberStatus.ACTIVE.value,
        )
    else:
        bought = twilio.buy_french_number(
            contains=contains, friendly_name=f"AlloKoli {principal.organization_id} {assistant.id}"
        )
        try:
            data = gateway.create_phone_number(
                {
                    "provider": "twilio",
                    "number": bought.number,
                    "twilioAccountSid": twilio.account_sid,
                    "twilioAuthToken": twilio.auth_token,
                    "name": name,
                    **route,
                }
            )
        except ProviderError as exc:
            _undo_purchase(session, phones, twilio, bought.sid, bought.number, assistant.id, exc)
            raise ProviderError(
                f"Le numéro n'a pas pu être relié à Vapi ({exc.detail}) ; il a été libéré, "
                "rien ne vous est facturé. Réessayez dans un instant."
            ) from exc
        phone = PhoneNumber(
            assistant_id=assistant.id,
            number=bought.number,
            provider="twilio",
            twilio_sid=bought.sid,
            provider_id=str(data["id"]),
            status=PhoneNumberStatus.ACTIVE.value,
        )
    phones.add(phone)
    audit.record(
        session,
        principal.tenant,
        actor=principal.actor,
        entity="phone_number",
        entity_id=phone.id,
        action="create",
        details={"number": phone.number},
    )
    return phone


def _initial_route(
    session: Session, principal: Principal, settings: Settings, assistant: Assistant
) -> dict[str, Any]:
    """Where a new number points: the assistant, or, when the organisation screens its calls
    (`screening`), our server with the owner's line as the fallback."""
    owner = owner_line(assistant.profile)
    if owner and screening_wanted(session, principal.tenant):
        org = IdentityRepository(session).organization(principal.organization_id)
        if org is not None:
            server = {
                "url": webhook_url(settings, org),
                "headers": {SECRET_HEADER: webhook_secret(settings, org)},
            }
            route = screened_route(owner, server)
            route.pop("assistantId")  # unset on creation: simply not sent
            return route
    return {"assistantId": assistant.provider_id}


def _undo_purchase(
    session: Session,
    phones: PhoneNumberRepository,
    twilio: TwilioGateway,
    sid: str,
    number: str,
    assistant_id: uuid.UUID,
    cause: ProviderError,
) -> None:
    try:
        twilio.release(sid)
    except TelephonyError as exc:
        log.error("could not release Twilio number %s after a failed import: %s", sid, exc.detail)
        # Keep a record so the number is never forgotten. The request's transaction will roll
        # back with the error, so write it in a transaction of its own.
        with Session(bind=session.get_bind()) as own, own.begin():
            PhoneNumberRepository(own, phones.tenant).add(
                PhoneNumber(
                    assistant_id=assistant_id,
                    number=number,
                    provider="twilio",
                    twilio_sid=sid,
                    status=PhoneNumberStatus.ERROR.value,
                    status_reason=f"Import Vapi impossible ({cause.detail}) et libération Twilio "
                    f"impossible ({exc.detail}) : à libérer.",
                )
            )


def release(
    session: Session,
    principal: Principal,
    assistant_id: uuid.UUID,
    *,
    gateway: VapiGateway,
    twilio: TwilioGateway | None,
) -> PhoneNumber:
    AssistantLookup(session, principal.tenant).get(assistant_id)
    phone = PhoneNumberRepository(session, principal.tenant).active_for(assistant_id)
    if phone is None:
        raise NotFound("Cet assistant n'a pas de numéro de téléphone.")
    if phone.provider_id:
        gateway.delete_phone_number(phone.provider_id)
    if phone.twilio_sid:
        if twilio is None:
            raise InvalidInput("Twilio n'est pas configuré : impossible de libérer ce numéro.")
        twilio.release(phone.twilio_sid)
    phone.status = PhoneNumberStatus.RELEASED.value
    audit.record(
        session,
        principal.tenant,
        actor=principal.actor,
        entity="phone_number",
        entity_id=phone.id,
        action="delete",
        details={"number": phone.number},
    )
    return phone
