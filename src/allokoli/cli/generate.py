from __future__ import annotations

import json
import sys
from pathlib import Path

import typer
from pydantic import ValidationError

from allokoli.cli.common import fail
from allokoli.generation.from_text import MissingCompanyName, profile_from_text
from allokoli.generation.profile import BusinessProfile
from allokoli.generation.service import generate as run_generate
from allokoli.kit.errors import AppError
from allokoli.kit.validation import french_summary


def generate(
    text: str | None = typer.Option(None, "--text", help="Description de l'entreprise."),
    profile: str | None = typer.Option(
        None, "--profile", help="Fichier JSON d'un BusinessProfile (« - » pour l'entrée standard)."
    ),
    vapi_only: bool = typer.Option(False, "--vapi-only", help="N'afficher que l'assistant Vapi."),
    company_name: str | None = typer.Option(
        None, "--company-name", help="Nom de l'entreprise, si la description ne le dit pas."
    ),
) -> None:
    """Generate an assistant and print the GenerationResult JSON on stdout."""
    if (text is None) == (profile is None):
        fail("Donnez soit --text « description », soit --profile FICHIER.")
    try:
        if text is not None:
            business = profile_from_text(text, company_name)
        else:
            assert profile is not None
            raw = sys.stdin.read() if profile == "-" else Path(profile).read_text("utf-8")
            business = BusinessProfile.model_validate(json.loads(raw))
    except FileNotFoundError:
        fail(f"Fichier introuvable : {profile}")
    except json.JSONDecodeError as exc:
        fail(f"Le profil n'est pas du JSON valide (ligne {exc.lineno}, colonne {exc.colno}).")
    except ValidationError as exc:
        fail(f"Profil invalide — {french_summary(exc)}")
    except MissingCompanyName as exc:
        # what was understood goes to stdout as JSON (like the API's 422), the message to stderr
        typer.echo(json.dumps(exc.envelope(), ensure_ascii=False, indent=2))
        fail(exc.detail)
    except AppError as exc:
        fail(exc.detail)
    result = run_generate(business)
    payload = result.vapi_assistant if vapi_only else result.model_dump(mode="json")
    typer.echo(json.dumps(payload, ensure_ascii=False, indent=2))
