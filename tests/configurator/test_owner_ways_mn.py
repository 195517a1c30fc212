"""Shapes met in dev parts m and n, read by general mechanisms: overseas numbers dialled the
French way, a value taken back and said again in the same breath, a zone that grows when the
owner names more communes, and an item whose length is said without a price."""

from __future__ import annotations

import pytest

from allokoli.configurator import turn
from allokoli.domain.profile import normalize_french_phone
from allokoli.understanding.money import extract_services
from allokoli.understanding.phones import find_phones, find_unknown_numbers
from allokoli.understanding.speech import normalise_speech
from tests.configurator.simulate import talk

TAXI = (
    "Bonjour, je suis Jean-Pierre Lacoste, taxi conventionné à Pau. L'entreprise s'appelle "
    "Taxi Lacoste Béarn."
)


@pytest.mark.parametrize(
    ("raw", "e164"),
    [
        ("0690 55 21 84", "+590690552184"),  # Guadeloupe
        ("06 96 11 22 33", "+596696112233"),  # Martinique
        ("0594 12 34 56", "+594594123456"),  # Guyane
        ("0262 12 34 56", "+262262123456"),  # La Réunion
        ("0693 14 52 87", "+262693145287"),  # La Réunion, a block the library does not list
        ("+33 6 90 55 21 84", "+33690552184"),  # written with +33, kept as written
        ("06 12 34 56 78", "+33612345678"),
    ],
)
def test_an_overseas_number_dialled_the_french_way_gets_its_own_country_code(
    raw: str, e164: str
) -> None:
    assert normalize_french_phone(raw) == e164


def test_overseas_numbers_are_found_in_a_sentence() -> None:
    said = "au zéro six neuf deux, quarante et un, vingt-huit, soixante-dix"
    assert [m.e164 for m in find_phones(said)] == ["+262692412870"]
    # a complete number in a block no plan lists yet is read back, in its department's code
    assert find_unknown_numbers("mon portable pro, le 0693 14 52 87") == ["+262693145287"]
    # ARCEP's fiction range stays French
    assert find_unknown_numbers("06 39 98 12 55") == ["+33639981255"]


@pytest.mark.parametrize(
    ("said", "meant"),
    [
        (
            "Coupe 32 €, couleur 45 €... non, 48 €, on a augmenté en janvier.",
            "Coupe 32 €, couleur 48 €, on a augmenté en janvier.",
        ),
        (
            "Menu du jour à 16 €, non, 16,50 € depuis ce mois-ci.",
            "Menu du jour à 16,50 € depuis ce mois-ci.",
        ),
        ("au 06 12 87 45 39, non pardon, 06 12 87 45 93.", "au 06 12 87 45 93."),
        (
            "à Bergerac et Lalinde... non, pas Lalinde, Eymet plutôt.",
            "à Bergerac et Eymet.",
        ),
        ("de 9h, non, 10h à 18h", "de 10h à 18h"),
        # nothing taken back: unchanged
        ("coupe 20 €, non-stop de 9h à 19h", "coupe 20 €, non-stop de 9h à 19h"),
    ],
)
def test_a_value_taken_back_in_the_same_breath_gives_way_to_the_one_said_after(
    said: str, meant: str
) -> None:
    assert normalise_speech(said) == meant


def test_the_corrected_number_is_the_transfer_number() -> None:
    _reply, s = talk(
        TAXI,
        "Pour les clients pressés, il peut me passer l'appel sur mon portable : "
        "06 12 87 45 39, non pardon, 06 12 87 45 93.",
    )
    assert s.profile["transfer_number"] == "+33612874593"


def test_the_zone_grows_with_the_communes_said_later() -> None:
    _reply, s = talk(
        TAXI,
        "Je fais les gares et les transports médicaux vers Bordeaux et Toulouse.",
        "Pour les courses locales, je couvre Pau, Lescar, Billère, Lons et Jurançon.",
    )
    area = s.profile["service_area"]
    for town in ("Bordeaux", "Toulouse", "Lescar", "Billère", "Jurançon"):
        assert town in area
    # the same communes said again add nothing
    _reply, again = turn(s, "Je couvre Lescar et Billère, comme je disais.")
    assert again.profile["service_area"] == area


