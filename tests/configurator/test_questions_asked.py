"""What each question asks for, and how an answer to it is read: the tasks question asks for the
number to pass calls to as well, every trade is asked its prices, and a validation at the recap
that restates a fact finishes."""

from __future__ import annotations

import pytest

from allokoli.configurator import ConfiguratorState, Reply, Stage, start, turn
from allokoli.configurator.handlers.base import is_bare_reply


def _until(
    asked: str, opening: str, *, filler: str = "je ne sais pas"
) -> tuple[Reply, ConfiguratorState]:
    reply, s = start()
    reply, s = turn(s, opening)
    for _ in range(8):
        if reply.asked == asked:
            return reply, s
        reply, s = turn(s, filler)
    raise AssertionError(f"never asked {asked!r}: {reply.text}")


def test_the_tasks_question_also_asks_for_the_number_and_reads_a_landline() -> None:
    reply, s = _until("tasks", "Cordonnerie Martin à Quimper, réparation de chaussures et clés")
    assert reply.also_asked == ["transfer_number", "owner_name"]
    assert "numéro" in reply.text and "prénom" in reply.text
    reply, s = turn(s, "Répondre aux questions et prendre les messages. 02 98 55 41 20")
    assert s.profile["transfer_number"] == "+33298554120"
    assert "transfer_urgent" in s.profile["tasks"]
    assert "take_message" in s.profile["tasks"]
    assert reply.asked != "transfer_number"


def test_the_first_name_comes_with_the_number_to_pass_calls_to() -> None:
    _reply, s = _until("tasks", "Cordonnerie Martin à Quimper, réparation de chaussures et clés")
    _reply, s = turn(s, "Répondre aux questions et me passer les urgences. 06 98 55 41 20. Yannick")
    assert s.profile["transfer_number"] == "+33698554120"
    assert s.profile["owner_name"] == "Yannick"


def test_the_first_name_is_not_asked_again_once_known() -> None:
    reply, _s = _until("tasks", "Bonjour, moi c'est Paul, cordonnerie Martin à Quimper")
    assert reply.also_asked == ["transfer_number"]
    assert "prénom" not in reply.text


def test_a_number_alone_leaves_the_first_name_unknown() -> None:
    _reply, s = _until("tasks", "Cordonnerie Martin à Quimper, réparation de chaussures et clés")
    _reply, s = turn(s, "Prendre les messages. Transfert au 06 98 55 41 20, merci")
    assert s.profile["transfer_number"] == "+33698554120"
    assert "owner_name" not in s.profile


def test_tasks_without_a_number_mean_no_transfer_question() -> None:
    reply, s = _until("tasks", "Librairie Le Vent des Pages à Albi, livres neufs et d'occasion")
    reply, s = turn(s, "Juste prendre les messages, pas de transfert.")
    assert "transfer_number" not in s.profile
    assert "transfer_urgent" not in s.profile["tasks"]
    for _ in range(6):
        assert reply.asked != "transfer_number"
        if reply.stage is Stage.RECAP:
            break
        reply, s = turn(s, "je ne sais pas")


def test_the_tasks_question_does_not_ask_for_a_number_already_given() -> None:
    reply, _s = _until(
        "tasks", "Atelier Vélo Rouge à Niort, réparation de vélos, mon portable 06 71 82 93 04"
    )
    assert reply.also_asked == []


def test_a_trade_without_a_price_question_is_asked_its_prices() -> None:
    # a health practice outside the catalogue has no price question of its own
    answers = {
        "opening_hours": "du lundi au vendredi de 9h à 18h",
        "tasks": "prendre les rendez-vous, et me passer les urgences au 06 45 12 78 90",
    }
    reply, s = start()
    reply, s = turn(s, "Cabinet de sophrologie Souffle Clair à Vannes")
    for _ in range(5):
        if reply.asked == "services":
            break
        reply, s = turn(s, answers.get(reply.asked or "", "par téléphone"))
    assert reply.asked == "services"
    assert "prix" in reply.text
    reply, s = turn(s, "séance individuelle 55 euros une heure, séance de groupe 20 euros")
    prices = {item.price_eur for item in s.profile_model().services}
    assert prices == {55.0, 20.0}


def test_a_validation_that_restates_a_fact_at_the_recap_finishes() -> None:
    reply, s = start()
    for line in (
        "Boulangerie Au Fournil à Laval",
        "du mardi au samedi 7h-19h",
        "baguette 1 euro 20",
        "prendre les commandes",
        "on vouvoie, voix de femme",
    ):
        if reply.stage is Stage.RECAP:
            break
        reply, s = turn(s, line)
    for _ in range(4):
        if reply.stage is Stage.RECAP:
            break
        reply, s = turn(s, "je ne sais pas")
    assert reply.stage is Stage.RECAP
    reply, s = turn(s, "Vous validez, moi c'est bon.")
    assert reply.done


def test_a_verdict_is_never_a_list_of_services() -> None:
    _reply, s = _until("services", "Salon de coiffure Mèche Rebelle à Lorient")
    _reply, s = turn(s, "Je confirme, tout est exact.")
    assert "services" not in s.profile


@pytest.mark.parametrize(
    "text",
    ["Je confirme, tout est exact.", "Le récapitulatif me semble correct", "ça me paraît bon"],
)
def test_a_verdict_has_no_content_of_its_own(text: str) -> None:
    assert is_bare_reply(text)


def test_a_verdict_with_content_is_not_bare() -> None:
    assert not is_bare_reply("tout est bon sauf le samedi, on ferme à 17h")
