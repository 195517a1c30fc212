from __future__ import annotations

import typer

from allokoli.cli.common import load_settings
from allokoli.db.migrate import upgrade as run_upgrade

app = typer.Typer(help="Base de données.", no_args_is_help=True)


@app.command("upgrade")
def upgrade(revision: str = typer.Argument("head", help="Révision cible.")) -> None:
    """Apply the migrations (as ALLOKOLI_DATABASE_ADMIN_URL when set) and grant the app role."""
    settings = load_settings()
    run_upgrade(settings.migration_url, settings.database_url, revision)
    typer.echo(f"Base de données à jour ({revision}).")
