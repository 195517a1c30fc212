"""The `allokoli` command line (Typer). Each command is a thin adapter over a service."""

from __future__ import annotations

import sys

import typer

from allokoli.cli import accounts, configure, db, generate, jobs, mcp_server, rehearse, server
from allokoli.cli import calls as calls_cli
from allokoli.cli import demo as demo_cli
from allokoli.cli import gdpr as gdpr_cli
from allokoli.cli.errors import FrenchGroup

app = typer.Typer(
    name="allokoli",
    cls=FrenchGroup,  # usage errors in French, for every sub-command
    help="AlloKoli — standard téléphonique IA pour les petites entreprises françaises.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
app.command("serve")(server.serve)
app.command("worker")(jobs.worker)
app.command("generate")(generate.generate)
app.command("configure")(configure.configure)
app.command("mcp")(mcp_server.mcp)
app.command("rehearse")(rehearse.rehearse)
app.add_typer(db.app, name="db")
app.add_typer(accounts.user_app, name="user")
app.add_typer(accounts.apikey_app, name="apikey")
app.add_typer(accounts.sessions_app, name="sessions")
app.add_typer(calls_cli.app, name="calls")
app.add_typer(gdpr_cli.app, name="gdpr")
app.add_typer(demo_cli.app, name="demo")
app.add_typer(jobs.app, name="jobs")


def main() -> None:
    try:
        app()
    except KeyboardInterrupt:  # pragma: no cover - interactive
        sys.exit(130)
