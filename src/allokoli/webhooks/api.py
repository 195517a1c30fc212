from __future__ import annotations

import asyncio
import time

from fastapi import APIRouter, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import JSONResponse
from sqlalchemy.exc import OperationalError

from allokoli.http.deps import ServicesDep
from allokoli.kit import metrics
from allokoli.webhooks.payload import check_content_type
from allokoli.webhooks.service import INGEST_WAIT_SECONDS

router = APIRouter(tags=["webhooks"])


# The body is read raw (its signature covers the bytes), so FastAPI cannot infer it: document it.
_BODY = {
    "requestBody": {
        "required": True,
        "content": {
            "application/json": {
                "schema": {
                    "type": "object",
                    "required": ["message"],
                    "properties": {
                        "message": {
                            "type": "object",
                            "required": ["type"],
                            "properties": {"type": {"type": "string"}},
                        }
                    },
                }
            }
        },
    }
}


@router.post("/webhooks/vapi/{org_key}", operation_id="webhooks-vapi", openapi_extra=_BODY)
async def vapi_webhook(org_key: str, request: Request, services: ServicesDep) -> JSONResponse:
    """Vapi server messages for one organisation (authenticated by secret or HMAC)."""
    started = time.perf_counter()
    check_content_type(request.headers.get("content-type"))
    raw = await request.body()
    org_key = org_key[:100]
    headers = {k.lower(): v for k, v in request.headers.items()}
    service = services.webhooks
    # Authentication and parsing need no database: done here, without a thread hand-over.
    if not service.authentic(org_key, headers, raw):
        await run_in_threadpool(service.refuse, org_key)
    message = service.parse(raw)
    if message.type == "tool-calls":
        outcome = await run_in_threadpool(service.tool_calls, org_key, message)
    elif message.type == "assistant-request":
        outcome = await run_in_threadpool(service.assistant_request, org_key, message)
    else:
        try:
            async with asyncio.timeout(INGEST_WAIT_SECONDS):
                outcome = await service.submit_async(org_key, message)
        except TimeoutError as exc:
            raise OperationalError("webhook ingest", {}, exc) from exc
    kind = type(message.message).__name__  # a bounded label (the type field is free text)
    metrics.WEBHOOK_EVENTS.labels(kind, str(outcome.body.get("status", outcome.status_code))).inc()
    metrics.WEBHOOK_SECONDS.labels(kind).observe(time.perf_counter() - started)
    return JSONResponse(outcome.body, status_code=outcome.status_code)
