"""A rehearsal's tool calls are a dry run: nothing the rehearsal does stays with the owner.

The rehearsal sends its assistant's config to the provider's chat with a mark in its metadata
(`allokoliRehearsal`): a short-lived value signed with the server's secret key for the
organisation. The provider echoes the assistant with every server message, and the webhook
checks the signature (`is_marked`). A verified mark makes every tool call a dry run: the tool
checks its arguments and answers the same words as for real, inside a savepoint rolled back
(no message, appointment request, booking, knowledge gap, audit entry, outbox job, calendar push
or notification stays), and the chat's status updates and end-of-call report are not applied
(no call record). The mark is decided by the rehearsal run on the server: a caller only chooses
the tools' arguments, and a forged or replayed-too-late mark fails the check, so a real call is
always recorded for real.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
import uuid
from collections.abc import Mapping
from datetime import datetime, timedelta
from typing import Any

METADATA_KEY = "allokoliRehearsal"
LIFETIME = timedelta(hours=1)
"""How long a mark is honoured: a rehearsal lasts minutes."""


def _signature(secret: str, organization_id: uuid.UUID, body: str) -> str:
    message = f"rehearsal|{organization_id}|{body}".encode()
    return hmac.new(secret.encode(), message, hashlib.sha256).hexdigest()[:32]


def mark(secret: str, organization_id: uuid.UUID, now: datetime) -> str:
    """A new mark for one rehearsal run of the organisation, valid `LIFETIME` from `now`."""
    body = f"{secrets.token_urlsafe(9)}.{int((now + LIFETIME).timestamp())}"
    return f"{body}.{_signature(secret, organization_id, body)}"


def marked_config(
    config: dict[str, Any], secret: str, organization_id: uuid.UUID, now: datetime
) -> dict[str, Any]:
    """The assistant's config with a fresh rehearsal mark in its metadata (a copy)."""
    metadata = dict(config.get("metadata") or {})
    metadata[METADATA_KEY] = mark(secret, organization_id, now)
    return {**config, "metadata": metadata}


def is_marked(
    metadata: Mapping[str, Any], secret: str, organization_id: uuid.UUID, now: datetime
) -> bool:
    """True when the assistant's metadata carries a valid, unexpired rehearsal mark of this
    organisation."""
    raw = metadata.get(METADATA_KEY)
    if not isinstance(raw, str) or len(raw) > 200:
        return False
    nonce, _, rest = raw.partition(".")
    expires, _, signature = rest.partition(".")
    if not nonce or not expires.isdigit() or not signature:
        return False
    if int(expires) < now.timestamp():
        return False
    expected = _signature(secret, organization_id, f"{nonce}.{expires}")
    return hmac.compare_digest(signature, expected)
