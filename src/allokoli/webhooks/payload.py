"""What a Vapi delivery must be before anything is stored: JSON by its media type, parsed with a
bounded depth, and holding only values both databases can store.

A value PostgreSQL refuses (NaN or ±Infinity in JSON, a NUL character, a lone UTF-16 surrogate
that no UTF-8 text can hold) is found here, in Python, before any statement: inserted with the
others, it would abort the whole transaction and, with it, every other event of its batch. Such
an event is not lost either: it is stored *quarantined*, its body kept as escaped ASCII JSON text
(which any JSON or text column accepts) with the reason, and is never processed.
"""

from __future__ import annotations

import json
import math
import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from pydantic import ValidationError

from allokoli.contracts.vapi_messages import AnyServerMessage, read_message
from allokoli.kit.dberrors import ValueRefused
from allokoli.kit.errors import AppError
from allokoli.kit.json_input import JsonInputError, loads_bounded
from allokoli.kit.redaction import may_hold_secrets, redact

#: The payload key that marks a quarantined event (its body is text, not a message).
QUARANTINE_KEY = "unstorable"

# NUL and the surrogate range: what neither PostgreSQL text nor a UTF-8 encoder accepts.
_UNSTORABLE_TEXT = re.compile("[\x00\ud800-\udfff]")


class InvalidPayload(AppError):
    status_code = 400
    default_detail = "Le corps de la requête n'est pas un message Vapi valide."


class UnsupportedMediaType(AppError):
    status_code = 415
    default_detail = "Le corps de la requête doit être du JSON (Content-Type: application/json)."


def check_content_type(value: str | None) -> None:
    """`application/json`, optionally with `charset=utf-8`; anything else is 415.

    A browser may send `text/plain` or a form to any URL without a CORS preflight: refusing
    those keeps a page from posting events, whatever it knows of the secret."""
    media, _, rest = (value or "").partition(";")
    if media.strip().lower() != "application/json":
        raise UnsupportedMediaType()
    for parameter in filter(None, (p.strip() for p in rest.split(";"))):
        name, _, given = parameter.partition("=")
        if name.strip().lower() != "charset" or given.strip().strip('"').lower() not in (
            "utf-8",
            "utf8",
        ):
            raise UnsupportedMediaType()


@dataclass(frozen=True)
class Inbound:
    """One delivery's message: `body` as it is stored in the inbox (secrets redacted), and
    `message`, the same read through the typed models (what the handler works with)."""

    body: dict[str, Any]
    message: AnyServerMessage

    @property
    def type(self) -> str:
        return self.message.type


def parse(raw: bytes) -> Inbound:
    """The `message` of a delivery; 400 for anything else (too deep, not JSON, no type)."""
    try:
        body = loads_bounded(raw)
    except JsonInputError as exc:
        raise InvalidPayload("Le corps de la requête n'est pas du JSON valide.") from exc
    message = body.get("message") if isinstance(body, dict) else None
    if not isinstance(message, dict) or not isinstance(message.get("type"), str):
        raise InvalidPayload()
    if may_hold_secrets(raw):
        # Vapi echoes the assistant (its `server.headers` hold our X-Vapi-Secret) in some
        # messages: nothing secret is ever stored in the inbox.
        message = redact(message)
    return inbound(message)


def inbound(message: dict[str, Any]) -> Inbound:
    """A `message` object read through the typed models; 400 when what it names (call,
    assistant, phone number, tool calls) is not in a form they read. Values a database refuses
    are not looked at here (see `unstorable`): such a message reads, and is quarantined."""
    if not isinstance(message.get("type"), str):
        raise InvalidPayload()
    try:
        return Inbound(message, read_message(message))
    except ValidationError as exc:
        raise InvalidPayload() from exc


def unstorable(value: Any) -> str | None:
    """Where `value` holds something a database refuses (`message.cost: nan`), or None.

    The common case (nothing wrong) costs one C-speed `json.dumps`: NaN and ±Infinity make it
    raise, and a NUL or a surrogate can only show as a `\\u0000` / `\\ud…` escape in its output.
    Only then is the value walked (iteratively: no recursion) to say where."""
    try:
        text = json.dumps(value, allow_nan=False)
    except ValueError:
        return _locate(value)
    if "\\u0000" not in text and "\\ud" not in text:
        return None
    return _locate(value)  # an escaped backslash or an emoji's surrogate pair: maybe fine


def _locate(value: Any) -> str | None:
    stack: list[tuple[Any, str]] = [(value, "message")]
    while stack:
        item, where = stack.pop()
        if isinstance(item, str):
            if _UNSTORABLE_TEXT.search(item):
                return f"{where}: {escaped(item)[:80]}"
        elif isinstance(item, float):
            if not math.isfinite(item):
                return f"{where}: {item}"
        elif isinstance(item, Mapping):
            for key, child in item.items():
                if _UNSTORABLE_TEXT.search(str(key)):
                    return f"{where}: key {escaped(str(key))[:80]}"
                stack.append((child, f"{where}.{key}"))
        elif isinstance(item, list):
            stack.extend((child, f"{where}[{index}]") for index, child in enumerate(item))
    return None


def escaped(text: str) -> str:
    """`text` as printable ASCII (JSON escapes): storable whatever it holds."""
    return json.dumps(text)[1:-1]


def quarantined(message: Any, reason: str) -> dict[str, Any]:
    """The payload stored for an event that cannot be stored as it is: its body as ASCII JSON
    text (NaN, Infinity, `\\u0000` kept as written) and the reason."""
    return {QUARANTINE_KEY: reason, "body": json.dumps(message, allow_nan=True)}


def refusal(reason: str) -> str:
    """The `error` stored with a quarantined event."""
    return f"{ValueRefused.__name__}: {ValueRefused.default_detail} ({reason})"[:2000]


def printable(text: str) -> str:
    """`text` with what a database refuses replaced by U+FFFD (error texts quoting a value)."""
    return _UNSTORABLE_TEXT.sub("\ufffd", text)


def storable_id(value: Any) -> bool:
    """An identifier from a body that can be looked up (a NUL would fail the query itself)."""
    return not _UNSTORABLE_TEXT.search(str(value))
