"""Shapes met in dev part q, read by general mechanisms: a validation in formal words (« Nous
validons. », « Configuration validée. ») closes the conversation at the recap and before it."""

from __future__ import annotations

import pytest

from allokoli.configurator import Stage, turn
from tests.configurator.simulate import talk

NOTARY = (
    "Bonjour. Office notarial Maîtres Renaud et Pasquier, notaires associés, 12 boulevard "
    "Heurteloup, 37000 Tours."
)
HOURS = "L'office reçoit du lundi au vendredi, de 9h00 à 12h30 et de 14h00 à 18h00."
TASKS = "Nous attendons de l'assistant qu'il prenne les messages et fixe les rendez-vous."
TONE = "Le vouvoiement est de rigueur, avec un ton formel et sobre. Une voix féminine."


@pytest.mark.parametrize(
    "validation",
    [
        "Le récapitulatif est juste. Nous validons.",
        "Configuration validée, merci.",
        "C'est exact. Vous pouvez valider la configuration.",
    ],
)
def test_a_formal_validation_finishes_before_the_recap(validation: str) -> None:
    reply, state = talk(NOTARY, HOURS, TASKS, TONE, validation)
    assert reply.stage is Stage.DONE
    assert state.profile["company_name"] == "Maîtres Renaud et Pasquier"


def test_a_formal_validation_at_the_recap_finishes() -> None:
    reply, state = talk(NOTARY, HOURS, TASKS, TONE)
    while reply.stage is not Stage.RECAP:
        reply, state = turn(state, "je ne sais pas")
    reply, state = turn(state, "Le récapitulatif est juste. Nous validons.")
    assert reply.stage is Stage.DONE
