from __future__ import annotations

from datetime import time

import pytest

from allokoli.domain.profile import Register, Style, Task, Tone, VoiceGender, Weekday
from allokoli.understanding import ExtractedFacts, FactKey, IntentKind, extract_facts


def test_several_facts_in_one_answer() -> None:
    facts = extract_facts(
        "Pizzeria Da Marco à Lyon 3e, ouvert du mardi au dimanche de 11h30 à 14h et de 18h30 à "
        "22h30, on prend les réservations, pour les urgences appelez le 06 12 34 56 78"
    )
    assert facts.company_name == "Pizzeria Da Marco"
    assert facts.address is not None
    assert (facts.address.city, facts.address.postal_code) == ("Lyon", "69003")
    assert facts.opening_hours is not None
    days = {d.day: d.ranges for d in facts.opening_hours.days}
    assert set(days) == {
        Weekday(d) for d in ("mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche")
    }
    assert [(r.start, r.end) for r in days[Weekday.DIMANCHE]] == [
        (time(11, 30), time(14, 0)),
        (time(18, 30), time(22, 30)),
    ]
    assert facts.tasks == [Task.BOOK_APPOINTMENT, Task.TRANSFER_URGENT]
    assert facts.transfer_number == "+33612345678"
    assert facts.transfer_when == "en cas d'urgence"
    assert facts.business_phone is None
    assert facts.services == []


def test_artisan_in_one_sentence() -> None:
    facts = extract_facts(
        "Je suis plombier à Lyon, dépannage 7j/7, appelez-moi au 06 12 34 56 78 pour les urgences"
    )
    assert facts.address is not None and facts.address.city == "Lyon"
    assert facts.transfer_number == "+33612345678"
    assert Task.TRANSFER_URGENT in facts.tasks
    assert facts.company_name is None
    assert facts.opening_hours is not None and "tous les jours" in (facts.opening_hours.note or "")


def test_salon_rambling_answer() -> None:
    facts = extract_facts(
        "alors moi c'est Sophie, mon salon s'appelle Belle Mèche, on est au 12 rue de la "
        "République 69002 Lyon, ouvert du mardi au samedi de 9h à 19h, coupe femme 35€, coupe "
        "homme 22€, et j'aimerais une voix féminine plutôt chaleureuse, en vouvoyant les clients"
    )
    assert facts.owner_name == "Sophie"
    assert facts.company_name == "Belle Mèche"
    assert facts.address is not None
    assert facts.address.street == "12 rue de la République"
    assert facts.address.postal_code == "69002"
    assert [s.name for s in facts.services] == ["Coupe femme", "Coupe homme"]
    assert facts.voice_gender is VoiceGender.FEMININE
    assert facts.tone_style is Style.CHALEUREUX
    assert facts.tone_register is Register.VOUVOIEMENT
    assert facts.opening_hours is not None and len(facts.opening_hours.days) == 5


def test_business_and_transfer_numbers() -> None:
    facts = extract_facts(
        "le numéro du salon c'est le 04 78 12 34 56, et pour les urgences mon portable 06 12 34 56 78"
    )
    assert facts.business_phone == "+33478123456"
    assert facts.transfer_number == "+33612345678"
    assert [p.role for p in facts.phones] == ["business", "transfer"]


BARE_ANSWERS: list[tuple[str, str, str, object]] = [
    ("Chez Marco", "company_name", "company_name", "Chez Marco"),
    ("belle mèche", "company_name", "company_name", "Belle Mèche"),
    ("06 12 34 56 78", "transfer_number", "transfer_number", "+33612345678"),
    (
        "zéro six douze trente-quatre cinquante-six soixante-dix-huit",
        "transfer_number",
        "transfer_number",
        "+33612345678",
    ),
    ("04 78 12 34 56", "business_phone", "business_phone", "+33478123456"),
    ("homme", "voice_gender", "voice_gender", VoiceGender.MASCULINE),
    ("une femme", "voice_gender", "voice_gender", VoiceGender.FEMININE),
    ("tu", "register", "tone_register", Register.TUTOIEMENT),
    ("sympa", "style", "tone_style", Style.CHALEUREUX),
    ("Julie", "owner_name", "owner_name", "Julie"),
    ("Lyon", "address", "address", None),
    ("Grenoble et 30 km autour", "service_area", "service_area", "Grenoble et 30 km autour"),
    ("oui", "recording_enabled", "recording_enabled", True),
    ("non merci", "recording_enabled", "recording_enabled", False),
    (
        "boulangerie-pâtisserie artisanale",
        "activity",
        "activity",
        "boulangerie-pâtisserie artisanale",
    ),
]


