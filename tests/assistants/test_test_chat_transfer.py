"""A transfer during a test chat is shown to the owner, who learns the call is not really
transferred in a test."""

from __future__ import annotations

from typing import Any

from allokoli.providers.vapi import _transfer_to
from tests.conftest import Account


def _say(alice: Account, assistant_id: str, text: str) -> str:
    r = alice.client.post(
        f"/assistants/{assistant_id}/test",
        data={"csrf_token": alice.csrf, "text": text},
        headers={"HX-Request": "true"},
    )
    assert r.status_code == 200, r.text
    return r.text


def test_a_transfer_in_the_test_chat_is_shown(alice: Account, pizzeria: dict[str, Any]) -> None:
    page = _say(alice, pizzeria["id"], "Je voudrais parler au responsable")
    assert "Transfert vers 06 12 34 56 78" in page
    assert "en test, l'appel n'est pas réellement transféré" in page


def test_an_ordinary_answer_shows_no_transfer(alice: Account, pizzeria: dict[str, Any]) -> None:
    assert "Transfert vers" not in _say(alice, pizzeria["id"], "Quelle est votre adresse ?")


def test_the_destination_is_read_from_a_transfer_call_in_the_output() -> None:
    def output(arguments: str) -> list[dict[str, Any]]:
        call = {
            "id": "c1",
            "type": "function",
            "function": {"name": "transferCall", "arguments": arguments},
        }
        return [{"role": "assistant", "content": "Je vous transfère.", "tool_calls": [call]}]

    assert _transfer_to(output('{"destination": "+33611223344"}')) == "+33611223344"
    assert _transfer_to(output('{"destination": {"number": "+33611223344"}}')) == "+33611223344"
    assert _transfer_to(output("not json")) is None
    assert _transfer_to([{"role": "assistant", "content": "Bonjour"}]) is None
