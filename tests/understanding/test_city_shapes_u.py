"""Where the business is, said the ways owners say it: a postcode alone, the town taken back
after a full stop or « pas vraiment », a village « près de » a big town, an overseas town with
its island."""

from __future__ import annotations

import pytest

from allokoli.understanding.address import extract_address
from allokoli.understanding.places import commune_of_postcode


def _days(text: str) -> dict[str, str]:
    """Each day the text gives hours for, as « HH:MM-HH:MM » ranges (empty: closed)."""
    from allokoli.understanding.extract import extract_facts

    hours = extract_facts(text).opening_hours
    assert hours is not None
    return {
        d.day.value: " ".join(f"{r.start:%H:%M}-{r.end:%H:%M}" for r in d.ranges)
        for d in hours.days
    }


@pytest.mark.parametrize(
    ("text", "city"),
    [
        ("Salon Beauté Divine, l'adresse c'est 12 rue Victor Hugo, 69002", "Lyon"),
        ("Pharmacie de la Gare, 3 place de la Gare, 21000", "Dijon"),
        ("Boulangerie Martin, on est à Pau. Pardon, on est à Lescar, pas Pau.", "Lescar"),
        ("Garage Dupont, à Montpellier. Enfin pas vraiment, on est à Lattes.", "Lattes"),
        ("Coiffure Léa, à Nancy, enfin à Vandœuvre, c'est collé.", "Vandœuvre-lès-Nancy"),
        ("Fleuriste Les Pétales, on est à Chaponost près de Lyon.", "Chaponost"),
        ("Garage du Centre, on est à Villeurbanne, juste à côté de Lyon.", "Villeurbanne"),
        ("Garage Auto Plus à Baie-Mahault en Guadeloupe", "Baie-Mahault"),
    ],
)
def test_where_the_business_is(text: str, city: str) -> None:
    address = extract_address(text)
    assert address is not None and address.city == city


def test_the_commune_of_a_postcode() -> None:
    paris, marseille = commune_of_postcode("75011"), commune_of_postcode("13016")
    assert paris is not None and paris.name == "Paris"
    assert marseille is not None and marseille.name == "Marseille"
    # a postcode shared by communes of alike size stands for none of them
    assert commune_of_postcode("00000") is None


@pytest.mark.parametrize(
    ("text", "days"),
    [
        (
            "Ouverture 8h, fermeture 19h30, tous les jours sauf dimanche.",
            {"lundi": "08:00-19:30", "samedi": "08:00-19:30", "dimanche": ""},
        ),
        (
            "lun-ven 9h-19h sauf vendredi 18h",
            {"lundi": "09:00-19:00", "vendredi": "09:00-18:00"},
        ),
        (
            "du lundi au vendredi 9h-19h sauf le vendredi jusqu'à 18h",
            {"jeudi": "09:00-19:00", "vendredi": "09:00-18:00"},
        ),
        # an exclusion, then the group's hours
        (
            "du lundi au samedi sauf le mercredi, de 9h à 18h",
            {"mardi": "09:00-18:00", "mercredi": "", "samedi": "09:00-18:00"},
        ),
        ("fermeture le lundi", {"lundi": ""}),
    ],
)
def test_hours_with_nouns_and_exceptions(text: str, days: dict[str, str]) -> None:
    got = _days(text)
    for day, want in days.items():
        assert got.get(day) == want, (day, got)


@pytest.mark.parametrize(
    ("text", "city", "postcode"),
    [
        # every postcode of a town (the gazetteer keeps them all)
        ("On est dans le quartier des Chartrons, rue Notre-Dame, 33300.", "Bordeaux", "33300"),
        ("8 chemin de la flambère 31300", "Toulouse", "31300"),
        # a bare number that is the town's postcode
        ("situé au Gosier, en Guadeloupe, 97190.", "Le Gosier", "97190"),
        ("à Cesson-Sévigné, c'est à côté de Rennes, à l'est, 35510.", "Cesson-Sévigné", "35510"),
        # the postcode says which town a short name means when a village bears it too
        ("Je suis à Aix, juste à côté de la Rotonde, 13100.", "Aix-en-Provence", "13100"),
        ("à La Baule, 44500", "La Baule", "44500"),  # the owner's name for it stays
        # a town taken back after an ellipsis and « pas X même »
        (
            "on est à Mulhouse... enfin pas Mulhouse même, à Wittenheim, juste au nord, 68270.",
            "Wittenheim",
            "68270",
        ),
        # a quantity is no postcode
        ("on est à Lyon, 15000 clients par an", "Lyon", None),
    ],
)
def test_the_postcode_and_its_town(text: str, city: str, postcode: str | None) -> None:
    address = extract_address(text)
    assert address is not None
    assert (address.city, address.postal_code) == (city, postcode)


@pytest.mark.parametrize(
    ("text", "street"),
    [
        ("45 av du prado 13008 marseille", "45 avenue du prado"),
        ("2 bd Victor Hugo, 13001 Marseille", "2 boulevard Victor Hugo"),
        ("3 pl. de la Gare 21000 Dijon", "3 place de la Gare"),
        ("12 rue Pasteur, Lyon", "12 rue Pasteur"),
    ],
)
def test_a_short_street_type_is_spelt_out(text: str, street: str) -> None:
    address = extract_address(text)
    assert address is not None and address.street == street