@pytest.mark.parametrize(
    ("said", "name", "minutes"),
    [
        ("Une séance dure trente minutes. Merci de vouvoyer les patients.", "Séance", 30),
        ("Une partie dure une heure, mais il faut arriver un quart d'heure avant.", "Partie", 60),
    ],
)
def test_an_item_whose_length_is_said_is_a_service(said: str, name: str, minutes: int) -> None:
    services = extract_services(said)
    assert [(sv.name, sv.price_eur, sv.duration_minutes) for sv in services] == [
        (name, None, minutes)
    ]


def test_a_length_said_in_passing_is_noted_with_the_service() -> None:
    _reply, s = talk(
        "Bonjour, je suis Antoine Lefèvre, kinésithérapeute au Cabinet de la Citadelle, "
        "3 rue Vauban à Belfort.",
        "Une séance dure trente minutes. Merci de vouvoyer les patients.",
    )
    assert [(sv["name"], sv.get("duration_minutes")) for sv in s.profile["services"]] == [
        ("Séance", 30)
    ]


def test_a_break_is_no_service() -> None:
    assert extract_services("la pause dure une heure") == []


def test_an_apology_after_a_name_repairs_nothing() -> None:
    said = "La Meule de Savoie, enfin La Meule Savoyarde, pardon, je mélange avec l'ancien nom."
    assert "Savoyarde, pardon, je mélange" in normalise_speech(said)
    _reply, s = talk("Bonjour, fromagerie à Annecy, " + said)
    assert s.profile["company_name"] == "La Meule Savoyarde"
    assert s.profile["address"]["city"] == "Annecy"


def test_a_first_message_that_repairs_a_word_is_read_for_every_fact() -> None:
    _reply, s = talk(
        "Bonjour, c'est pour mon salon de coiffure à Lons-le-Saunier, Coiff'Émilie... non "
        "attendez, on a changé le nom l'an dernier, c'est L'Atelier d'Émilie maintenant."
    )
    assert s.profile["company_name"] == "L'Atelier d'Émilie"
    assert s.profile["address"]["city"] == "Lons-le-Saunier"
    assert s.sector is not None and s.sector.subtype == "coiffeur"


@pytest.mark.parametrize(
    ("said", "saturday"),
    [
        ("Ah et le samedi c'est 8h30 pas 8h, j'ai oublié.", [("08:30", "12:00")]),
        ("le samedi on ferme à 11h et non à 12h", [("08:00", "11:00")]),
    ],
)
def test_a_time_said_in_place_of_another_moves_that_bound_only(
    said: str, saturday: list[tuple[str, str]]
) -> None:
    _reply, s = talk(
        "Bonjour, garage Lemaire a Vierzon, mecanique toute marque. Je suis Pascal le gerant.",
        "Ouvert du lundi au vendredi 8h 12h et 13h30 18h, le samedi 8h 12h. dimanche fermé.",
        said,
    )
    days = {d["day"]: d["ranges"] for d in s.profile["opening_hours"]["days"]}
    assert [(r["start"][:5], r["end"][:5]) for r in days["samedi"]] == saturday
    assert [(r["start"][:5], r["end"][:5]) for r in days["lundi"]] == [
        ("08:00", "12:00"),
        ("13:30", "18:00"),
    ]


@pytest.mark.parametrize(
    ("said", "owner"),
    [
        ("jsuis Lucas. mon 06 22 18 49 77 si grosse galere", "Lucas"),
        ("Oui alors bonjour, c'est Karim, de Propreté Services 59, on est à Maubeuge", "Karim"),
        ("Bonjour, c'est Marco de la pizzeria Il Forno, à Montélimar.", "Marco"),
        ("salut c Gwen de la creperie Ar Men a Douarnenez", "Gwen"),
        ("Hello, c'est Kevin de Move It Déménagement, on est à Villeneuve-d'Ascq", "Kevin"),
        ("Hello ! Léa, photographe freelance à Nantes, mon studio c'est Léa Shots.", "Léa"),
        ("Bonjour, Menuiserie Gauthier, à Sens, 28 rue Victor Guichard. Alain Gauthier.", None),
        ("Moi c'est Fred. Frédéric Dunand. Et on tutoie pas hein.", "Frédéric Dunand"),
        ("Je m'appelle Ronan. Ronan Lebreton. Et une voix d'homme.", "Ronan Lebreton"),
        ("je suis le docteur Payet, Marie Payet.", "Marie Payet"),
        ("Mon nom, c'est Christophe Valentin. Ton chaleureux.", "Christophe Valentin"),
        ("mon nom c Thierry", "Thierry"),
        ("Bonjour, je me présente : Olivier Chevalier, gérant de la société Info Lozère.", None),
        ("Bonjour, société Alsa'Net a Strasbourg, je suis le gérant Mehdi Haddad.", None),
        ("Je m'appelle Rosa, je suis couturière. L'atelier c'est Atelier Rosa Couture.", "Rosa"),
        # no person: a business after « c'est »
        ("Bonjour, c'est Pizza Roma de la place", ""),
        ("Bonjour, c'est Chez Marco de Lyon", ""),
    ],
)
def test_the_owner_introduces_themself(said: str, owner: str | None) -> None:
    from allokoli.understanding.owner import extract_owner_name

    found = extract_owner_name(said)
    if owner is None:  # the full name the message ends on, or after its cue
        assert found is not None and len(found.split()) == 2
    else:
        assert found == (owner or None)


