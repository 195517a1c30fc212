"""Usage errors of the whole CLI rendered in French, in one place.

Typer (which vendors Click) words its usage errors in English (« Missing option », « No such
option », « Invalid value for … »). `FrenchGroup` is the root group's class: it runs the command
line in non-standalone mode, catches every usage error whichever sub-command raised it, and
prints the French equivalent on stderr with exit code 2, like Click would in English.
"""

from __future__ import annotations

import re
import sys
from collections.abc import Sequence
from typing import Any, NoReturn

import typer
from pydantic import ValidationError

# Typer >= 0.22 vendors Click: its exception classes are only importable from here.
from typer._click.exceptions import (
    BadOptionUsage,
    BadParameter,
    ClickException,
    MissingParameter,
    NoArgsIsHelpError,
    NoSuchOption,
    UsageError,
)
from typer.core import TyperGroup

from allokoli.kit.validation import french_message

USAGE_EXIT_CODE = 2

# Messages Click builds with `ctx.fail(...)`, that have no exception class of their own.
_FAIL_MESSAGES: list[tuple[re.Pattern[str], str]] = [
    (
        re.compile(r"Got unexpected extra argument(?:\(s\)|s)? \((?P<x>.*)\)", re.S),
        "Argument(s) en trop : {x}.",
    ),
    (re.compile(r"No such command '(?P<x>.*)'\.", re.S), "Commande inconnue : {x}."),
    (re.compile(r"Missing command\.?"), "Commande manquante."),
]


def _hint(exc: BadParameter) -> str:
    """`--email` / `REVISION`: how the user typed (or should type) the parameter."""
    hint: Sequence[str] | str | None = exc.param_hint
    param = exc.param
    if hint is None and param is not None:
        is_option = param.param_type_name == "option"
        hint = param.opts if is_option else param.display_name_raw.upper()
    if hint is None:
        return ""
    if isinstance(hint, str):
        return hint.strip("'")
    return " / ".join(hint)


def _reason(exc: BadParameter) -> str:
    """The reason a value was refused, in French.

    Typer validates values with Pydantic: its error (kept as `__cause__`) has a type we have
    French for. Messages raised by our own commands are already French.
    """
    cause = exc.__cause__
    if isinstance(cause, ValidationError) and cause.errors():
        return french_message(cause.errors()[0])
    return exc.message


def french_usage_message(exc: UsageError) -> str:
    """The French sentence for one Click/Typer usage error."""
    if isinstance(exc, MissingParameter):
        kind = exc.param_type or (exc.param.param_type_name if exc.param is not None else "")
        hint = _hint(exc)
        if kind == "argument":
            return f"Argument obligatoire manquant : {hint}."
        return f"Option obligatoire manquante : {hint}."
    if isinstance(exc, BadParameter):
        hint = _hint(exc)
        where = f" pour {hint}" if hint else ""
        return f"Valeur invalide{where} : {_reason(exc)}."
    if isinstance(exc, NoSuchOption):
        message = f"Option inconnue : {exc.option_name}."
        if exc.possibilities:
            message += f" Vouliez-vous dire {' ou '.join(sorted(exc.possibilities))} ?"
        return message
    if isinstance(exc, BadOptionUsage):
        if "does not take" in exc.message:
            return f"L'option {exc.option_name} ne prend pas de valeur."
        return f"L'option {exc.option_name} attend une valeur."
    for pattern, template in _FAIL_MESSAGES:
        match = pattern.fullmatch(exc.message)
        if match:
            return template.format(**match.groupdict())
    return f"Commande mal formée : {exc.message}"


def _usage_line(exc: UsageError) -> str | None:
    ctx = exc.ctx
    if ctx is None:
        return None
    pieces = " ".join(ctx.command.collect_usage_pieces(ctx))
    return f"Utilisation : {ctx.command_path} {pieces}".rstrip()


def _report_usage_error(exc: UsageError) -> NoReturn:
    if not isinstance(exc, NoArgsIsHelpError):  # the help was printed: that is the answer
        usage = _usage_line(exc)
        if usage is not None:
            typer.echo(usage, err=True)
        typer.echo(french_usage_message(exc), err=True)
        if exc.ctx is not None:
            typer.echo(f"Aide : {exc.ctx.command_path} --help", err=True)
    sys.exit(USAGE_EXIT_CODE)


class FrenchGroup(TyperGroup):
    """The root group: same behaviour as Typer's, with French usage errors."""

    def main(
        self,
        args: Sequence[str] | None = None,
        prog_name: str | None = None,
        complete_var: str | None = None,
        standalone_mode: bool = True,
        windows_expand_args: bool = True,
        **extra: Any,
    ) -> Any:
        if not standalone_mode:  # the caller handles errors itself
            return super().main(args, prog_name, complete_var, False, windows_expand_args, **extra)
        try:
            # Non-standalone, Typer returns the exit code of `typer.Exit` and raises the rest.
            result = super().main(
                args, prog_name, complete_var, False, windows_expand_args, **extra
            )
        except UsageError as exc:
            _report_usage_error(exc)
        except ClickException as exc:
            typer.echo(f"Erreur : {exc.format_message()}", err=True)
            sys.exit(exc.exit_code)
        except typer.Abort:
            typer.echo("Abandon.", err=True)
            sys.exit(1)
        sys.exit(result if isinstance(result, int) else 0)
