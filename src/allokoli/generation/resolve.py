"""« A description or a profile → the BusinessProfile »: written once for every surface.

REST (`POST /generate`, `POST /assistants`), the HTML form, the MCP tools and the CLI all call
`resolve_profile`, so they refuse the same inputs with the same typed errors: `InvalidInput`
(French message) and `MissingCompanyName` (422 with `missing`, the detected `sector` and the
partial `profile`).
"""

from __future__ import annotations

from allokoli.domain.profile import BusinessProfile
from allokoli.kit.errors import InvalidInput
from allokoli.understanding.from_text import MAX_DESCRIPTION_CHARS, profile_from_text


def resolve_profile(
    *,
    text: str | None = None,
    profile: BusinessProfile | None = None,
    company_name: str | None = None,
) -> BusinessProfile:
    """The `profile` given, or the one read from the French description `text` (exactly one of
    the two). `company_name` names the business when the description does not (text only)."""
    if (text is None) == (profile is None):
        raise InvalidInput("Donnez soit une description de l'entreprise, soit un profil.")
    if profile is not None:
        return profile
    assert text is not None
    if len(text) > MAX_DESCRIPTION_CHARS:
        raise InvalidInput(
            f"La description est trop longue ({len(text)} caractères) : "
            f"{MAX_DESCRIPTION_CHARS} caractères au plus."
        )
    return profile_from_text(text, company_name)
