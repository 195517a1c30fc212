"""Company names stated in every way an owner writes them, and never one invented: the name
signed alone in a sentence, after « c'est », beside the trade word, in capitals, with initials,
digits, « & » or « by », or as the subject of what the business does (new examples, not the
development set's)."""

from __future__ import annotations

import re

import pytest

from allokoli.understanding import fold
from allokoli.understanding.extract import extract_facts


def _key(value: str | None) -> str:
    return re.sub(r"[^a-z0-9]+", " ", fold(value or "")).strip()


@pytest.mark.parametrize(
    ("text", "name"),
    [
        # a sentence of its own, after the description
        (
            "Taille de haies, tonte, débroussaillage autour de Vesoul. Les Jardins Verts.",
            "Les Jardins Verts",
        ),
        ("Serrurerie, blindage de portes, dépannage à Douai. Clé d'Argent.", "Clé d'Argent"),
        (
            "Dépannage de chaudières gaz et fioul dans le Jura. A.B.C. Chauffage.",
            "A.B.C. Chauffage",
        ),
        ("Réparation de smartphones et tablettes. Phone Fix by Léo.", "Phone Fix by Léo"),
        ("Location de vélos électriques sur l'île de Ré, ESCAPADE VÉLO.", "ESCAPADE VÉLO"),
        ("Cours de piano et de guitare à domicile. Do Ré Mi 2.0, sur rendez-vous.", "Do Ré Mi 2.0"),
        # « c'est », « mettez », a greeting then the name
        ("Bonjour, c'est Pain & Partage, boulangerie à Vierzon", "Pain & Partage"),
        ("je fais du nettoyage de vitres, c'est Clair Net", "Clair Net"),
        ("pas encore de nom officiel, mettez Béa Couture", "Béa Couture"),
        ("Salut, Vapeur Express, pressing à Laval", "Vapeur Express"),
        ("nous sommes l'hôtel des Trois Vallées à Moûtiers", "Hôtel des Trois Vallées"),
        # beside the trade word; the kind of business left out when described
        ("Librairie jeunesse Le Lapin Bleu à Niort, albums et romans.", "Le Lapin Bleu"),
        ("Agence immobilière Côte Sauvage Immo, ventes et locations à Royan.", "Côte Sauvage Immo"),
        ("Boulangerie Moreau à Vichy, pains spéciaux.", "Boulangerie Moreau"),
        (
            "Cabinet infirmier des Deux Rives, soins à domicile à Agen.",
            "Cabinet infirmier des Deux Rives",
        ),
        (
            "Carrosserie Lemaire père & fils, réparation toutes marques.",
            "Carrosserie Lemaire père & fils",
        ),
        ("Mon studio, Pilates & Moi, est ouvert du lundi au samedi.", "Pilates & Moi"),
        # cues around the name
        ("Je m'appelle Marc, le nom de la boîte c'est R.M. Toitures.", "R.M. Toitures"),
        ("ma boite c'est chauffage 2000 et je suis a vienne", "Chauffage 2000"),
        ("Je suis gérant de Pneus Center, à Saintes.", "Pneus Center"),
        ("On travaille sous le nom Ciel Bleu Drone, prises de vue aériennes.", "Ciel Bleu Drone"),
        ("Notre société, Bois Nature Créations, fabrique des cabanes.", "Bois Nature Créations"),
        ("Sweet Cup est un salon de thé à Royan, pâtisseries maison.", "Sweet Cup"),
        ("La Table d'Hélène vous accueille le midi en semaine.", "La Table d'Hélène"),
    ],
)
def test_a_stated_name_is_found(text: str, name: str) -> None:
    assert _key(extract_facts(text).company_name) == _key(name)


@pytest.mark.parametrize(
    "text",
    [
        "Cours de natation pour enfants à Millau, Crawl et Brasse, petits groupes.",
        "Réparation de télévisions Samsung et Philips à Cahors.",
        "Menuisier à Auxerre. Séance de conseil d'1h offerte.",
        "Coiffeuse à domicile autour de Dole. Appelez le 06 12 34 56 78.",
        "Cordonnerie à Riom. Rue du Commerce, près de la mairie.",
        "Jardinier à Cognac, Lucas intervient chez vous le samedi.",
        "Bonjour, c'est Julie, coiffeuse à Lille.",
        "Garage à Lyon 8e, pneus et vidanges.",
        "Notre équipe vous accueille du mardi au samedi à Sedan.",
    ],
)
def test_no_name_is_invented(text: str) -> None:
    assert extract_facts(text).company_name is None


def test_the_owner_is_not_the_company() -> None:
    facts = extract_facts("Moi c'est Inès, je suis fleuriste, la boutique s'appelle Pétale & Tige.")
    assert _key(facts.owner_name) == "ines"
    assert _key(facts.company_name) == "petale tige"


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("Zephyr Clim à Nîmes, climatisation et pompes à chaleur.", "Zephyr Clim"),
        ("Les Ateliers Corvin à Blois, reliure et dorure.", "Les Ateliers Corvin"),
    ],
)
def test_a_name_opening_the_text_before_its_town(text: str, name: str) -> None:
    assert _key(extract_facts(text).company_name) == _key(name)


def test_a_person_before_the_town_is_not_the_company() -> None:
    assert extract_facts("Thomas Garnier à Lille, électricien depuis 2010.").company_name is None
