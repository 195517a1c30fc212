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

from allokoli.auth.webhook_secrets import (
    SECRET_HEADER,
    configurator_session_secret,
    configurator_webhook_secret,
)
from allokoli.configurator import service
from allokoli.configurator.voice import session_token
from allokoli.configurator.voice_assistant import configurator_assistant
from allokoli.configurator.voice_token import NO_USER, VARIABLE, issue
from allokoli.domain.profile import VoiceGender
from allokoli.http.deps import CurrentPrincipal, DbSession, ServicesDep
from allokoli.kit.errors import AppError, Forbidden
from allokoli.kit.schemas import error_responses
from allokoli.kit.security import same
from allokoli.settings import Settings

router = APIRouter(tags=["configurator"])

MAX_BODY = 256 * 1024


class VoiceUnavailable(AppError):
    status_code = 409
    default_detail = (
        "La conversation vocale n'est pas disponible : aucune clé publique Vapi n'est configurée."
    )


class VoiceStart(BaseModel):
    """What the page hands to the Web SDK: the public key, the assistant and its overrides.

    `assistant_id`: the installation's deployed configurator assistant, when it is up to date;
    otherwise (its deploy is pending, or sandbox mode) `assistant` is its config inline."""

    public_key: str | None
    assistant_id: str | None = None
    assistant: dict[str, Any] | None = None
    assistant_overrides: dict[str, Any]
    expires_at: datetime


class WebhookRefused(AppError):
    status_code = 401
    default_detail = "Requête refusée : identifiant du webhook du configurateur absent ou faux."


def _credential(headers: Any) -> str | None:
    """The credential Vapi sends from the assistant's `server.headers` (`X-Vapi-Secret`, or a
    bearer token)."""
    shared = headers.get("x-vapi-secret")
    if shared is not None:
        return str(shared)
    auth = str(headers.get("authorization", ""))
    return auth[7:].strip() if auth.lower().startswith("bearer ") else None


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
    overrides = {"variableValues": {VARIABLE: token}, "metadata": {VARIABLE: token}}
    deployed = services.configurator_deployer.state(session)
    if deployed is not None and deployed.current:
        return VoiceStart(
            public_key=settings.vapi_public_key,
            assistant_id=deployed.provider_id,
            assistant_overrides=overrides,
            expires_at=expires,
        )
    # Pending (or sandbox mode): inline, with this session's own webhook secret, never the
    # installation's (the browser sees this config).
    headers = {SECRET_HEADER: configurator_session_secret(settings, token)}
    return VoiceStart(
        public_key=settings.vapi_public_key,
        assistant=configurator_assistant(
            settings.public_url, VoiceGender(settings.configurator_voice), headers
        ),
        assistant_overrides=overrides,
        expires_at=expires,
    )


@router.post("/webhooks/vapi/configurator", include_in_schema=False)
async def configurator_tool_calls(request: Request, services: ServicesDep) -> JSONResponse:
    """Tool calls of the configurator assistant: refused (401) without the webhook credential
    of its `server.headers`; then each is checked against its session token."""
    raw = await request.body()
    if len(raw) > MAX_BODY:
        return JSONResponse({"error": "PayloadTooLarge"}, status_code=413)
    try:
        body = json.loads(raw)
    except ValueError:
        return JSONResponse({"error": "InvalidPayload", "detail": "JSON invalide."}, 400)
    sent = _credential(request.headers)
    settings = services.settings
    if not _authentic(settings, sent, body):
        refused = WebhookRefused()
        return JSONResponse({"error": "Unauthorized", "detail": refused.detail}, 401)
    answer = await run_in_threadpool(services.configurator_voice.handle, body)
    return JSONResponse(answer)


def _authentic(settings: Settings, sent: str | None, body: Any) -> bool:
    """The installation's secret (the deployed assistant), or the secret bound to the session
    token this call carries (an inline assistant, while the deployed one is pending)."""
    if not sent:
        return False
    if same(configurator_webhook_secret(settings), sent):
        return True
    message = body.get("message") if isinstance(body, dict) else None
    token = session_token(message) if isinstance(message, dict) else None
    return isinstance(token, str) and same(configurator_session_secret(settings, token), sent)
