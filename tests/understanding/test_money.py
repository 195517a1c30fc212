from __future__ import annotations

import pytest

from allokoli.domain.profile import Service
from allokoli.understanding import (
    extract_services,
    find_prices,
    parse_duration_minutes,
    parse_price,
)

PRICE_CASES: list[tuple[str, float | None]] = [
    ("25 €", 25.0),
    ("25€", 25.0),
    ("25 euros", 25.0),
    ("25 Euros", 25.0),
    ("25 EUR", 25.0),
    ("€25", 25.0),
    ("vingt-cinq euros", 25.0),
    ("vingt cinq euros", 25.0),
    ("quarante-cinq euros", 45.0),
    ("cent vingt euros", 120.0),
    ("25,50 €", 25.5),
    ("25.50€", 25.5),
    ("25€50", 25.5),
    ("25 euros 50", 25.5),
    ("vingt-cinq euros cinquante", 25.5),
    ("12 euros et 50 centimes", 12.5),
    ("1 200 €", 1200.0),
    ("1200€", 1200.0),
    ("9,90e", 9.9),
    ("35e", 35.0),
    ("15 balles", 15.0),
    ("à partir de 30 €", 30.0),
    ("entre 20 et 30 €", 20.0),
    ("gratuit", 0.0),
    ("c'est offert", 0.0),
    ("Lyon 3e", None),
    ("le 12e arrondissement", None),
    ("06 12 34 56 78", None),
    ("ouvert de 9h à 19h", None),
    ("coupe homme", None),
    ("", None),
]


@pytest.mark.parametrize(("text", "amount"), PRICE_CASES)
def test_parse_price(text: str, amount: float | None) -> None:
    assert parse_price(text) == amount


@pytest.mark.parametrize(
    ("text", "note"),
    [
        ("à partir de 30 €", "à partir de"),
        ("dès 45 euros", "à partir de"),
        ("environ 80 €", "environ"),
        ("80 € environ", "environ"),
        ("autour de 50 euros", "environ"),
        ("40€ de l'heure", "de l'heure"),
        ("35 € par personne", "par personne"),
        ("12 € le kilo", "le kilo"),
        ("entre 20 et 30 €", "entre 20 et 30 €"),
        ("max 100 euros", "jusqu'à"),
        ("25 €", None),
    ],
)
def test_price_notes(text: str, note: str | None) -> None:
    (price,) = find_prices(text)
    assert price.note == note


DURATION_CASES: list[tuple[str, int | None]] = [
    ("1h30", 90),
    ("1 h 30", 90),
    ("45 min", 45),
    ("45 minutes", 45),
    ("45mn", 45),
    ("une demi-heure", 30),
    ("une demi heure", 30),
    ("un quart d'heure", 15),
    ("trois quarts d'heure", 45),
    ("1 heure", 60),
    ("une heure", 60),
    ("une heure et demie", 90),
    ("deux heures", 120),
    ("2h", 120),
    ("90 minutes", 90),
    ("quarante-cinq minutes", 45),
    ("coupe homme", None),
]


@pytest.mark.parametrize(("text", "minutes"), DURATION_CASES)
def test_parse_duration(text: str, minutes: int | None) -> None:
    assert parse_duration_minutes(text) == minutes


def _s(
    name: str, price: float | None = None, note: str | None = None, minutes: int | None = None
) -> Service:
    return Service(name=name, price_eur=price, price_note=note, duration_minutes=minutes)


