"""Secrets at rest: sealed values are unreadable without the key, and tamper-evident."""

from __future__ import annotations

import pytest

from allokoli.kit.crypto import SEALED_PREFIX, SealedValueError, SecretBox, is_sealed

KEY = "k" * 48


def test_seal_and_open_round_trip() -> None:
    box = SecretBox(KEY)
    sealed = box.seal("whsec-0123")
    assert is_sealed(sealed) and sealed.startswith(SEALED_PREFIX)
    assert "whsec-0123" not in sealed
    assert box.seal("whsec-0123") != sealed  # random IV
    assert box.open(sealed) == "whsec-0123"


def test_another_key_or_purpose_cannot_open() -> None:
    sealed = SecretBox(KEY).seal("secret")
    with pytest.raises(SealedValueError):
        SecretBox("x" * 48).open(sealed)
    with pytest.raises(SealedValueError):
        SecretBox(KEY, purpose="other").open(sealed)


def test_tampering_and_plain_text_are_refused() -> None:
    box = SecretBox(KEY)
    sealed = box.seal("secret")
    with pytest.raises(SealedValueError):
        box.open(sealed[:-4] + ("AAAA" if not sealed.endswith("AAAA") else "BBBB"))
    with pytest.raises(SealedValueError):
        box.open("secret")
