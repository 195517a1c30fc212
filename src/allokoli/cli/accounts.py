from __future__ import annotations

import sys
from datetime import timedelta

import typer
from pydantic import ValidationError

from allokoli.accounts import service, sessions
from allokoli.accounts.schemas import PASSWORD_MAX, SIGNUP_FIELD_MESSAGES
from allokoli.auth.credentials import principal_for
from allokoli.auth.repository import IdentityRepository
from allokoli.cli.common import fail, load_settings, open_services
from allokoli.kit.crypto import SecretBox
from allokoli.kit.errors import AppError
from allokoli.kit.validation import french_message

_OPTION_OF_FIELD = {"email": "--email", "password": "--password", "organization_name": "--org"}


def _signup_problems(exc: ValidationError) -> list[str]:
    """One French line per refused option, in the order the fields are declared."""
    problems: dict[str, str] = {}
    for error in exc.errors():
        field = str(error["loc"][0]) if error["loc"] else ""
        message = SIGNUP_FIELD_MESSAGES.get(field) or french_message(error)
        problems.setdefault(field, f"{_OPTION_OF_FIELD.get(field, field)} : {message}")
    return list(problems.values())


user_app = typer.Typer(help="Utilisateurs.", no_args_is_help=True)
apikey_app = typer.Typer(help="Clés API.", no_args_is_help=True)
sessions_app = typer.Typer(help="Sessions du navigateur.", no_args_is_help=True)


@user_app.command("create")
def user_create(
    email: str = typer.Option(..., "--email", help="Adresse e-mail."),
    password: str = typer.Option(..., "--password", help="Mot de passe (10 caractères au moins)."),
    org: str = typer.Option(..., "--org", help="Nom de l'organisation à créer."),
) -> None:
    """Create a user with their organisation; prints both ids."""
    try:
        settings = load_settings()
        box = SecretBox(settings.secret_key.get_secret_value())
        with open_services(settings) as services, services.db.unit_of_work() as session:
            result = service.create_user(
                session, email=email, password=password, org_name=org, box=box
            )
            user_id, org_id = result.user.id, result.organization.id
    except ValidationError as exc:
        fail("Données invalides :\n" + "\n".join(f"- {p}" for p in _signup_problems(exc)))
    except AppError as exc:
        fail(exc.detail)
    typer.echo(f"user_id={user_id}")
    typer.echo(f"organization_id={org_id}")


def _read_new_password(from_stdin: bool) -> str:
    """One line of standard input (its line ending removed), or typed twice at a hidden prompt."""
    if from_stdin:
        line = sys.stdin.readline(PASSWORD_MAX * 4 + 2)
        return line.removesuffix("\n").removesuffix("\r")
    first = typer.prompt("Nouveau mot de passe", hide_input=True)
    again = typer.prompt("Confirmez le mot de passe", hide_input=True)
    if first != again:
        fail("Les deux mots de passe saisis sont différents : rien n'a changé.")
    return str(first)


@user_app.command("set-password")
def user_set_password(
    email: str = typer.Option(..., "--email", help="Adresse e-mail de l'utilisateur."),
    password_stdin: bool = typer.Option(
        False,
        "--password-stdin",
        help="Lire le mot de passe sur l'entrée standard (une ligne) au lieu de le demander.",
    ),
) -> None:
    """Set a user's password (operator, e.g. a forgotten one); ends all their sessions."""
    password = _read_new_password(password_stdin)
    try:
        with open_services(load_settings()) as services, services.db.unit_of_work() as session:
            ended = service.reset_password(session, email=email, new=password)
    except AppError as exc:
        fail(exc.detail)
    typer.echo(f"Mot de passe modifié ; {ended} session(s) fermée(s).")


@sessions_app.command("purge")
def sessions_purge(
    days: int | None = typer.Option(
        None,
        "--days",
        min=0,
        help="Garder les sessions terminées depuis moins de N jours "
        "(défaut : ALLOKOLI_SESSION_RETENTION_DAYS).",
    ),
) -> None:
    """Delete browser sessions revoked or expired more than N days ago (every organisation)."""
    settings = load_settings()
    retention = settings.session_retention_days if days is None else days
    with open_services(settings) as services:
        count = sessions.purge(services.db, timedelta(days=retention))
    typer.echo(f"{count} session(s) terminée(s) supprimée(s).")


@apikey_app.command("create")
def apikey_create(
    email: str = typer.Option(..., "--email", help="E-mail de l'utilisateur propriétaire."),
    name: str = typer.Option("Clé CLI", "--name", help="Nom de la clé."),
) -> None:
    """Create an API key for the user's organisation; the key is alone on the last line."""
    with open_services(load_settings()) as services, services.db.unit_of_work() as session:
        repo = IdentityRepository(session)
        user = repo.user_by_email(email)
        membership = repo.first_membership(user.id) if user else None
        if user is None or membership is None:
            fail(f"Aucun utilisateur avec l'adresse {email}.")
        principal = principal_for(repo, user, membership)
        key, full = service.create_api_key(session, principal, name)
        org = principal.organization_name
        typer.echo(f"Clé « {key.name} » créée pour {org} (affichée une seule fois) :")
    typer.echo(full)
