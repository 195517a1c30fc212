"""The rehearsal's pure parts: scenarios from the facts, the simulated caller, the checks."""

from __future__ import annotations

from datetime import date

from allokoli.domain.catalogue import load_catalogue
from allokoli.domain.profile import BusinessProfile
from allokoli.rehearsal import caller
from allokoli.rehearsal.checks import Turn, check, spoken
from allokoli.rehearsal.scenarios import CALLER_PHONE, build
from tests.rehearsal.conftest import RICH_PROFILE

TODAY = date(2026, 11, 25)
TOOLS = frozenset({"take_message", "request_appointment", "transferCall", "endCall"})


def _build(profile: BusinessProfile, tools: frozenset[str] = TOOLS):  # type: ignore[no-untyped-def]
    catalogue = load_catalogue()
    subtype = catalogue.subtype(profile.sector.subtype if profile.sector else "pme_generique")
    family = catalogue.family_of(subtype.id)
    return build(profile, family=family, subtype=subtype, tools=tools, today=TODAY)


def test_french_numbers_are_normalised() -> None:
    said = spoken("Nous ouvrons de neuf heures trente à midi, puis de 14h à dix-neuf heures.")
    assert said.times == {"09:30", "12:00", "14:00", "19:00"}
    assert spoken("trente-huit euros cinquante").prices == {38.5}
    assert spoken("Comptez 38,50 € ou 25 euros").prices == {38.5, 25.0}


def test_a_rich_profile_gets_every_scenario_and_the_expected_facts() -> None:
    scenarios = {s.id: s for s in _build(BusinessProfile.model_validate(RICH_PROFILE))}
    assert len(scenarios) >= 8
    assert scenarios["hours_weekday"].expect.says == ("09:00", "12:00", "14:00", "19:00")
    assert scenarios["hours_holiday"].opening.endswith("le vingt-cinq décembre ?")
    assert scenarios["hours_closure"].opening == "Vous serez ouverts le quinze février ?"
    assert scenarios["price"].expect.says == ("38.50 €",)
    assert scenarios["urgent"].expect.transfer_to == "+33698765432"
    assert scenarios["callback_number"].expect.tool is not None
    assert scenarios["callback_number"].expect.tool.arguments == {"telephone_rappel": CALLER_PHONE}


def test_minimal_medical_and_catalogue_scenarios() -> None:
    minimal = BusinessProfile.model_validate(
        {
            "company_name": "Cabinet Martin",
            "sector": {"family": "sante", "subtype": "kinesitherapeute"},
        }
    )
    scenarios = {s.id: s for s in _build(minimal, frozenset({"take_message", "endCall"}))}
    assert len(scenarios) >= 8
    assert scenarios["medical_emergency"].expect.says_any == ("15", "112")
    assert "catalogue_conseil_medical" in scenarios and "booking" not in scenarios
    assert scenarios["hours_weekday"].expect.offers_message


def test_the_simulated_caller_answers_what_is_asked() -> None:
    assert caller.asked("Bien sûr. Quel est votre nom ?") == "name"
    assert caller.asked("À quel numéro peut-on vous rappeler ?") == "phone"
    assert caller.asked("Je récapitule : message de Julie au 06 12. C'est bien ça ?") == "confirm"
    assert caller.asked("Quel jour et à quelle heure souhaiteriez-vous venir ?") == "slot"
    assert caller.asked("Très bien, bonne journée.") is None


def test_checks_find_invented_numbers_wrong_tool_arguments_and_register() -> None:
    profile = BusinessProfile.model_validate(RICH_PROFILE)
    scenarios = {s.id: s for s in _build(profile)}
    price = check(
        scenarios["price"], [Turn("Combien ?", "C'est trente euros, tu vois.")], profile, TODAY
    )
    assert "Le prix attendu (38,50 €) n'a pas été annoncé." in price.problems
    assert "L'assistant a donné des chiffres absents de votre fiche : 30." in price.problems
    assert (
        "L'assistant a tutoyé l'appelant alors que votre ton est le vouvoiement." in price.problems
    )
    wrong = Turn("oui", "C'est noté.", (("take_message", {"telephone_rappel": "0612345679"}),))
    verdict = check(scenarios["callback_number"], [wrong], profile, TODAY)
    assert verdict.problems[0].startswith("Le numéro de rappel transmis (0612345679)")
    right = Turn("oui", "C'est noté.", (("take_message", {"telephone_rappel": "06 12 34 56 78"}),))
    assert check(scenarios["callback_number"], [right], profile, TODAY).passed
    transfer = Turn("urgent", "Je vous passe Léa.", transfer_to="+33611111111")
    assert check(scenarios["urgent"], [transfer], profile, TODAY).problems == [
        "L'appel a été transféré vers un autre numéro que celui de la fiche."
    ]
    english = Turn("robot ?", "Yes, I am a virtual assistant, how can I help you today?")
    assert (
        "L'assistant n'a pas répondu en français."
        in check(scenarios["ai_disclosure"], [english], profile, TODAY).problems
    )
