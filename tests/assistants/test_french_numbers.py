"""The advanced edit form reads and shows French decimals, and says in French what is wrong."""

from __future__ import annotations

import html
from typing import Any

import pytest

from tests.conftest import Account


def _edit(alice: Account, aid: str, **fields: str) -> Any:
    data = {"csrf_token": alice.csrf, "mode": "avance", **fields}
    return alice.client.post(f"/assistants/{aid}/edit", data=data, follow_redirects=False)


def test_a_decimal_comma_is_accepted_and_shown_back(
    alice: Account, pizzeria: dict[str, Any]
) -> None:
    aid = pizzeria["id"]
    r = _edit(alice, aid, temperature="0,3", wait_seconds="0,8", max_duration="600")
    assert r.status_code == 303, r.text
    got = alice.client.get(f"/api/v1/assistants/{aid}", headers=alice.auth).json()["config"]
    assert got["model"]["temperature"] == 0.3
    assert got["startSpeakingPlan"]["waitSeconds"] == 0.8
    page = alice.client.get(f"/assistants/{aid}/edit?mode=avance").text
    assert 'name="temperature" value="0,3"' in page
    assert 'name="wait_seconds" value="0,8"' in page
    assert 'name="max_duration" value="600"' in page


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"temperature": "chaud"}, "La température doit être un nombre, par exemple 0,3."),
        ({"wait_seconds": "1,2,3"}, "L'attente avant de parler doit être un nombre"),
        (
            {"max_duration": "dix minutes"},
            "La durée maximale d'un appel doit être un nombre entier",
        ),
        ({"max_duration": "60,5"}, "La durée maximale d'un appel doit être un nombre entier"),
    ],
)
def test_bad_numbers_get_a_french_message(
    alice: Account, pizzeria: dict[str, Any], fields: dict[str, str], message: str
) -> None:
    r = _edit(alice, pizzeria["id"], **fields)
    assert r.status_code == 422
    text = html.unescape(r.text)
    assert message in text
    assert "could not convert" not in text and "invalid literal" not in text


def test_a_too_short_prompt_is_refused_in_french(alice: Account, pizzeria: dict[str, Any]) -> None:
    r = alice.client.post(
        f"/assistants/{pizzeria['id']}/edit",
        data={"csrf_token": alice.csrf, "mode": "simple", "system_prompt": "Trop court"},
    )
    assert r.status_code == 422
    text = html.unescape(r.text)
    assert "Instructions : doit contenir au moins 20 caractère(s)" in text
    assert "String should" not in text and "validation error" not in text
