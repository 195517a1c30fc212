"""The configurator's voice routes: start a voice session, answer its tool calls, push turns."""

from __future__ import annotations

import json
import uuid
from datetime import datetime, timedelta
from typing import Any

from fastapi import APIRouter, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import JSONResponse
from pydantic import BaseModel

from allokoli.configurator import service
from allokoli.configurator.voice_assistant import configurator_assistant
from allokoli.configurator.voice_token import NO_USER, VARIABLE, issue
from allokoli.domain.profile import VoiceGender
from allokoli.http.deps import CurrentPrincipal, DbSession, ServicesDep
from allokoli.kit.errors import AppError, Forbidden
from allokoli.kit.schemas import error_responses

router = APIRouter(tags=["configurator"])

MAX_BODY = 256 * 1024


class VoiceUnavailable(AppError):
    status_code = 409
    default_detail = (
        "La conversation vocale n'est pas disponible : aucune clé publique Vapi n'est configurée."
    )


class VoiceStart(BaseModel):
    """What the page hands to the Web SDK: the public key, the assistant and its overrides."""

    public_key: str | None
    assistant: dict[str, Any]
    assistant_overrides: dict[str, Any]
    expires_at: datetime


@router.post(
    "/api/v1/configurator/sessions/{session_id}/voice",
    operation_id="configurator-voice_start",
    responses=error_responses(403, 404, 409),
)
def voice_start(
    session_id: uuid.UUID, principal: CurrentPrincipal, session: DbSession, services: ServicesDep
) -> VoiceStart:
    """A short-lived token binding a voice call to this conversation, and the assistant to call."""
    conv, _ = service.get(session, principal, session_id)
    if principal.user_id is not None and conv.user_id != principal.user_id:
        raise Forbidden("Cette conversation appartient à un autre compte.")
    if conv.done:
        raise service.SessionFinished()
    settings = services.settings
    token, expires = issue(
        settings.secret_key.get_secret_value(),
        organization_id=principal.organization_id,
        user_id=conv.user_id or NO_USER,
        session_id=conv.id,
        now=services.clock(),
        lifetime=timedelta(seconds=settings.configurator_voice_token_seconds),
    )
    return VoiceStart(
        public_key=settings.vapi_public_key,
        assistant=configurator_assistant(
            settings.public_url, VoiceGender(settings.configurator_voice)
        ),
        assistant_overrides={
            "variableValues": {VARIABLE: token},
            "metadata": {VARIABLE: token},
        },
        expires_at=expires,
    )


@router.post("/webhooks/vapi/configurator", include_in_schema=False)
async def configurator_tool_calls(request: Request, services: ServicesDep) -> JSONResponse:
    """Tool calls of the configurator assistant; each is checked against its session token."""
    raw = await request.body()
    if len(raw) > MAX_BODY:
        return JSONResponse({"error": "PayloadTooLarge"}, status_code=413)
    try:
        body = json.loads(raw)
    except ValueError:
        return JSONResponse({"error": "InvalidPayload", "detail": "JSON invalide."}, 400)
    answer = await run_in_threadpool(services.configurator_voice.handle, body)
    return JSONResponse(answer)
