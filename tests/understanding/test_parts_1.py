"""Shapes met in dev part 1 (December 2026, sixth session): « sf » before an abbreviated day,
a time corrected at the range's start, « je » fused to the verb in hours, a supplier or a
partner named after what it is, « et en » inside a name, « l'atelier c … », a coined name after
the owner's role, first names typed in lower case, a known misspelling of a trade, hesitations
inside a priced item, « un msg », validations typed in SMS."""

from __future__ import annotations

from datetime import time

import pytest

from allokoli.domain.profile import OpeningHours
from allokoli.understanding import apply_hours_correction, extract_facts
from allokoli.understanding.address import extract_service_area
from allokoli.understanding.detection import detect_sector
from allokoli.understanding.hours import parse_opening_hours
from allokoli.understanding.intents import Finish, detect_finish
from allokoli.understanding.money import extract_services
from allokoli.understanding.names import extract_company_name


def _week(hours: OpeningHours | None) -> dict[str, list[tuple[time, time]]]:
    assert hours is not None
    return {d.day.value: [(r.start, r.end) for r in d.ranges] for d in hours.days}


def test_sf_before_an_abbreviated_day_closes_it() -> None:
    week = _week(parse_opening_hours("tlj sf dim, 9h-19h"))
    assert week["dimanche"] == []
    assert week["samedi"] == [(time(9), time(19))]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # the words with the time say which end it corrects
        ("du lundi au vendredi de 8h à 18h… non, 8h30, on ouvre à 8h30", (time(8, 30), time(18))),
        ("lun-ven 8h-18h non 17h on ferme a 17h", (time(8), time(17))),
        # else the nearer end
        ("du lundi au vendredi de 8h à 18h, pardon 8h30", (time(8, 30), time(18))),
        ("du lundi au vendredi de 9h à 12h, enfin non 12h30", (time(9), time(12, 30))),
    ],
)
def test_a_time_corrected_within_a_range(text: str, expected: tuple[time, time]) -> None:
    assert _week(parse_opening_hours(text))["mardi"] == [expected]


def test_je_fused_to_the_verb_in_sms_hours() -> None:
    week = _week(
        parse_opening_hours("mar au sam 9h 19h, lun et dim fermé. ah non le mercredi jfini a 12h")
    )
    assert week["mercredi"] == [(time(9), time(12))]
    assert week["jeudi"] == [(time(9), time(19))]


@pytest.mark.parametrize(
    ("text", "name"),
    [
        (
            "Boulangerie-pâtisserie artisanale à Saint-Flour, Le Petit Fournil propose pains au "
            "levain et entremets. Nous travaillons exclusivement avec des farines Moulins "
            "Bourgeois.",
            "Le Petit Fournil",
        ),
        (
            "Je suis tapissière d'ameublement. Mon atelier ça s'appelle Fil et Crin, à Uzès. Je "
            "bosse aussi avec une décoratrice, euh, Maison Blanche Déco, qui m'envoie des "
            "clients.",
            "Fil et Crin",
        ),
        (
            "On a une épicerie vrac à Figeac. Le nom c'est euh... En Vrac et en Vers, voilà, "
            "c'est un jeu de mots.",
            "En Vrac et en Vers",
        ),
        (
            "retouches couture a fougeres, ourlets. l'atelier c fil d'or, c moi toute seule",
            "Fil d'Or",
        ),
        (
            "bonjour je suis samir gerant de loca'rapid, location de voiture et d'utilitaire",
            "Loca'rapid",
        ),
    ],
)
def test_the_business_among_other_names(text: str, name: str) -> None:
    assert extract_company_name(text) == name


@pytest.mark.parametrize(
    "text",
    [
        "je suis gérante de la boulangerie du centre, a lyon",
        "la boutique c'est ouvert du mardi au samedi",
        "le salon c moi et deux employées",
    ],
)
def test_no_name_in_ordinary_words(text: str) -> None:
    assert extract_company_name(text) is None


