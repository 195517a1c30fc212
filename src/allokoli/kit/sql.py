"""SQL helpers shared by the repositories."""

from __future__ import annotations

from typing import Any

from sqlalchemy import ColumnElement, func

#: The escape character of every LIKE pattern built from user input: explicit, so that SQLite
#: (which has no default escape character) and PostgreSQL (backslash by default) agree.
LIKE_ESCAPE = "\\"


def escape_like(text: str) -> str:
    """`text` with the LIKE wildcards `%` and `_` (and the escape character itself) escaped."""
    return (
        text.replace(LIKE_ESCAPE, LIKE_ESCAPE * 2)
        .replace("%", LIKE_ESCAPE + "%")
        .replace("_", LIKE_ESCAPE + "_")
    )


def contains_text(column: Any, text: str) -> ColumnElement[bool]:
    """Case-insensitive « column contains text », where `text` is literal: a `%` or `_` typed
    by a user matches that character, never « anything »."""
    pattern = f"%{escape_like(text.lower())}%"
    return func.lower(column).like(pattern, escape=LIKE_ESCAPE)
