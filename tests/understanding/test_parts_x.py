"""Shapes met in dev part x: the owner named where a form or a letter names them (« Signé :
Isabelle Renaud », « votre interlocuteur sera… », « …, c'est Fred. »), a street taken back
(« …, pas rue Hergé », « ah non, c'est impasse des Peupliers »), a number taken back in the
same message, a lunch break (« avec une pause de midi à 13h »), a price without its currency
before the item's length or as a rate."""

from __future__ import annotations

import pytest

from allokoli.understanding.address import extract_address
from allokoli.understanding.extract import extract_facts
from allokoli.understanding.hours import parse_opening_hours
from allokoli.understanding.money import extract_services
from allokoli.understanding.owner import extract_owner_name
from allokoli.understanding.transfer import extract_transfer


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("Mon numéro si besoin c'est le 06 40 50 60 70, c'est Fred.", "Fred"),
        ("Mon portable, 06 86 97 08 19, c'est Didier.", "Didier"),
        (
            "Le numéro de transfert est le 02 51 37 48 59. Signé : Isabelle Renaud, "
            "expert-comptable associée.",
            "Isabelle Renaud",
        ),
        (
            "Bonjour, je représente le cabinet Géo Mesures Conseil, géomètres-experts à "
            "Besançon. Votre interlocuteur sera Olivier Marchand.",
            "Olivier Marchand",
        ),
        ("Je voudrais qu'il prenne les messages pour moi, Sophie.", "Sophie"),
        (
            "bjr dieteticienne nutritionniste a lorient, Emma Guillou, pas de nom de cabinet",
            "Emma Guillou",
        ),
    ],
)
def test_the_owner_named_where_a_form_or_a_letter_names_them(text: str, name: str) -> None:
    assert extract_owner_name(text) == name


@pytest.mark.parametrize(
    "text",
    [
        "Le nom de la boutique, c'est Florence.",
        "On est ouverts le lundi, c'est Lyon.",
        "Pour le reste, c'est Parfait.",
        "On livre à Lyon, Villeurbanne, Saint Priest, Vaulx-en-Velin.",
        "fleuriste, Les Jardins de Léa, à Montpellier",
    ],
)
def test_no_owner_in_a_clause_about_something_else(text: str) -> None:
    assert extract_owner_name(text) is None


def test_the_owners_first_name_is_not_the_company() -> None:
    facts = extract_facts("Mon numéro si besoin c'est le 06 40 50 60 70, c'est Fred.")
    assert facts.company_name is None


@pytest.mark.parametrize(
    ("text", "street"),
    [
        (
            "au 14 impasse des Tilleuls, 31770... ah non attendez, c'est impasse des "
            "Peupliers, les Tilleuls c'est la rue d'à côté",
            "14 impasse des Peupliers",
        ),
        ("c'est rue de Brest pas rue de Saint-Malo, on a déménagé", "rue de Brest"),
        ("la boutique est au 3 rue de Périgueux, pas rue Hergé.", "3 rue de Périgueux"),
        ("on est au 9 rue Victor Hugo pas rue Jean Jaurès, à Niort", "9 rue Victor Hugo"),
        ("on a déménagé, c'est au 8 rue Saint-Nicolas maintenant", "8 rue Saint-Nicolas"),
        ("12 rue des Lilas, non je veux dire 12 rue des Roses, Lyon", "12 rue des Roses"),
        ("rue du Pas de la Mule, 13001 Marseille", "rue du Pas de la Mule"),
    ],
)
def test_the_street_said_instead_of_one_taken_back(text: str, street: str) -> None:
    address = extract_address(text)
    assert address is not None and address.street == street


def test_a_number_taken_back_gives_way_to_the_one_said_after() -> None:
    number, _when = extract_transfer("mon 06 : 06 19 28 37 46. ah non c 06 19 28 37 64 dsl")
    assert number == "+33619283764"


