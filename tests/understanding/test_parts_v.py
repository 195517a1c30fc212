"""Shapes met in dev part v: a zone detailed after its whole (« tout le Puy-de-Dôme, surtout
Clermont, Riom… »), arrondissements in a zone, an item « sur devis » or named by an acronym, a
price after the item's length (« promenade chien 1h 18e »), the owner's name after « c'est moi »
or set off after their trade, and a name that belongs to something of the business."""

from __future__ import annotations

import pytest

from allokoli.understanding.address import extract_address, extract_service_area
from allokoli.understanding.extract import extract_facts
from allokoli.understanding.hours import parse_opening_hours
from allokoli.understanding.intents import Finish, detect_finish
from allokoli.understanding.money import extract_services
from allokoli.understanding.owner import extract_owner_name


@pytest.mark.parametrize(
    ("text", "towns"),
    [
        (
            "j'interviens dans tout le puy-de-dome, surtout clermont, riom, issoire et thiers",
            ["puy-de-dome", "clermont", "riom", "issoire", "thiers"],
        ),
        (
            "On fait toute la région, enfin surtout Orléans, Blois, Tours, Montargis.",
            ["région", "Orléans", "Blois", "Tours", "Montargis"],
        ),
        (
            "J'interviens dans un rayon de vingt kilomètres autour de Cavaillon, donc "
            "L'Isle-sur-la-Sorgue, Gordes, Cheval-Blanc, ce coin-là.",
            ["Cavaillon", "L'Isle-sur-la-Sorgue", "Gordes", "Cheval-Blanc"],
        ),
        (
            "Je vais à Marseille, Aix évidemment, Salon-de-Provence, Aubagne, et jusqu'à Toulon.",
            ["Marseille", "Aix", "Salon-de-Provence", "Aubagne", "Toulon"],
        ),
        ("je me deplace sur lyon 3e 6e 7e et villeurbanne", ["lyon", "villeurbanne"]),
    ],
)
def test_a_zone_keeps_the_towns_that_detail_it(text: str, towns: list[str]) -> None:
    area = extract_service_area(text) or ""
    for town in towns:
        assert town.lower() in area.lower()


def test_several_arrondissements_are_a_zone_not_the_address() -> None:
    said = "sur lyon 3e 6e 7e et villeurbanne... en fait je suis basee a villeurbanne pas a lyon"
    address = extract_address(said)
    assert address is not None and address.city == "Villeurbanne"
    one = extract_address("au 12 rue Royale, Lyon 3e")
    assert one is not None and one.postal_code == "69003"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "je fais ramonage cheminee 65e, poele a granules 80e, debistrage sur devis",
            [("Debistrage", None, "sur devis")],
        ),
        (
            "Un courrier simple c'est 15 euros, un CV 25 euros, un dossier complet c'est 40 euros",
            [("CV", 25.0, None)],
        ),
        ("promenade chien 1h 18e, garde chez moi 25e/jour", [("Promenade chien", 18.0, None)]),
    ],
)
def test_items_of_a_price_list(text: str, expected: list[tuple[str, float | None, str]]) -> None:
    found = {(s.name, s.price_eur, s.price_note) for s in extract_services(text)}
    for item in expected:
        assert item in found


def test_an_item_length_before_its_price() -> None:
    (walk,) = extract_services("promenade chien 1h 18e")
    assert (walk.price_eur, walk.duration_minutes) == (18.0, 60)


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("bjr ramonage lefort a besancon, cest moi julien lefort", "Julien Lefort"),
        ("moi c'est Dépannage Auto Rapide 38, on fait le remorquage, je suis Cédric", "Cédric"),
        ("Bonjour, donc moi je suis chasseuse immobilière, Emma, ma société c'est X", "Emma"),
        ("Cordonnerie Saint-Pierre, à Poitiers, place Charles de Gaulle. C'est Michel.", "Michel"),
        ("Euh, c'est moi Jordi... non, je plaisante, c'est Pere, Pere Vidal.", "Pere Vidal"),
        ("moi c'est Rose", "Rose"),
        ("c'est moi qui réponds au téléphone", None),
    ],
)
def test_the_owner_name(text: str, name: str | None) -> None:
    assert extract_owner_name(text) == name


