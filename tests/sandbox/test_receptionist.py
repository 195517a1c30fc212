"""The deterministic receptionist: French callers, typos, SMS style, every kind of request."""

from __future__ import annotations

import copy
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from allokoli.domain.profile import BusinessProfile
from allokoli.sandbox import receptionist as r
from allokoli.sandbox.speech import french_number, say_price, say_time
from tests.sandbox.conftest import PROFILE, assistant_body

# Tuesday 24 November 2026, 10:30 in Paris.
NOW = datetime(2026, 11, 24, 10, 30, tzinfo=ZoneInfo("Europe/Paris"))
TUE_HOURS = "de neuf heures à douze heures et de quatorze heures à dix-neuf heures"


def facts(**changes: Any) -> r.Facts:
    profile = copy.deepcopy(PROFILE)
    profile.update(changes)
    return r.Facts.from_assistant(assistant_body(metadata={"allokoliProfile": profile}))


SALON = facts()


def say(text: str, the_facts: r.Facts = SALON, state: dict[str, Any] | None = None) -> r.Reply:
    return r.respond(the_facts, state, text, now=NOW)


def conversation(lines: list[str], the_facts: r.Facts = SALON) -> list[r.Reply]:
    state: dict[str, Any] | None = None
    replies = []
    for line in lines:
        reply = r.respond(the_facts, state, line, now=NOW)
        state = reply.state
        replies.append(reply)
    return replies


SINGLE_TURNS: list[tuple[str, list[str]]] = [
    # opening hours
    ("êtes-vous ouverts dimanche ?", ["Non, le dimanche, nous sommes fermés."]),
    ("etes vous ouvert le dimanche", ["Non", "dimanche", "fermés"]),
    ("vs etes ouver dimanch ?", ["Non", "dimanche", "fermés"]),
    ("Vous êtes ouverts le lundi ?", ["Non, le lundi, nous sommes fermés."]),
    ("ouvert mardi ?", [f"Oui, le mardi, nous sommes ouverts {TUE_HOURS}."]),
    ("VOUS ETES OUVERTS LE JEUDI ?", ["Oui, le jeudi", TUE_HOURS]),
    (
        "horraires du samedi svp",
        ["Le samedi, nous sommes ouverts de neuf heures à dix-sept heures."],
    ),
    ("vous fermez à quelle heure le vendredi ?", ["vendredi", "dix-neuf heures."]),
    ("c'est ouvert aujourd'hui ?", ["Oui, aujourd'hui mardi", TUE_HOURS]),
    ("vous êtes ouverts demain ?", ["Oui, demain mercredi", TUE_HOURS]),
    ("ouvert ce week-end ?", ["Le samedi", "dix-sept heures", "Le dimanche, nous sommes fermés."]),
    ("ouvert le sam ?", ["samedi", "de neuf heures à dix-sept heures"]),
    (
        "quels sont vos horaires ?",
        [f"Nous sommes ouverts du mardi au vendredi {TUE_HOURS}", "fermés le lundi et le dimanche"],
    ),
    ("c'est ouvert demain à 13h ?", ["Non, demain mercredi à treize heures", "fermés"]),
    ("vous êtes ouverts samedi à 10h ?", ["Oui, le samedi à dix heures", "ouverts"]),
    ("vous êtes ouverts maintenant ?", ["Oui, aujourd'hui mardi à dix heures trente"]),
    # address
    ("vous etes ou ?", ["Nous sommes au 12 rue de la République, 69002 Lyon."]),
    ("c'est quoi votre adresse", ["12 rue de la République, 69002 Lyon"]),
    ("adrese svp", ["12 rue de la République"]),
    ("Où êtes-vous situés exactement ?", ["12 rue de la République"]),
    # services and prices
    ("combien coûte une coupe homme ?", ["Coupe homme : vingt-cinq euros."]),
    ("cb coute un brushing", ["Brushing : vingt euros."]),
    ("tarrif coupe femme", ["Coupe femme : quarante-deux euros cinquante."]),
    ("c'est combien la coloration ?", ["Coloration : à partir de cinquante-cinq euros."]),
    ("combien pour une coupe ?", ["Coupe homme : vingt-cinq euros", "Coupe femme"]),
    ("vous faites les colorations ?", ["Oui, nous proposons coloration"]),
    ("combien de temps dure une coloration ?", ["Coloration : environ une heure trente."]),
    ("quels sont vos tarifs ?", ["coupe homme (vingt-cinq euros)", "brushing (vingt euros)"]),
    ("vous faites des permanentes ?", ["Je n'ai pas cette prestation dans ma liste."]),
    # FAQ
    ("vous prenez les chèques ?", ["Non, nous acceptons la carte bancaire et les espèces."]),
    ("il y a un parking ?", ["parking des Célestins"]),
    ("parking a proximite ??", ["parking des Célestins"]),
    # other facts
    ("quel est votre numéro de téléphone ?", ["Notre numéro est le 04 78 12 34 56."]),
    ("vous avez un site internet ?", ["pas cette information", "laisser un message"]),
    ("vous vendez des voitures d'occasion ?", ["pas cette information", "laisser un message"]),
    ("vous êtes un robot ?", ["intelligence artificielle"]),
    # social
    ("bonjour", ["Bonjour ! Que puis-je faire pour vous ?"]),
    ("bjr", ["Bonjour !"]),
    ("merci", ["Je vous en prie."]),
    # people and urgency without a transfer number
    ("je veux parler à quelqu'un", ["Personne n'est disponible", "Quel est votre nom ?"]),
    ("c'est urgent", ["Personne n'est disponible", "Quel est votre nom ?"]),
]