@pytest.mark.parametrize(
    ("text", "owner"),
    [
        (
            "Je veux que l'assistant prenne les rendez-vous. Je me nomme Thomas Girard.",
            "Thomas Girard",
        ),
        ("Madame Nathalie Berthier, pédicure-podologue à Tours.", "Nathalie Berthier"),
        ("bjr poissonnerie le chalut, 3 place du marche 56100 lorient. c kevin le patron", "Kevin"),
        ("bonjour, ludo de moto passion 86, garage moto et scooter", "Ludo"),
        ("wesh c nico, jai un barber shop", "Nico"),
        ("bonjour je suis samir gerant de loca'rapid", "Samir"),
        ("bonjour je suis franck de depanage auto riviere", "Franck"),
    ],
)
def test_the_owner_named_in_every_register(text: str, owner: str) -> None:
    assert extract_facts(text).owner_name == owner


@pytest.mark.parametrize(
    "text",
    ["je suis vendeuse de fleurs", "bonjour je suis coiffeuse de formation", "c bon, je valide"],
)
def test_no_owner_in_a_trade_or_a_validation(text: str) -> None:
    assert extract_facts(text).owner_name is None


def test_a_misspelling_the_web_knows_is_still_the_trade() -> None:
    detection = detect_sector(
        "Carosserie Peinture du Bocage a Vire, on répare tout type de véhicule"
    )
    assert detection.subtype == "carrosserie"


def test_a_word_of_the_language_is_not_a_misspelled_trade() -> None:
    # « messages » is no « massage », « restaurent » (a verb) no « restaurant »
    assert detect_sector("on prend vos messages").family != "beaute"


def test_a_hesitation_inside_a_priced_item() -> None:
    services = extract_services("Le démoussage, c'est, euh, à partir de 15 euros du mètre carré")
    assert [(s.name, s.price_eur) for s in services] == [("Démoussage", 15.0)]


@pytest.mark.parametrize(
    "text",
    [
        "jvoudrai que lassistant prenne les rdv et sinon un msg",
        "que l'assistant prenne les déclarations de sinistre sous forme de message détaillé",
    ],
)
def test_messages_in_other_words(text: str) -> None:
    assert "take_message" in [t.value for t in extract_facts(text).tasks]


@pytest.mark.parametrize(
    ("text", "finish"),
    [("ouai c bon", Finish.WEAK), ("c bon g valide", Finish.STRONG), ("g valide", Finish.STRONG)],
)
def test_validations_typed_in_sms(text: str, finish: Finish) -> None:
    assert detect_finish(text) is finish


def test_a_long_answer_to_the_zone_question_is_not_the_zone() -> None:
    text = (
        "On fait de l'ardoise surtout, hein, on est en Bretagne, du zinc, des gouttières, du "
        "démoussage, et les fuites après les tempêtes, ça, l'hiver, c'est la folie."
    )
    assert extract_service_area(text, expecting=True) is None
    assert extract_service_area("Lyon, Villeurbanne et Bron", expecting=True)


@pytest.mark.parametrize(
    ("text", "family", "subtype"),
    [
        # a trade said, then taken back at once
        (
            "Je suis opticienne... non pardon, je suis audioprothésiste. Mon centre s'appelle "
            "Audition Plus Menton : bilans auditifs gratuits, appareillage et réglages.",
            "sante",
            "sante_generique",
        ),
        (
            "On est un syndic... non, pardon, on est une agence immobilière, transaction et "
            "location. Agence du Parc, à Vannes.",
            "immobilier",
            "agence_immobiliere",
        ),
        # a place taken back leaves the trade before it
        (
            "Restaurant gastronomique La Table d'Hélène à Deauville, pardon, à Honfleur. Menu "
            "dégustation en sept plats.",
            "restauration",
            "restaurant_gastronomique",
        ),
    ],
)
def test_a_trade_taken_back(text: str, family: str, subtype: str) -> None:
    detection = detect_sector(text)
    assert (detection.family, detection.subtype) == (family, subtype)


def test_a_trade_the_fallback_lists_counts_like_any_other() -> None:
    # « toilettage » is a trade of the services family: it outweighs the animals it cares for
    detection = detect_sector(
        "Un salon de toilettage pour chiens et chats, ça s'appelle Poils et Moustaches. Bain, "
        "coupe, griffes. Si l'animal est malade faut aller voir le vétérinaire."
    )
    assert detection.family == "services"


@pytest.mark.parametrize(
    "text",
    [
        "Marechal-ferant itinérant, je me déplace autour de Mende. Ferrure, parage, chevaux de "
        "loisir et de course.",
        "Cabinet infirmier libéral, soins a domicile et au cabinet, prise de sang, toilettes. "
        "Tournés sur Gap et alentour.",
        "Cabinet de pédicurie-podologie à Foix. Semelles orthopédiques, soins des pieds.",
    ],
)
def test_a_word_of_the_language_opening_a_sentence_is_no_name(text: str) -> None:
    assert extract_company_name(text) is None


