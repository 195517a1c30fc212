"""Company name and owner name handlers."""

from __future__ import annotations

import pytest

from allokoli.configurator import start, turn
from allokoli.configurator.handlers.names import CompanyName, CompanyNameHandler, OwnerNameHandler

from ._helpers import correct, reads, say, state_for

COMPANY = CompanyNameHandler()
OWNER = OwnerNameHandler()


def test_company_name_read_while_the_hours_are_asked() -> None:
    s = state_for("boulangerie")
    say(
        s,
        "on ouvre 7h 19h du mardi au dimanche, la boutique s'appelle Au Pain Doré",
        "opening_hours",
    )
    assert s.profile["company_name"] == "Au Pain Doré"
    assert s.profile["opening_hours"]["days"]


def test_owner_name_read_while_the_tone_is_asked() -> None:
    s = state_for("plombier")
    say(s, "moi c'est Karim, et vouvoyez les clients svp", "tone")
    assert s.profile["owner_name"] == "Karim"
    assert s.profile["tone"]["register"] == "vouvoiement"
    assert s.profile.get("company_name") is None


@pytest.mark.parametrize(
    "value",
    ["oui", "Oui je confirme", "ok parfait merci", "06 12 34 56 78", "Cavaillon", "  non  "],
)
def test_never_a_company_name(value: str) -> None:
    assert not COMPANY.accepts(CompanyName(value))
    assert not OWNER.accepts(value)


def test_a_bare_yes_is_not_read_as_the_name_even_when_asked() -> None:
    s = state_for("garage automobile")
    answered, _ = say(s, "ouais ouais je confirme", "company_name")
    assert not answered
    assert "company_name" not in s.profile


def test_corrected_name_lands_in_the_name_only() -> None:
    s = state_for("plombier", company_name="Plomberie Rossi", service_area="Avignon et 20 km")
    assert correct(s, "non en fait le nom c'est Rossi & Fils")
    assert s.profile["company_name"] == "Rossi & Fils"
    assert s.profile["service_area"] == "Avignon et 20 km"
    assert "owner_name" not in s.profile


def test_owner_name_is_never_the_company_name() -> None:
    s = state_for("fleuriste", company_name="Chez Marguerite")
    say(s, "Chez Marguerite", "owner_name")
    assert "owner_name" not in s.profile
    assert reads(OWNER, s, "merci beaucoup", "owner_name") is None


def test_an_unsure_name_is_asked_once_and_kept_on_yes() -> None:
    _reply, s = start()
    reply, s = turn(s, "électricien à Brest, dépannage et Installation Neuve")
    assert "company_name" not in s.profile
    assert reply.text.endswith("Votre entreprise s'appelle-t-elle « Installation Neuve » ?")
    reply, s = turn(s, "oui c'est ça")
    assert s.profile["company_name"] == "Installation Neuve"
    assert reply.asked != "company_name"


def test_an_unsure_name_refused_is_asked_plainly() -> None:
    _reply, s = start()
    _reply, s = turn(s, "je suis fleuriste et je vends des Roses Anciennes")
    reply, s = turn(s, "non pas du tout")
    assert "company_name" not in s.profile
    assert reply.asked == "company_name"
    _reply, s = turn(s, "Le Jardin de Lise")
    assert s.profile["company_name"] == "Le Jardin de Lise"


def test_a_business_bearing_the_owners_name_is_named_after_them() -> None:
    _reply, s = start()
    _reply, s = turn(
        s, "élagueur dans le Finistère, pas de nom de boîte, juste mon nom Yann Kervella"
    )
    assert s.profile["company_name"] == "Yann Kervella"


@pytest.mark.parametrize(
    ("trade", "answer"),
    [
        # a service and its price, given while the name is asked
        ("avocat", "Première consultation : 80 euros, 45 minutes."),
        # the hours
        ("serrurier", "C'est du 24 heures sur 24, 7 jours sur 7."),
        # a word of the street
        ("restaurant gastronomique", "on est au 4 place Carnot, 21200 Beaune"),
    ],
)
def test_another_facts_words_are_never_the_name(trade: str, answer: str) -> None:
    s = state_for(trade)
    say(s, answer, "company_name")
    assert s.profile.get("company_name") is None
    assert s.name_candidate is None


def test_a_full_owner_name_with_a_particle_is_read_whole() -> None:
    s = state_for("élagueur")
    say(s, "Oui alors c'est Yann Le Gall, je suis élagueur à Morlaix", "activity")
    assert s.profile["owner_name"] == "Yann Le Gall"
    assert s.profile.get("company_name") is None


def test_a_practitioner_known_by_their_name_stands_for_the_missing_name() -> None:
    """An élagueur who never gives a business name: after asking twice, his own full name
    stands for it (not « Élagueur à Morlaix »), said so, and changeable."""
    reply, s = start()
    said = []
    for text in (
        "Oui alors c'est Yann Le Gall, je suis élagueur, du côté de Morlaix",
        "du lundi au vendredi huit heures dix-huit heures",
        "mon portable c'est le 06 14 28 57 99",
        "vouvoiement, voix d'homme",
    ):
        reply, s = turn(s, text)
        said.append(reply.text)
    assert s.profile["company_name"] == "Yann Le Gall"
    assert any("« Yann Le Gall » comme nom pour l'instant" in text for text in said)


def test_a_titled_practitioner_is_a_name_to_confirm_never_taken_alone() -> None:
    reply, s = start()
    reply, s = turn(s, "Bonjour, Maître Claire Morel, avocate en droit du travail à Angers.")
    assert s.profile.get("company_name") is None
    assert "s'appelle-t-elle « Maître Claire Morel »" in reply.text
    reply, s = turn(s, "Non, c'est le Cabinet Morel Avocats")
    assert s.profile["company_name"] == "Cabinet Morel Avocats"


def test_a_service_and_its_price_are_no_field_of_expertise() -> None:
    s = state_for("avocat")
    say(s, "Première consultation : 80 euros, 45 minutes.", "specialties")
    assert "specialties" not in s.profile
    assert s.profile["services"][0]["price_eur"] == 80


def test_an_explicit_naming_said_in_passing_replaces_the_name_noted() -> None:
    s = state_for("ramoneur", company_name="Haut-Doubs")
    say(s, "L'entreprise c'est, euh, Ramonage Comtois, en deux mots.", "service_area")
    assert s.profile["company_name"] == "Ramonage Comtois"
    # a name met in passing, with no naming, leaves the noted one alone
    say(s, "on travaille souvent avec Bois Énergie Service pour les granulés", "services")
    assert s.profile["company_name"] == "Ramonage Comtois"


def test_a_sentence_or_a_departement_is_never_the_name() -> None:
    s = state_for("onglerie")
    assert (
        reads(COMPANY, s, "tu peux tutoyer les clientes elles sont jeunes", "company_name") is None
    )
    assert reads(COMPANY, s, "Isère", "company_name") is None
