"""Names, owners, prices and places in shapes met in fresh development data (parts g and h):
each case is a general mechanism, not the example's words."""

from __future__ import annotations

import pytest

from allokoli.understanding import extract_facts
from allokoli.understanding.address import extract_address, extract_service_area
from allokoli.understanding.money import extract_services
from allokoli.understanding.names import extract_company_name
from allokoli.understanding.owner import extract_owner_name


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("Mon nom commercial c'est Monsieur Bricol', à Pau. Petits travaux.", "Monsieur Bricol"),
        ("poissonnerie a boulogne sur mer, nom maree fraiche. fermé lundi", "Maree Fraiche"),
        (
            "depannage frigo, Dépann'Ménager 72 au Mans et Sarthe. deplacement 35 euros",
            "Dépann'Ménager 72",
        ),
        (
            "DJ mariages, sono et lumiere, DJ Max Events sur Clermont Ferrand et le Puy de Dome.",
            "DJ Max Events",
        ),
        (
            "Private chef à domicile. Ma boîte c'est Chef Julien at Home, je bosse sur Biarritz.",
            "Chef Julien at Home",
        ),
        (
            "Titulaire de la Pharmacie de la Place à Lisieux, je souhaite alléger le comptoir.",
            "Pharmacie de la Place",
        ),
        (
            "Bien Chez Soi Services, à Montargis : aide à domicile, ménage, courses.",
            "Bien Chez Soi Services",
        ),
        (
            "Encadreur d'art à Rodez, boutique Cadres et Reflets. Délai de dix jours.",
            "Cadres et Reflets",
        ),
        ("coach sportif sur montpellier, coach matt 2.0. seance 45e", "Coach Matt 2.0"),
        (
            "Ouais alors c'est un bar-tabac à Lens, Le Bollaert ça s'appelle, comme le stade.",
            "Le Bollaert",
        ),
        (
            "Dépannage IT à Vincennes : setup de PC, backup. Je l'ai appelée Geek On Call.",
            "Geek On Call",
        ),
        (
            "Consultante freelance à Nantes. Je facture sous Shift Advisory, surtout en B2B.",
            "Shift Advisory",
        ),
        (
            "repar smartphone tablette a thionville, ecran casse batterie, phone doctor 57",
            "Phone Doctor 57",
        ),
        (
            "food truck burgers sur angers, on change d'emplacement, le truck c'est big bun's",
            "Big Bun's",
        ),
        ("snack kebab tacos a roubaix, livraison le soir, chez ali snack", "Ali Snack"),
        ("yo food truck de tacos mexicains, el camion loco, base a montpellier", "El Camion Loco"),
        ("tapissier decorateur, rideaux sur mesure, a aix les bains, atelier lina", "Atelier Lina"),
        (
            "Agence de recherches privées agréée, Investigations Sud-Ouest intervient à Agen.",
            "Investigations Sud-Ouest",
        ),
    ],
)
def test_a_name_said_this_way_is_found(text: str, name: str) -> None:
    assert extract_company_name(text) == name


@pytest.mark.parametrize(
    ("text", "name"),
    [
        (
            "Fleuriste à Sarlat, la boutique c'est Les Fleurs de Léa, non pardon, on a changé de"
            " nom l'an dernier, c'est L'Herbier de Léa maintenant. Compositions, deuil.",
            "L'Herbier de Léa",
        ),
        (
            "Animalerie à Pau. L'enseigne c'est Aquazoo du Béarn, enfin non, ça c'était l'ancien"
            " magasin, nous c'est juste Aquazoo.",
            "Aquazoo",
        ),
        (
            "Vitrier à Saint-Nazaire. Entreprise Glass Atlantique — non, Verre Atlantique, pardon.",
            "Verre Atlantique",
        ),
        (
            "Salon de coiffure à Alençon, Le Salon de Clara — enfin, Clara & Co depuis mars.",
            "Clara & Co",
        ),
    ],
)
def test_a_name_taken_back_gives_way_to_the_one_said_after(text: str, name: str) -> None:
    assert extract_company_name(text) == name


