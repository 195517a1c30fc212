"""Services in shapes met in dev parts p and q, written here with other words: a price taken
back and said again (with the item named again, without its unit, said once more to be sure),
one length for every item, and a free first appointment named in the tasks' sentence."""

from __future__ import annotations

import pytest

from allokoli.understanding.money import extract_services
from allokoli.understanding.speech import normalise_speech


def _items(text: str) -> list[tuple[str, float | None, int | None]]:
    return [
        (s.name, s.price_eur, s.duration_minutes) for s in extract_services(normalise_speech(text))
    ]


@pytest.mark.parametrize(
    ("text", "item"),
    [
        (
            "brushing 20 €, balayage 70 €... non attendez, le balayage c'est 75 maintenant",
            ("Balayage", 75.0, None),
        ),
        (
            "L'abonnement trimestriel c'est 150 €... non, 160 cette saison.",
            ("Abonnement trimestriel", 160.0, None),
        ),
        (
            "pantalon 8 €, veste 12 €. Pardon, la veste c'est 13 €. Disons 13.",
            ("Veste", 13.0, None),
        ),
        (
            "séance 50 euros, enfin c'est 52,50 avec la hausse, mettez 52,50.",
            ("Séance", 52.5, None),
        ),
    ],
)
def test_a_price_taken_back_keeps_the_one_said_last(
    text: str, item: tuple[str, float, None]
) -> None:
    items = _items(text)
    assert item in items
    assert not any(name.lower() in ("disons", "mettez") for name, _, _ in items)


def test_a_price_taken_back_for_another_item_leaves_it() -> None:
    assert _items("menu 25 €, enfin 2 menus pour les groupes") == [("Menu", 25.0, None)]


def test_one_length_for_every_item() -> None:
    assert _items(
        "Le parallélisme c'est 59 euros, l'équilibrage 39 euros, ça prend une demi-heure chacun."
    ) == [
        ("Parallélisme", 59.0, 30),
        ("Équilibrage", 39.0, 30),
    ]


def test_a_free_first_appointment_named_in_the_tasks_sentence() -> None:
    items = _items(
        "L'assistant prend les rendez-vous pour le premier bilan, gratuit, une heure, et pour "
        "les séances de suivi, quarante-cinq minutes."
    )
    assert items == [("Premier bilan", 0.0, 60), ("Séances de suivi", None, 45)]


def test_a_free_appointment_described_after_its_name() -> None:
    items = _items(
        "Qu'il propose un rendez-vous découverte, qui est gratuit et dure trente minutes."
    )
    assert items == [("Rendez-vous découverte", 0.0, 30)]


def test_a_pause_after_cest_keeps_the_price_with_its_item() -> None:
    assert _items(
        "Le menu enfant c'est... euh... douze euros, et le menu du jour dix-huit euros."
    ) == [
        ("Menu enfant", 12.0, None),
        ("Menu du jour", 18.0, None),
    ]


def test_a_length_said_for_the_whole_of_it() -> None:
    assert _items("L'initiation c'est 40 euros, ça dure deux heures en tout.") == [
        ("Initiation", 40.0, 120)
    ]
