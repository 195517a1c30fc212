from __future__ import annotations

from contextlib import ExitStack

import typer

from allokoli.cli.common import fail, load_settings, open_services
from allokoli.kit.errors import AppError
from allokoli.kit.logging import configure_logging
from allokoli.services import Services
from allokoli.settings import Environment


def _sandbox_in_process(services: Services, stack: ExitStack) -> None:
    """Route the Vapi SDK and the sandbox's webhooks to the embedded sandbox, in-process: the
    sandbox and the webhook receiver are HTTP routes of the web app, built here (unserved) over
    the same services."""
    from allokoli.app import create_app
    from allokoli.kit.asgi import in_process_client

    app = create_app(services=services)
    client = stack.enter_context(in_process_client(app, services.settings.public_url))
    services.vapi_http_client = client
    services.sandbox_http_client = client


def mcp(
    api_key: str | None = typer.Option(
        None,
        "--api-key",
        envvar="ALLOKOLI_API_KEY",
        show_envvar=True,
        help="Clé API (ak_…) de l'organisation ; par défaut la variable ALLOKOLI_API_KEY.",
    ),
) -> None:
    """Serve the MCP tools over stdio (Claude Desktop, IDEs), as the API key's organisation."""
    from allokoli.mcp.stdio import serve_stdio

    if not api_key:
        fail(
            "Clé API manquante : passez --api-key ou définissez ALLOKOLI_API_KEY "
            "(créez-en une avec `allokoli apikey create`)."
        )
    settings = load_settings()
    configure_logging(json_lines=settings.env is Environment.PRODUCTION, level=settings.log_level)
    try:
        with open_services(settings) as services, ExitStack() as stack:
            if settings.uses_sandbox:
                _sandbox_in_process(services, stack)
            serve_stdio(services, api_key.strip())
    except AppError as exc:
        fail(exc.detail)
