from __future__ import annotations

import uuid

import typer

from allokoli.calls.reconcile import LIST_LIMIT
from allokoli.cli.common import fail, load_settings, open_services
from allokoli.kit.errors import AppError

app = typer.Typer(help="Appels.", no_args_is_help=True)


def parse_org(value: str | None) -> uuid.UUID | None:
    if value is None:
        return None
    try:
        return uuid.UUID(value)
    except ValueError:
        fail(f"« {value} » n'est pas un identifiant d'organisation valide.")


@app.command("reconcile")
def reconcile(
    org: str | None = typer.Option(
        None, "--org", help="Identifiant de l'organisation (toutes par défaut)."
    ),
    limit: int = typer.Option(
        LIST_LIMIT, "--limit", min=1, max=1000, help="Appels récents à examiner."
    ),
) -> None:
    """Fill in the calls whose end-of-call-report never arrived, from the provider's call list."""
    settings = load_settings()
    org_id = parse_org(org)
    with open_services(settings) as services:
        try:
            result = services.reconciler.run(org_id, limit=limit)
        except AppError as exc:
            fail(exc.detail)
    typer.echo(
        f"{result.listed} appel(s) examinés, {result.ours} terminés chez nous, "
        f"{len(result.filled)} complété(s), {result.failed} en échec."
    )
    for call_id in result.filled:
        typer.echo(f"complété : {call_id}")
    if result.failed:
        raise typer.Exit(1)