@pytest.mark.parametrize(
    ("text", "name"),
    [
        (
            "Bonjour, Azur Promotion, promoteur immobilier à Montpellier. Notre programme en "
            "cours s'appelle Les Terrasses de l'Étang.",
            "Azur Promotion",
        ),
        ("Business coach à Lyon, mon programme s'appelle Level Up Coaching.", "Level Up Coaching"),
        ("Notre spot s'appelle Block Party Grenoble.", "Block Party Grenoble"),
        ("Mon business s'appelle Stage & Sell.", "Stage & Sell"),
    ],
)
def test_a_name_of_something_of_the_business(text: str, name: str) -> None:
    assert extract_facts(text).company_name == name


@pytest.mark.parametrize("text", ["oki c bon", "ok sa me va", "okey ça marche"])
def test_sms_validations(text: str) -> None:
    assert detect_finish(text) is Finish.WEAK


@pytest.mark.parametrize("text", ["sa me va pas", "oki"])
def test_not_validations(text: str) -> None:
    assert detect_finish(text) is None


@pytest.mark.parametrize(
    ("text", "owner", "company"),
    [
        ("slt c karim jai une pizzeria a bethune, Pizza Dal Sud", "Karim", "Pizza Dal Sud"),
        ("Yo, Yanis ici, j'ai un barber shop à Lille", "Yanis", None),
        (
            "Oui bonjour, Patrick, je suis ramoneur, l'entreprise c'est Ramonage Vosgien.",
            "Patrick",
            "Ramonage Vosgien",
        ),
        ("Hello, Kevin de Blue Pool Services, on est pisciniste", "Kevin", "Blue Pool Services"),
        ("Yo, Ryan de Pure Shine Detailing à Mulhouse.", "Ryan", "Pure Shine Detailing"),
        ("c'est Cédric au fait. numero pour me joindre 06 23 45 67 81", "Cédric", None),
        ("nathalie, la gerante. vouvoyer les eleves svp", "Nathalie", None),
        (
            "Bonjour, Fatou Diallo, dirigeante de Net'Pro Services",
            "Fatou Diallo",
            "Net'Pro Services",
        ),
        ("Plomberie Martin, gérant de père en fils", None, "Plomberie Martin"),
        ("Bonjour, Garage du Centre à Lyon", None, "Garage du Centre"),
    ],
)
def test_the_owner_introduced_in_the_opening(
    text: str, owner: str | None, company: str | None
) -> None:
    facts = extract_facts(text)
    assert facts.owner_name == owner
    if company is not None:
        assert facts.company_name == company


@pytest.mark.parametrize(
    ("text", "owner"),
    [
        ("Pas de nom de cabinet, c'est juste mon nom, Maëlle Le Gall.", "Maëlle Le Gall"),
        ("Je travaille sous mon nom, Loïc Perrier, pas d'école.", "Loïc Perrier"),
    ],
)
def test_a_business_under_the_owners_own_name_has_none_of_its_own(text: str, owner: str) -> None:
    facts = extract_facts(text)
    assert facts.company_name is None
    assert facts.owner_name == owner


def _week(text: str) -> dict[str, str]:
    hours = parse_opening_hours(text)
    assert hours is not None
    return {
        d.day.value: " ".join(f"{r.start:%H:%M}-{r.end:%H:%M}" for r in d.ranges) or "closed"
        for d in hours.days
    }


def test_an_afternoon_said_in_small_hours_after_the_morning() -> None:
    week = _week(
        "Les horaires c'est du lundi au samedi, huit heures midi, deux heures sept heures. Enfin "
        "le lundi j'ouvre que l'après-midi, de deux heures à sept heures. Le dimanche fermé."
    )
    assert week["mardi"] == "08:00-12:00 14:00-19:00"
    assert week["lundi"] == "14:00-19:00"
    assert week["dimanche"] == "closed"


def test_a_day_opened_later_replaces_its_hours() -> None:
    week = _week("du lundi au samedi 8h-12h 14h-19h. Le lundi j'ouvre de 14h à 19h.")
    assert week["lundi"] == "14:00-19:00"
    assert week["mardi"] == "08:00-12:00 14:00-19:00"


def test_closing_late_at_midnight() -> None:
    week = _week("du mardi au samedi de 10h à 19h, et le vendredi on ferme tard, minuit.")
    assert week["vendredi"] == "10:00-00:00"
    assert week["samedi"] == "10:00-19:00"


def test_the_business_named_after_the_owner_in_the_greeting() -> None:
    facts = extract_facts(
        "Bonjour, L'Atelier de Rose, fleuriste, 5 rue de Dinan à Saint-Malo. Je m'appelle Rose "
        "d'ailleurs, d'où le nom."
    )
    assert facts.company_name == "L'Atelier de Rose"
    assert facts.owner_name == "Rose"