SERVICE_CASES: list[tuple[str, list[Service]]] = [
    (
        "coupe homme 25€, coupe femme 35 € (45 min), couleur à partir de 60 euros",
        [
            _s("Coupe homme", 25),
            _s("Coupe femme", 35, minutes=45),
            _s("Couleur", 60, "à partir de"),
        ],
    ),
    (
        "pizza margherita 9 euros, calzone 12",
        [_s("Pizza margherita", 9), _s("Calzone", 12)],
    ),
    (
        "- Coupe : 20€\n- Brushing : 15€\n- Couleur : sur devis",
        [_s("Coupe", 20), _s("Brushing", 15), _s("Couleur", note="sur devis")],
    ),
    (
        "• Shampoing coupe brushing – 42 €\n• Barbe – 15 €",
        [_s("Shampoing coupe brushing", 42), _s("Barbe", 15)],
    ),
    (
        "Coupe homme : 25 € (30 min)\nCoupe femme : 38 € (1h)\nBalayage : à partir de 80 €",
        [
            _s("Coupe homme", 25, minutes=30),
            _s("Coupe femme", 38, minutes=60),
            _s("Balayage", 80, "à partir de"),
        ],
    ),
    ("coupe 20€ et brushing 15€", [_s("Coupe", 20), _s("Brushing", 15)]),
    # a hedged duration said after the price belongs to the item before it
    (
        "débouchage 95 euros, ça prend une heure en moyenne",
        [_s("Débouchage", 95, minutes=60)],
    ),
    # a service named by its length lasts that long
    (
        "l'heure de soutien 25 euros, demi-heure de coaching 20 euros",
        [_s("Heure de soutien", 25, minutes=60), _s("Coaching", 20, minutes=30)],
    ),
    # a qualifier is a whole word: « bandes » ends in no « dès »
    (
        "pose de bandes 15€, ourlets dès 8€",
        [_s("Pose de bandes", 15), _s("Ourlets", 8, "à partir de")],
    ),
    # an hour then a price: the number after "1h" is the price, not minutes
    (
        "stage poterie 2h 40€, initiation 1h 25 euros",
        [_s("Stage poterie", 40, minutes=120), _s("Initiation", 25, minutes=60)],
    ),
    (
        "massage 80e 1h15, soin 55e 2h30. gommage 1h 22,50 €",
        [
            _s("Massage", 80, minutes=75),
            _s("Soin", 55, minutes=150),
            _s("Gommage", 22.5, minutes=60),
        ],
    ),
    ("coupe et brushing 30€", [_s("Coupe et brushing", 30)]),
    (
        "menu du jour 14,50€ ; formule midi 12€",
        [_s("Menu du jour", 14.5), _s("Formule midi", 12)],
    ),
    (
        "dépannage sur devis, déplacement 40 €",
        [_s("Dépannage", note="sur devis"), _s("Déplacement", 40)],
    ),
    (
        "la vidange c'est 80 € environ, le changement de plaquettes entre 90 et 120 €",
        [
            _s("Vidange", 80, "environ"),
            _s("Changement de plaquettes", 90, "entre 90 et 120 €"),
        ],
    ),
    ("25 € la coupe homme", [_s("Coupe homme", 25)]),
    (
        "une coupe c'est vingt euros et ça dure une demi-heure",
        [_s("Coupe", 20, minutes=30)],
    ),
    (
        "alors nous on fait des coupes pour homme à 25 euros",
        [_s("Coupes pour homme", 25)],
    ),
    ("consultation 25 euros", [_s("Consultation", 25)]),
    ("séance de kiné : 30 € (30 min)", [_s("Séance de kiné", 30, minutes=30)]),
    (
        "on propose le massage californien 1h à 70 euros et le soin visage 45 min à 55 euros",
        [_s("Massage californien", 70, minutes=60), _s("Soin visage", 55, minutes=45)],
    ),
    (
        "diagnostic gratuit, intervention 60 € de l'heure",
        [_s("Diagnostic", 0, "gratuit"), _s("Intervention", 60, "de l'heure", 60)],
    ),
    # the minutes of a length are no thousands of the price after them
    (
        "portrait 1h 150€, couple 1h30 220 €, mariage 1 800 €",
        [_s("Portrait", 150, minutes=60), _s("Couple", 220, minutes=90), _s("Mariage", 1800)],
    ),
    ("bonjour", []),
    ("on est ouvert du lundi au vendredi", []),
    ("mon numéro c'est le 06 12 34 56 78", []),
]


@pytest.mark.parametrize(("text", "expected"), SERVICE_CASES)
def test_extract_services(text: str, expected: list[Service]) -> None:
    assert extract_services(text) == expected


def test_bare_list_when_services_were_asked() -> None:
    names = [s.name for s in extract_services("coupe, couleur, mèches et brushing", bare_list=True)]
    assert names == ["Coupe", "Couleur", "Mèches", "Brushing"]