@pytest.mark.parametrize(
    ("text", "ranges"),
    [
        (
            "lundi au vendredi, sept heures trente, dix-sept heures, avec une pause de midi à "
            "treize heures",
            "07:30-12:00 13:00-17:00",
        ),
        ("du lundi au vendredi 8h-18h avec une pause de 12h à 14h", "08:00-12:00 14:00-18:00"),
        ("lundi au vendredi 9h 18h, pause déjeuner 12h30-13h30", "09:00-12:30 13:30-18:00"),
        ("lun-ven 8h-19h, coupure de midi de 12h à 14h", "08:00-12:00 14:00-19:00"),
    ],
)
def test_a_lunch_break_splits_the_day(text: str, ranges: str) -> None:
    hours = parse_opening_hours(text)
    assert hours is not None
    monday = next(d for d in hours.days if d.day.value == "lundi")
    assert " ".join(f"{r.start:%H:%M}-{r.end:%H:%M}" for r in monday.ranges) == ranges


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "coupe 25 balles en 30 min, le combo coupe-barbe 35 en 45 min, taille de barbe 15 "
            "en un quart d'heure",
            [("Coupe", 25, 30), ("Combo coupe-barbe", 35, 45), ("Taille de barbe", 15, 15)],
        ),
        ("la taille de haie c'est 45 de l'heure", [("Taille de haie", 45, None)]),
        ("T2 450€, T3 600", [("T2", 450, None), ("T3", 600, None)]),
        ("cours particulier 1h30, 40€", [("Cours particulier", 40, 90)]),
    ],
)
def test_a_price_without_its_currency(
    text: str, expected: list[tuple[str, float, int | None]]
) -> None:
    services = extract_services(text)
    got = [(s.name, s.price_eur) for s in services]
    assert got == [(name, price) for name, price, _ in expected]
    for service, (_name, _price, minutes) in zip(services, expected, strict=True):
        if minutes is not None:
            assert service.duration_minutes == minutes


@pytest.mark.parametrize("bare_list", [True, False])
def test_an_item_then_its_amount_then_its_price(bare_list: bool) -> None:
    said = (
        "Cartes de visite, cinq cents exemplaires, trente-neuf euros. Flyers A5, mille "
        "exemplaires, soixante-neuf euros."
    )
    got = [(s.name, s.price_eur) for s in extract_services(said, bare_list=bare_list)]
    assert got == [("Cartes de visite", 39), ("Flyers A5", 69)]


def test_an_item_said_bare_then_its_price_alone() -> None:
    said = "Ferrure complète quatre fers, cent dix euros, parage simple quarante-cinq euros"
    got = [(s.name, s.price_eur) for s in extract_services(said, bare_list=True)]
    assert got == [("Ferrure complète quatre fers", 110), ("Parage simple", 45)]
    pedicure = extract_services("soin de pédicurie, 30 minutes, 35 euros", bare_list=True)
    assert [(s.name, s.price_eur, s.duration_minutes) for s in pedicure] == [
        ("Soin de pédicurie", 35, 30)
    ]


@pytest.mark.parametrize(
    ("text", "name"),
    [
        (
            "J'ai travaillé vingt ans chez Orange aux ressources humaines, à Rennes, et "
            "maintenant j'aide les gens à changer de vie. Je n'ai pas encore de nom.",
            None,
        ),
        (
            "Je cuisine chez les gens. J'ai appelé ça Chef Nomade. Le voisin, qui est "
            "traiteur, Maison Delpech, me passe des clients.",
            "Chef Nomade",
        ),
        (
            "J'ai appris le métier chez Monsieur Gaillard à Tours. Mon atelier s'appelle Les "
            "Fauteuils de Lise.",
            "Les Fauteuils de Lise",
        ),
        (
            "cordonnerie + double de cles, Cordo Express galerie du Leclerc a Fougeres.",
            "Cordo Express",
        ),
        ("Salon de coiffure chez Momo à Lyon", "Chez Momo"),
        ("Les Halles de la Place du Marché, épicerie fine", "Les Halles de la Place du Marché"),
    ],
)
def test_names_beside_a_former_employer_a_naming_or_a_place(text: str, name: str | None) -> None:
    assert extract_facts(text).company_name == name


