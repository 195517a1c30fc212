"""MCP clients from the official SDK, connected to AlloKoli over streamable HTTP in-process
(httpx2's ASGI transport, with the app's real lifespan) and over stdio (a subprocess)."""

from __future__ import annotations

import json
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

import httpx2
from mcp.client.streamable_http import streamable_http_client
from mcp.types import CallToolResult
from starlette.types import Receive, Scope, Send

from allokoli.http.deps import AlloKoliApp
from mcp import ClientSession

BASE = "http://testserver"


class WithLifespanState:
    """What a server does for every request: hand it the state the lifespan yielded."""

    def __init__(self, app: AlloKoliApp, state: dict[str, Any]) -> None:
        self.app = app
        self.state = state

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] in ("http", "websocket"):
            scope = {**scope, "state": dict(self.state)}
        await self.app(scope, receive, send)


@asynccontextmanager
async def http_transport(app: AlloKoliApp) -> AsyncIterator[httpx2.ASGITransport]:
    async with app.router.lifespan_context(app) as state:
        yield httpx2.ASGITransport(app=WithLifespanState(app, dict(state or {})))


@asynccontextmanager
async def mcp_over_http(app: AlloKoliApp, api_key: str | None) -> AsyncIterator[ClientSession]:
    headers = {"Authorization": f"Bearer {api_key}"} if api_key else {}
    async with (
        http_transport(app) as transport,
        httpx2.AsyncClient(transport=transport, base_url=BASE, headers=headers) as http,
        streamable_http_client(f"{BASE}/mcp", http_client=http) as (read, write),
        ClientSession(read, write) as session,
    ):
        await session.initialize()
        yield session


def data(result: CallToolResult) -> dict[str, Any]:
    """The structured result of a successful call (asserting it succeeded)."""
    assert not result.is_error, result.content
    assert result.structured_content is not None
    return dict(result.structured_content)


def error(result: CallToolResult) -> dict[str, Any]:
    """The error envelope of a failed call, whose text is its French message."""
    assert result.is_error, result.structured_content
    envelope = dict(result.structured_content or {})
    text = result.content[0].text  # type: ignore[union-attr]
    assert text == envelope["detail"], (text, envelope)
    json.dumps(envelope)
    return envelope
