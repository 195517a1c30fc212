"""Shapes met in dev parts 4 and 5 (December 2026, seventh session): a workshop named with
« -erie » and a surname, partners joined by « & », « enfin » opening a corrected name, « chez »
and a town in an SMS, a name followed by its initials, a partner who sends clients or a body
the owner is not part of, names typed in lower case after « ma boite c », as a sentence of its
own after « c », after the town with a department number, « au … de … » closing an SMS; hours
with the opening time and « jusqu'à » a pause apart, « ni le … ni le … », days listed side by
side; « c valider »."""

from __future__ import annotations

from datetime import time

import pytest

from allokoli.domain.profile import OpeningHours
from allokoli.understanding import extract_facts
from allokoli.understanding.address import extract_address
from allokoli.understanding.detection import detect_sector
from allokoli.understanding.hours import parse_opening_hours
from allokoli.understanding.intents import Finish, detect_finish
from allokoli.understanding.persons import person_word


def _week(hours: OpeningHours | None) -> dict[str, list[tuple[time, time]]]:
    assert hours is not None
    return {d.day.value: [(r.start, r.end) for r in d.ranges] for d in hours.days}


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("Sellerie Martin, artisan sellier installé à Saumur depuis 2012.", "Sellerie Martin"),
        ("Fromagerie Duval à Annecy, affinage et plateaux.", "Fromagerie Duval"),
        (
            "Le cabinet d'avocats Perrin & Vasseur, situé à Tours, conseille les entreprises.",
            "Perrin & Vasseur",
        ),
        (
            "Plombier à Rouen. L'entreprise, c'est Dépannage Leroy. Enfin Leroy Dépannage, "
            "dans ce sens-là. On fait les urgences.",
            "Leroy Dépannage",
        ),
        ("boulangerie, chez Mimi a st malo, on fait aussi snack le midi", "Chez Mimi"),
        (
            "Transports frigorifiques à Rennes, livraisons en Bretagne. Frigo Transports "
            "Bretons - FTB",
            "Frigo Transports Bretons",
        ),
        (
            "paysagiste a bayonne, tonte taille. ma boite c jardins en fete. faut prendre les "
            "demandes de devis",
            "Jardins en Fete",
        ),
        (
            "plaquiste a agen, renovation et neuf, on se deplace sur le 47. c platrerie "
            "castagnet. besoin d'un truc pour les devis",
            "Platrerie Castagnet",
        ),
        (
            "garde de chats a domicile pres de niort (79), les 3 moustaches du marais, on passe "
            "matin et soir pendant vos vacances",
            "Les 3 Moustaches du Marais",
        ),
        (
            "retouches et couture a lille, latelier de nadia, sans rdv, les gens appellent "
            "pour les prix",
            "Latelier de Nadia",
        ),
        (
            "vide maison, brocante, on achete tout. depot route de rodez. ouvert jeu au sam. "
            "au bazar de tonton",
            "Au Bazar de Tonton",
        ),
        # parts 6 and 7
        (
            "bjr, ebeniste a vannes, meubles sur mesure. atelier 'le copeau d'or'. rappel svp",
            "Le Copeau d'Or",
        ),
        (
            "Gîte et chambres d'hôtes près de Sarlat, La Bergerie aux Chênes, piscine chauffée.",
            "La Bergerie aux Chênes",
        ),
        (
            "Le centre nautique des Deux Rives, à Annecy : stages de voile et location de kayaks.",
            "Deux Rives",
        ),
        (
            "Deux contrôleurs, ouverts du lundi au samedi midi. C'est Sécuritest Vierzon.",
            "Sécuritest Vierzon",
        ),
        (
            "pizzas a emporter, pate 48h. chez dede, a Toulon est. besoin qq1 pr les commandes",
            "Chez Dede",
        ),
        (
            "troquet de quartier, cafe, demis, terrasse. le narval, a Lorient. on diffuse les matchs",
            "Le Narval",
        ),
        (
            "Boulangerie-pâtisserie Maison Lemoine, à Dole. Pains au levain et viennoiseries.",
            "Maison Lemoine",
        ),
    ],
)
def test_names_of_these_shapes_are_found(text: str, name: str) -> None:
    found = extract_facts(text).company_name
    assert found is not None and found.lower() == name.lower()


@pytest.mark.parametrize(
    "text",
    [
        "Moniteur de ski indépendant, je ne fais pas partie de l'École du Ski Français, je "
        "donne des cours privés à Morzine.",
        "promeneur de chiens a pau. la clinique vétérinaire des Acacias me renvoie des clients. "
        "faut prendre les rdv",
        "Cordonnier dans ma petite boutique à Nevers. La Boutique du Talon d'en face me confie "
        "des réparations mais ce n'est pas la même maison.",
        "couscous et grillades a bobigny, salle de 80 places",
        "plombier a lyon, 20 ans de metier. au service des particuliers",
        "menuisier a lyon, je fais du 'sur mesure' pour les particuliers",
        "coiffure a domicile, chez soi, a lyon",
    ],
)
def test_no_name_is_taken_from_these(text: str) -> None:
    assert extract_facts(text).company_name is None


