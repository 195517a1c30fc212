"""Authentication of Vapi's requests, over the raw bytes, in constant time.

Accepted forms (Vapi credentials): the shared secret in `X-Vapi-Secret` (legacy) or
`Authorization: Bearer <secret>`, or the HMAC plan: `x-signature` = hex HMAC-SHA256 of
`{x-timestamp}.{raw body}`, with the timestamp (seconds or milliseconds, a finite decimal number)
at most 300 s away from now.
"""

from __future__ import annotations

import hmac
import math
import re
from collections.abc import Mapping

from allokoli.kit.security import hmac_sha256_hex

MAX_SKEW_SECONDS = 300
# Digits, optionally a fraction: `float()` alone would also take "nan", "inf", "1_0" or " 1e9 ",
# and NaN compares false with everything, so a "nan" timestamp passed the freshness check.
_TIMESTAMP = re.compile(r"[0-9]{1,16}(?:\.[0-9]{1,9})?")


def _timestamp_seconds(raw: str) -> float | None:
    """The timestamp in seconds, or None unless it is a finite, plain decimal number."""
    if not _TIMESTAMP.fullmatch(raw):
        return None
    value = float(raw)
    if not math.isfinite(value):
        return None
    return value / 1000 if value > 1e11 else value  # milliseconds or seconds


def verify(headers: Mapping[str, str], body: bytes, secret: str, now: float) -> bool:
    shared = headers.get("x-vapi-secret")
    if shared is not None:
        return hmac.compare_digest(shared.encode(), secret.encode())
    auth = headers.get("authorization", "")
    if auth.lower().startswith("bearer "):
        return hmac.compare_digest(auth[7:].strip().encode(), secret.encode())
    signature = headers.get("x-signature")
    stamp = headers.get("x-timestamp")
    if signature and stamp:
        seconds = _timestamp_seconds(stamp)
        if seconds is None or abs(now - seconds) > MAX_SKEW_SECONDS:
            return False
        expected = hmac_sha256_hex(secret, stamp.encode() + b"." + body)
        sent = signature.removeprefix("sha256=").strip().lower()
        return hmac.compare_digest(expected.encode(), sent.encode())
    return False


def sign(body: bytes, secret: str, timestamp: int) -> dict[str, str]:
    """Headers of the HMAC form (used by tests, benchmarks and the sandbox)."""
    return {
        "x-timestamp": str(timestamp),
        "x-signature": hmac_sha256_hex(secret, str(timestamp).encode() + b"." + body),
    }