def test_you_may_save_is_no_recording() -> None:
    from allokoli.understanding.intents import Finish, detect_finish
    from allokoli.understanding.transfer import extract_recording_consent

    said = "Oui, c'est bien ça, parfait, vous pouvez enregistrer."
    assert extract_recording_consent(said) is None
    assert detect_finish(said) is Finish.STRONG
    assert extract_recording_consent("vous pouvez enregistrer les appels") is True


@pytest.mark.parametrize(
    ("text", "city"),
    [
        (
            "Non pardon, je dis toujours Saint-Étienne parce que c'est plus connu, mais on est à "
            "Saint-Chamond, à vingt minutes, 42400, rue de la Libération.",
            "Saint-Chamond",
        ),
        (
            "Diag Occitanie Expertise, on est juste à côté de Toulouse, à Blagnac, près de "
            "l'aéroport.",
            "Blagnac",
        ),
        ("adresse 22 rue Frébault 97110 Pointe a Pitre", "Pointe-à-Pitre"),
        ("je suis près de Lyon", "Lyon"),  # the big town alone is still the place
    ],
)
def test_of_two_towns_the_business_s(text: str, city: str) -> None:
    address = extract_address(text)
    assert address is not None and address.city == city


def test_a_price_taken_back_keeps_its_unit_and_a_new_sentence_its_own_name() -> None:
    from allokoli.understanding.money import extract_services
    from allokoli.understanding.speech import normalise_speech

    said = normalise_speech(
        "Tarifs : montage équilibrage 15 € par pneu... non, 18 €. Parallélisme 70 €, 45 minutes."
    )
    items = [(s.name, s.price_eur, s.duration_minutes) for s in extract_services(said)]
    assert items == [("Montage équilibrage", 18.0, None), ("Parallélisme", 70.0, 45)]
    # within one sentence, an item left short takes the words of the one before
    short = [(s.name, s.price_eur) for s in extract_services("coupe femme 30 €, homme 20 €")]
    assert short == [("Coupe femme", 30.0), ("Coupe homme", 20.0)]


def test_a_town_corrected_in_a_message_about_something_else() -> None:
    from tests.configurator.simulate import talk

    _reply, s = talk(
        "Bonjour, L'Atelier de Léa, salon de coiffure, je suis Léa Morin. On est à "
        "Saint-Herblain, près de Nantes.",
        "Ah non pardon, on est à Orvault ! Saint-Herblain c'était le deuxième salon, qu'on a "
        "fermé l'an dernier. Donc Orvault, 44700, route de Vannes.",
    )
    assert s.profile["address"]["city"] == "Orvault"
    assert s.profile["address"]["postal_code"] == "44700"


@pytest.mark.parametrize(
    ("text", "days"),
    [
        (
            "du mardi au vendredi on ouvre à 10h et on ferme à 18h, et le samedi et le dimanche "
            "on ouvre plus tôt, 9h, pour le brunch, jusqu'à 18h aussi.",
            {"mardi": "10:00-18:00", "samedi": "09:00-18:00", "dimanche": "09:00-18:00"},
        ),
        (
            "du lundi au vendredi de 9h à 19h, et le samedi matin de 9h à 13h. Ah non, le "
            "samedi c'est fini, on ne travaille plus le samedi.",
            {"vendredi": "09:00-19:00", "samedi": ""},
        ),
        ("on ne travaille plus le samedi", {"samedi": ""}),
    ],
)
def test_hours_said_in_passing(text: str, days: dict[str, str]) -> None:
    got = _days(text)
    for day, want in days.items():
        assert got.get(day) == want, (day, got)


@pytest.mark.parametrize(
    ("text", "item", "note"),
    [
        (
            "Le déplacement c'est quarante-cinq euros, et le remplacement d'un chauffe-eau, "
            "c'est sur devis.",
            "Remplacement d'un chauffe-eau",
            "sur devis",
        ),
        ("depannage 60€, mise aux normes sur devi, borne 1200€", "Mise aux normes", "sur devis"),
        ("Pricing : diagnostic free, remote support 40€ la demi-heure.", "Diagnostic", "gratuit"),
    ],
)
def test_an_item_on_quote_or_free(text: str, item: str, note: str) -> None:
    from allokoli.understanding.money import extract_services

    found = {s.name: s.price_note for s in extract_services(text)}
    assert found.get(item) == note, found


@pytest.mark.parametrize(
    "text",
    [
        "je voudrai que l'asistant prenne les rdv et prenne un messsage pour les autre demandes",
        "L'assistant doit booker les rendez-vous et take messages pour le reste.",
    ],
)
def test_a_message_typed_oddly_is_a_message_task(text: str) -> None:
    from allokoli.domain.profile import Task
    from allokoli.understanding.tasks import extract_tasks

    assert extract_tasks(text) == [Task.BOOK_APPOINTMENT, Task.TAKE_MESSAGE]
    assert Task.TAKE_MESSAGE in extract_tasks("il prend les msgs")


@pytest.mark.parametrize(
    ("text", "day", "hours"),
    [
        (
            "du lundi au samedi de 11h à 23h30, sauf le vendredi et le samedi où on ferme à 1h "
            "du matin",
            "vendredi",
            "11:00-01:00",
        ),
        ("lundi-vendredi 9h-19h, le vendredi on ferme à 6", "vendredi", "09:00-18:00"),
        ("du mardi au samedi 17h-minuit, le samedi on ferme à 2h", "samedi", "17:00-02:00"),
    ],
)
def test_a_closing_time_read_nearest_the_one_it_replaces(text: str, day: str, hours: str) -> None:
    got = _days(text)
    assert got[day] == hours
