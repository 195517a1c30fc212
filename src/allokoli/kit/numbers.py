"""Numbers as the French write them: "0,3" is read and shown with a decimal comma."""

from __future__ import annotations

import math
import re

from allokoli.kit.errors import InvalidInput

_DECIMAL = re.compile(r"[+-]?(\d+([.,]\d*)?|[.,]\d+)")
_INTEGER = re.compile(r"[+-]?\d+")
_SPACES = re.compile(r"[\s\u00a0\u202f]")


def parse_decimal(text: str, *, label: str, example: str = "0,3") -> float:
    """`text` ("0,3", "0.3", " 1 ") as a number, or an `InvalidInput` that names the field
    in French ("La température doit être un nombre, par exemple 0,3.")."""
    cleaned = _SPACES.sub("", text)
    if not _DECIMAL.fullmatch(cleaned):
        raise InvalidInput(f"{label} doit être un nombre, par exemple {example}.")
    value = float(cleaned.replace(",", "."))
    if not math.isfinite(value):  # pragma: no cover - the pattern admits only digits
        raise InvalidInput(f"{label} doit être un nombre, par exemple {example}.")
    return value


def parse_integer(text: str, *, label: str, example: str = "600") -> int:
    """`text` as a whole number, or an `InvalidInput` in French."""
    cleaned = _SPACES.sub("", text)
    if not _INTEGER.fullmatch(cleaned):
        raise InvalidInput(f"{label} doit être un nombre entier, par exemple {example}.")
    return int(cleaned)


def decimal_fr(value: object) -> str:
    """A number written the French way ("0,3", "1,25", "600"); other values as text, None as
    ""."""
    if value is None or value == "":
        return ""
    if isinstance(value, bool):
        return str(value)
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        text = f"{value:.6f}".rstrip("0").rstrip(".")
        return text.replace(".", ",")
    return str(value)
