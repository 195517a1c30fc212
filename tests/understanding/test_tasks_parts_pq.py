"""Tasks in shapes met in dev parts p and q, written here with other words: SMS typos in the
task words, an adverb before the object, messages in SMS short form."""

from __future__ import annotations

import pytest

from allokoli.domain.profile import Task
from allokoli.understanding.extract import extract_facts
from allokoli.understanding.speech import normalise_speech


@pytest.mark.parametrize(
    ("text", "tasks"),
    [
        (
            "je voudrai quil prenne les comandes de gateaux et reponde au questions des clients",
            {Task.TAKE_ORDER, Task.ANSWER_FAQ},
        ),
        (
            "je voudrais que l'assistant prenne les rdv et répondent au questions sur les tarifs",
            {Task.BOOK_APPOINTMENT, Task.ANSWER_FAQ},
        ),
        (
            "lassistant prend les rdv pour les soins, et les msg.",
            {Task.BOOK_APPOINTMENT, Task.TAKE_MESSAGE},
        ),
        ("si un client annule tu prends juste le msg", {Task.TAKE_MESSAGE}),
    ],
)
def test_tasks_said_in_passing(text: str, tasks: set[Task]) -> None:
    assert set(extract_facts(normalise_speech(text)).tasks) == tasks
