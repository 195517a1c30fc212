"""Company names the scored candidates find without a cue or a capital: lower-case SMS shapes
(after the shop word, « chez », an article, « du »; a clause of its own), names at the opening
that spaCy mistakes for a person, franglais and coined names, the sentence's article before a
kind of establishment, the town after « à »; and what is never a name: the owner's first name
alone, a person in apposition, one item of a product list, a price in the configurator.
Fresh examples written for this test (none from a data set)."""

from __future__ import annotations

import re

import pytest

from allokoli.configurator.handlers.names import CompanyName, CompanyNameHandler
from allokoli.understanding import fold
from allokoli.understanding.extract import extract_facts
from allokoli.understanding.nlp import is_lexicon_word
from allokoli.understanding.persons import first_name, person_word


def _key(value: str | None) -> str:
    return re.sub(r"[^a-z0-9]+", " ", fold(value or "")).strip()


@pytest.mark.parametrize(
    ("text", "name"),
    [
        # lower case, no cue: the clause's shape
        ("ns c chez dede, kebab a roubaix, ouvert tard le soir", "Chez Dede"),
        ("istanbul grill, kebab tacos a villeurbanne, on livre le soir", "Istanbul Grill"),
        ("slt on est une pizzeria a emporter, pizza nono, a bastia, ouvert le soir", "Pizza Nono"),
        ("coiffure mixte chez sandra a st etienne, avec ou sans rdv", "Chez Sandra"),
        ("kebab le bosphore a metz ouvert 7/7", "Le Bosphore"),
        (
            "cabinet infirmier des lilas a bourges, soins a domicile 7j/7",
            "Cabinet Infirmier des Lilas",
        ),
        ("slt jai une creperie a brest la korrigane, on prend pas de resa le midi", "La Korrigane"),
        ("le moulin du bief, meunier, farines a la ferme, faut appeler avant", "Le Moulin du Bief"),
        (
            "pepito multiservices sur toulon, petits travaux, montage meubles",
            "Pepito Multiservices",
        ),
        ("sarl batiplus maconnerie renovation, devis gratuit", "Batiplus"),
        ("la cave de jules, caviste a reims, vins et spiritueux", "La Cave de Jules"),
        # capitals, but spaCy reads a person: word vectors say it is not one
        ("Phone Doctor à Montpellier, réparation de smartphones et tablettes.", "Phone Doctor"),
        ("Syndic Lumière gère cent copropriétés à Lyon.", "Syndic Lumière"),
        ("Répar'Ménager à Caen, je répare lave-linge et frigos.", "Répar'Ménager"),
        ("The Secret Room c'est notre escape game à Toulouse.", "The Secret Room"),
        # the sentence's article before a kind of establishment, the town after « aux »
        (
            "Le Cabinet de Podologie des Remparts, à Dinan, reçoit sur rendez-vous.",
            "Cabinet de Podologie des Remparts",
        ),
        ("L'Atelier Bois & Fer, à Nevers, crée des escaliers.", "Atelier Bois & Fer"),
        ("La Ferme de Kerlann, ferme pédagogique, accueille les écoles.", "La Ferme de Kerlann"),
        ("Kart'Évasion aux Sables-d'Olonne : piste de 800 mètres.", "Kart'Évasion"),
        # cues: what the sign reads, « à » inside a name, the kind before « chez »
        ("On a un magasin de chaussures, ça s'appelle Pas à Pas, à Pau.", "Pas à Pas"),
        ("sur la vitrine c'est marqué Au Four d'Antan, c'est l'ancien nom", "Au Four d'Antan"),
        ("kebab chez momo a lens ouvert jusqu a 2h", "Chez Momo"),
    ],
)
def test_a_stated_name_is_found(text: str, name: str) -> None:
    assert _key(extract_facts(text).company_name) == _key(name)


@pytest.mark.parametrize(
    "text",
    [
        "Boutique de vêtements à Limoges, costumes et chemises. C'est moi qui tiens la boutique, Stéphane.",
        "Coiffeuse à domicile, Marie Dupont, secteur Nantes.",
        "Fromagerie à Annecy, Reblochon, Tomme de Savoie, Abondance, raclette.",
        "je suis graphiste a nantes, pour les petites entreprises et assos",
        "Institut de beauté à Vannes, spécialisé dans les soins du visage et l'épilation.",
        "Maroquinerie dans le centre commercial de la Part-Dieu à Lyon, sacs et valises.",
        "boutique cbd a perpignan, fleurs huiles infusions",
        "restaurant couscous tajine grillades a argenteuil, salle de 60 places",
        "tatoueur indep, je bosse en privé sur rdv seulement",
        "bjr kebab tacos a lille ouvert tard",
        "Je tiens la mercerie de la place de l'Hôtel de Ville à Roanne.",
    ],
)
def test_no_name_is_invented(text: str) -> None:
    assert extract_facts(text).company_name is None


def test_the_french_dictionary_tells_a_name_from_an_ordinary_word() -> None:
    assert is_lexicon_word("frite") and is_lexicon_word("dorée") and is_lexicon_word("port")
    assert not is_lexicon_word("istanbul") and not is_lexicon_word("balto")


def test_word_vectors_tell_people_from_businesses() -> None:
    assert person_word("Karim") and person_word("Dubois")
    assert not person_word("Phone") and not person_word("Syndic")
    assert not person_word("Répar'Ménager")
    assert first_name("Stéphane") and first_name("Nadia")
    assert not first_name("Martin")  # rather a surname
    assert not first_name("Rose")


@pytest.mark.parametrize("value", ["Ressemelage 35e", "Lavage ext 20e 30min", "Jsuis Apiculteur"])
def test_the_configurator_never_takes_a_price_or_a_sentence_for_a_name(value: str) -> None:
    assert not CompanyNameHandler().accepts(CompanyName(value))


def test_the_configurator_takes_a_name_with_a_number() -> None:
    assert CompanyNameHandler().accepts(CompanyName("Auto Services 84"))