def test_a_word_of_the_language_right_after_the_trade_is_its_name() -> None:
    text = "Alors c'est pour une moto-école, Trajectoire, à Pontoise. On fait permis A2."
    assert extract_company_name(text) == "Trajectoire"


@pytest.mark.parametrize(
    "text",
    [
        "Storiste a Perpignan : stores bannes. Revendeur Somfy et Franciaflex. Dépannage en 48h.",
        "bjr on fait derat desinsectisation sur toulouse. certifié Certibiocide. urgence nid de "
        "frelons asiatiques = on passe dans la journée.",
        "Centre de bronzage à Valenciennes. On utilise des cabines Ergoline, on a des forfaits.",
    ],
)
def test_a_brand_sold_or_used_or_a_certification_is_no_name(text: str) -> None:
    assert extract_company_name(text) is None


def test_a_signature_leaves_the_first_name_out() -> None:
    text = "bjr, nettoyage vitres autour de la baule. devis gratuit. Kevin - allo vitres 44"
    assert extract_company_name(text) == "allo vitres 44"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Les prix : lavage extérieur 20€, intérieur 25€, et le full detailing 120€, qui prend "
            "genre 3 heures.",
            ("Full detailing", 120.0, 180),
        ),
        (
            "un réglage complet de guitare c'est 60 euros, ça me prend à peu près une heure et "
            "demie, un changement de cordes 20 euros",
            ("Réglage complet de guitare", 60.0, 90),
        ),
        (
            "un bilan podologique à 45 euros d'une durée de 45 minutes, ainsi que des semelles "
            "orthopédiques à partir de 150 euros",
            ("Bilan podologique", 45.0, 45),
        ),
        (
            "tarifs : coupe 20 balles / barbe 15 / combo coupe+barbe 30. la coupe c 30 min, le "
            "combo 45min",
            ("Combo coupe et barbe", 30.0, 45),
        ),
    ],
)
def test_a_length_said_after_its_item(text: str, expected: tuple[str, float, int]) -> None:
    services = {s.name: (s.name, s.price_eur, s.duration_minutes) for s in extract_services(text)}
    assert services[expected[0]] == expected
    assert not any(name.lower().startswith(("qui ", "ça ", "ainsi")) for name in services)


def test_a_partner_that_sends_clients_is_no_name() -> None:
    text = "écrivain public à Orléans, j'aide pour les courriers, Retraite Plus m'envoie des gens."
    assert extract_company_name(text) is None


@pytest.mark.parametrize(
    ("text", "street"),
    [
        (
            "Les Écuries du Val, au 14 chemin des Prés, 71100 Chalon-sur-Saône.",
            "14 chemin des Prés",
        ),
        (
            "Notre atelier se trouve au 27 allées Jean Jaurès, 31000 Toulouse.",
            "27 allées Jean Jaurès",
        ),
        ("au 3 rue Nationale près de la gare, à Tours", "3 rue Nationale"),
    ],
)
def test_streets_named_like_words(text: str, street: str) -> None:
    address = extract_facts(text).address
    assert address is not None and address.street == street


@pytest.mark.parametrize(
    ("text", "sunday"),
    [
        ("dispo du lundi au samedi 8h 19h, pas le dimanche", []),
        ("du lundi au dimanche 9h-19h, fermé le lundi, pas le dimanche", [(time(9), time(19))]),
    ],
)
def test_not_that_day_after_hours_or_after_a_day_closed(
    text: str, sunday: list[tuple[time, time]]
) -> None:
    assert _week(parse_opening_hours(text))["dimanche"] == sunday


@pytest.mark.parametrize(
    "text",
    [
        "mardi et jeudi 10h-17h, fermé les autres jours",
        "Je reçois le mardi et le jeudi de 10h à 17h. Les autres jours c'est fermé.",
        "mardi et jeudi 10h-17h. Sinon c'est fermé",
    ],
)
def test_the_other_days_closed(text: str) -> None:
    week = _week(parse_opening_hours(text))
    assert week["lundi"] == week["vendredi"] == week["dimanche"] == []
    assert week["mardi"] == [(time(10), time(17))]


