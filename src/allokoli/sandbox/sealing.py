"""Secrets inside stored Vapi bodies: sealed at rest, opened for the account, never echoed out.

A Vapi body carries secrets in known places: every value of a `headers` object (an assistant's
`server.headers` holds the organisation's `X-Vapi-Secret`; tools have their own `server`), and
fields such as a credential's `authenticationPlan.token` / `secretKey` or a Twilio import's
`twilioAuthToken`. The sandbox stores bodies with those leaves sealed (`kit.crypto.SecretBox`),
opens them for its own use (signing a delivery, answering the account's `GET`), and strips them
from the server messages it sends (which the receiving end stores).
"""

from __future__ import annotations

from typing import Any

from allokoli.kit.crypto import SealedValueError, SecretBox, is_sealed
from allokoli.kit.redaction import DROP as _DROP
from allokoli.kit.redaction import redact as redact
from allokoli.kit.redaction import walk as _walk


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
