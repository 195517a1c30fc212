"""`resolve_profile`: the one « description or profile → BusinessProfile » every surface calls."""

from __future__ import annotations

import pytest

from allokoli.domain.profile import BusinessProfile
from allokoli.generation.resolve import resolve_profile
from allokoli.kit.errors import InvalidInput
from allokoli.understanding.from_text import MAX_DESCRIPTION_CHARS, MissingCompanyName

TEXT = "Plomberie Martin, plombier chauffagiste à Lyon 3e, dépannage 7j/7."


def test_a_profile_is_taken_as_given() -> None:
    profile = BusinessProfile.model_validate(
        {"company_name": "Cabinet Durand", "sector": {"family": "sante", "subtype": "dentiste"}}
    )
    assert resolve_profile(profile=profile) is profile


def test_a_description_is_read_and_the_given_name_wins() -> None:
    assert resolve_profile(text=TEXT).company_name == "Plomberie Martin"
    named = resolve_profile(text="Plombier à Lyon, dépannage 7j/7.", company_name="Eau Secours")
    assert named.company_name == "Eau Secours"
    assert named.sector is not None
    assert named.sector.family == "artisans"


def test_a_description_without_a_name_says_what_is_missing() -> None:
    with pytest.raises(MissingCompanyName) as caught:
        resolve_profile(text="Plombier à Lyon, dépannage 7j/7.")
    assert caught.value.status_code == 422
    assert caught.value.extra["missing"] == ["company_name"]
    assert caught.value.extra["sector"]["family"] == "artisans"
    assert "company_name" not in caught.value.extra["profile"]


@pytest.mark.parametrize(
    ("text", "profile", "message"),
    [
        (None, None, "soit une description"),
        (TEXT, BusinessProfile(company_name="X"), "soit une description"),
        ("x" * (MAX_DESCRIPTION_CHARS + 1), None, "trop longue"),
        ("  ", None, "vide"),
    ],
)
def test_bad_inputs_are_refused_in_french(
    text: str | None, profile: BusinessProfile | None, message: str
) -> None:
    with pytest.raises(InvalidInput, match=message):
        resolve_profile(text=text, profile=profile)