def test_bare_list_is_ignored_otherwise() -> None:
    assert extract_services("coupe, couleur, mèches et brushing") == []


def test_bare_list_rejects_sentences() -> None:
    assert extract_services("on est ouvert le lundi, fermé le dimanche", bare_list=True) == []


@pytest.mark.parametrize(
    ("text", "amount"),
    [
        ("atelier en groupe 18 euros", 18.0),
        ("étage 3 : 40 € la nuit", 40.0),
        ("option 2 à 15 €", 15.0),
    ],
)
def test_a_counted_word_before_a_price_keeps_the_price(text: str, amount: float) -> None:
    assert [p.amount for p in find_prices(text)] == [amount]


def test_a_counted_number_without_currency_is_not_a_price() -> None:
    assert find_prices("médecin conventionné secteur 1, consultation 30 €")[0].amount == 30.0
    assert len(find_prices("médecin conventionné secteur 1, consultation 30 €")) == 1


@pytest.mark.parametrize(
    "text",
    [
        "dépannage 24 heures sur 24, 7 jours sur 7, débouchage 120 euros",
        "ouvert 7j/7, débouchage 120 euros",
        "joignable 24h/24, débouchage 120 euros, 90 le samedi",
    ],
)
def test_a_ratio_is_neither_a_price_nor_a_duration(text: str) -> None:
    services = extract_services(text)
    assert services[0].name == "Débouchage"
    assert all(s.price_eur not in (7, 24) for s in services)
    assert all(s.duration_minutes != 24 * 60 for s in services)


def test_a_price_by_the_hour_lasts_an_hour() -> None:
    (service,) = extract_services("location de salle 40 €/h")
    assert (service.price_eur, service.duration_minutes) == (40.0, 60)


def test_a_bracket_cut_by_the_price_leaves_its_content() -> None:
    names = [s.name for s in extract_services("atelier poterie (3 séances) 120 €, initiation 30 €")]
    assert names == ["Atelier poterie 3 séances", "Initiation"]


def test_euros_and_cents_need_no_currency() -> None:
    services = extract_services(
        "Le plat du jour est à 14,50, la formule entrée plat ou plat dessert à 18,90."
    )
    assert [(s.name, s.price_eur) for s in services] == [
        ("Plat du jour", 14.5),
        ("Formule entrée plat ou plat dessert", 18.9),
    ]
    # a measure with its unit is no price
    assert extract_services("on est à 2,50 km du centre, ouvert depuis 12 ans") == []


def test_a_lists_heading_is_no_part_of_its_first_item() -> None:
    names = [s.name for s in extract_services("prestas : demoussage 15e le m2, ardoises 60e")]
    assert names == ["Demoussage", "Ardoises"]
    names = [s.name for s in extract_services("Tarifs indicatifs : camion + 2 déménageurs 450 €")]
    assert names == ["Camion + 2 déménageurs"]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Le plateau pour six personnes c'est 48 euros, la raclette c'est 22 euros par personne"
            " avec l'appareil prêté. Ah non, 24 euros, on a augmenté en janvier.",
            [("plateau pour six personnes", 48.0), ("raclette", 24.0)],
        ),
        ("la coupe c'est 20 euros, non pardon 22 euros", [("coupe", 22.0)]),
        ("coupe 20 euros enfin non 22, brushing 15 euros", [("coupe", 22.0), ("brushing", 15.0)]),
        # no correction: « non compris », a number of years
        (
            "coupe 20 €, non compris le shampoing, couleur 40 €",
            [("coupe", 20.0), ("couleur", 40.0)],
        ),
        ("coupe 20 euros, non 25 ans d'expérience", [("coupe", 20.0)]),
        # a bare amount taken back for the price after it, not the price before
        (
            "Le grand gîte c'est 950 euros la semaine, le petit c'est 550… non pardon, 590 euros.",
            [("grand gîte", 950.0), ("petit", 590.0)],
        ),
    ],
)
def test_a_price_corrected_at_once_is_the_new_one(
    text: str, expected: list[tuple[str, float]]
) -> None:
    found = [(s.name.lower(), s.price_eur) for s in extract_services(text)]
    assert found == expected