@pytest.mark.parametrize(("text", "expecting", "field", "value"), BARE_ANSWERS)
def test_bare_answers_are_attributed(text: str, expecting: str, field: str, value: object) -> None:
    facts = extract_facts(text, expecting=expecting)
    found = getattr(facts, field)
    if field == "address":
        assert found is not None and found.city == "Lyon"
    else:
        assert found == value


def test_bare_hours_with_expecting() -> None:
    facts = extract_facts("9-12 14-19 du lundi au vendredi", expecting=FactKey.OPENING_HOURS)
    assert facts.opening_hours is not None
    assert len(facts.opening_hours.days) == 5


def test_bare_service_list_with_expecting() -> None:
    facts = extract_facts("coupe, couleur, mèches et brushing", expecting="services")
    assert [s.name for s in facts.services] == ["Coupe", "Couleur", "Mèches", "Brushing"]


def test_without_expecting_a_bare_name_is_not_taken() -> None:
    facts = extract_facts("belle mèche")
    assert facts.company_name is None


def test_mobile_without_context_stays_unassigned() -> None:
    facts = extract_facts("06 12 34 56 78")
    assert facts.transfer_number is None
    assert facts.business_phone is None
    assert [p.e164 for p in facts.phones] == ["+33612345678"]


def test_correction_is_detected_and_applied() -> None:
    facts = extract_facts("en fait, je préfère une voix masculine", expecting="tasks")
    assert facts.intent is IntentKind.CORRECTION
    assert facts.intent_target == "voice_gender"
    assert facts.voice_gender is VoiceGender.MASCULINE


def test_rename() -> None:
    facts = extract_facts("change le nom en Belle Mèche", expecting="voice_gender")
    assert facts.intent is IntentKind.CORRECTION
    assert facts.company_name == "Belle Mèche"


def test_correction_of_a_bare_value() -> None:
    facts = extract_facts("pardon, c'est Chez Marco", expecting="company_name")
    assert facts.company_name == "Chez Marco"


@pytest.mark.parametrize(
    ("text", "intent"),
    [
        ("c'est quoi le vouvoiement ?", IntentKind.QUESTION),
        ("je ne sais pas", IntentKind.SKIP),
        ("peu importe", IntentKind.NO_PREFERENCE),
        ("recommencer", IntentKind.RESTART),
        ("bonjour", IntentKind.EMPTY),
        ("quel temps fait-il ?", IntentKind.OFF_TOPIC),
    ],
)
def test_non_answers_carry_no_facts(text: str, intent: IntentKind) -> None:
    facts = extract_facts(text, expecting="register")
    assert facts.intent is intent
    assert facts.found() == []


def test_question_keeps_topic() -> None:
    facts = extract_facts("c'est quoi le vouvoiement ?")
    assert facts.intent_target == "register"
    assert facts.question_term == "vouvoiement"
    assert facts.tone_register is None


def test_yes_no_is_always_read() -> None:
    assert extract_facts("oui c'est parfait").yes_no is True
    assert extract_facts("non, pas du tout").yes_no is False


def test_found_and_tone_helpers() -> None:
    facts = extract_facts("on peut tutoyer, un ton décontracté", expecting="tone")
    assert facts.found() == ["register", "style"]
    assert facts.tone() == Tone(register=Register.TUTOIEMENT, style=Style.DECONTRACTE)
    assert ExtractedFacts().tone() is None
    assert ExtractedFacts().is_empty


def test_unknown_expecting_is_ignored() -> None:
    assert extract_facts("Chez Marco", expecting="not-a-fact").company_name == "Chez Marco"


def test_facts_serialise() -> None:
    facts = extract_facts("ouvert du lundi au vendredi 9h-18h, 06 12 34 56 78 pour les urgences")
    again = ExtractedFacts.model_validate_json(facts.model_dump_json())
    assert again == facts


def test_a_transfer_to_the_business_line_is_the_transfer_number() -> None:
    facts = extract_facts(
        "Transfert vers le standard de l'agence si un client insiste : 04 78 12 34 56."
    )
    assert facts.transfer_number == "+33478123456"
    assert facts.business_phone is None


def test_the_business_line_and_a_transfer_mobile_keep_their_roles() -> None:
    facts = extract_facts(
        "Le numéro de l'agence c'est le 04 78 12 34 56, pour les urgences transférez sur mon "
        "portable 06 21 43 65 87"
    )
    assert (facts.business_phone, facts.transfer_number) == ("+33478123456", "+33621436587")
