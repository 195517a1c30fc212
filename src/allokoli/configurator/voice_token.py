"""The short-lived token that binds a voice call to one owner's configurator session.

The page asks for it when the owner presses « Parler au lieu d'écrire » and hands it to the Web
SDK in `assistantOverrides.variableValues`; Vapi sends the call (with its overrides) with every
tool call, and every tool call checks it before anything is read or written. It is
`v1.<organisation>.<user>.<session>.<expiry>.<signature>`: an HMAC-SHA256 of the rest, keyed
by a key derived from the application secret for this one use, so a token cannot be forged,
moved to another session or used after its expiry.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from allokoli.kit.security import hmac_sha256_hex, same

VARIABLE = "allokoliSession"
"""The `variableValues` / `metadata` key the token travels under."""
NO_USER = uuid.UUID(int=0)
"""The user of a session started with an API key (it has none)."""
_VERSION = "v1"
_PURPOSE = "configurator-voice-token"


@dataclass(frozen=True, slots=True)
class VoiceBinding:
    organization_id: uuid.UUID
    user_id: uuid.UUID
    session_id: uuid.UUID
    expires_at: datetime


class InvalidVoiceToken(Exception):
    """Forged, malformed or expired: the call gets a spoken refusal, nothing is written."""


def _key(secret: str) -> str:
    return hmac_sha256_hex(secret, _PURPOSE)


def issue(
    secret: str,
    *,
    organization_id: uuid.UUID,
    user_id: uuid.UUID,
    session_id: uuid.UUID,
    now: datetime,
    lifetime: timedelta,
) -> tuple[str, datetime]:
    expires = now + lifetime
    body = f"{_VERSION}.{organization_id}.{user_id}.{session_id}.{int(expires.timestamp())}"
    return f"{body}.{hmac_sha256_hex(_key(secret), body)}", expires


def verify(secret: str, token: object, *, now: datetime) -> VoiceBinding:
    """The binding a token carries, or `InvalidVoiceToken`."""
    if not isinstance(token, str) or len(token) > 300:
        raise InvalidVoiceToken("missing")
    body, _, signature = token.rpartition(".")
    if not body or not same(hmac_sha256_hex(_key(secret), body), signature):
        raise InvalidVoiceToken("signature")
    parts = body.split(".")
    if len(parts) != 5 or parts[0] != _VERSION:
        raise InvalidVoiceToken("format")
    try:
        org, user, session = (uuid.UUID(p) for p in parts[1:4])
        expires = datetime.fromtimestamp(int(parts[4]), UTC)
    except ValueError as exc:
        raise InvalidVoiceToken("format") from exc
    if now >= expires:
        raise InvalidVoiceToken("expired")
    return VoiceBinding(org, user, session, expires)
