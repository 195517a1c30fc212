from __future__ import annotations

import typer
from pydantic import ValidationError

from allokoli.accounts import service
from allokoli.accounts.schemas import SIGNUP_FIELD_MESSAGES
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
