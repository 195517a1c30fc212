from __future__ import annotations

import json

import typer

from allokoli.cli.calls import parse_org
from allokoli.cli.common import fail, load_settings, open_services
from allokoli.kit.errors import AppError
from allokoli.privacy import service
from allokoli.tenancy import Tenant

app = typer.Typer(
    help="RGPD : conservation, export et effacement des données des appelants.",
    no_args_is_help=True,
)
ACTOR = "cli"


@app.command("purge")
def purge(
    org: str | None = typer.Option(
        None, "--org", help="Identifiant de l'organisation (toutes par défaut)."
    ),
) -> None:
    """Delete calls, messages and webhook events older than each organisation's retention."""
    with open_services(load_settings()) as services:
        results = service.purge(services.db, org_id=parse_org(org), actor=ACTOR)
    if org and not results:
        fail(f"Aucune organisation {org}.")
    for r in results:
        if r.total or org:
            typer.echo(
                f"{r.organization_id} (conservation {r.retention_days} j) : {r.calls} appel(s), "
                f"{r.messages} message(s), {r.events} événement(s) supprimés."
            )
    typer.echo(f"Purge terminée : {sum(r.total for r in results)} ligne(s) supprimée(s).")


def _tenant(org: str) -> Tenant:
    org_id = parse_org(org)
    assert org_id is not None
    return Tenant(org_id)


@app.command("export")
def export(
    org: str = typer.Option(..., "--org", help="Identifiant de l'organisation."),
    number: str = typer.Option(
        ..., "--number", help="Numéro de l'appelant, sous toute forme française."
    ),
) -> None:
    """Print as JSON everything stored about one caller's number (audited)."""
    tenant = _tenant(org)
    try:
        with (
            open_services(load_settings()) as services,
            services.db.unit_of_work(tenant_id=tenant.organization_id) as s,
        ):
            document = service.export(s, tenant, ACTOR, number)
    except AppError as exc:
        fail(exc.detail)
    typer.echo(json.dumps(document, ensure_ascii=False, indent=2))


@app.command("erase")
def erase(
    org: str = typer.Option(..., "--org", help="Identifiant de l'organisation."),
    number: str = typer.Option(
        ..., "--number", help="Numéro de l'appelant, sous toute forme française."
    ),
    yes: bool = typer.Option(False, "--yes", help="Ne pas demander de confirmation."),
) -> None:
    """Delete everything stored about one caller's number (audited)."""
    tenant = _tenant(org)
    try:
        with open_services(load_settings()) as services:
            with services.db.unit_of_work(tenant_id=tenant.organization_id) as s:
                preview = service.preview_erasure(s, tenant, number)
            if not yes:
                typer.confirm(
                    f"Effacer {preview.calls} appel(s), {preview.messages} message(s) et "
                    f"{preview.events} événement(s) ?",
                    abort=True,
                )
            with services.db.unit_of_work(tenant_id=tenant.organization_id) as s:
                done = service.erase(s, tenant, ACTOR, number)
    except AppError as exc:
        fail(exc.detail)
    typer.echo(
        f"Effacé : {done.calls} appel(s), {done.messages} message(s), {done.events} événement(s)."
    )
