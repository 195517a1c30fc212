"""`allokoli mcp`: the MCP tools over stdio, for a local client (Claude Desktop, an IDE…).

The process builds the same app as `allokoli serve` without serving it: its state wires the
services, and in sandbox mode (no Vapi key) the official Vapi SDK and the sandbox's webhooks are
routed to that app in-process, so deploy, chat and calls work offline with nothing else running.
stdout carries the MCP protocol only; logs go to stderr.
"""

from __future__ import annotations

from contextlib import ExitStack

from allokoli.app import create_app
from allokoli.auth.credentials import authenticate_api_key
from allokoli.kit.asgi import in_process_client
from allokoli.mcp.runtime import ApiKeyIdentity, Runtime
from allokoli.mcp.server import build_server
from allokoli.settings import Settings


def serve_stdio(settings: Settings, api_key: str) -> None:
    """Serve until the client closes stdin. Raises `InvalidApiKey` before serving a bad key."""
    app = create_app(settings)
    try:
        with ExitStack() as stack:
            if settings.uses_sandbox:
                client = stack.enter_context(in_process_client(app, settings.public_url))
                app.state.vapi_http_client = client
                app.state.sandbox_http_client = client
            with app.state.db.unit_of_work() as session:
                authenticate_api_key(session, api_key)  # fail before serving, not on each call
            build_server(Runtime(app.state, ApiKeyIdentity(api_key))).run("stdio")
    finally:
        app.state.db.dispose()