@pytest.mark.parametrize(("utterance", "expected"), SINGLE_TURNS)
def test_single_turn_answers(utterance: str, expected: list[str]) -> None:
    reply = say(utterance)
    for fragment in expected:
        assert fragment in reply.text, reply.text
    assert reply.end is None


@pytest.mark.parametrize(
    "utterance", ["au revoir", "merci, bonne journée !", "bye", "Aurevoir", "c'est tout, merci"]
)
def test_goodbye_ends_with_the_end_call_message(utterance: str) -> None:
    reply = say(utterance)
    assert reply.text == "Merci de votre appel et à bientôt au Salon Élise !"
    assert reply.end == "customer-ended-call"


def test_there_are_at_least_forty_utterances() -> None:
    assert len(SINGLE_TURNS) + 5 >= 40


def test_message_taking_end_to_end() -> None:
    replies = conversation(
        [
            "Je voudrais laisser un message",
            "je m'appelle Paul Martin",
            "zéro six douze",
            "06 12 34 56 78",
            "c'est pour un devis mariage",
            "oui",
            "non merci",
        ]
    )
    texts = [reply.text for reply in replies]
    assert "Quel est votre nom ?" in texts[0]
    assert texts[1] == "À quel numéro peut-on vous rappeler ?"
    assert "pas bien compris le numéro" in texts[2]
    assert texts[3] == "Quel est l'objet de votre message ?"
    assert texts[4] == (
        "Je récapitule : message de Paul Martin, à rappeler au 06 12 34 56 78, au sujet de : "
        "un devis mariage. C'est bien ça ?"
    )
    assert "Élise vous rappellera" in texts[5]
    assert replies[6].end == "assistant-ended-call"
    data = r.structured_data(replies[-1].state)
    assert data["messages"] == [
        {"name": "Paul Martin", "phone": "+33612345678", "reason": "un devis mariage"}
    ]
    assert "Message laissé par Paul Martin (06 12 34 56 78) : un devis mariage." in r.summary(
        replies[-1].state, "assistant-ended-call"
    )


def test_message_with_everything_in_one_sentence_and_a_correction() -> None:
    replies = conversation(
        [
            "Bonjour, c'est Julie Petit, rappelez-moi au 06 12 34 56 78",
            "pour décaler mon rendez-vous de jeudi",
            "non",
            "le numéro c'est le 07 61 34 56 78",
            "oui c'est ça",
        ]
    )
    assert "Quel est l'objet de votre message ?" in replies[0].text
    assert "message de Julie Petit" in replies[1].text
    assert "corriger" in replies[2].text
    assert "07 61 34 56 78" in replies[3].text
    assert r.structured_data(replies[-1].state)["messages"][0]["phone"] == "+33761345678"


def test_unknown_question_then_accepting_the_message_offer() -> None:
    replies = conversation(["vous faites les ongles en gel ?", "oui", "Marc", "pas de numéro"])
    assert (
        "Je n'ai pas cette prestation" in replies[0].text
        or "pas cette information" in replies[0].text
    )
    assert replies[1].text == "Quel est votre nom ?"
    assert replies[3].text.startswith("D'accord, je note sans numéro.")


