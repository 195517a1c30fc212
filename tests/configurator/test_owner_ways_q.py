"""Shapes met in dev part q, read by general mechanisms: a validation in formal words (« Nous
validons. », « Configuration validée. ») closes the conversation at the recap and before it."""

from __future__ import annotations

import pytest

from allokoli.configurator import Stage, turn
from allokoli.understanding.extract import extract_facts
from allokoli.understanding.speech import normalise_speech
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


def test_a_trade_of_its_own_with_no_runner_up_is_not_checked() -> None:
    reply, state = talk(
        "Allô, oui, alors je suis ramoneur, Ramonage du Forez, on est à Montbrison et on "
        "tourne sur Feurs, Boën et Saint-Galmier."
    )
    assert "c'est bien" not in reply.text and "plutôt" not in reply.text
    assert state.activity_label() == "Ramoneur"


def test_the_zone_listed_holds_the_town_the_business_works_from() -> None:
    reply, state = talk(
        "Oui bonjour, je suis taxi à Ajaccio, Taxi Santoni, voilà.",
        "Je fais les transferts aéroport et je vais jusqu'à Propriano, Sartène, Bastia même.",
        "Tous les jours de 5h à 22h.",
        "Qu'il prenne les réservations, et les messages.",
        "Vouvoiement, voix masculine.",
    )
    while reply.stage is not Stage.RECAP and reply.stage is not Stage.DONE:
        reply, state = turn(state, "je ne sais pas")
    assert state.profile["service_area"].startswith("Ajaccio, ")
    assert "Propriano" in state.profile["service_area"]


@pytest.mark.parametrize(
    ("text", "e164"),
    [
        # taken back with words and no comma after « non »
        (
            "qu'il transfère au 0690 41 22 33... non attendez je me trompe, c'est 0690 41 23 33",
            "+590690412333",
        ),
        # taken back in the next sentence, after words on the first
        (
            "Si c'est urgent, transférez au 03 88 12 34 56, c'est le fixe. Ah non, plutôt mon "
            "portable, 06 11 22 33 44, au fixe personne ne décroche.",
            "+33611223344",
        ),
    ],
)
def test_a_transfer_number_taken_back(text: str, e164: str) -> None:
    assert extract_facts(normalise_speech(text)).transfer_number == e164


def test_words_after_a_postcode_are_no_town() -> None:
    address = extract_facts("on est au 15 rue des Écoles, 97410, juste à côté de la poste").address
    # the words after are no town; the postcode stands for one (Saint-Pierre, La Réunion)
    assert address is not None and address.postal_code == "97410"
    assert address.city == "Saint-Pierre"
