"""`allokoli worker` runs the background jobs; `allokoli jobs …` shows and re-runs dead ones."""

from __future__ import annotations

import json
import logging

import typer

from allokoli.cli.common import fail, load_settings, open_services
from allokoli.jobs import dead
from allokoli.jobs.queue import QueueJobs
from allokoli.kit.logging import configure_logging
from allokoli.settings import Environment

app = typer.Typer(help="Tâches de fond : tâches abandonnées, nouvel essai.", no_args_is_help=True)


def worker(
    concurrency: int = typer.Option(
        1, "--concurrency", min=1, max=64, help="Nombre de tâches menées en même temps."
    ),
    graceful_seconds: float = typer.Option(
        30.0,
        "--graceful-seconds",
        min=0,
        help="À l'arrêt (SIGTERM, Ctrl+C), temps laissé aux tâches en cours pour finir.",
    ),
) -> None:
    """Run background jobs (provider pushes, reconciliation, purges) until stopped."""
    settings = load_settings()
    configure_logging(json_lines=settings.env is Environment.PRODUCTION, level=settings.log_level)
    with open_services(settings) as services:
        if not isinstance(services.jobs, QueueJobs):
            fail(
                "Le worker sert avec ALLOKOLI_JOB_ENGINE=procrastinate (PostgreSQL). Avec le "
                "moteur intégré, les tâches tournent déjà dans `allokoli serve`."
            )
        # What is slow to build (the French pipeline) is built before the first job, not in it.
        services.warm_up.run()
        logging.getLogger("allokoli.jobs").info("worker started, concurrency %d", concurrency)
        services.jobs.run_worker(concurrency, graceful_seconds=graceful_seconds)
    typer.echo("Worker arrêté.")


@app.command("dead")
def dead_list(
    as_json: bool = typer.Option(False, "--json", help="Sortie JSON."),
    limit: int = typer.Option(100, min=1, max=10_000, help="Nombre maximal de tâches."),
) -> None:
    """List the jobs given up, with their error."""
    with open_services(load_settings()) as services:
        found = dead.dead_jobs(services.db, services.jobs, limit)
    if as_json:
        typer.echo(json.dumps([job.model_dump(mode="json") for job in found], ensure_ascii=False))
        return
    if not found:
        typer.echo("Aucune tâche abandonnée.")
        return
    for job in found:
        when = job.failed_at.isoformat(timespec="seconds") if job.failed_at else "—"
        org = f" org {job.organization_id}" if job.organization_id else ""
        typer.echo(f"{job.id}  {job.kind}{org}  {job.attempts} essai(s)  {when}\n  {job.error}")


@app.command("retry")
def retry(
    job_id: str = typer.Argument(..., help="Identifiant donné par `allokoli jobs dead`."),
) -> None:
    """Run a dead job again from its first attempt."""
    with open_services(load_settings()) as services:
        if not dead.retry(services.db, services.jobs, job_id):
            fail(f"Aucune tâche abandonnée {job_id}.")
    typer.echo(f"Tâche {job_id} relancée.")