def test_appointment_request_end_to_end() -> None:
    replies = conversation(
        [
            "je voudrais prendre rdv pour une coupe homme",
            "dimanche matin",
            "samedi à 10h",
            "Paul Dupont",
            "0612345678",
            "oui",
            "au revoir",
        ]
    )
    assert "Quel jour et à quelle heure" in replies[0].text
    assert "fermés le dimanche" in replies[1].text
    assert replies[2].text == "Quel est votre nom ?"
    assert "un rendez-vous pour coupe homme, samedi vers dix heures, au nom de Paul Dupont" in (
        replies[4].text
    )
    assert "Ce n'est pas encore une confirmation" in replies[5].text
    assert replies[6].end == "customer-ended-call"
    assert r.structured_data(replies[-1].state)["appointmentRequests"] == [
        {
            "name": "Paul Dupont",
            "phone": "+33612345678",
            "preferredSlot": "samedi vers dix heures",
            "service": "Coupe homme",
        }
    ]


def test_restaurant_reservation_with_tutoiement() -> None:
    resto = facts(
        company_name="Chez Mario",
        sector={"family": "restauration", "subtype": "pizzeria"},
        tone={"register": "tutoiement", "style": "décontracté"},
        services=[],
    )
    assert r.greeting(r.Facts(profile=resto.profile)).startswith("Salut, tu es bien Chez Mario.")
    replies = conversation(
        [
            "slt je voudrais reserver une table pour 4 samedi soir",
            "c'est Julie",
            "06 12 34 56 78",
            "ouais",
        ],
        resto,
    )
    assert "je note ta demande de réservation" in replies[0].text
    assert replies[0].text.endswith("C'est quoi ton nom ?")
    assert (
        "une réservation pour 4 personnes, samedi dans la soirée, au nom de Julie"
        in replies[2].text
    )
    assert "te rappellera" in replies[3].text
    assert r.structured_data(replies[-1].state)["appointmentRequests"][0]["partySize"] == 4


def test_transfer_when_a_number_is_known() -> None:
    with_transfer = facts(transfer_number="+33611223344")
    reply = say("je veux parler à Élise s'il vous plaît", with_transfer)
    assert reply.text == "Je vous mets en relation avec Élise, un instant s'il vous plaît."
    assert reply.end == "assistant-forwarded-call"
    data = r.structured_data(reply.state)
    assert data["transferRequested"] is True and data["transferNumber"] == "+33611223344"


def test_an_urgency_of_the_trade_is_transferred_and_another_trades_is_not() -> None:
    locksmith = facts(
        company_name="Serrurerie Martin",
        sector={"family": "artisans", "subtype": "serrurier"},
        transfer_number="+33611223344",
    )
    reply = say("Bonjour, j'ai la porte claquée et mes clés sont dedans", locksmith)
    assert reply.end == "assistant-forwarded-call"
    assert reply.state["transfer"]["reason"] == "urgence"
    # the same words at the hair salon are no urgency: nothing is transferred
    salon = facts(transfer_number="+33611223344")
    reply = say("Bonjour, j'ai la porte claquée et mes clés sont dedans", salon)
    assert reply.end is None and not reply.state.get("transfer")


def test_medical_practice_never_gives_advice() -> None:
    cabinet = facts(
        company_name="Cabinet du Dr Martin", sector={"family": "sante", "subtype": "generaliste"}
    )
    reply = say("j'ai de la fièvre, je dois prendre quel médicament ?", cabinet)
    assert "Je ne peux pas donner d'avis médical." in reply.text
    assert "15 ou le 112" in reply.text


def test_without_profile_it_says_it_cannot_answer_and_takes_a_message() -> None:
    bare = r.Facts.from_assistant({"firstMessage": "Bonjour, cabinet Dupuis."})
    assert r.greeting(bare) == "Bonjour, cabinet Dupuis."
    replies = conversation(["vous êtes ouverts le samedi ?", "oui", "Marie Curie"], bare)
    assert "Je ne peux pas répondre à cette question" in replies[0].text
    assert "laisser un message" in replies[0].text
    assert replies[1].text == "Quel est votre nom ?"
    assert replies[2].text == "À quel numéro peut-on vous rappeler ?"


def test_invalid_profile_is_ignored_not_fatal() -> None:
    broken = r.Facts.from_assistant({"metadata": {"allokoliProfile": {"company_name": ""}}})
    assert broken.profile is None
    assert "Je ne peux pas répondre" in r.respond(broken, None, "vos horaires ?", now=NOW).text


