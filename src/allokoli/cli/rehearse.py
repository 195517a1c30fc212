from __future__ import annotations

import json
import uuid
from contextlib import ExitStack

import typer

from allokoli.auth.credentials import authenticate_api_key
from allokoli.cli.common import fail, load_settings, open_services
from allokoli.cli.mcp_server import _sandbox_in_process
from allokoli.kit.errors import AppError
from allokoli.rehearsal import service as rehearsals
from allokoli.rehearsal.judge import judge_from_settings
from allokoli.rehearsal.runner import DEFAULT_RUNS, MAX_RUNS
from allokoli.rehearsal.schemas import RehearsalOut


def _print(out: RehearsalOut) -> None:
    verdict = "réussie" if out.passed else "échouée"
    typer.echo(
        f"Répétition {verdict} (version {out.assistant_version}, {out.provider}) : "
        f"{out.scenario_count - out.failed_count}/{out.scenario_count} scénario(s) réussi(s), "
        f"{out.runs_per_scenario} passage(s) chacun, {out.duration_ms} ms."
    )
    for scenario in out.scenarios:
        mark = "OK  " if scenario.passed else "ÉCHEC"
        typer.echo(f"  {mark} {scenario.title} ({round(scenario.pass_rate * 100)} %)")
        for problem in scenario.problems:
            typer.echo(f"        - {problem}")
    for change in out.changes:
        typer.echo(f"  depuis la version {change.since_version} : {change.title} — {change.change}")


def rehearse(
    assistant_id: str = typer.Argument(..., help="Identifiant de l'assistant."),
    runs: int = typer.Option(
        DEFAULT_RUNS, "--runs", min=1, max=MAX_RUNS, help="Passages par scénario."
    ),
    as_json: bool = typer.Option(False, "--json", help="Le bulletin complet en JSON."),
    api_key: str | None = typer.Option(
        None,
        "--api-key",
        envvar="ALLOKOLI_API_KEY",
        show_envvar=True,
        help="Clé API (ak_…) de l'organisation ; par défaut la variable ALLOKOLI_API_KEY.",
    ),
) -> None:
    """Dress-rehearse an assistant (exit 1 when a scenario fails, for CI)."""
    try:
        target = uuid.UUID(assistant_id)
    except ValueError:
        fail(f"« {assistant_id} » n'est pas un identifiant d'assistant valide.")
    if not api_key:
        fail(
            "Clé API manquante : passez --api-key ou définissez ALLOKOLI_API_KEY "
            "(créez-en une avec `allokoli apikey create`)."
        )
    settings = load_settings()
    try:
        with open_services(settings) as services, ExitStack() as stack:
            if settings.uses_sandbox:
                _sandbox_in_process(services, stack)
            judge = judge_from_settings(settings)
            if judge is not None:
                stack.callback(judge.close)
            with services.db.unit_of_work() as session:
                principal = authenticate_api_key(session, api_key.strip())
            with services.db.unit_of_work(tenant_id=principal.organization_id) as session:
                found = rehearsals.run(
                    session,
                    principal,
                    target,
                    gateway=services.gateway(principal.organization_id),
                    settings=settings,
                    clock=services.clock,
                    runs=runs,
                    judge=judge,
                )
                out = rehearsals.report(session, principal, found)
    except AppError as exc:
        fail(exc.detail)
    if as_json:
        typer.echo(json.dumps(out.model_dump(mode="json"), ensure_ascii=False, indent=2))
    else:
        _print(out)
    if not out.passed:
        raise typer.Exit(1)
