"""The assistants search takes the owner's text literally: `%` and `_` are not wildcards."""

from __future__ import annotations

import pytest

from tests.assistants.conftest import create
from tests.conftest import Account

TEXT = "Le garage s'appelle {}, à Paris, ouvert du lundi au samedi de 9h à 19h"


def _names(acc: Account, q: str) -> list[str]:
    r = acc.client.get("/api/v1/assistants", params={"q": q, "sort": "name"}, headers=acc.auth)
    assert r.status_code == 200, r.text
    return [a["name"] for a in r.json()["items"]]


@pytest.mark.parametrize(
    ("q", "expected"),
    [
        ("%", ["Garage 100% Auto"]),
        ("_", ["Salon_Coiffure"]),
        ("0%", ["Garage 100% Auto"]),
        ("0_", []),
        ("\\", ["Back\\slash"]),
        ("n_c", ["Salon_Coiffure"]),
        ("GARAGE", ["Garage 100% Auto"]),
    ],
)
def test_like_wildcards_in_the_query_match_themselves(
    alice: Account, q: str, expected: list[str]
) -> None:
    for name in ("Garage 100% Auto", "Salon_Coiffure", "Boulangerie Alpha", "Back\\slash"):
        create(alice, TEXT.format(name), name=name)
    assert _names(alice, q) == expected


def test_html_search_escapes_wildcards_too(alice: Account) -> None:
    create(alice, TEXT.format("Boulangerie Alpha"), name="Boulangerie Alpha")
    page = alice.client.get("/assistants", params={"q": "%"})
    assert page.status_code == 200
    assert "Boulangerie Alpha" not in page.text
