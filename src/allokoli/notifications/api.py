"""REST: the notification settings of an assistant, what was sent, the STOP list, the
unanswered questions, and Twilio's inbound SMS (STOP)."""

from __future__ import annotations

import uuid
from typing import Annotated

from fastapi import APIRouter, Query, Request, Response
from sqlalchemy import select
from twilio.request_validator import RequestValidator

from allokoli.http.deps import CurrentPrincipal, DbSession, ServicesDep
from allokoli.kit.errors import NotFound, Unauthorized
from allokoli.kit.schemas import error_responses
from allokoli.models import Organization
from allokoli.notifications import gaps, service
from allokoli.notifications.schemas import (
    Delivery,
    KnowledgeGapAnswer,
    KnowledgeGapOut,
    NotificationPreferences,
    NotificationPreferencesUpdate,
    OptOut,
    OptOutIn,
)
from allokoli.tenancy import Tenant

router = APIRouter(prefix="/api/v1")
twilio_router = APIRouter(tags=["webhooks"])


@router.get(
    "/assistants/{assistant_id}/notifications",
    tags=["notifications"],
    operation_id="notifications-get",
)
def get_notifications(
    assistant_id: uuid.UUID, principal: CurrentPrincipal, session: DbSession
) -> NotificationPreferences:
    """The assistant's notification settings (the defaults until saved)."""
    return service.get_preferences(session, principal, assistant_id)


@router.put(
    "/assistants/{assistant_id}/notifications",
    tags=["notifications"],
    operation_id="notifications-update",
)
def update_notifications(
    assistant_id: uuid.UUID,
    data: NotificationPreferencesUpdate,
    principal: CurrentPrincipal,
    session: DbSession,
) -> NotificationPreferences:
    """Change the assistant's notification settings (only the fields given)."""
    return service.update_preferences(session, principal, assistant_id, data)


@router.get(
    "/notifications/deliveries",
    tags=["notifications"],
    operation_id="notifications-deliveries",
    responses=error_responses(404),
)
def list_deliveries(
    principal: CurrentPrincipal,
    session: DbSession,
    assistant_id: uuid.UUID | None = None,
    limit: Annotated[int, Query(ge=1, le=200)] = 50,
) -> list[Delivery]:
    """The latest e-mails and SMS, sent or not, with their error."""
    rows = service.recent_deliveries(session, principal, assistant_id, limit)
    return [Delivery.model_validate(row) for row in rows]


@router.get("/knowledge-gaps", tags=["knowledge_gaps"], operation_id="knowledge_gaps-list")
def list_gaps(
    principal: CurrentPrincipal, session: DbSession, assistant_id: uuid.UUID | None = None
) -> list[KnowledgeGapOut]:
    """Questions callers asked that the assistant could not answer, most asked first."""
    return [
        KnowledgeGapOut.model_validate(g) for g in gaps.list_gaps(session, principal, assistant_id)
    ]


@router.post(
    "/knowledge-gaps/{gap_id}/answer", tags=["knowledge_gaps"], operation_id="knowledge_gaps-answer"
)
def answer_gap(
    gap_id: uuid.UUID,
    data: KnowledgeGapAnswer,
    principal: CurrentPrincipal,
    session: DbSession,
    services: ServicesDep,
) -> KnowledgeGapOut:
    """Answer a question once: it becomes an FAQ entry and a new assistant version."""
    gap = gaps.answer(session, principal, gap_id, data.answer, services.clock())
    return KnowledgeGapOut.model_validate(gap)


@router.get("/sms-opt-outs", tags=["sms_opt_outs"], operation_id="sms_opt_outs-list")
def list_opt_outs(principal: CurrentPrincipal, session: DbSession) -> list[OptOut]:
    """The numbers that said STOP: no SMS goes to them."""
    return [OptOut.model_validate(row) for row in service.opt_outs(session, principal)]


@router.post(
    "/sms-opt-outs", tags=["sms_opt_outs"], operation_id="sms_opt_outs-create", status_code=201
)
def add_opt_out(data: OptOutIn, principal: CurrentPrincipal, session: DbSession) -> dict[str, str]:
    """Put a number on the STOP list (a caller who asked by another way)."""
    return {"number": service.opt_out(session, principal.tenant, data.number, "owner")}


@router.delete(
    "/sms-opt-outs/{number}",
    tags=["sms_opt_outs"],
    operation_id="sms_opt_outs-delete",
    status_code=204,
)
def remove_opt_out(number: str, principal: CurrentPrincipal, session: DbSession) -> Response:
    """Take a number off the STOP list (only when the person asked for it again)."""
    service.opt_in(session, principal.tenant, number)
    return Response(status_code=204)


@twilio_router.post("/webhooks/twilio/{org_key}/sms", include_in_schema=False)
async def twilio_inbound(
    org_key: str, request: Request, session: DbSession, services: ServicesDep
) -> Response:
    """Twilio's inbound SMS (its signature checked): STOP / START for the STOP list."""
    form = {k: str(v) for k, v in (await request.form()).items()}
    token = services.settings.twilio_auth_token
    signature = request.headers.get("x-twilio-signature", "")
    url = f"{services.settings.public_url.rstrip('/')}{request.url.path}"
    if token is None or not RequestValidator(token.get_secret_value()).validate(
        url, form, signature
    ):
        raise Unauthorized("Signature Twilio invalide.")
    org_id = session.scalar(select(Organization.id).where(Organization.webhook_key == org_key))
    if org_id is None:
        raise NotFound("Point de réception inconnu.")
    done = service.inbound_sms(session, Tenant(org_id), form.get("From", ""), form.get("Body", ""))
    reply = {
        "stop": "Vous ne recevrez plus de SMS de notre part. Répondez START pour les réactiver.",
        "start": "Les SMS sont réactivés.",
    }.get(done or "")
    body = "<Response/>" if reply is None else f"<Response><Message>{reply}</Message></Response>"
    return Response(content=body, media_type="application/xml")
