"""The receptionist's reading of booking words: the slots a tool reads out, the caller's day,
the slot picked, a cancellation (pure, no database)."""

from __future__ import annotations

from datetime import date, time

import pytest

from allokoli.sandbox.booking import (
    asked_time,
    date_said,
    is_cancellation,
    offered_slots,
    pick,
)
from allokoli.sandbox.intents import read

MONDAY = date(2027, 3, 8)
OFFER = (
    "Pour « Coupe », je peux vous proposer mardi neuf mars à neuf heures, mardi neuf mars à "
    "dix heures trente ou mercredi dix mars à midi."
)


def test_the_slots_read_by_a_tool_are_found_in_order() -> None:
    slots = offered_slots(OFFER, MONDAY)
    assert [(s.day, s.at) for s in slots] == [
        (date(2027, 3, 9), time(9, 0)),
        (date(2027, 3, 9), time(10, 30)),
        (date(2027, 3, 10), time(12, 0)),
    ]
    assert slots[1].words == "mardi neuf mars à dix heures trente"
    assert offered_slots("Je n'ai aucun créneau libre ; je peux prendre un message.", MONDAY) == []


@pytest.mark.parametrize(
    ("said", "day"),
    [
        ("je voudrais un rendez-vous mardi vers 10h pour une coupe", "mardi"),
        ("une table pour 4 samedi soir", "samedi"),
        ("le 12 mars à 14h", "le 12 mars"),
        ("dans quinze jours si possible", "dans quinze jours"),
        ("mardi prochain", "mardi prochain"),
        ("demain matin", "demain"),
        ("le plus tôt possible", ""),
        ("mon numéro est le 06 12 34 56 78", None),
        ("pour 4 personnes", None),
    ],
)
def test_the_callers_day_is_kept_in_their_words(said: str, day: str | None) -> None:
    assert date_said(read(said)) == day


def test_times_and_parts_of_the_day() -> None:
    assert asked_time(read("mardi vers 10h"), restaurant=False) == time(10, 0)
    assert asked_time(read("samedi soir"), restaurant=True) == time(20, 0)
    assert asked_time(read("mardi"), restaurant=False) is None


@pytest.mark.parametrize(
    ("said", "index"),
    [
        ("Celui de dix heures trente", 1),
        ("le premier", 0),
        ("le deuxième s'il vous plaît", 1),
        ("le dernier", 2),
        ("mercredi", 2),
        ("à 15h", None),
        ("je ne sais pas", None),
    ],
)
def test_the_caller_picks_an_offered_slot(said: str, index: int | None) -> None:
    slots = offered_slots(OFFER, MONDAY)
    chosen = pick(read(said), slots, MONDAY)
    assert chosen == (slots[index] if index is not None else None)


def test_a_cancellation_is_not_a_question_about_the_policy() -> None:
    assert is_cancellation(read("Je voudrais annuler mon rendez-vous de mardi"))
    assert is_cancellation(read("il faut que j'annule ma réservation"))
    assert not is_cancellation(read("Quelles sont vos conditions d'annulation d'un rendez-vous ?"))
    assert not is_cancellation(read("je voudrais un rendez-vous"))
