"""Names as people say them: hesitations, a département in brackets, the sentence's article
before the kind of business, and the words of the request itself."""

from __future__ import annotations

import pytest

from allokoli.understanding.extract import extract_facts
from allokoli.understanding.intents import IntentKind, detect_intent
from allokoli.understanding.names import extract_company_name
from allokoli.understanding.places import area_name


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("L'entreprise c'est, euh, Ramonage Comtois, en deux mots.", "Ramonage Comtois"),
        (
            "Alors c'est une animalerie, euh, à Alès, Le Jardin des Animaux, euh, on a des "
            "poissons et des oiseaux.",
            "Le Jardin des Animaux",
        ),
        (
            "je reçois à Caen, mon activité s'appelle Chemin Clair Coaching.",
            "Chemin Clair Coaching",
        ),
        (
            "Alors c'est une petite librairie à Uzès, La Plume et l'Olivier, on fait de la BD.",
            "La Plume et l'Olivier",
        ),
        (
            "L'agence Clé de Sol Immobilier, à Perpignan, fait de la location.",
            "Clé de Sol Immobilier",
        ),
        (
            "Le Centre d'Imagerie Médicale Pasteur, à Valenciennes, réalise des IRM.",
            "Centre d'Imagerie Médicale Pasteur",
        ),
    ],
)
def test_names_as_said(text: str, name: str) -> None:
    assert extract_company_name(text) == name


@pytest.mark.parametrize(
    "text",
    [
        "Écrivain public à Saint-Denis (Seine-Saint-Denis), j'aide pour les courriers.",
        "Laboratoire d'analyses à Lens, sans rendez-vous. L'assistant : répondre aux questions.",
        "Euh bonjour, moi c'est Didier, je suis ramoneur, euh, à Pontarlier, et dans le Haut-Doubs.",
    ],
)
def test_no_name_stated(text: str) -> None:
    assert extract_company_name(text) is None


def test_departements_and_regions_are_places() -> None:
    assert area_name("isere") == "Isère"
    assert area_name("Bretagne") == "Bretagne"  # a village bears the name too
    assert area_name("Vienne") is None  # the town


def test_c_est_a_dire_explains_inside_a_long_answer() -> None:
    text = (
        "Il me faut un assistant qui dise dans quel secteur on intervient, c'est-à-dire Vence "
        "et Saint-Paul-de-Vence. L'entreprise c'est Les Jardins d'Azur."
    )
    assert detect_intent(text).kind is not IntentKind.QUESTION
    assert extract_facts(text).company_name == "Les Jardins d'Azur"
    assert detect_intent("c'est-à-dire ?").kind is IntentKind.QUESTION


@pytest.mark.parametrize(
    ("text", "name"),
    [
        (
            "institut de beaute a sete, soins visage, epilation, beaute des pieds. belle & zen. "
            "besoin prise de rdv",
            "Belle & Zen",
        ),
        ("salle de muscu a douai, iron gym douai, ouvert 6h 23h 7/7 avec badge", "Iron Gym Douai"),
        (
            "electricien a thionville, depannage, mise aux normes. entreprise : JM elec. urgences "
            "a transferer",
            "JM Elec",
        ),
        ("centre pneus a agen, montage equilibrage. pneus 47. sans rdv le matin", "Pneus 47"),
    ],
)
def test_a_sign_typed_in_lower_case_as_a_sentence_of_its_own(text: str, name: str) -> None:
    assert extract_company_name(text) == name


@pytest.mark.parametrize(
    "text",
    [
        "resto a albi, cuisine du terroir. 45 couverts. on prend les resa le soir",
        "salle de sport a douai, abo 24.99/mois. ouvert 7/7",
        "demenagement depuis brest, toute la france. faut qualifier les devis",
    ],
)
def test_a_quantity_a_price_or_an_area_is_no_sign(text: str) -> None:
    assert extract_company_name(text) is None


def test_an_emoji_breaks_no_name() -> None:
    text = "Bonjour 👋 Déménagements Loire Express — Orléans (45). Particuliers & pros, partout."
    assert extract_company_name(text) == "Déménagements Loire Express"


