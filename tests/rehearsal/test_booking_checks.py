"""The booking scenario's two variants and its checks: through the booking tools (the check,
then the booking with the number as dictated on a slot the check offered) for an assistant
that books, through request_appointment for one that only takes requests. Pure."""

from __future__ import annotations

from datetime import date

from allokoli.domain.catalogue import load_catalogue
from allokoli.domain.profile import BusinessProfile
from allokoli.rehearsal import caller
from allokoli.rehearsal.checks import Turn, check
from allokoli.rehearsal.scenarios import CALLER_PHONE, DRY_RUN_NOTE, Scenario, build
from tests.rehearsal.conftest import RICH_PROFILE

TODAY = date(2026, 11, 25)
BOOKS = frozenset({"take_message", "check_availability", "book_appointment", "endCall"})
REQUESTS = frozenset({"take_message", "request_appointment", "endCall"})


def _booking(tools: frozenset[str]) -> Scenario:
    profile = BusinessProfile.model_validate(RICH_PROFILE)
    catalogue = load_catalogue()
    subtype = catalogue.subtype(profile.sector.subtype if profile.sector else "pme_generique")
    family = catalogue.family_of(subtype.id)
    built = build(profile, family=family, subtype=subtype, tools=tools, today=TODAY)
    return next(s for s in built if s.id == "booking")


def _check(scenario: Scenario, turns: list[Turn]) -> list[str]:
    profile = BusinessProfile.model_validate(RICH_PROFILE)
    return check(scenario, turns, profile, TODAY).problems


OFFER = (
    "Je peux vous proposer mardi premier décembre à dix heures ou mardi premier décembre à "
    "onze heures trente. Lequel vous convient ?"
)
BOOKED = "C'est réservé : « Coupe femme » le mardi premier décembre à onze heures trente."


def _turns(book: dict[str, str], *, checked: bool = True) -> list[Turn]:
    check_call = (("check_availability", {"date": "2026-12-01", "heure": "10:00"}),)
    return [
        Turn(
            "Je voudrais un rendez-vous mardi vers 10 heures", OFFER, check_call if checked else ()
        ),
        Turn("Le deuxième", "Très bien. À quel numéro peut-on vous rappeler ?"),
        Turn("06 12 34 56 78", BOOKED, (("book_appointment", book),)),
    ]


GOOD = {"date": "2026-12-01", "heure": "11:30", "telephone_rappel": "06 12 34 56 78"}


def test_an_assistant_that_books_is_rehearsed_through_its_booking_tools() -> None:
    scenario = _booking(BOOKS)
    assert scenario.expect.tool is None
    assert [t.name for t in scenario.expect.tools] == ["check_availability", "book_appointment"]
    book = scenario.expect.tools[1]
    assert book.arguments == {"telephone_rappel": CALLER_PHONE}
    assert book.after == "check_availability" and book.slot_offered
    assert scenario.note == DRY_RUN_NOTE
    assert scenario.answers["pick"]
    # One that only takes requests keeps request_appointment.
    request = _booking(REQUESTS)
    assert request.expect.tool is not None and request.expect.tool.name == "request_appointment"
    assert request.expect.tools == () and request.note is None


def test_the_booking_checks_cover_both_tools() -> None:
    scenario = _booking(BOOKS)
    assert _check(scenario, _turns(GOOD)) == []
    problems = _check(scenario, _turns(GOOD, checked=False))
    assert "L'outil « check_availability » n'a pas été appelé." in problems
    assert any("sans passer d'abord par" in p for p in problems)
    wrong_number = {**GOOD, "telephone_rappel": "06 12 34 56 87"}
    assert _check(scenario, _turns(wrong_number)) == [
        "Le numéro de rappel transmis (06 12 34 56 87) n'est pas celui que l'appelant a dicté."
    ]
    not_offered = {**GOOD, "heure": "15:00"}
    assert _check(scenario, _turns(not_offered)) == [
        "Le créneau réservé (2026-12-01 15:00) n'est pas l'un de ceux que le planning a proposés."
    ]
    other_day = {**GOOD, "date": "2026-12-02"}
    assert len(_check(scenario, _turns(other_day))) == 1
    # The figures the agenda gave (dates, times, a reference) are not "invented".
    assert not any("chiffres" in p for p in _check(scenario, _turns(GOOD)))


def test_the_simulated_caller_picks_an_offered_slot() -> None:
    assert caller.asked("Lequel vous convient ?") == "pick"
    assert caller.asked("Ce créneau vous convient-il ?") == "pick"
    assert caller.asked("Quel jour vous conviendrait, et plutôt à quelle heure ?") == "slot"
