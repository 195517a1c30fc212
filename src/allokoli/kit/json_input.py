"""JSON from outside, parsed with a bounded nesting depth.

`json.loads` recurses once per nested array or object: a body of 100,000 `[` raises
`RecursionError` deep inside the parser (a 500, and a stack that costs memory). Every surface that
parses JSON it did not write (webhooks, the sandbox, uploaded files, CLI files) goes through
`loads_bounded`, which measures the depth *before* parsing and refuses anything deeper than
`MAX_JSON_DEPTH` with `JsonInputError`, a `ValueError` each surface turns into its own 400.
"""

from __future__ import annotations

import json
import re
from typing import Any

MAX_JSON_DEPTH = 64
"""Deeper than any document we exchange (a Vapi end-of-call report is under 10 levels)."""

# A JSON string (with escapes); brackets inside strings do not nest anything.
_STRING = re.compile(rb'"(?:[^"\\]|\\.)*"', re.DOTALL)
_BRACKETS = re.compile(rb"[\[\]{}]")
_OPENERS = frozenset(b"[{")


class JsonInputError(ValueError):
    """The input is not JSON we accept; `str(exc)` says why (English, for logs and Vapi-like
    errors; surfaces give the owner their own French message)."""


def nesting_depth(raw: bytes) -> int:
    """The deepest nesting of arrays and objects in `raw`, ignoring brackets inside strings.

    Runs in C-speed regex passes plus one step per bracket (not per byte)."""
    if raw.count(b"[") + raw.count(b"{") == 0:
        return 0
    depth = deepest = 0
    for match in _BRACKETS.finditer(_STRING.sub(b'""', raw)):
        if match.group()[0] in _OPENERS:
            depth += 1
            deepest = max(deepest, depth)
        else:
            depth -= 1
    return deepest


def loads_bounded(raw: bytes | str, *, max_depth: int = MAX_JSON_DEPTH) -> Any:
    """Parse `raw` as JSON, refusing more than `max_depth` levels of nesting before parsing."""
    data = raw.encode() if isinstance(raw, str) else raw
    # Fast path: a body with few brackets cannot be deep.
    if data.count(b"[") + data.count(b"{") > max_depth and nesting_depth(data) > max_depth:
        raise JsonInputError(f"JSON nested deeper than {max_depth} levels")
    try:
        return json.loads(data)
    except (ValueError, RecursionError) as exc:
        raise JsonInputError(f"invalid JSON: {exc}") from None
