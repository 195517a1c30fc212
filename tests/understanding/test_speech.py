"""Speech forms taken out before the engine reads an answer (understanding.speech)."""

from __future__ import annotations

import pytest

from allokoli.configurator import start, turn
from allokoli.understanding.speech import normalise_speech


@pytest.mark.parametrize(
    ("said", "meant"),
    [
        ("euh je suis plombier à Lyon", "je suis plombier à Lyon"),
        ("Ben oui, c'est ça", "oui, c'est ça"),
        ("voilà, c'est tout", "c'est tout"),
        ("Plomberie Martin voilà", "Plomberie Martin"),
        ("fermé le mardi, non, le mercredi", "fermé le mercredi"),
        ("on ferme à 18 h, non, 19 h", "on ferme à 19 h"),
        ("le samedi jusqu'à 12 h 30, pardon, 13 h", "le samedi jusqu'à 13 h"),
        (
            "Ça s'appelle Dupond, D comme Denis, U comme Ursule, P comme Pierre, "
            "O comme Oscar, N comme Nicolas, T comme Thomas",
            "Ça s'appelle Dupont",
        ),
        ("mon nom c'est K A R I M", "mon nom c'est Karim"),
    ],
)
def test_speech_forms_become_what_was_meant(said: str, meant: str) -> None:
    assert normalise_speech(said) == meant


@pytest.mark.parametrize(
    "typed",
    [
        "le salon Ben Martin",
        "Je suis à Lyon, voilà l'adresse",
        "oui, non, je voulais dire",
        "Coiffure Léa à Nantes, 02 40 12 34 56",
    ],
)
def test_plain_sentences_are_unchanged(typed: str) -> None:
    assert normalise_speech(typed) == typed


def test_the_engine_takes_the_spelt_company_name() -> None:
    _, state = start()
    _, state = turn(state, "Euh, je suis plombier à Lyon")
    _, state = turn(
        state,
        "Plomberie Dupond, D comme Denis, U comme Ursule, P comme Pierre, O comme Oscar, "
        "N comme Nicolas, T comme Thomas",
    )
    assert state.profile.get("company_name") == "Plomberie Dupont"
