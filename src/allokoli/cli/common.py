from __future__ import annotations

import sys
from collections.abc import Iterator
from contextlib import contextmanager
from typing import NoReturn

import typer
from pydantic import ValidationError

from allokoli.db.engine import make_engine
from allokoli.db.session import Database
from allokoli.settings import Settings, SettingsError


def load_settings() -> Settings:
    try:
        return Settings()
    except (SettingsError, ValidationError) as exc:
        fail(f"Configuration invalide : {exc}")


@contextmanager
def open_database(settings: Settings) -> Iterator[Database]:
    db = Database(make_engine(settings.database_url))
    try:
        yield db
    finally:
        db.dispose()


def fail(message: str, code: int = 2) -> NoReturn:
    typer.echo(message, err=True)
    sys.exit(code)
