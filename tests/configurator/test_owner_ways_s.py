"""Shapes met in dev part s: an owner who works under their own name says so once, and the
initials of a title (« ostéopathe D.O. ») are no name to check."""

from __future__ import annotations

import pytest

from allokoli.configurator import turn
from tests.configurator.simulate import talk

OPENING = (
    "Bonjour, je suis Claire Dumoulin, podologue D.E., et je consulte au 4 place du Marché à "
    "Vannes, 56000."
)


def test_the_initials_of_a_title_are_no_name_to_check() -> None:
    reply, state = talk(OPENING)
    assert "« D »" not in reply.text and "« D.E »" not in reply.text
    assert state.name_candidate is None


@pytest.mark.parametrize(
    "answer",
    [
        "Je n'ai pas de nom de cabinet, je travaille sous mon nom.",
        "pas de nom commercial, c'est à mon nom",
    ],
)
def test_an_owner_under_their_own_name_is_not_asked_again(answer: str) -> None:
    reply, state = talk(OPENING, answer)
    assert state.profile.get("company_name") == "Claire Dumoulin"
    assert reply.asked != "company_name"


def test_the_owner_s_full_name_answers_the_name_question() -> None:
    reply, s = talk(
        "Oui alors c'est Yann Le Gall, je suis élagueur, dans le Finistère nord, du côté de "
        "Morlaix et Landivisiau, Saint-Pol aussi",
    )
    assert reply.asked == "company_name"  # the towns are no name to check
    reply, s = turn(s, "Yann Le Gall")
    assert s.profile["company_name"] == "Yann Le Gall"
    assert reply.asked != "company_name"