def test_a_naming_outranks_the_shape_of_the_opening() -> None:
    text = "Ostéopathe D.O. à Hossegor, sportifs et bébés. Mon cabinet : Ostéo Océan. Je reçois."
    assert extract_company_name(text) == "Ostéo Océan"
    assert extract_company_name("Chef à domicile, mon activité c'est Sukalde. Menus.") == "Sukalde"


@pytest.mark.parametrize(
    ("text", "city", "postal_code"),
    [
        ("yo snack burger au havre, smash house 76", "Le Havre", None),
        ("garage aux Sables-d'Olonne, pneus", "Les Sables-d'Olonne", None),
        ("serruriers dans le onzième arrondissement de Paris", "Paris", "75011"),
    ],
)
def test_towns_said_with_their_article_or_arrondissement(
    text: str, city: str, postal_code: str | None
) -> None:
    address = extract_facts(text).address
    assert address is not None
    assert (address.city, address.postal_code) == (city, postal_code)
    assert extract_facts("rdv au cabinet, au port").address is None


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("salut, paysagiste a angers, les jardins de matthieu", "Les Jardins de Matthieu"),
        ("salon de coiffure a carpentras, l'atelier de sonia. coupe couleur", "L'atelier de Sonia"),
    ],
)
def test_a_sign_led_by_its_article_says_whose_it_is(text: str, name: str) -> None:
    assert extract_company_name(text) == name
    assert extract_company_name("coiffeuse a nantes, sophie martin, a domicile") is None


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("bjr azur piscines, construction et entretien de piscines sur frejus", "Azur Piscines"),
        (
            "bjr demenagements lopez a ales, demenagement particuliers et pros",
            "Demenagements Lopez",
        ),
        ("hello c big mama burger, le food truck ! on est a nantes", "Big Mama Burger"),
        ("coucou dermo by lea, maquillage permanent sourcils a orleans", "Dermo By Lea"),
    ],
)
def test_an_sms_opens_on_a_greeting_then_the_business(text: str, name: str) -> None:
    assert extract_company_name(text) == name


@pytest.mark.parametrize(
    "text",
    [
        "bonjour plombier chauffagiste, depannage 24/24",
        "slt c nico, primeur a beziers, fruits et legumes",
        "bjr jsuis plombier a lyon, depannage",
        "a orleans. seance 280€ retouche incluse. sur rdv.",
        "devis gratuit. tel urgence 0611223344",
    ],
)
def test_a_greeting_before_the_trade_or_the_owner_names_no_business(text: str) -> None:
    assert extract_company_name(text) is None


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("Bonjour, nous tenons l'Hôtel du Lion d'Or à Bayeux, 18 chambres.", "Hôtel du Lion d'Or"),
        ("Hello ! On a ouvert Fit Factory à Villeneuve-d'Ascq, une salle de sport.", "Fit Factory"),
        (
            "La Menuiserie Vidal et Fils, entreprise familiale à Rodez, fabrique des fenêtres.",
            "Menuiserie Vidal et Fils",
        ),
        (
            "Je suis responsable chez Le Royaume des Animaux, une animalerie.",
            "Le Royaume des Animaux",
        ),
        (
            "Agence de voyages à Carcassonne. Bien cordialement, l'équipe de Voyages Évasion Sud.",
            "Voyages Évasion Sud",
        ),
        (
            "photographe à Lannion, mon entreprise s'appelle tout simplement Clara Photo.",
            "Clara Photo",
        ),
        (
            "coucou jai un bar a ongles a toulon, nail's by jess 💅 pose gel, nail art",
            "Nail's By Jess",
        ),
    ],
)
def test_the_business_introduced_as_people_do(text: str, name: str) -> None:
    assert extract_company_name(text) == name
    # the article of a sign standing alone stays
    assert extract_company_name("Tonte et taille autour de Vesoul. Les Jardins Verts.") == (
        "Les Jardins Verts"
    )
