from __future__ import annotations

import typer

from allokoli.cli.common import fail, load_settings
from allokoli.kit.errors import AppError


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
    try:
        serve_stdio(load_settings(), api_key.strip())
    except AppError as exc:
        fail(exc.detail)