def test_a_zone_goes_on_past_fillers_and_a_town_further_away() -> None:
    from allokoli.understanding.address import extract_service_area

    area = extract_service_area(
        "Je tourne sur tout le secteur, bon, Saumur, Doué-la-Fontaine, Montreuil-Bellay, "
        "Chinon, et Fontevraud."
    )
    assert area is not None and "Fontevraud" in area and "Saumur" in area
    area = extract_service_area(
        "Je travaille autour de Toulouse, Blagnac, Colomiers, des fois je monte jusqu'à Balma "
        "mais c'est rare."
    )
    assert area is not None and "Balma" in area and "Toulouse" in area


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Six heures trente à dix-neuf heures trente le mardi, jeudi, vendredi et samedi, le "
            "dimanche de six heures trente à treize heures. Fermé le lundi et le mercredi.",
            {
                "mardi": "06:30-19:30",
                "jeudi": "06:30-19:30",
                "samedi": "06:30-19:30",
                "dimanche": "06:30-13:00",
                "lundi": "",
            },
        ),
        (
            "de 9h à 19h le mardi et le jeudi, le dimanche de 9h à 12h",
            {"mardi": "09:00-19:00", "jeudi": "09:00-19:00", "dimanche": "09:00-12:00"},
        ),
        ("9h-18h le lundi, le mardi fermé", {"lundi": "09:00-18:00", "mardi": ""}),
        (
            "On est open de 10h à 23h du lundi au vendredi, samedi et dimanche 9h-20h.",
            {"vendredi": "10:00-23:00", "samedi": "09:00-20:00", "dimanche": "09:00-20:00"},
        ),
    ],
)
def test_hours_said_first_go_to_every_day_listed_after(text: str, expected: dict[str, str]) -> None:
    hours = parse_opening_hours(text)
    assert hours is not None
    got = {
        d.day.value: " ".join(f"{r.start:%H:%M}-{r.end:%H:%M}" for r in d.ranges)
        for d in hours.days
    }
    for day, ranges in expected.items():
        assert got[day] == ranges


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Le plateau découverte pour six, trente-cinq euros, le plateau prestige pour douze, "
            "soixante-cinq euros. La raclette, bon, c'est vingt-deux euros le kilo.",
            [
                ("Plateau découverte pour six", 35),
                ("Plateau prestige pour douze", 65),
                ("Raclette", 22),
            ],
        ),
        (
            "La tonte c'est à partir de 35 euros, la taille de haie c'est, euh, 40 euros de "
            "l'heure, et le devis est gratuit.",
            [("Tonte", 35), ("Taille de haie", 40), ("Devis", 0)],
        ),
        ("pizza 12€, calzone 13, tiramisu 5", [("Pizza", 12), ("Calzone", 13), ("Tiramisu", 5)]),
    ],
)
def test_counts_and_fillers_between_an_item_and_its_price(
    text: str, expected: list[tuple[str, float]]
) -> None:
    assert [(s.name, s.price_eur) for s in extract_services(text)] == expected


@pytest.mark.parametrize(
    "text", ["c parfait merci beaucoups", "c parfait mercii", "ok c bon mersi"]
)
def test_thanks_typed_in_haste_still_close(text: str) -> None:
    from allokoli.understanding.intents import detect_finish

    assert detect_finish(text) is not None


@pytest.mark.parametrize(
    ("said", "saturday"),
    [
        ("Ah non, le samedi midi on ne fait pas, seulement le soir.", "19:00-22:00"),
        ("Ah et le samedi midi on est fermés en fait, que le soir le samedi.", "19:00-22:00"),
        ("ah non le samedi soir on fait pas", "12:00-14:00"),
        ("le samedi matin c'est tous les 15 jours donc mettez fermé le samedi", ""),
    ],
)
def test_a_service_of_a_day_closed(said: str, saturday: str) -> None:
    from allokoli.understanding.hours.parse import apply_hours_correction

    week = parse_opening_hours(
        "Ouvert du mardi au samedi, midi et soir, 12h-14h et 19h-22h. Dimanche et lundi fermé."
    )
    assert week is not None
    hours = apply_hours_correction(week, said)
    got = {
        d.day.value: " ".join(f"{r.start:%H:%M}-{r.end:%H:%M}" for r in d.ranges)
        for d in hours.days
    }
    assert got["samedi"] == saturday
    assert got["vendredi"] == "12:00-14:00 19:00-22:00"


@pytest.mark.parametrize(
    ("said", "zone"),
    [
        (
            "je bosse sur nimes, uzes, beaucaire, vauvert et sommieres",
            "nimes, uzes, beaucaire, vauvert et sommieres",
        ),
        (
            "je travail sur Saint-Quentin, Gauchy, Harly et Chauny",
            "Saint-Quentin, Gauchy, Harly et Chauny",
        ),
        ("je me déplace dans tout le Var", "tout le Var"),
    ],
)
def test_a_zone_answered_without_the_verb_before_it(said: str, zone: str) -> None:
    from allokoli.understanding.address import extract_service_area

    assert extract_service_area(said, expecting=True) == zone