def test_sinon_before_a_day_of_its_own_closes_nothing_else() -> None:
    week = _week(parse_opening_hours("du lundi au vendredi 9h-18h, sinon le samedi on ferme à 12h"))
    assert "dimanche" not in week


def test_a_first_name_set_off_after_a_greeting_in_sms() -> None:
    facts = extract_facts(
        "coucou! jess, coiffeuse a domicile sur dijon. mon nom pro cest Jess Coiffure"
    )
    assert facts.owner_name == "Jess"
    assert facts.company_name == "Jess Coiffure"


@pytest.mark.parametrize(
    ("text", "name"),
    [
        (
            "on est dépanneurs remorqueurs sur Chartres, la société c'est DSR Dépannage Services "
            "Rapides, on est agréés par les assurances genre Mondial Assistance Europ Assistance",
            "DSR Dépannage Services Rapides",
        ),
        (
            "Je suis tapissière d'ameublement à Arles, l'atelier s'appelle Comme un Fauteuil. Je "
            "fais de la réfection de sièges.",
            "Comme un Fauteuil",
        ),
    ],
)
def test_names_beside_an_approver_or_with_an_article_inside(text: str, name: str) -> None:
    assert extract_company_name(text) == name


@pytest.mark.parametrize(
    "text",
    [
        "Je suis orthoptiste à Chambéry, je travaille en coopération avec le cabinet "
        "d'ophtalmologie du docteur Benhamou, au deuxième étage.",
        "Je suis tatoueuse à Caen, j'ai fait des guests un peu partout en Europe, Berlin, "
        "Barcelone, et là j'ai ouvert mon salon privé.",
        "Boucherie à Aurillac, notre viande de Salers vient directement d'un éleveur, le GAEC "
        "Delmas.",
    ],
)
def test_a_partner_a_place_abroad_or_a_supplier_is_no_name(text: str) -> None:
    assert extract_company_name(text) is None


def test_a_rare_trade_is_not_corrected_into_another_two_edits_away() -> None:
    # the pipeline's pruned vectors give « orthésiste » the row of « prothésiste »
    assert detect_sector("Orthésiste à Lille, sur ordonnance").label == "Orthésiste"


def test_the_week_end_typed_we() -> None:
    week = _week(parse_opening_hours("dispo lun-ven 7h-21h, we 8h-20h"))
    assert week["samedi"] == week["dimanche"] == [(time(8), time(20))]
    assert _week(parse_opening_hours("lun-ven 9h-18h, le we fermé"))["dimanche"] == []


def test_nobody_received_is_closed() -> None:
    week = _week(parse_opening_hours("Le week-end, je ne reçois personne."))
    assert week["samedi"] == week["dimanche"] == []


def test_the_hours_taken_back_after_the_right_ones() -> None:
    hours = parse_opening_hours("du mardi au vendredi 10h-19h, et le samedi de 10h à 13h.")
    assert hours is not None
    corrected = apply_hours_correction(
        hours, "Pardon, le samedi c'est de 9h à 12h, pas de 10h à 13h."
    )
    assert _week(corrected)["samedi"] == [(time(9), time(12))]
    assert _week(corrected)["mardi"] == [(time(10), time(19))]


def test_the_agent_of_a_trade_is_read_as_its_work() -> None:
    # « remorqueur » is no catalogue word; « remorquage » is
    detection = detect_sector("on est dépanneurs remorqueurs sur Chartres et environs")
    assert detection.family == "automobile"


def test_not_that_day_after_a_restriction_keeps_its_other_hours() -> None:
    hours = parse_opening_hours("le matin de 8h à 12h30, du mardi au dimanche. Fermé le lundi.")
    assert hours is not None
    corrected = apply_hours_correction(
        hours,
        "l'après-midi on rouvre de 16h à 19h, mais seulement du mardi au samedi, pas le dimanche.",
    )
    assert _week(corrected)["dimanche"] == [(time(8), time(12, 30))]
    assert _week(corrected)["samedi"] == [(time(8), time(12, 30)), (time(16), time(19))]


def test_the_shop_next_door_is_no_name() -> None:
    text = (
        "Je suis audioprothésiste à Agen, l'optique c'est le magasin d'à côté avec qui on "
        "partage l'accueil."
    )
    assert extract_company_name(text) is None
    assert extract_company_name("Boutique de prêt-à-porter Les Filles d'à Côté, à La Rochelle.")
