"""A value the database cannot hold (a NUL character in a text, an integer past 32 or 64 bits)
is the caller's mistake, not a server error: every surface answers it as a 422."""

from __future__ import annotations

from allokoli.kit.errors import InvalidInput


class ValueRefused(InvalidInput):
    default_detail = (
        "Une des valeurs envoyées ne peut pas être enregistrée "
        "(caractère nul ou nombre hors limites)."
    )
