"""The one optional booking question (issue 17): asked only in trades that book, first among the
optional questions when the owner said the assistant takes bookings, read into the profile's
booking facts; the conversation still ends within the budget."""

from __future__ import annotations

import pytest

from allokoli.configurator import ConfiguratorState, Reply, Stage, start, texts, turn
from allokoli.configurator.questions import MAX_OWNER_TURNS, all_questions
from allokoli.domain.profile import BusinessProfile
from allokoli.understanding.booking import parse_booking_facts

SALON = (
    "Salon Léa, coiffeur au 3 rue Neuve 44000 Nantes, ouvert du mardi au samedi de 9h à 18h, "
    "contact@salonlea.fr. Coupe femme 35 €, coupe homme 22 €"
)


def _until(asked: str, opening: str, answers: dict[str, str]) -> tuple[Reply, ConfiguratorState]:
    reply, s = start()
    reply, s = turn(s, opening)
    for _ in range(MAX_OWNER_TURNS):
        if reply.asked == asked:
            return reply, s
        reply, s = turn(s, answers.get(reply.asked or "", "passer"))
    raise AssertionError(f"never asked {asked!r}")


@pytest.mark.parametrize(
    ("text", "facts"),
    [
        ("30 minutes, et 2 h à l'avance", {"duration_minutes": 30, "min_notice_minutes": 120}),
        ("40 couverts, jusqu'à la veille", {"seats": 40, "min_notice_minutes": 1440}),
        ("1h30", {"duration_minutes": 90}),
        (
            "une demi-heure, délai de deux heures",
            {"duration_minutes": 30, "min_notice_minutes": 120},
        ),
        ("60 places, on réserve le jour même", {"seats": 60, "min_notice_minutes": 0}),
        ("je ne sais pas", {}),
    ],
)
def test_booking_facts_are_read_from_plain_french(text: str, facts: dict[str, int]) -> None:
    assert parse_booking_facts(text) == facts


def test_a_salon_that_books_is_asked_and_the_answer_reaches_the_profile() -> None:
    reply, s = _until("booking_facts", SALON, {"tasks": "les rendez-vous et les messages"})
    assert reply.text.endswith(texts.ASK_BOOKING)
    reply, s = turn(s, "45 minutes, au moins 3 h à l'avance")
    assert s.profile["booking_facts"] == {"duration_minutes": 45, "min_notice_minutes": 180}
    for _ in range(MAX_OWNER_TURNS):
        if reply.stage is Stage.RECAP:
            break
        reply, s = turn(s, "passer")
    assert "Rendez-vous : 45 minutes par rendez-vous, au moins 3 h à l'avance" in reply.text
    reply, s = turn(s, "c'est parfait")
    assert s.stage is Stage.DONE and s.owner_turns <= MAX_OWNER_TURNS
    profile = BusinessProfile.model_validate(s.profile_data())
    assert profile.booking_facts is not None and profile.booking_facts.duration_minutes == 45


def test_a_restaurant_is_asked_its_covers() -> None:
    _reply, s = start()
    _reply, s = turn(s, "Pizzeria Da Marco à Lyon, on prend les réservations")
    assert any(
        q.id == "booking_facts" and q.text == texts.ASK_BOOKING_RESTAURANT for q in all_questions(s)
    )


def test_a_trade_that_does_not_book_is_never_asked() -> None:
    reply, s = start()
    reply, s = turn(s, "Librairie Le Vent des Pages à Albi, livres neufs et d'occasion")
    assert all(q.id != "booking_facts" for q in all_questions(s))
    for _ in range(MAX_OWNER_TURNS):
        assert reply.asked != "booking_facts"
        if reply.stage is Stage.RECAP:
            break
        reply, s = turn(s, "passer")