def test_a_trade_place_noun_is_no_person_but_a_first_name_is() -> None:
    assert not person_word("Maréchalerie")
    assert person_word("Valérie")


def test_the_opening_time_and_the_closing_one_a_pause_apart() -> None:
    week = _week(
        parse_opening_hours(
            "On ouvre tôt, six heures et demie, jusqu'à dix-neuf heures trente, tous les jours "
            "sauf le lundi.",
            expecting=True,
        )
    )
    assert week["mardi"] == [(time(6, 30), time(19, 30))]
    assert week["lundi"] == []


def test_neither_day_is_open() -> None:
    week = _week(
        parse_opening_hours("du mardi au vendredi 9h-18h, je n'ouvre ni le lundi, ni le week-end")
    )
    assert week["lundi"] == week["samedi"] == week["dimanche"] == []
    assert week["mardi"] == [(time(9), time(18))]


@pytest.mark.parametrize(
    "text", ["17h 22h lun mer jeu sam, fermé mar ven et dim", "17h-22h lundi mercredi jeudi samedi"]
)
def test_days_listed_side_by_side_after_the_hours(text: str) -> None:
    week = _week(parse_opening_hours(text, expecting=True))
    for day in ("lundi", "mercredi", "jeudi", "samedi"):
        assert week[day] == [(time(17), time(22))]


def test_two_far_days_before_times_are_still_a_span() -> None:
    week = _week(parse_opening_hours("lundi vendredi 8h 17h"))
    assert week["mercredi"] == [(time(8), time(17))]


@pytest.mark.parametrize("text", ["ok parfait c valider", "c valider", "super c validé"])
def test_c_for_c_est_before_a_validation(text: str) -> None:
    assert detect_finish(text) is Finish.STRONG


def test_c_does_not_make_a_refusal_a_validation() -> None:
    assert detect_finish("c pas bon") is None


def test_round_the_clock_every_day_after_examples_of_days() -> None:
    week = _week(
        parse_opening_hours(
            "les gens appellent la nuit, le samedi, donc il faut être joignable vingt-quatre "
            "heures sur vingt-quatre, tous les jours"
        )
    )
    assert len(week) == 7
    assert week["mardi"] == [(time(0), time(0))]


@pytest.mark.parametrize(
    ("text", "subtype"),
    [
        ("cours particuliers de ski et de snowboard à Tignes", "loisirs_generique"),
        ("je donne des cours particuliers de guitare à domicile à Lille", "ecole_danse"),
        ("cours particuliers de maths et de physique pour lycéens à Lille", "soutien_scolaire"),
        ("cours particuliers de français et d'anglais, collège et lycée", "soutien_scolaire"),
        # lessons said alone are lessons of what the teacher teaches, said elsewhere
        (
            "je suis moniteur de ski indépendant à La Clusaz, je donne des cours particuliers,"
            " ski et snow, enfants et adultes",
            "loisirs_generique",
        ),
        ("prof de maths, je donne des cours particuliers à domicile", "soutien_scolaire"),
    ],
)
def test_lessons_take_the_trade_of_their_discipline(text: str, subtype: str) -> None:
    assert detect_sector(text).subtype == subtype


def test_the_same_hours_as_the_days_before() -> None:
    week = _week(
        parse_opening_hours(
            "du lundi au jeudi 8h-12h 14h-18h, le vendredi pareil mais on finit à 17h, samedi idem"
            " sauf qu'on ferme à 12h"
        )
    )
    assert week["vendredi"] == [(time(8), time(12)), (time(14), time(17))]
    assert week["samedi"] == [(time(8), time(12))]


def test_the_same_after_one_day_only() -> None:
    week = _week(parse_opening_hours("lundi 9h-12h, mardi même chose, mercredi fermé"))
    assert week["mardi"] == [(time(9), time(12))]
    assert week["mercredi"] == []


@pytest.mark.parametrize(
    ("text", "postal_code", "city"),
    [
        (
            "Dix-neuf avenue Alsace-Lorraine, zéro un zéro zéro zéro Bourg-en-Bresse.",
            "01000",
            "Bourg-en-Bresse",
        ),
        ("3 rue des Lilas, zéro trois deux cents Vichy", "03200", "Vichy"),
    ],
)
def test_a_postcode_said_in_two_groups(text: str, postal_code: str, city: str) -> None:
    address = extract_address(text)
    assert address is not None
    assert (address.postal_code, address.city) == (postal_code, city)


def test_two_groups_of_digits_are_no_postcode_without_a_town() -> None:
    address = extract_address("on a 12 100 clients par an à Lyon")
    assert address is None or address.postal_code is None


def test_an_adverb_opening_a_list_of_towns_makes_no_name() -> None:
    facts = extract_facts(
        "Du lundi au vendredi, 9h-18h. Principalement Beauvais, Clermont, Méru et Grandvilliers."
    )
    assert facts.company_name is None
    assert facts.service_area == "Beauvais, Clermont, Méru et Grandvilliers"
