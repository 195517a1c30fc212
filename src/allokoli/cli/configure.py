from __future__ import annotations

import json
from pathlib import Path

import typer

from allokoli.cli.common import fail, load_settings, open_services, read_text_input
from allokoli.configurator import start, turn
from allokoli.configurator.llm import LLMExtractor
from allokoli.configurator.state import ConfiguratorState
from allokoli.generation.service import generate


def configure(
    answers: Path | None = typer.Option(
        None, "--answers", help="Fichier des réponses, une par ligne (mode non interactif)."
    ),
) -> None:
    """Chat with the configurator in the terminal; prints the GenerationResult JSON when done.

    The conversation goes to stderr, the result alone to stdout (pipe-friendly).
    """
    settings = load_settings()
    lines: list[str] | None = None
    if answers is not None:
        lines = read_text_input(str(answers)).splitlines()
    with open_services(settings) as services:
        state = _converse(lines, services.llm)
    result = generate(state.profile_model())
    typer.echo(json.dumps(result.model_dump(mode="json"), ensure_ascii=False, indent=2))


def _converse(lines: list[str] | None, llm: LLMExtractor | None) -> ConfiguratorState:
    """The conversation, to the end: from `lines` when given, else typed at the prompt."""
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
    return state
