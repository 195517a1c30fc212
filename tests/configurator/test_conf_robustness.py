"""Owners who answer in their own order: validations, price corrections, hours changed out of
turn, impossible hours asked once, and optional questions ordered by the quality score."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from allokoli.configurator import ConfiguratorState, Reply, Stage, start, turn
from allokoli.configurator.questions import find_question, quality_gain
from allokoli.understanding.intents import Finish, detect_finish

NOW = datetime(2026, 3, 2, 10, 0, tzinfo=UTC)


def talk(*messages: str) -> tuple[Reply, ConfiguratorState]:
    reply, state = start(now=NOW)
    for message in messages:
        reply, state = turn(state, message, now=NOW)
    return reply, state


@pytest.mark.parametrize(
    "text",
    [
        "Je valide le récapitulatif.",
        "Je confirme le récapitulatif.",
        "Je confirme l'ensemble.",
        "Je vous confirme que le récapitulatif est exact.",
        "Je confirme, tout est exact.",
        "Ouais ça me va, c'est bon.",
        "Oui c'est ça, c'est bon.",
        "c bon pr moi",
        "oui je confirme tt",
        "Vous validez, moi c'est bon.",
    ],
)
def test_validations_are_recognised(text: str) -> None:
    assert detect_finish(text) is not None


@pytest.mark.parametrize(
    "text", ["vouvoiement, ça me va", "le lundi, c'est tout", "c'est pas bon", "je valide pas"]
)
def test_answers_and_negations_are_not_validations(text: str) -> None:
    assert detect_finish(text) is None


def test_a_validation_while_a_question_is_pending_finishes() -> None:
    reply, _state = talk(
        "Plombier à Lyon, Plomberie Martin", "du lundi au vendredi 8h-18h", "Je valide l'ensemble."
    )
    assert reply.done
    assert detect_finish("Je valide l'ensemble.") is Finish.STRONG


def test_a_price_correction_changes_that_price_only() -> None:
    _reply, state = talk(
        "coiffeuse à Lyon, salon Coupe Folle", "coupe 25 €, brushing 20 €, couleur 50 €"
    )
    _reply, state = turn(state, "pardon la couleur c'est cinquante-cinq, pas 50", now=NOW)
    prices = {s["name"]: s["price_eur"] for s in state.profile["services"]}
    assert prices == {"Coupe": 25.0, "Brushing": 20.0, "Couleur": 55.0}
    assert state.sector is not None and state.sector.family == "beaute"


def test_a_day_s_closing_time_said_during_a_free_text_question_changes_that_day() -> None:
    _reply, state = talk(
        "C'est pour la boulangerie-pâtisserie Au Pain Doré, à Saumur, rue d'Orléans. On est "
        "ouverts du mardi au samedi de 6h30 à 19h30, et le dimanche de 7h à 13h, fermé le lundi.",
        "Je voudrais qu'il prenne les commandes de gâteaux, les pièces montées, et qu'il "
        "réponde aux questions sur les horaires.",
    )
    faq = next(q for q in _all_optional(state) if q.fact == "faq")
    state.pending, state.pending_kind = faq.id, "question"  # a free-text question
    _reply, state = turn(state, "Ah et le samedi en fait on ferme à 17h, pas 19h30.", now=NOW)
    days = {d["day"]: d["ranges"] for d in state.profile["opening_hours"]["days"]}
    assert days["samedi"] == [{"start": "06:30:00", "end": "17:00:00"}]
    assert days["vendredi"] == [{"start": "06:30:00", "end": "19:30:00"}]
    assert not state.profile.get("faq")


def test_hours_into_the_night_from_late_morning_are_hours() -> None:
    _reply, state = talk("snack Le Sultan à Lens", "lundi-samedi 11h-2h, dimanche 17h-2h")
    days = {d["day"]: d["ranges"] for d in state.profile["opening_hours"]["days"]}
    assert days["lundi"] == [{"start": "11:00:00", "end": "02:00:00"}]


def test_impossible_hours_are_asked_once_then_the_conversation_moves_on() -> None:
    reply, state = talk("Pizzeria Da Marco à Nice", "de 14h à 10h tous les jours")
    assert reply.asked == "opening_hours" and "avant d'ouvrir" in reply.text
    reply, state = turn(state, "de 14h à 10h tous les jours", now=NOW)
    assert reply.asked != "opening_hours"
    assert "opening_hours" not in state.profile
    assert state.stage in (Stage.COLLECTING, Stage.RECAP)


def test_a_price_list_is_never_the_company_name() -> None:
    _reply, state = talk(
        "pizzeria a toulon", "margherita 9e, reine 11e, 4 fromages 12e50", "prendre les commandes"
    )
    assert "9e" not in str(state.profile.get("company_name") or "")
    prices = {s["name"]: s["price_eur"] for s in state.profile["services"]}
    assert prices["4 fromages"] == 12.5


def test_a_duration_is_not_taken_for_a_phone_number() -> None:
    _reply, state = talk("Kebab Istanbul à Mulhouse, ouvert 11h-23h")
    state.pending, state.pending_kind = "transfer_number", "question"
    reply, _state = turn(state, "dire le temps d'attente, ~15min", now=NOW)
    assert "dix chiffres" not in reply.text


def test_optional_questions_are_ranked_by_what_they_add_to_the_quality_score() -> None:
    _reply, state = talk("Institut Belle de Jour, esthéticienne à Périgueux")
    faq = next(q for q in _all_optional(state) if q.fact == "faq")
    contact = find_question(state, "contact")
    assert contact is not None
    assert quality_gain(state, faq) > quality_gain(state, contact) > 0


def _all_optional(state: ConfiguratorState) -> list:  # type: ignore[type-arg]
    from allokoli.configurator.questions import all_questions

    return [q for q in all_questions(state) if q.optional]