def test_an_introduction_while_a_free_text_question_is_pending_keeps_both() -> None:
    _reply, s = talk(
        "Bonjour, Traiteur Les Saveurs Gardoises, à Nîmes.",
        "Moi c'est Karine Fabre. On fait mariages, buffets d'entreprise, plateaux-repas livrés.",
    )
    assert s.profile["owner_name"] == "Karine Fabre"
    assert s.profile["faq"][0]["answer"] == (
        "On fait mariages, buffets d'entreprise, plateaux-repas livrés."
    )


FOOD_TRUCK = "hello food truck La Roulotte Gourmande, burgers maison, on tourne sur Albi et autour"


def test_missions_said_to_the_assistant_while_another_question_is_pending_are_kept() -> None:
    _reply, s = talk(
        FOOD_TRUCK,
        "faut prendre les commandes a emporter. les privatisations tu prends un msg",
    )
    assert {"take_order", "take_message"} <= set(s.profile["tasks"])


def test_missions_said_early_stay_when_the_tasks_question_is_answered() -> None:
    _reply, s = talk(
        "Hi ! Je suis Thomas Nguyen, founder de Scaleup Advisory. On fait du conseil en growth "
        "pour des startups B2B.",
        "Ce qu'on veut : qualifier les leads inbound et booker un discovery call avec moi.",
    )
    assert {"qualify_quote", "book_appointment"} <= set(s.profile["tasks"])
    s.pending, s.pending_kind = "tasks", "question"  # the tasks question, asked now
    _reply, s = turn(s, "Pour les calls urgents, transfert direct sur mon mobile : 07 45 62 18 93.")
    assert {"qualify_quote", "book_appointment", "transfer_urgent"} <= set(s.profile["tasks"])


def test_a_town_of_a_listed_zone_is_no_company_name() -> None:
    _reply, s = talk(
        "yo jai un food truck tacos mexicains, El Camión Loco, basé a montpellier",
        "je suis a montpellier, castelnau, lattes, perols et grabels selon les jours",
    )
    assert s.profile["company_name"] == "El Camión Loco"
    assert "castelnau" in s.profile["service_area"]


def test_a_number_for_when_things_go_wrong_is_the_transfer_number() -> None:
    _reply, s = talk(
        FOOD_TRUCK,
        "jsuis Lucas. mon 06 22 18 49 77 si grosse galere",
    )
    assert s.profile["owner_name"] == "Lucas"
    assert s.profile["transfer_number"] == "+33622184977"


def test_an_sms_approval_of_the_recap_names_nothing() -> None:
    from allokoli.understanding.names import extract_company_name

    assert extract_company_name("c tout bon") is None
    assert extract_company_name("Pizzeria Bella, c tout bon") == "Pizzeria Bella"


