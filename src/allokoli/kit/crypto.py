"""Secrets at rest: authenticated symmetric encryption keyed from ALLOKOLI_SECRET_KEY.

Provider credentials and secrets the product must give back later (a sandbox credential, the
headers and tokens of a Vapi body) are stored sealed, never in clear. `SecretBox` is Fernet
(AES-128-CBC + HMAC-SHA256, from `cryptography`) under a key derived from the application secret
with HKDF and a purpose label, so the raw secret key is never used for two things.

Rotating ALLOKOLI_SECRET_KEY makes older sealed values unreadable: `open` raises `SealedValueError`
and each caller decides (the sandbox issues a new credential; a sealed header is dropped and the
assistant must be redeployed, as docs/deployment.md says).
"""

from __future__ import annotations

import base64

from cryptography.fernet import Fernet, InvalidToken
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

SEALED_PREFIX = "sealed:v1:"
"""Marks a sealed text, so a reader can tell it from a legacy value stored in clear."""


class SealedValueError(ValueError):
    """A sealed value that cannot be opened (another secret key, or tampered with)."""


class SecretBox:
    """Seal and open short secrets with a key derived from the application secret."""

    def __init__(self, secret_key: str, *, purpose: str = "secrets-at-rest") -> None:
        derived = HKDF(
            algorithm=hashes.SHA256(),
            length=32,
            salt=None,
            info=f"allokoli:{purpose}:v1".encode(),
        ).derive(secret_key.encode())
        self._fernet = Fernet(base64.urlsafe_b64encode(derived))

    def seal(self, plaintext: str) -> str:
        """The encrypted form of `plaintext` (random IV: sealing twice gives two texts)."""
        return SEALED_PREFIX + self._fernet.encrypt(plaintext.encode()).decode()

    def open(self, sealed: str) -> str:
        """The plaintext of a value made by `seal`; `SealedValueError` if it cannot be read."""
        if not is_sealed(sealed):
            raise SealedValueError("not a sealed value")
        try:
            return self._fernet.decrypt(sealed[len(SEALED_PREFIX) :].encode()).decode()
        except InvalidToken:
            raise SealedValueError("sealed with another key, or altered") from None


def is_sealed(value: object) -> bool:
    return isinstance(value, str) and value.startswith(SEALED_PREFIX)
