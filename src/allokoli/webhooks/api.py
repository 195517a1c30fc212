from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import JSONResponse

router = APIRouter(tags=["webhooks"])


@router.post("/webhooks/vapi/{org_key}", operation_id="webhooks-vapi")
async def vapi_webhook(org_key: str, request: Request) -> JSONResponse:
    """Vapi server messages for one organisation (authenticated by secret or HMAC)."""
    raw = await request.body()
    headers = {k.lower(): v for k, v in request.headers.items()}
    service = request.app.state.webhooks
    outcome = await run_in_threadpool(service.handle, org_key[:100], headers, raw)
    return JSONResponse(outcome.body, status_code=outcome.status_code)
