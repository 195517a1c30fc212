"""What the assistant must do, read from the verb the owner uses (not from fixed phrases)."""

from __future__ import annotations

import pytest

from allokoli.domain.profile import Task
from allokoli.understanding.tasks import extract_tasks


@pytest.mark.parametrize(
    ("text", "task"),
    [
        ("renseigner les gens et répondre sur les délais de livraison", Task.ANSWER_FAQ),
        ("répondre concernant la carte et les allergènes", Task.ANSWER_FAQ),
        ("me passer les fournisseurs directement", Task.TRANSFER_URGENT),
        ("noter les demandes de projets de cuisine", Task.QUALIFY_QUOTE),
        ("mettre de côté les livres commandés", Task.TAKE_ORDER),
        ("qu'il inscrive les enfants au stage", Task.BOOK_APPOINTMENT),
        ("qu'il réserve les courts de tennis", Task.BOOK_APPOINTMENT),
    ],
)
def test_a_task_named_by_its_verb(text: str, task: Task) -> None:
    assert task in extract_tasks(text, expecting=True)


@pytest.mark.parametrize(
    "text", ["le parking est réservé aux clients", "uniquement sur rendez-vous", "on répond vite"]
)
def test_words_that_name_no_task(text: str) -> None:
    assert extract_tasks(text) == []


@pytest.mark.parametrize(
    ("text", "task"),
    [
        ("un assistant qui book les cours d'essai", Task.BOOK_APPOINTMENT),
        ("qu'il escalade les urgences des clients pro vers moi", Task.TRANSFER_URGENT),
        ("il qualifie les leads : budget, date, lieu", Task.QUALIFY_QUOTE),
    ],
)
def test_franglais_names_its_task(text: str, task: Task) -> None:
    assert task in extract_tasks(text)
