"""The MCP server over streamable HTTP, at `/mcp` in the main app.

The endpoint authenticates the Bearer API key of every HTTP request (401 with the API's error
envelope otherwise) and hands the request to the SDK's session manager with the principal in the
ASGI scope, where the tools find it.

Choices:
- Stateless transport with JSON responses: each POST carries one JSON-RPC message and is served
  on its own, so any worker of a multi-process server can answer it (no session to pin), and no
  long-lived SSE stream is held open. Our tools answer in one go and need no server-initiated
  requests.
- The SDK's DNS-rebinding protection (Host/Origin allow-list) is off: it defends servers that
  trust whoever can reach them, typically local servers without credentials. Here every request
  must carry an API key, which a rebinding page cannot have.
- The session manager lives as long as the app's lifespan; `lifespan()` starts a new one each
  time (its `run()` may be entered once only) and publishes it through the lifespan state, so
  every server process, and every test client, gets its own.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

from mcp.server.streamable_http_manager import StreamableHTTPSessionManager
from mcp.server.transport_security import TransportSecuritySettings
from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import JSONResponse
from starlette.types import Receive, Scope, Send

from allokoli.auth.credentials import authenticate_api_key
from allokoli.auth.principal import Principal
from allokoli.db.session import Database
from allokoli.kit.errors import AppError, ServiceUnavailable, Unauthorized
from allokoli.mcp.runtime import PRINCIPAL_SCOPE_KEY
from allokoli.mcp.server import AlloKoliMCP

PATH = "/mcp"
STATE_KEY = "mcp_session_manager"


class McpNotRunning(ServiceUnavailable):
    default_detail = "Le serveur MCP n'est pas démarré : réessayez dans un instant."


def _error(exc: AppError) -> JSONResponse:
    headers = {"WWW-Authenticate": "Bearer"} if exc.status_code == 401 else None
    return JSONResponse(exc.envelope(), status_code=exc.status_code, headers=headers)


class McpEndpoint:
    """ASGI app for `/mcp`: Bearer API key → `Principal`, then the SDK's transport."""

    def __init__(self, db: Database) -> None:
        self.db = db

    def _authenticate(self, raw: str) -> Principal:
        with self.db.unit_of_work() as session:
            return authenticate_api_key(session, raw)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        request = Request(scope)
        scheme, _, token = request.headers.get("authorization", "").partition(" ")
        try:
            if scheme.lower() != "bearer" or not token.strip():
                raise Unauthorized("Clé API requise : en-tête « Authorization: Bearer <clé API> ».")
            principal = await run_in_threadpool(self._authenticate, token.strip())
            manager = (scope.get("state") or {}).get(STATE_KEY)
            if not isinstance(manager, StreamableHTTPSessionManager):
                raise McpNotRunning()
        except AppError as exc:
            await _error(exc)(scope, receive, send)
            return
        scope[PRINCIPAL_SCOPE_KEY] = principal
        await manager.handle_request(scope, receive, send)


@asynccontextmanager
async def lifespan(server: AlloKoliMCP) -> AsyncIterator[dict[str, Any]]:
    """Run a session manager for the app's lifetime; yields the lifespan state to merge."""
    server.streamable_http_app(
        streamable_http_path=PATH,
        stateless_http=True,
        json_response=True,
        transport_security=TransportSecuritySettings(enable_dns_rebinding_protection=False),
    )
    manager = server.session_manager
    async with manager.run():
        yield {STATE_KEY: manager}
