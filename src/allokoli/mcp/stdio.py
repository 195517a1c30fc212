"""`allokoli mcp`: the MCP tools over stdio, for a local client (Claude Desktop, an IDE…).

The server is built from `Services` alone: no web app, no FastAPI. In sandbox mode the caller
(the `allokoli mcp` command) first routes the Vapi SDK and the sandbox's webhooks in-process to
the app's sandbox and webhook routes (`Services.vapi_http_client` / `sandbox_http_client`), so
deploy, chat and calls work offline with nothing else running. stdout carries the MCP protocol
only; logs go to stderr.
"""

from __future__ import annotations

from allokoli.auth.credentials import authenticate_api_key
from allokoli.mcp.runtime import ApiKeyIdentity
from allokoli.mcp.server import build_server
from allokoli.services import Services


def serve_stdio(services: Services, api_key: str) -> None:
    """Serve until the client closes stdin. Raises `InvalidApiKey` before serving a bad key."""
    with services.db.unit_of_work() as session:
        authenticate_api_key(session, api_key)  # fail before serving, not on each call
    build_server(services, ApiKeyIdentity(api_key)).run("stdio")
