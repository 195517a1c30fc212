"""Secret leaves of Vapi bodies, found in one place: sealed at rest by the sandbox, removed from
whatever we store of a server message.

A Vapi body carries secrets in known places: every value of a `headers` object (an assistant's
`server.headers` holds the organisation's `X-Vapi-Secret`; tools have their own `server`), and
fields such as a credential's `authenticationPlan.token` / `secretKey` or a Twilio import's
`twilioAuthToken`.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

HEADERS_KEY = "headers"
SECRET_KEYS = frozenset(
    {
        "token",
        "secret",
        "secretKey",
        "apiKey",
        "authToken",
        "twilioAuthToken",
        "twilioApiKey",
        "twilioApiSecret",
        "password",
        "clientSecret",
        "privateKey",
    }
)
DROP = object()
"""Returned by a leaf function to remove the leaf."""


def walk(value: Any, leaf: Callable[[str], Any], *, secret: bool = False) -> Any:
    """A copy of `value` where every secret string leaf is replaced by `leaf(text)`
    (or removed when `leaf` returns `DROP`)."""
    if isinstance(value, dict):
        out: dict[str, Any] = {}
        for key, item in value.items():
            inner_secret = key in SECRET_KEYS
            if key == HEADERS_KEY and isinstance(item, dict):
                new = {k: leaf(v) if isinstance(v, str) else walk(v, leaf) for k, v in item.items()}
                out[key] = {k: v for k, v in new.items() if v is not DROP}
                continue
            new_item = walk(item, leaf, secret=inner_secret)
            if new_item is not DROP:
                out[key] = new_item
        return out
    if isinstance(value, list):
        return [v for v in (walk(item, leaf) for item in value) if v is not DROP]
    if secret and isinstance(value, str):
        return leaf(value)
    return value


_MARKERS = tuple(f'"{key}"'.encode() for key in (HEADERS_KEY, *SECRET_KEYS))


def may_hold_secrets(raw: bytes) -> bool:
    """False when `raw` names no secret key at all (the usual webhook: no walk needed)."""
    return any(marker in raw for marker in _MARKERS)


def redact(body: Any) -> Any:
    """`body` without any secret leaf: what may be sent out or stored of a server message."""
    return walk(body, lambda _text: DROP)
