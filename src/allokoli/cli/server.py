from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path

import typer
import uvicorn

from allokoli.cli.common import fail, load_settings
from allokoli.kit.metrics import MULTIPROC_ENV
from allokoli.kit.shared import RedisState

#: Off: the app resolves the client address itself, from ALLOKOLI_TRUSTED_PROXIES only.
#: uvicorn's own proxy handling trusts 127.0.0.1 by default, so any local process (or a proxy
#: that does not overwrite the header) could pick the address that login throttling sees.
PROXY_HEADERS = False
WEB_PROCESSES_ENV = "ALLOKOLI_WEB_PROCESSES"


def serve(
    host: str = typer.Option("127.0.0.1", help="Adresse d'écoute."),
    port: int = typer.Option(8000, min=1, max=65535, help="Port d'écoute."),
    workers: int = typer.Option(
        1,
        min=1,
        max=64,
        help="Nombre de processus web (plus d'un : ALLOKOLI_REDIS_URL est exigée).",
    ),
    graceful_timeout: int = typer.Option(
        30,
        min=1,
        max=600,
        help="À l'arrêt, secondes laissées aux requêtes en cours pour finir.",
    ),
    reload: bool = typer.Option(False, help="Recharger le code à chaque modification (dev)."),
) -> None:
    """Serve the web app, the API, the webhooks and the embedded Vapi sandbox."""
    settings = load_settings()
    own_metrics_dir: Path | None = None
    if workers > 1:
        if not settings.redis_url:
            # Each process would count its own limits: N processes, N times the limit.
            fail(
                f"Plusieurs processus (--workers {workers}) partagent leurs limites par Redis : "
                "définissez ALLOKOLI_REDIS_URL (par exemple redis://127.0.0.1:6379/0)."
            )
        if not RedisState(settings.redis_url).ping():
            typer.echo(
                "Attention : Redis ne répond pas à ALLOKOLI_REDIS_URL ; les requêtes de l'API "
                "recevront 503 jusqu'à ce qu'il réponde.",
                err=True,
            )
    if workers > 1 or os.environ.get(MULTIPROC_ENV):
        own_metrics_dir = _metrics_dir()
    if workers > 1:
        os.environ[WEB_PROCESSES_ENV] = str(workers)  # read by each worker's settings
    typer.echo(
        f"AlloKoli sur http://{host}:{port} ({workers} processus, "
        f"base : {settings.database_url.split('@')[-1]})"
    )
    try:
        # Several workers: uvicorn's own supervisor (no new dependency). On SIGTERM or SIGINT
        # each worker stops accepting, finishes its requests in hand (up to graceful_timeout)
        # then runs the app's shutdown, which writes the webhook batch in hand.
        uvicorn.run(
            "allokoli.asgi:app",
            host=host,
            port=port,
            workers=workers,
            reload=reload,
            proxy_headers=PROXY_HEADERS,
            access_log=False,  # our RequestContextMiddleware logs each request with its id
            log_level=settings.log_level.lower(),
            timeout_graceful_shutdown=graceful_timeout,
        )
    finally:
        if own_metrics_dir is not None:
            shutil.rmtree(own_metrics_dir, ignore_errors=True)


def _metrics_dir() -> Path | None:
    """Prometheus multiprocess mode for the worker processes (they inherit the environment):
    the operator's PROMETHEUS_MULTIPROC_DIR, emptied of a previous run's files (which would
    otherwise be added to this run's), or a temporary directory of ours (returned, to be
    removed at exit)."""
    chosen = os.environ.get(MULTIPROC_ENV)
    if chosen:
        directory = Path(chosen)
        directory.mkdir(parents=True, exist_ok=True)
        for stale in directory.glob("*.db"):
            stale.unlink()
        return None
    own = Path(tempfile.mkdtemp(prefix="allokoli-metrics-"))
    os.environ[MULTIPROC_ENV] = str(own)
    return own