@pytest.mark.parametrize(
    "text",
    [
        "Une ferme pédagogique avec des chèvres et un cochon qui s'appelle Gaston, à Cahors.",
        "micro creche 10 berceaux a ajaccio, on cherche qqn pr repondre aux parents",
        "Avocat à Nîmes, il reçoit en son cabinet du boulevard Victor-Hugo.",
        "Cave à bières artisanales, dégustation le vendredi. A Saint-Omer, à côté de la cathédrale.",
        "soutien scolaire a domicile chez l eleve, maths francais, sur angers",
        "psychomotricienne en libéral a Bar-le-Duc, bilans et séances pour enfants, TDAH, troubles DYS",
        "plombier a lyon, depannage chez vous, 7j/7",
    ],
)
def test_no_name_is_invented_from_these(text: str) -> None:
    assert extract_company_name(text) is None


@pytest.mark.parametrize(
    ("text", "owner"),
    [
        (
            "Bonjour, euh, je suis plombier, Yann Le Bihan, je travaille tout seul à Quimper.",
            "Yann Le Bihan",
        ),
        ("Oui bonjour, c'est Martine, de la boulangerie Le Fournil d'Antan, à Saintes.", "Martine"),
        ("Allô, oui, serrurerie Bastien, à Toulon. Bastien c'est mon prénom.", "Bastien"),
        (
            "Bonjour, Pierre-Yves Guillou, pédicure-podologue. Mon cabinet est à Brest.",
            "Pierre-Yves Guillou",
        ),
        (
            "Bonjour, alors moi c'est Thierry, je suis paysagiste, euh, Thierry Vallée, à Périgueux.",
            "Thierry Vallée",
        ),
        ("Docteur François Aubry, cardiologue à Lyon.", "François Aubry"),
        ("jsuis nadia", "Nadia"),
        ("Mme Durand à l'appareil", "Mme Durand"),
    ],
)
def test_the_owner_introduced_this_way_is_found(text: str, owner: str) -> None:
    assert extract_owner_name(text) == owner


def test_a_business_named_after_the_owner_is_not_their_surname() -> None:
    text = "Je suis coach, je m'appelle Julie et mon activité s'appelle Julie Coaching"
    assert extract_owner_name(text) == "Julie"
    assert extract_owner_name("Bonjour, Plomberie Dupont, on est à Lyon") is None


def test_prices_by_the_hour_a_name_then_its_price_and_a_session_length() -> None:
    text = (
        "des cours individuels à 28 euros l'heure et des stages intensifs pendant les vacances,"
        " 120 euros la semaine, et l'aide aux devoirs en petit groupe à 15 euros la séance d'une"
        " heure et demie."
    )
    got = [(s.name, s.price_eur, s.duration_minutes) for s in extract_services(text)]
    assert got == [
        ("Cours individuels", 28.0, 60),
        ("Stages intensifs pendant les vacances", 120.0, None),
        ("Aide aux devoirs en petit groupe", 15.0, 90),
    ]


def test_a_price_is_never_a_street() -> None:
    assert extract_address("cours collectif 18e, carte 10 cours 150e") is None
    address = extract_address("10 cours Mirabeau, Aix")
    assert address is not None and address.street == "10 cours Mirabeau"


def test_a_zone_keeps_a_village_the_map_merged_and_its_summary() -> None:
    zone = extract_service_area("je me déplace à Saint-Claude, Oyonnax, Morez et Les Rousses")
    assert zone == "Saint-Claude, Oyonnax, Morez et Les Rousses"
    zone = extract_service_area("on se déplace à Béziers, Agde, Sète, bref dans tout l'Hérault")
    assert zone is not None and "Béziers" in zone and "Hérault" in zone


def test_a_tone_answer_holds_no_name() -> None:
    facts = extract_facts("tutoiement, ton décontracté, on est des potes", expecting="company_name")
    assert facts.company_name is None


def test_the_business_under_an_e_mail_sign_off() -> None:
    text = (
        "Bonjour,\nJe gère un petit cabinet de gestion de paie pour les TPE du Calvados. "
        "Pourriez-vous me rappeler ?\nCordialement,\nNathalie Girard\n"
        "Paie Service Normandie – Lisieux"
    )
    assert extract_company_name(text) == "Paie Service Normandie"
