"""Free-text handlers (FAQ, policies, specialties): read only as their own question's answer."""

from __future__ import annotations

from allokoli.configurator.handlers.free_text import FaqHandler, SpecialtiesHandler
from allokoli.configurator.questions import all_questions

from ._helpers import reads, say, state_for

FAQ = FaqHandler()
SPECIALTIES = SpecialtiesHandler()


def test_free_text_is_never_read_in_passing() -> None:
    s = state_for("avocat")
    assert reads(SPECIALTIES, s, "droit de la famille et droit du travail") is None


def test_specialties_as_an_answer_reject_a_bare_yes() -> None:
    s = state_for("avocat")
    assert reads(SPECIALTIES, s, "oui", "specialties") is None
    assert reads(SPECIALTIES, s, "droit de la famille, droit du travail", "specialties")


def test_faq_answer_keeps_a_yes_and_not_the_numbers_it_mentions() -> None:
    s = state_for("veterinaire")
    faq = next((q for q in all_questions(s) if q.fact == "faq"), None)
    if faq is None:  # the catalogue asks no FAQ for this trade
        return
    say(s, "oui, le veto de garde au 04 90 11 22 33", faq.id)
    assert "veto de garde" in s.profile["faq"][0]["answer"]
    assert "business_phone" not in s.profile
    assert "transfer_number" not in s.profile


def test_an_faq_question_answered_with_the_owners_name_and_tone_stores_those() -> None:
    s = state_for("caviste")
    faq = next((q for q in all_questions(s) if q.fact == "faq"), None)
    assert faq is not None
    say(s, "Ah, et je m'appelle Philippe. Pour le ton, chaleureux, on vouvoie.", faq.id)
    assert s.profile["owner_name"] == "Philippe"
    assert s.profile["tone"]["style"] == "chaleureux"
    assert not s.profile.get("faq")
