"""Secrets inside stored Vapi bodies: sealed at rest, opened for the account, never echoed out.

A Vapi body carries secrets in known places: every value of a `headers` object (an assistant's
`server.headers` holds the organisation's `X-Vapi-Secret`; tools have their own `server`), and
fields such as a credential's `authenticationPlan.token` / `secretKey` or a Twilio import's
`twilioAuthToken`. The sandbox stores bodies with those leaves sealed (`kit.crypto.SecretBox`),
opens them for its own use (signing a delivery, answering the account's `GET`), and strips them
from the server messages it sends (which the receiving end stores).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from allokoli.kit.crypto import SealedValueError, SecretBox, is_sealed

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
_DROP = object()


def _walk(value: Any, leaf: Callable[[str], Any], *, secret: bool = False) -> Any:
    """A copy of `value` where every secret string leaf is replaced by `leaf(text)`
    (or removed when `leaf` returns `_DROP`)."""
    if isinstance(value, dict):
        out: dict[str, Any] = {}
        for key, item in value.items():
            inner_secret = key in SECRET_KEYS
            if key == HEADERS_KEY and isinstance(item, dict):
                new = {
                    k: leaf(v) if isinstance(v, str) else _walk(v, leaf) for k, v in item.items()
                }
                out[key] = {k: v for k, v in new.items() if v is not _DROP}
                continue
            new_item = _walk(item, leaf, secret=inner_secret)
            if new_item is not _DROP:
                out[key] = new_item
        return out
    if isinstance(value, list):
        return [v for v in (_walk(item, leaf) for item in value) if v is not _DROP]
    if secret and isinstance(value, str):
        return leaf(value)
    return value


def seal(box: SecretBox, body: Any) -> Any:
    """`body` with every secret leaf sealed (leaves already sealed are kept as they are)."""
    return _walk(body, lambda text: text if is_sealed(text) else box.seal(text))


def unseal(box: SecretBox, body: Any) -> Any:
    """`body` with every sealed leaf opened; one that cannot be opened (the secret key changed)
    is dropped: the owner redeploys to store it again."""

    def open_leaf(text: str) -> Any:
        if not is_sealed(text):
            return text
        try:
            return box.open(text)
        except SealedValueError:
            return _DROP

    return _walk(body, open_leaf)


def redact(body: Any) -> Any:
    """`body` without any secret leaf: what may leave the sandbox in a server message."""
    return _walk(body, lambda _text: _DROP)
