from __future__ import annotations

import json
from pathlib import Path

import typer

from allokoli.cli.common import fail, load_settings, read_text_input
from allokoli.configurator import start, turn
from allokoli.configurator.llm import extractor_from_settings
from allokoli.generation.service import generate


def configure(
    answers: Path | None = typer.Option(
        None, "--answers", help="Fichier des réponses, une par ligne (mode non interactif)."
    ),
) -> None:
    """Chat with the configurator in the terminal; prints the GenerationResult JSON when done.

    The conversation goes to stderr, the result alone to stdout (pipe-friendly).
    """
    llm = extractor_from_settings(load_settings())
    lines: list[str] | None = None
    if answers is not None:
        lines = read_text_input(str(answers)).splitlines()
    reply, state = start()
    typer.echo(f"AlloKoli : {reply.text}\n", err=True)
    while not reply.done:
        if lines is not None:
            if not lines:
                fail("Le fichier de réponses s'arrête avant la fin de la conversation.")
            text = lines.pop(0)
            typer.echo(f"Vous : {text}\n", err=True)
        else:
            hint = f" [{' / '.join(reply.chips)}]" if reply.chips else ""
            text = typer.prompt(f"Vous{hint}", default="", show_default=False, err=True)
        reply, state = turn(state, text, llm=llm)
        typer.echo(f"AlloKoli : {reply.text}\n", err=True)
    result = generate(state.profile_model())
    typer.echo(json.dumps(result.model_dump(mode="json"), ensure_ascii=False, indent=2))