def test_follow_up_question_on_another_day() -> None:
    replies = conversation(["vous êtes ouverts le samedi ?", "et le dimanche ?"])
    assert "fermés" in replies[1].text and "dimanche" in replies[1].text


def test_exceptional_closure_and_public_holiday() -> None:
    closed = facts(
        opening_hours={
            **PROFILE["opening_hours"],
            "closures": [{"start": "2026-11-25", "reason": "formation"}],
        }
    )
    assert "exceptionnellement fermés (formation)" in say("ouvert demain ?", closed).text
    christmas_eve = datetime(2026, 12, 24, 10, 0, tzinfo=ZoneInfo("Europe/Paris"))
    reply = r.respond(SALON, None, "vous êtes ouverts demain ?", now=christmas_eve)
    assert "jour férié (Noël)" in reply.text


def test_state_is_not_mutated_and_profile_round_trips() -> None:
    first = say("je voudrais laisser un message")
    snapshot = copy.deepcopy(first.state)
    r.respond(SALON, first.state, "Paul", now=NOW)
    assert first.state == snapshot
    assert BusinessProfile.model_validate(PROFILE).company_name == "Salon Élise"


def test_summary_of_a_call_with_questions_only() -> None:
    replies = conversation(
        ["vos horaires ?", "vous êtes où ?", "vous faites du café ?", "au revoir"]
    )
    text = r.summary(replies[-1].state, "customer-ended-call")
    assert text.startswith(
        "L'appelant s'est renseigné sur les horaires, l'adresse et les prestations."
    )
    assert "Sans réponse : « vous faites du café ? »." in text
    assert text.endswith("L'appelant a mis fin à l'appel.")


@pytest.mark.parametrize(
    ("n", "words"),
    [
        (0, "zéro"),
        (1, "un"),
        (17, "dix-sept"),
        (21, "vingt et un"),
        (71, "soixante et onze"),
        (80, "quatre-vingts"),
        (91, "quatre-vingt-onze"),
        (200, "deux cents"),
        (201, "deux cent un"),
        (1000, "mille"),
        (2500, "deux mille cinq cents"),
    ],
)
def test_french_numbers(n: int, words: str) -> None:
    assert french_number(n) == words


def test_times_and_prices_are_said_the_french_way() -> None:
    from datetime import time

    assert say_time(time(9, 0)) == "neuf heures"
    assert say_time(time(21, 0)) == "vingt et une heures"
    assert say_time(time(1, 30)) == "une heure trente"
    assert say_time(time(0, 0), is_end=True) == "minuit"
    assert say_price(25) == "vingt-cinq euros"
    assert say_price(42.5) == "quarante-deux euros cinquante"
    assert say_price(1) == "un euro"


def test_a_name_given_as_au_nom_de_is_not_asked_again() -> None:
    resto = facts(
        company_name="Chez Mario",
        sector={"family": "restauration", "subtype": "pizzeria"},
        services=[],
    )
    replies = conversation(
        [
            "je voudrais réserver pour 4 personnes samedi soir, au nom de Paul Martin, 06 11 22 33 44"
        ],
        resto,
    )
    assert "au nom de Paul Martin, à rappeler au 06 11 22 33 44. C'est bien ça ?" in (
        replies[0].text
    )
    assert "Quel est votre nom" not in replies[0].text


def test_hanging_up_mid_request_keeps_what_was_given() -> None:
    """A caller who leaves before confirming is not lost: with a number to call back, the
    owner gets the request, and the caller hears so (not a false « c'est noté »)."""
    replies = conversation(
        ["je voudrais prendre rdv pour une coupe homme", "Paul Dupont", "non merci, au revoir"]
    )
    assert replies[-1].end == "customer-ended-call"
    assert r.structured_data(replies[-1].state)["appointmentRequests"] == []  # no number
    replies = conversation(
        [
            "je voudrais prendre rdv pour une coupe homme",
            "samedi à 10h",
            "Paul Dupont",
            "0612345678",
            "bon je dois y aller, au revoir",
        ]
    )
    last = replies[-1]
    assert last.end == "customer-ended-call"
    assert "Je transmets quand même" in last.text and "06 12 34 56 78" in last.text
    assert r.structured_data(last.state)["appointmentRequests"] == [
        {
            "name": "Paul Dupont",
            "phone": "+33612345678",
            "preferredSlot": "samedi vers dix heures",
            "service": "Coupe homme",
        }
    ]
