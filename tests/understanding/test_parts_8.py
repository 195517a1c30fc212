"""Mechanisms that dev parts 8 and 9 (written blind) showed missing."""

from __future__ import annotations

import pytest

from allokoli.configurator.names import name_guess_from_opening
from allokoli.domain.profile import Task
from allokoli.understanding.detection import detect_sector
from allokoli.understanding.extract import extract_facts
from allokoli.understanding.names import company_name_candidates, trade_or_kind_word
from allokoli.understanding.tasks import extract_tasks

DENTIST = (
    "Bonjour, je suis le Docteur Hélène Marchand, chirurgien-dentiste. Je souhaite configurer un"
    " assistant téléphonique pour mon cabinet, le Cabinet dentaire Marchand, situé 14 rue"
    " Vendôme, 69006 Lyon."
)


def test_a_capital_after_a_word_in_lower_case_makes_a_name_of_trade_words() -> None:
    # « marchand » is a trade word, « Marchand » after « dentaire » a proper noun
    assert extract_facts(DENTIST).company_name == "Cabinet dentaire Marchand"


def test_a_kind_of_business_alone_is_never_guessed_as_the_name() -> None:
    assert trade_or_kind_word("Cabinet") and trade_or_kind_word("pizzeria")
    assert not trade_or_kind_word("Marchand des Quatre Saisons")
    text = "Je souhaite un assistant pour mon cabinet, le Cabinet dentaire, situé à Lyon."
    assert name_guess_from_opening(text, set(), None) is None


@pytest.mark.parametrize(
    ("text", "task"),
    [
        ("je veux que ca prenne les cdes a emporter", Task.TAKE_ORDER),
        ("faut juste prendre les rdv et dire les prix", Task.ANSWER_FAQ),
        ("besoin ke ca prenne les cdes (bouquets, deuil) + reponde horaires", Task.ANSWER_FAQ),
        (
            "que ca prenne les commandes et que ca reponde quand on demande si on est ouvert",
            Task.ANSWER_FAQ,
        ),
    ],
)
def test_tasks_said_the_short_way(text: str, task: Task) -> None:
    assert task in extract_tasks(text)


def test_answering_while_busy_is_no_questions_task() -> None:
    found = extract_tasks("il faut que ça réponde quand je suis occupé et prenne les messages")
    assert Task.ANSWER_FAQ not in found


@pytest.mark.parametrize(
    "text",
    [
        "transporteur routier, on fait messagerie et lots complets pr des industriels du nord",
        "Je fais du transport de colis et de palettes avec un utilitaire de vingt mètres cubes",
    ],
)
def test_road_haulage_is_of_the_automobile_and_transport_family(text: str) -> None:
    assert detect_sector(text).family == "automobile"
    assert detect_sector("déménagement et transport de mobilier").subtype == "demenageur"


def test_a_label_opening_the_message_is_no_name() -> None:
    assert company_name_candidates("Tone of voice : chaleureux, et on vouvoie.") == []
    found = company_name_candidates("Mercerie à Vienne, La Bobine de Rose : laine, tissus")
    assert found and found[0].text == "La Bobine de Rose"


def test_saying_where_we_are_is_answering_questions() -> None:
    assert Task.ANSWER_FAQ in extract_tasks("faut prendre les cdes a l'avance et dire ou on est")


def test_an_item_in_lower_case_with_its_price_is_no_name() -> None:
    text = (
        "Un ressemelage, ça dépend de la chaussure, les talons femme c'est quinze euros, une clé"
        " simple c'est cinq euros."
    )
    assert extract_facts(text).company_name is None
