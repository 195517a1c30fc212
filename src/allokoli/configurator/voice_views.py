"""The live page of a voice session: each turn pushed by server-sent events (no polling)."""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator

from fastapi import APIRouter
from fastapi.responses import StreamingResponse

from allokoli.configurator import service
from allokoli.configurator.live import sse
from allokoli.configurator.state import ConfiguratorState
from allokoli.configurator.views import panel
from allokoli.http.deps import CurrentPrincipal, DbSession, ServicesDep

router = APIRouter(include_in_schema=False)


@router.get("/configurator/{session_id}/events")
def configurator_events(
    session_id: uuid.UUID, principal: CurrentPrincipal, session: DbSession, services: ServicesDep
) -> StreamingResponse:
    """Server-sent events: each voice turn of this conversation and the panel, as they happen."""
    service.get(session, principal, session_id)  # 404 for another organisation's session
    feed = services.configurator_live

    async def stream() -> AsyncIterator[str]:
        yield ": connecté\n\n"
        async for event in feed.events(session_id):
            yield sse(event, panel(ConfiguratorState.model_validate(event.state)))

    return StreamingResponse(
        stream(),
        media_type="text/event-stream",
        headers={"Cache-Control": "no-store", "X-Accel-Buffering": "no"},
    )
