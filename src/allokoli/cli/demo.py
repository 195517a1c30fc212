from __future__ import annotations

import uuid

import typer

from allokoli.auth.repository import IdentityRepository
from allokoli.cli.calls import parse_org
from allokoli.cli.common import fail, load_settings, open_services
from allokoli.demo.seed import seed as run_seed

app = typer.Typer(help="Données de démonstration.", no_args_is_help=True)


@app.command("seed")
def seed(
    org: str | None = typer.Option(None, "--org", help="Identifiant de l'organisation à remplir."),
    email: str | None = typer.Option(None, "--email", help="…ou l'e-mail d'un de ses membres."),
    assistants: int = typer.Option(
        5, "--assistants", min=0, max=5000, help="Assistants à générer."
    ),
    calls: int = typer.Option(
        500, "--calls", min=0, max=1_000_000, help="Appels sur les 60 derniers jours."
    ),
    random_seed: int = typer.Option(
        1, "--seed", help="Graine du hasard (mêmes données à graine égale)."
    ),
) -> None:
    """Fill an organisation with realistic French demo assistants and calls (bulk inserts)."""
    if (org is None) == (email is None):
        fail("Donnez soit --org ID, soit --email E.")
    with open_services(load_settings()) as services:
        org_id: uuid.UUID | None = parse_org(org)
        if email is not None:
            with services.db.unit_of_work() as s:
                repo = IdentityRepository(s)
                user = repo.user_by_email(email)
                membership = repo.first_membership(user.id) if user else None
                if membership is None:
                    fail(f"Aucun utilisateur avec l'adresse {email}.")
                org_id = membership.organization_id
        assert org_id is not None
        with services.db.unit_of_work() as s:
            if IdentityRepository(s).organization(org_id) is None:
                fail(f"Aucune organisation {org_id}.")
        try:
            result = run_seed(
                services.db,
                org_id,
                assistants=assistants,
                calls=calls,
                seed=random_seed,
                progress=typer.echo,
            )
        except ValueError as exc:
            fail(str(exc))
    typer.echo(
        f"Organisation {org_id} : {result.assistants} assistant(s), {result.calls} appel(s), "
        f"{result.messages} message(s), {result.appointments} demande(s) de rendez-vous."
    )
