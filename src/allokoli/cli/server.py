from __future__ import annotations

import typer
import uvicorn

from allokoli.cli.common import load_settings

#: Off: the app resolves the client address itself, from ALLOKOLI_TRUSTED_PROXIES only.
#: uvicorn's own proxy handling trusts 127.0.0.1 by default, so any local process (or a proxy
#: that does not overwrite the header) could pick the address that login throttling sees.
PROXY_HEADERS = False


def serve(
    host: str = typer.Option("127.0.0.1", help="Adresse d'écoute."),
    port: int = typer.Option(8000, min=1, max=65535, help="Port d'écoute."),
    workers: int = typer.Option(1, min=1, max=64, help="Nombre de processus."),
    reload: bool = typer.Option(False, help="Recharger le code à chaque modification (dev)."),
) -> None:
    """Serve the web app, the API, the webhooks and the embedded Vapi sandbox."""
    settings = load_settings()
    typer.echo(f"AlloKoli sur http://{host}:{port} (base : {settings.database_url.split('@')[-1]})")
    uvicorn.run(
        "allokoli.asgi:app",
        host=host,
        port=port,
        workers=workers,
        reload=reload,
        proxy_headers=PROXY_HEADERS,
        access_log=False,  # our RequestContextMiddleware logs each request with its id
        log_level=settings.log_level.lower(),
    )