@pytest.mark.parametrize(
    ("said", "services"),
    [
        (
            "Première consultation : une heure, cinquante-cinq euros. Consultation de suivi : "
            "trente minutes, trente-cinq euros.",
            [("Première consultation", 55.0, 60), ("Consultation de suivi", 35.0, 30)],
        ),
        (
            "Je souhaite que l'assistant propose des rendez-vous — soin de pédicurie, 30 "
            "minutes, 35 euros ; semelles orthopédiques, 45 minutes, 150 euros — et qu'il "
            "prenne les messages pour toute autre demande.",
            [("Soin de pédicurie", 35.0, 30), ("Semelles orthopédiques", 150.0, 45)],
        ),
        (
            "le colombo de poulet à 12 €, le court-bouillon de poisson à 15 €, les accras par "
            "douze à 6 €.",
            [
                ("Colombo de poulet", 12.0, None),
                ("Court-bouillon de poisson", 15.0, None),
                ("Accras par douze", 6.0, None),
            ],
        ),
        # an elliptic item still takes the head of the one before, and a dash inside an item
        # cuts nothing
        (
            "coupe homme 20 €, femme 30 €",
            [("Coupe homme", 20.0, None), ("Coupe femme", 30.0, None)],
        ),
        ("coupe homme - barbe 25 €", [("Coupe homme - barbe", 25.0, None)]),
    ],
)
def test_an_item_its_length_and_its_price_said_one_after_the_other(
    said: str, services: list[tuple[str, float | None, int | None]]
) -> None:
    found = extract_services(said)
    assert [(sv.name, sv.price_eur, sv.duration_minutes) for sv in found] == services


def test_where_clients_come_in_the_street_is_asked_with_the_hours() -> None:
    reply, s = talk(
        "Oui bonjour, moi c'est Nadia, j'ai un salon de coiffure à Dreux, ça s'appelle "
        "L'Instant Coiffure.",
        "Coupe femme trente-cinq euros, coupe homme dix-huit euros.",
    )
    assert reply.asked == "opening_hours" and "address" in reply.also_asked
    assert "adresse exacte du salon" in reply.text
    reply, s = turn(s, "Du mardi au samedi 9h-19h. Au 12 rue Parisis, 28100 Dreux.")
    assert s.profile["address"]["street"] == "12 rue Parisis"
    assert s.profile["opening_hours"]["days"]
    # the street left out is not asked again on its own
    _reply, other = talk(
        "Oui bonjour, moi c'est Nadia, j'ai un salon de coiffure à Dreux, ça s'appelle "
        "L'Instant Coiffure.",
        "Coupe femme trente-cinq euros, coupe homme dix-huit euros.",
        "Du mardi au samedi 9h-19h.",
    )
    assert other.pending != "address"
    assert "address" in other.asked


def test_the_town_the_owner_is_settled_in_is_the_city_and_the_list_goes_on() -> None:
    from allokoli.understanding.address import extract_address, extract_service_area

    said = (
        "je suis diagnostiqueur immobilier et je couvre tout le nord de l'Isère, "
        "Bourgoin-Jallieu où je suis installé, L'Isle-d'Abeau, Villefontaine, La Tour-du-Pin, "
        "et parfois jusqu'à Vienne quand il y a du volume."
    )
    address = extract_address(said)
    assert address is not None and address.city == "Bourgoin-Jallieu"
    area = extract_service_area(said)
    assert area is not None and "La Tour-du-Pin" in area and "Vienne" in area


def test_a_validation_with_thanks_finishes() -> None:
    from allokoli.understanding.intents import detect_finish

    assert detect_finish("Le récapitulatif est exact, je vous en remercie.") is not None
    assert detect_finish("je vous remercie de corriger le nom") is None


def test_a_number_taken_back_with_words_on_why_gives_way_to_the_next() -> None:
    said = (
        "les pannes vous me les passez au 03 89 41 22 33… ah non, ça c'est le bureau, mettez "
        "le portable : 06 07 18 29 40."
    )
    assert normalise_speech(said) == "les pannes vous me les passez au 06 07 18 29 40."
    kept = "le 03 89 41 22 33 non surtaxé, ou le 06 07 18 29 40"
    assert normalise_speech(kept) == kept


def test_a_role_is_no_trade_and_a_view_is_no_zone() -> None:
    from allokoli.understanding.address import extract_service_area
    from allokoli.understanding.detection import detect_sector

    said = (
        "Bonjour, c'est l'Hôtel de la Plage, à Quiberon, 9 boulevard Chanard, trente-deux "
        "chambres, vue mer. Moi c'est Nicolas, je suis le directeur."
    )
    assert detect_sector(said).subtype == "hotel"
    assert extract_service_area(said) is None


def test_a_street_already_said_is_not_asked_with_the_hours() -> None:
    reply, _s = talk(
        "Bonjour, moi c'est Fatima, je tiens l'épicerie Au Panier Malin à Villeneuve-sur-Lot, "
        "au 20 rue de Paris."
    )
    assert "adresse exacte" not in reply.text
