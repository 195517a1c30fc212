from __future__ import annotations

import json
from typing import Any

import typer
from pydantic import ValidationError

from allokoli.cli.common import fail, read_text_input
from allokoli.domain.profile import BusinessProfile
from allokoli.generation.resolve import resolve_profile
from allokoli.generation.service import generate as run_generate
from allokoli.kit.errors import AppError
from allokoli.kit.json_input import MAX_JSON_DEPTH, JsonInputError, loads_bounded, nesting_depth
from allokoli.kit.validation import french_summary
from allokoli.understanding.from_text import (
    MAX_DESCRIPTION_CHARS,
    MissingCompanyName,
)


def _load_profile_json(raw: str) -> Any:
    """The profile file's JSON, or a French `fail` saying what is wrong with it."""
    try:
        return loads_bounded(raw)
    except JsonInputError as exc:
        if nesting_depth(raw.encode()) > MAX_JSON_DEPTH:
            fail(f"Le profil est imbriqué trop profondément (plus de {MAX_JSON_DEPTH} niveaux).")
        # loads_bounded raises `from None`: the decoder's error (with its position) is the context.
        cause = exc.__context__
        if isinstance(cause, json.JSONDecodeError):
            fail(
                f"Le profil n'est pas du JSON valide (ligne {cause.lineno}, colonne {cause.colno})."
            )
        fail("Le profil n'est pas du JSON valide.")


def generate(
    text: str | None = typer.Option(
        None,
        "--text",
        help=f"Description de l'entreprise ({MAX_DESCRIPTION_CHARS} caractères au plus).",
    ),
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
        given = (
            None
            if profile is None
            else BusinessProfile.model_validate(_load_profile_json(read_text_input(profile)))
        )
        business = resolve_profile(text=text, profile=given, company_name=company_name)
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
