"""The activity is a clean trade label, never the owner's message."""

from __future__ import annotations

from allokoli.understanding.detection import detect_sector
from allokoli.understanding.from_text import profile_from_text
from allokoli.understanding.trade import activity_label, business_description, trade_label


def test_a_trade_outside_the_catalogue_is_the_owner_word() -> None:
    text = "coucou je suis vitrailliste a Vannes, fais court stp"
    assert activity_label(detect_sector(text)) == "Vitrailliste"


def test_a_catalogue_trade_is_its_subtype_label_and_nothing_is_none() -> None:
    label = activity_label(detect_sector("Boulangerie artisanale à Dijon"))
    assert label is not None and label.startswith("Boulangerie")
    assert activity_label(detect_sector("bonjour, voilà")) is None


def test_a_generic_subtype_label_is_never_an_activity() -> None:
    assert trade_label("artisan_generique", None) is None
    assert trade_label("artisan_generique", "Artisan (autre métier)") is None
    assert trade_label("artisan_generique", "vitrailliste") == "Vitrailliste"


def test_the_description_keeps_only_what_a_caller_may_hear() -> None:
    text = (
        "Slt ! chui vitrailliste. Restauration de vitraux anciens et créations. Tu peux être sympa"
    )
    assert business_description(text) == "Restauration de vitraux anciens et créations"


def test_a_profile_from_text_stores_the_label_and_no_greeting() -> None:
    text = (
        "Bonjour, je suis vitrailliste à Chartres, l'Atelier du Verre. "
        "Restauration de vitraux d'église et créations sur mesure. Merci de faire vite !"
    )
    profile = profile_from_text(text)
    assert profile.activity == "Vitrailliste"
    assert profile.notes == "Restauration de vitraux d'église et créations sur mesure"
