"""Conversations of dev part 1: a trade outside the catalogue asked where it receives its
clients or where it goes, a zone said vaguely made precise, the key facts kept before the way
of speaking, an SMS validation answering the last question, what the assistant does never
taken for the business's name."""

from __future__ import annotations

from allokoli.configurator import Stage
from tests.configurator.simulate import talk


def test_a_trade_outside_the_catalogue_is_asked_both_ways() -> None:
    reply, _s = talk(
        "je suis sophrologue, mon cabinet s'appelle Zen et Vous", "par téléphone", "lun-ven 9h-19h"
    )
    assert reply.asked == "address" and reply.also_asked == ["service_area"]
    assert "si vous vous déplacez chez vos clients" in reply.text


def test_the_address_and_the_towns_in_one_answer() -> None:
    _reply, s = talk(
        "je suis sophrologue, mon cabinet s'appelle Zen et Vous",
        "par téléphone",
        "lun-ven 9h-19h",
        "12 rue des Lilas 69003 Lyon. Je me déplace aussi à Villeurbanne et Bron",
    )
    assert s.profile["address"]["street"] == "12 rue des Lilas"
    assert s.profile["service_area"] == "Villeurbanne et Bron"


def test_an_address_alone_is_no_zone() -> None:
    _reply, s = talk(
        "je suis sophrologue, mon cabinet s'appelle Zen et Vous",
        "par téléphone",
        "lun-ven 9h-19h",
        "12 rue des Lilas 69003 Lyon",
    )
    assert s.profile["address"]["city"] == "Lyon"
    assert "service_area" not in s.profile


def test_a_trade_of_the_catalogue_is_not_asked_for_a_zone_it_has_no_use_for() -> None:
    reply, _s = talk("fleuriste à Nantes, Les Jardins de Lou", "du mardi au samedi 9h-19h")
    assert reply.asked != "address" or not reply.also_asked


_METZ = (
    "bonjour je fait du depanage informatique a domicile sur Metz et alentour, ma societé "
    "s'apelle PC Secours 57"
)


def test_a_vague_zone_is_made_precise() -> None:
    reply, s = talk(
        _METZ,
        "diagnostic 39€, intervention 1h 60€",
        "lundi au vendredi 9h 19h",
        "prendre les messages, 06 52 63 74 85, Paul",
    )
    assert reply.asked == "service_area"
    assert "autour de Metz" in reply.text
    reply, s = talk(
        _METZ,
        "diagnostic 39€, intervention 1h 60€",
        "lundi au vendredi 9h 19h",
        "prendre les messages, 06 52 63 74 85, Paul",
        "Woippy, Marly, Montigny-lès-Metz et Thionville",
    )
    area = s.profile["service_area"]
    assert area.startswith("Metz et alentour") and "Thionville" in area
    assert reply.asked == "tone"  # the last question comes after


def test_a_distance_completes_a_vague_zone() -> None:
    _reply, s = talk(
        _METZ,
        "diagnostic 39€, intervention 1h 60€",
        "lundi au vendredi 9h 19h",
        "prendre les messages, 06 52 63 74 85, Paul",
        "30 km autour",
    )
    assert s.profile["service_area"] == "Metz et alentour (30 km autour)"


def test_a_sms_validation_to_the_last_question_finishes() -> None:
    reply, s = talk(
        "yo c le kebab Istanbul Grill a Grenoble 23 avenue alsace-lorraine 38000",
        "on est ouvert tlj de 11h a 2h du mat, le vendredi samedi jusqu a 4h",
        "menu kebab 9e, assiette 12e, tacos 8e50",
        "faut ki prenne les commandes a emporter et ki reponde aux questions",
        "ouai c bon",
    )
    assert reply.done and s.stage is Stage.DONE
    assert s.profile["company_name"] == "Istanbul Grill"


def test_what_the_assistant_does_is_no_name() -> None:
    _reply, s = talk(
        "wesh c nico, jai un barber shop, 21 rue de la republique 13002 marseille",
        "lassistant prend les rdv c tout. coupe 22e 30min, barbe 15e 20min",
    )
    assert "company_name" not in s.profile
    assert s.profile["owner_name"] == "Nico"
    assert "book_appointment" in s.profile["tasks"]


def test_a_trade_that_travels_is_asked_where_it_starts_from_with_its_zone() -> None:
    reply, _s = talk("je suis plombier, la boîte s'appelle Plomberie Martin")
    assert reply.asked == "service_area" and reply.also_asked == ["address"]
    _reply, s = talk(
        "je suis plombier, la boîte s'appelle Plomberie Martin",
        "je suis basé à Vénissieux et je vais sur tout Lyon Est",
    )
    assert s.profile["address"]["city"] == "Vénissieux"
    assert s.profile["service_area"] == "tout Lyon Est"


def test_a_zone_alone_is_no_base() -> None:
    _reply, s = talk(
        "je suis plombier, la boîte s'appelle Plomberie Martin", "sur Nantes et alentours"
    )
    assert s.profile["service_area"] == "Nantes et alentours"
    assert "address" not in s.profile


def test_a_known_town_is_not_asked_again_with_the_zone() -> None:
    reply, _s = talk("je suis plombier à Lyon, la boîte s'appelle Plomberie Martin")
    assert reply.asked == "service_area" and not reply.also_asked


def test_a_business_named_after_a_town_when_said_so() -> None:
    _reply, s = talk("je suis fleuriste à Marseille", "ma boutique s'appelle Cassis")
    assert s.profile["company_name"] == "Cassis"
    assert s.profile["address"]["city"] == "Marseille"


def test_no_fixed_address_is_not_asked_again() -> None:
    reply, s = talk(
        "yo cest max du food truck Le Smash Tarnais, burgers smash",
        "je ne sais pas",
        "on a pas dadresse fixe cest un camion mdr",
    )
    assert "address" in s.skipped
    assert reply.asked != "address"


def test_no_name_said_to_the_guess_takes_the_default_at_once() -> None:
    reply, _s = talk("je suis écrivain public à Orléans, dossiers CAF et impôts")
    assert "s'appelle-t-elle" in reply.text  # a guess to confirm
    reply, s = talk(
        "je suis écrivain public à Orléans, dossiers CAF et impôts",
        "Oh, je n'ai pas de nom particulier. Bernadette, écrivain public, tout simplement.",
    )
    assert s.profile["company_name"] != "CAF"
    assert reply.asked != "company_name"
