from __future__ import annotations

import sys
from collections.abc import Iterator
from contextlib import contextmanager
from typing import NoReturn

import typer
from pydantic import ValidationError

from allokoli.services import Services
from allokoli.settings import Settings, SettingsError


def load_settings() -> Settings:
    try:
        return Settings()
    except (SettingsError, ValidationError) as exc:
        fail(f"Configuration invalide : {exc}")


@contextmanager
def open_services(settings: Settings) -> Iterator[Services]:
    """The process's `Services` for one command, closed when it ends."""
    with Services.build(settings) as services:
        yield services


def fail(message: str, code: int = 2) -> NoReturn:
    typer.echo(message, err=True)
    sys.exit(code)


MAX_INPUT_BYTES = 1024 * 1024
"""Largest file a command reads (the API's default request body limit): a profile or a list of
answers is a few kilobytes; a device or a huge file given by mistake is refused, not slurped."""


def read_text_input(source: str, *, max_bytes: int = MAX_INPUT_BYTES) -> str:
    """The UTF-8 text of the file `source` (« - » for standard input), or a French `fail`."""
    name = "L'entrée standard" if source == "-" else source
    try:
        if source == "-":
            data = sys.stdin.buffer.read(max_bytes + 1)
        else:
            with open(source, "rb") as file:
                data = file.read(max_bytes + 1)
    except FileNotFoundError:
        fail(f"Fichier introuvable : {source}")
    except IsADirectoryError:
        fail(f"{source} est un dossier : donnez un fichier.")
    except PermissionError:
        fail(f"Lecture du fichier {source} non autorisée.")
    except OSError as exc:
        fail(f"Impossible de lire {source} ({exc.strerror or exc}).")
    if len(data) > max_bytes:
        fail(f"{name} est trop volumineux (plus de {max_bytes // 1024} Ko).")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        fail(f"{name} n'est pas du texte UTF-8 (fichier binaire ?).")
